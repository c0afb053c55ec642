import type { Session } from "./factories";

/** The live stream over a real socket: what each person receives, resuming, and several instances. */
export interface SseMessage {
  id?: string;
  event: string;
  data: string;
}

/** A minimal EventSource: reads the response body and parses the messages as they come. */
export async function openStream(base: string, session: Session | undefined, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/stream`, {
    headers: { ...(session ? { cookie: session.cookie } : {}), ...headers },
    signal: controller.signal,
  });
  const messages: SseMessage[] = [];
  let comments = 0;
  let ended = false;
  if (response.ok && response.body) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let end = buffer.indexOf("\n\n");
          while (end >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const message: SseMessage = { event: "message", data: "" };
            for (const line of block.split("\n")) {
              if (line.startsWith(":")) comments++;
              else if (line.startsWith("id: ")) message.id = line.slice(4);
              else if (line.startsWith("event: ")) message.event = line.slice(7);
              else if (line.startsWith("data: ")) message.data = line.slice(6);
            }
            if (message.data || message.id) messages.push(message);
            end = buffer.indexOf("\n\n");
          }
        }
      } catch {
        // aborted
      }
      ended = true;
    })();
  }
  const changes = () => messages.filter((m) => m.event === "change").map((m) => JSON.parse(m.data) as Record<string, unknown>);
  return {
    response,
    messages,
    changes,
    comments: () => comments,
    ended: () => ended,
    /** Waits until a change for this event id arrived. */
    async waitFor(eventId: string, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (!changes().some((c) => c.id === eventId)) {
        if (Date.now() > until) throw new Error(`no change ${eventId} within ${timeoutMs} ms; got ${JSON.stringify(messages)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => controller.abort(),
  };
}
export type Stream = Awaited<ReturnType<typeof openStream>>;

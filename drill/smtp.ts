import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerSession } from "smtp-server";

/**
 * The mail server the portal sends to during the mail drill: a real SMTP listener on
 * 127.0.0.1 whose behaviour the drill switches between rounds — gone (connection refused),
 * refusing at the greeting (421), refusing the sender (451), accepting, or accepting slowly
 * (the answer to DATA held back, as a hanging relay does).
 *
 * A message counts as delivered only once the listener's 250 reached a sender still connected:
 * that is the only acceptance the sender can know of. A message whose sender was gone before the
 * answer (it was killed) is kept apart, as `unanswered`.
 */

export type SmtpMode = "down" | "refuse-421" | "refuse-451" | "accept";

export interface Delivery {
  messageId: string;
  to: string[];
  at: number;
}

export interface DrillSmtp {
  port: number;
  url: string;
  mode: SmtpMode;
  /** Switches behaviour; "down" closes the listener, anything else makes sure it listens (same port). */
  setMode(mode: SmtpMode): Promise<void>;
  /** How long to hold back the answer to DATA for the nth message received (0-based); 0: at once. */
  setDelay(delay: (nth: number, messageId: string) => number): void;
  /** Accepted, with the 250 delivered to a connected sender. */
  delivered: Delivery[];
  /** Received in full, but the sender was gone before the answer. */
  unanswered: Delivery[];
  /** Messages received in full and not answered yet (the slow mode). */
  pending(): Delivery[];
  /** Connections and refusals seen, for the figures. */
  counts: { connections: number; refused: number; received: number };
  close(): Promise<void>;
}

const smtpError = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

function messageIdOf(raw: Buffer): string {
  const head = raw.toString("latin1").split(/\r?\n\r?\n/, 1)[0] ?? "";
  // Header lines may be folded: the id may be on the next line.
  const match = head.match(/^message-id:\s*(<[^>\s]+>)/im);
  return match?.[1] ?? "(no Message-ID)";
}

/** Starts the listener (accepting) on a free port of 127.0.0.1. */
export async function startDrillSmtp(): Promise<DrillSmtp> {
  let server: SMTPServer | undefined;
  let port = 0;
  let delay: (nth: number, messageId: string) => number = () => 0;
  const closed = new Set<string>();
  const waiting = new Map<string, Delivery>();
  const counts = { connections: 0, refused: 0, received: 0 };
  const state: DrillSmtp = {
    port: 0,
    url: "",
    mode: "accept",
    delivered: [],
    unanswered: [],
    counts,
    pending: () => [...waiting.values()],
    setDelay: (fn) => {
      delay = fn;
    },
    setMode: async (mode) => {
      state.mode = mode;
      if (mode === "down" && server) {
        const old = server;
        server = undefined;
        await new Promise<void>((resolve) => old.close(() => resolve()));
      } else if (mode !== "down" && !server) {
        await listen();
      }
    },
    close: async () => {
      state.mode = "down";
      const old = server;
      server = undefined;
      if (old) await new Promise<void>((resolve) => old.close(() => resolve()));
    },
  };

  const create = () =>
    new SMTPServer({
      name: "drill-smtp.local",
      disabledCommands: ["STARTTLS", "AUTH"],
      authOptional: true,
      logger: false,
      // Closing the listener between rounds must not wait for a sender's slow connection.
      closeTimeout: 1_000,
      onConnect(_session, callback) {
        counts.connections++;
        if (state.mode === "refuse-421") {
          counts.refused++;
          return callback(smtpError("Service not available, try again later", 421));
        }
        callback();
      },
      onMailFrom(_address, _session, callback) {
        if (state.mode === "refuse-451") {
          counts.refused++;
          return callback(smtpError("Requested action aborted: local error in processing", 451));
        }
        callback();
      },
      onClose(session: SMTPServerSession) {
        closed.add(session.id);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks);
          const delivery: Delivery = {
            messageId: messageIdOf(raw),
            to: session.envelope.rcptTo.map((r) => r.address),
            at: Date.now(),
          };
          const nth = counts.received++;
          const wait = delay(nth, delivery.messageId);
          const key = `${session.id}:${nth}`;
          const answer = () => {
            waiting.delete(key);
            if (closed.has(session.id)) {
              state.unanswered.push(delivery);
              return;
            }
            delivery.at = Date.now();
            state.delivered.push(delivery);
            callback(null, `2.0.0 Ok: queued as drill-${nth}`);
          };
          if (wait <= 0) return answer();
          waiting.set(key, delivery);
          setTimeout(answer, wait);
        });
      },
    });

  const listen = async () => {
    const next = create();
    await new Promise<void>((resolve, reject) => {
      next.once("error", reject);
      next.listen(port, "127.0.0.1", () => {
        next.off("error", reject);
        resolve();
      });
    });
    // A dropped sender makes the socket emit errors; they are expected here.
    next.on("error", () => {});
    server = next;
    port = (next.server.address() as AddressInfo).port;
    state.port = port;
    state.url = `smtp://127.0.0.1:${port}`;
  };
  await listen();
  return state;
}

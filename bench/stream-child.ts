import http from "node:http";
import { performance } from "node:perf_hooks";
import type { LostAsk, StreamChildMessage, StreamParentMessage, StreamResult, StreamSpec } from "./stream";

/**
 * The load generator of the live-stream scenario (see stream.ts): every seeded client's
 * `GET /api/stream` read with node:http, and the agent's asks posted one after another with fetch.
 * Arrivals are stamped with performance.now() as the chunk is read, on the same clock as the POST.
 */

/** Streams requested at once while opening: 2,000 at a time would time the server's accept queue, not the stream. */
const OPEN_BATCH = 50;
const OPEN_TIMEOUT_MS = 30_000;

interface Stream {
  index: number;
  accountId: string;
  request: http.ClientRequest | undefined;
  buffer: string;
  ended: boolean;
}

interface Change {
  id: string;
  verb: string;
  objectId: string;
  accountId: string | null;
}

/** A small seeded generator (mulberry32): the same seed asks the same accounts in the same order. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(spec: StreamSpec, send: (message: StreamChildMessage) => void, go: Promise<void>): Promise<StreamResult> {
  const streams: Stream[] = spec.accounts.flatMap((account) =>
    account.cookies.map(() => ({ index: 0, accountId: account.id, request: undefined, buffer: "", ended: false })),
  );
  streams.forEach((s, i) => {
    s.index = i;
  });
  const cookies = spec.accounts.flatMap((account) => account.cookies);
  const streamsOf = new Map<string, Stream[]>();
  for (const s of streams) streamsOf.set(s.accountId, [...(streamsOf.get(s.accountId) ?? []), s]);

  // Every change read: objectId → (stream index → when it was first read there).
  const arrivals = new Map<string, Map<number, number>>();
  const changes: { stream: Stream; change: Change }[] = [];
  const readIds = new Set<string>();
  let duplicates = 0;
  let closedWhileMeasuring = 0;
  let measuring = false;
  let waiting: { objectId: string; expected: number; done: () => void } | undefined;
  const firstMessage = new Map<number, () => void>();

  const onEvent = (s: Stream, block: string, at: number) => {
    let event = "message";
    let data = "";
    for (const line of block.split("\n")) {
      if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("data: ")) data += line.slice(6);
    }
    if (event === "notification") firstMessage.get(s.index)?.();
    if (event !== "change") return;
    const change = JSON.parse(data) as Change;
    const key = `${s.index} ${change.id}`;
    if (readIds.has(key)) return void duplicates++;
    readIds.add(key);
    changes.push({ stream: s, change });
    const seen = arrivals.get(change.objectId) ?? new Map<number, number>();
    arrivals.set(change.objectId, seen);
    if (!seen.has(s.index)) seen.set(s.index, at);
    if (waiting && waiting.objectId === change.objectId && seen.size >= waiting.expected) waiting.done();
  };

  const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const openOne = (s: Stream) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`stream ${s.index} got no first message in ${OPEN_TIMEOUT_MS} ms`)), OPEN_TIMEOUT_MS);
      firstMessage.set(s.index, () => {
        firstMessage.delete(s.index);
        clearTimeout(timer);
        resolve();
      });
      s.request = http.get(
        `${spec.streamOrigin}/api/stream`,
        { agent, headers: { cookie: cookies[s.index]!, accept: "text/event-stream" } },
        (res) => {
          if (res.statusCode !== 200) {
            clearTimeout(timer);
            reject(new Error(`stream ${s.index} answered ${res.statusCode}`));
            res.resume();
            return;
          }
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => {
            const at = performance.now();
            s.buffer += chunk;
            for (let end = s.buffer.indexOf("\n\n"); end >= 0; end = s.buffer.indexOf("\n\n")) {
              const block = s.buffer.slice(0, end);
              s.buffer = s.buffer.slice(end + 2);
              onEvent(s, block, at);
            }
          });
          res.on("close", () => {
            if (!s.ended && measuring) closedWhileMeasuring++;
            s.ended = true;
          });
        },
      );
      s.request.on("error", (error) => {
        clearTimeout(timer);
        if (!s.ended && measuring) closedWhileMeasuring++;
        s.ended = true;
        reject(error);
      });
    });

  const openStarted = performance.now();
  // The first alone: the hub primes itself on its first stream.
  if (streams[0]) await openOne(streams[0]);
  for (let i = 1; i < streams.length; i += OPEN_BATCH) await Promise.all(streams.slice(i, i + OPEN_BATCH).map(openOne));
  const openSeconds = (performance.now() - openStarted) / 1000;
  send({ type: "open", streams: streams.length, openSeconds });
  await go;

  measuring = true;
  const next = random(spec.seed);
  const posted = new Map<string, string>(); // ask id → account id
  const firstMs: number[] = [];
  const lastMs: number[] = [];
  const postMs: number[] = [];
  const lost: LostAsk[] = [];
  let beforeAnswer = 0;
  let postFailure: string | undefined;
  const headers = { ...spec.agentHeaders, "content-type": "application/json" };
  for (let n = 0; n < spec.asks; n++) {
    await sleep(spec.gapMs[0] + next() * (spec.gapMs[1] - spec.gapMs[0]));
    const account = spec.accounts[Math.floor(next() * spec.accounts.length)]!;
    const body = JSON.stringify({
      accountId: account.id,
      kind: "code",
      prompt: `Enter the code the bank just texted you (${n + 1})`,
      minutes: 10,
    });
    const sent = performance.now();
    const response = await fetch(`${spec.postOrigin}/api/asks`, { method: "POST", headers, body });
    const text = await response.text();
    const answered = performance.now();
    if (response.status !== 201) {
      postFailure = `ask ${n + 1}: POST /api/asks answered ${response.status} ${text.slice(0, 300)}`;
      break;
    }
    const askId = (JSON.parse(text) as { data: { id: string } }).data.id;
    posted.set(askId, account.id);
    postMs.push(answered - sent);
    const expected = (streamsOf.get(account.id) ?? []).filter((s) => !s.ended).length;
    const seen = () => arrivals.get(askId) ?? new Map<number, number>();
    if (seen().size < expected) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, sent + spec.deliveryTimeoutMs - performance.now()));
        waiting = {
          objectId: askId,
          expected,
          done: () => {
            clearTimeout(timer);
            resolve();
          },
        };
      });
      waiting = undefined;
    }
    const got = [...seen()].filter(([index]) => streams[index]!.accountId === account.id).map(([, at]) => at - sent);
    if (got.length < expected) {
      lost.push({ askId, accountId: account.id, got: got.length, expected, eventually: got.length });
      continue;
    }
    firstMs.push(Math.min(...got));
    lastMs.push(Math.max(...got));
    if (Math.min(...got) < answered - sent) beforeAnswer++;
  }
  // Late, doubled and misdelivered changes arrive after the ask was counted: keep listening a while.
  await sleep(spec.settleMs);
  measuring = false;
  for (const ask of lost) {
    ask.eventually = [...(arrivals.get(ask.askId)?.keys() ?? [])].filter((index) => streams[index]!.accountId === ask.accountId).length;
  }
  const leaked = changes
    .filter(({ stream, change }) => {
      const askAccount = change.verb.startsWith("ask.") ? posted.get(change.objectId) : undefined;
      return change.accountId !== stream.accountId || (askAccount !== undefined && askAccount !== stream.accountId);
    })
    .map(({ stream, change }) => ({
      streamAccountId: stream.accountId,
      verb: change.verb,
      objectId: change.objectId,
      accountId: change.accountId,
    }));
  for (const s of streams) s.request?.destroy();
  agent.destroy();
  return {
    streams: streams.length,
    openSeconds,
    firstMs,
    lastMs,
    postMs,
    beforeAnswer,
    lost,
    leaked,
    duplicates,
    closed: closedWhileMeasuring,
    postFailure,
  };
}

let started = false;
let go: () => void = () => {};
const goes = new Promise<void>((resolve) => {
  go = resolve;
});
process.on("message", (message: StreamParentMessage) => {
  if (message.type === "go") return go();
  if (started) return;
  started = true;
  const send = (m: StreamChildMessage) => process.send?.(m);
  run(message.spec, send, goes).then(
    (result) => process.send?.({ type: "done", result } satisfies StreamChildMessage, () => process.exit(0)),
    (error: unknown) =>
      process.send?.({ type: "failed", error: error instanceof Error ? error.message : String(error) } satisfies StreamChildMessage, () =>
        process.exit(1),
      ),
  );
});

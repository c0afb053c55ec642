import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { sql } from "kysely";
import type { Db } from "../src/server/platform/db/database";
import { type SecondInstance, startSecondInstance } from "./instance";
import { type StreamAccount, seedStreams } from "./seed-streams";

/**
 * The "ask → client's live stream" scenario: from just before an agent's `POST /api/asks` is sent
 * to the moment the `ask.created` change is read off the account's contacts' open
 * `GET /api/stream`s, with every seeded client connected. The streams and the POSTs come from one
 * load-generator process (stream-child.ts), so both ends of every figure are read on one clock
 * and none of the reading shares the server's event loop.
 */
export interface StreamSpec {
  /** Where the clients' streams connect (on PostgreSQL, the second instance). */
  streamOrigin: string;
  /** Where the agent posts the asks. */
  postOrigin: string;
  /** The agent's cookie and CSRF token (a real login). */
  agentHeaders: Record<string, string>;
  accounts: StreamAccount[];
  asks: number;
  /** Before each ask, after the previous one reached all its contacts: a random pause in [min, max) ms. */
  gapMs: [number, number];
  /** An ask not on every one of its account's streams this long after its POST was sent is lost. */
  deliveryTimeoutMs: number;
  /** After the last ask: how long to keep listening for late, duplicate or misdelivered changes (more than the hub's 1 s poll). */
  settleMs: number;
  /** Which accounts are asked, in order (a fixed seed: two runs ask the same accounts). */
  seed: number;
}

export interface LostAsk {
  askId: string;
  accountId: string;
  /** Of the account's contacts whose stream was open. */
  got: number;
  expected: number;
  /** How many had it by the end of the run (late, rather than never). */
  eventually: number;
}

export interface StreamResult {
  streams: number;
  /** From the first stream requested to the last one's first `event: notification`. */
  openSeconds: number;
  /** Per delivered ask, in ms from just before its POST was sent: the first of the account's contacts to read it… */
  firstMs: number[];
  /** …the last of them… */
  lastMs: number[];
  /** …and the POST's 201 read in full (its id is what the streams are matched on). */
  postMs: number[];
  /** Asks whose change reached a contact before their POST's answer did. */
  beforeAnswer: number;
  lost: LostAsk[];
  /** Changes read on a stream of another account than the change's, or of an ask posted to another account. */
  leaked: { streamAccountId: string; verb: string; objectId: string; accountId: string | null }[];
  /** The same event id read twice on one stream (the stream promises at-least-once). */
  duplicates: number;
  /** Streams that ended while the scenario ran. */
  closed: number;
  /** POSTs that did not answer 201: the scenario stops at the first. */
  postFailure: string | undefined;
}

/** What the server holding the streams reports: its RSS and its hub's open streams. */
export interface ServerStats {
  rssMiB: number;
  connections: number;
}

export interface StreamOutcome {
  result: StreamResult;
  /** The streams' server before the streams were opened, and with all of them open. */
  before: ServerStats;
  open: ServerStats;
}

export type StreamChildMessage =
  | { type: "open"; streams: number; openSeconds: number }
  | { type: "done"; result: StreamResult }
  | { type: "failed"; error: string };
export type StreamParentMessage = { type: "spec"; spec: StreamSpec } | { type: "go" };

/**
 * Runs the scenario in a separate process: it opens every stream and waits for each one's first
 * message, the server's memory is read with all of them open, then (not before `notBefore`, epoch
 * ms) the asks are posted in turn.
 */
export function runStreams(spec: StreamSpec, server: { stats(): Promise<ServerStats> }, notBefore = 0): Promise<StreamOutcome> {
  return server.stats().then(
    (before) =>
      new Promise((resolve, reject) => {
        const child = fork(fileURLToPath(new URL("./stream-child.ts", import.meta.url)), [], {
          // Absolute, so the bench also runs from another working directory.
          execArgv: ["--import", import.meta.resolve("tsx")],
          stdio: ["ignore", "inherit", "inherit", "ipc"],
        });
        let open: ServerStats | undefined;
        let settled = false;
        const fail = (error: Error) => {
          if (settled) return;
          settled = true;
          child.kill();
          reject(error);
        };
        child.on("message", (message: StreamChildMessage) => {
          if (message.type === "open") {
            server.stats().then(
              (stats) => {
                open = stats;
                setTimeout(() => child.send({ type: "go" } satisfies StreamParentMessage), Math.max(0, notBefore - Date.now()));
              },
              (error: unknown) => fail(error instanceof Error ? error : new Error(String(error))),
            );
            return;
          }
          if (settled) return;
          settled = true;
          child.disconnect();
          if (message.type === "failed") reject(new Error(`stream load generator failed: ${message.error}`));
          else if (!open) reject(new Error("stream load generator finished before reporting its streams open"));
          else resolve({ result: message.result, before, open });
        });
        child.on("error", fail);
        child.on("exit", (code) => fail(new Error(`stream load generator exited with code ${code} before reporting`)));
        child.send({ type: "spec", spec } satisfies StreamParentMessage);
      }),
  );
}

/** The nearest-rank percentile (p in 0..100) of unsorted figures. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Contacts per seeded account: a small agency client (owner, office manager, a few staff). */
const CONTACTS_PER_ACCOUNT = 5;
/**
 * The hub re-reads every event of its last 5 s on each wake (LOOKBACK_MS in
 * platform/realtime.ts). The seed writes ~2,400 events at once, and the first asks would each
 * re-read all of them (six queries of 500 rows): the asks start once the seed is that far behind,
 * so the figures are the steady state, not the seed's wake.
 */
const HUB_LOOKBACK_MS = 5_000;

/** The scenario as the report prints it; the goal is the issue's, per database. */
export interface StreamScenario {
  name: string;
  goal: { p99Ms: number };
  /** Where the streams and the POSTs go, said plainly under the figures. */
  topology: string;
}

export interface StreamBench {
  scenario: StreamScenario;
  spec: Omit<StreamSpec, "accounts" | "agentHeaders" | "streamOrigin" | "postOrigin">;
  accounts: number;
  outcome: StreamOutcome;
  seedSeconds: number;
}

export const STREAM_SCENARIO_NAME = "ask → client's live stream";

/**
 * Seeds the streams' clients, then measures. On SQLite the streams and the POSTs go to the one
 * app in the bench process. On PostgreSQL a second instance is started in its own process on the
 * same database: the streams connect to it and the asks are posted to the first, so each ask
 * crosses from one instance to the other by NOTIFY (or the 1 s poll).
 */
export async function benchAskToStream(env: {
  db: Db;
  /** Set on PostgreSQL: the database a second instance joins. */
  databaseUrl: string | undefined;
  dataDir: string;
  appOrigin: string;
  /** The bench's app, in this process. */
  stats(): ServerStats;
  login(origin: string, username: string): Promise<Record<string, string>>;
  clients: number;
  asks: number;
}): Promise<StreamBench> {
  const seeded = await seedStreams(env.db, { clients: env.clients, contactsPerAccount: CONTACTS_PER_ACCOUNT });
  const seededAt = Date.now();
  if (env.databaseUrl) await sql`analyze`.execute(env.db);
  let second: SecondInstance | undefined;
  try {
    if (env.databaseUrl) second = await startSecondInstance({ dataDir: env.dataDir, databaseUrl: env.databaseUrl });
    const clients = seeded.clients.toLocaleString("en-US");
    const scenario: StreamScenario = second
      ? {
          name: `${STREAM_SCENARIO_NAME} (${clients} streams on instance B, asks to A)`,
          goal: { p99Ms: 100 },
          topology:
            "instance A is the bench process (it also ran the other scenarios), instance B a second process on the same " +
            "database holding every stream, the load generator a third; with PostgreSQL that is four busy processes on the machine's cores",
        }
      : {
          name: `${STREAM_SCENARIO_NAME} (${clients} streams, 1 process)`,
          goal: { p99Ms: 50 },
          topology: "the app in the bench process holds every stream and takes the POSTs; the load generator is a separate process",
        };
    const spec = { asks: env.asks, gapMs: [20, 120] as [number, number], deliveryTimeoutMs: 5_000, settleMs: 2_000, seed: 20261204 };
    const outcome = await runStreams(
      {
        ...spec,
        streamOrigin: second?.origin ?? env.appOrigin,
        postOrigin: env.appOrigin,
        agentHeaders: await env.login(env.appOrigin, seeded.agentUsername),
        accounts: seeded.accounts,
      },
      second ?? { stats: async () => env.stats() },
      seededAt + HUB_LOOKBACK_MS + 1_000,
    );
    return { scenario, spec, accounts: seeded.accounts.length, outcome, seedSeconds: seeded.seconds };
  } finally {
    await second?.close();
  }
}

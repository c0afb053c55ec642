import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresDatabase } from "../test/harness";
import { BUS_CHANNEL, type BusEnvelope, type BusMessage, type BusTransport, InvalidationBus } from "./bus";
import { type DatabaseHandle, openDatabase } from "./db/database";

const log = pino({ level: "silent" });

/** Collects what a bus delivers on the sessions topic. */
function collect(bus: InvalidationBus): BusMessage<"sessions">[] {
  const seen: BusMessage<"sessions">[] = [];
  bus.subscribe("sessions", (message) => seen.push(message));
  return seen;
}

/**
 * Two transports joined to each other, as the cluster primary would relay between workers; an
 * envelope travels as JSON (process.send serializes) and, like a careless relay, also comes back
 * to its sender.
 */
function joinedTransports(): [BusTransport, BusTransport] {
  const handlers: ((envelope: unknown) => void)[][] = [[], []];
  const side = (me: 0 | 1): BusTransport => ({
    send(envelope: BusEnvelope) {
      const wire = JSON.parse(JSON.stringify(envelope));
      for (const handler of [...handlers[0]!, ...handlers[1]!]) handler(wire);
    },
    onMessage(handler) {
      handlers[me]!.push(handler);
    },
  });
  return [side(0), side(1)];
}

describe("the invalidation bus in one process", () => {
  it("delivers a publish to this process's subscribers at once, and stops after unsubscribe", async () => {
    const bus = new InvalidationBus(log);
    const seen = collect(bus);
    const later: BusMessage<"sessions">[] = [];
    const unsubscribe = bus.subscribe("sessions", (message) => later.push(message));
    const publishing = bus.publish({ topic: "sessions", userId: "u1" });
    expect(seen).toEqual([{ topic: "sessions", userId: "u1" }]); // synchronous: before publish resolves
    await publishing;
    unsubscribe();
    await bus.publish({ topic: "sessions", sessionId: "s1" });
    expect(seen).toHaveLength(2);
    expect(later).toHaveLength(1);
  });

  it("keeps delivering to the others when one subscriber throws", async () => {
    const bus = new InvalidationBus(log);
    bus.subscribe("sessions", () => {
      throw new Error("broken subscriber");
    });
    const seen = collect(bus);
    await expect(bus.publish({ topic: "sessions" })).resolves.toBeUndefined();
    expect(seen).toHaveLength(1);
  });

  it("is in sync without a PostgreSQL transport", () => {
    expect(new InvalidationBus(log).inSync).toBe(true);
  });
});

describe("two buses joined by a process transport", () => {
  it("delivers each one's messages to the other once, ignoring its own echo", async () => {
    const [one, two] = joinedTransports();
    const a = new InvalidationBus(log);
    const b = new InvalidationBus(log);
    a.attachTransport(one);
    b.attachTransport(two);
    const seenA = collect(a);
    const seenB = collect(b);
    await a.publish({ topic: "sessions", userId: "u1" });
    await b.publish({ topic: "sessions", accountId: "acc" });
    expect(seenA).toEqual([
      { topic: "sessions", userId: "u1" },
      { topic: "sessions", accountId: "acc" },
    ]);
    expect(seenB).toEqual(seenA);
    expect([a.stats.received, b.stats.received]).toEqual([1, 1]);
  });

  it("drops malformed envelopes instead of throwing", () => {
    const bus = new InvalidationBus(log);
    let deliver: ((envelope: unknown) => void) | undefined;
    bus.attachTransport({ send() {}, onMessage: (handler) => (deliver = handler) });
    const seen = collect(bus);
    for (const junk of ["not json", null, 42, { origin: "x" }, { origin: "x", message: { userId: "u" } }]) deliver?.(junk);
    expect(seen).toEqual([]);
    deliver?.(JSON.stringify({ origin: "other", message: { topic: "sessions", sessionId: "s" } }));
    expect(seen).toEqual([{ topic: "sessions", sessionId: "s" }]);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("two buses on one PostgreSQL database", () => {
  let database: { url: string; drop(): Promise<void> };
  let handles: DatabaseHandle[];
  let a: InvalidationBus;
  let b: InvalidationBus;
  const dataDir = mkdtempSync(path.join(tmpdir(), "portico-bus-"));

  beforeAll(async () => {
    database = await createPostgresDatabase(process.env.TEST_DATABASE_URL!);
    handles = [0, 1].map(() => openDatabase({ databaseUrl: database.url, dataDir, onConnectionError: () => {} }));
    a = new InvalidationBus(log);
    b = new InvalidationBus(log);
    await a.listenOnPostgres({ databaseUrl: database.url, db: handles[0]!.db });
    await b.listenOnPostgres({ databaseUrl: database.url, db: handles[1]!.db });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    for (const handle of handles) await handle.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("delivers A's message to B through NOTIFY, and not back to A", async () => {
    const seenA = collect(a);
    const seenB = collect(b);
    expect(a.inSync && b.inSync).toBe(true);
    await a.publish({ topic: "sessions", userId: "u-pg" });
    await expect.poll(() => seenB, { timeout: 2000, interval: 20 }).toEqual([{ topic: "sessions", userId: "u-pg" }]);
    // A heard its own NOTIFY too (same channel) and ignored it: a second delivery would show here.
    await b.publish({ topic: "sessions", sessionId: "marker" });
    await expect.poll(() => seenA.length, { timeout: 2000, interval: 20 }).toBe(2);
    expect(seenA).toEqual([
      { topic: "sessions", userId: "u-pg" },
      { topic: "sessions", sessionId: "marker" },
    ]);
  });

  it("comes back after the server drops B's LISTEN connection, and tells B it may have missed messages", async () => {
    const listeners = async () =>
      (
        await sql<{
          pid: number;
        }>`select pid from pg_stat_activity where datname = current_database() and query = ${`LISTEN ${BUS_CHANNEL}`}`.execute(
          handles[0]!.db,
        )
      ).rows.map((r) => r.pid);
    const before = await listeners();
    expect(before).toHaveLength(2);
    let gaps = 0;
    b.onGap(() => gaps++);
    // Which of the two is B's cannot be told from here: drop both, and watch B come back.
    for (const pid of before) await sql`select pg_terminate_backend(${pid})`.execute(handles[0]!.db);
    await expect.poll(() => b.inSync, { timeout: 2000, interval: 20 }).toBe(false);
    await expect.poll(() => b.inSync && a.inSync, { timeout: 8000, interval: 100 }).toBe(true);
    expect(gaps).toBeGreaterThanOrEqual(1);
    const seenB = collect(b);
    await a.publish({ topic: "sessions", userId: "after-the-drop" });
    await expect.poll(() => seenB, { timeout: 2000, interval: 20 }).toEqual([{ topic: "sessions", userId: "after-the-drop" }]);
  });
});

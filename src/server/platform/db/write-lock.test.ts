import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "./database";
import { isDatabaseUnavailable } from "./unavailable";

/**
 * Two handles on one SQLite file lock each other out exactly as two cluster workers do. A
 * transaction that finds the write lock taken waits for it without freezing its process: the
 * holder, here in the same process, must be able to finish meanwhile.
 */
describe("waiting for SQLite's write lock", () => {
  let dir: string;
  const handles: DatabaseHandle[] = [];
  const open = (busyTimeoutMs?: number) => {
    const handle = openDatabase({ dataDir: dir, busyTimeoutMs });
    handles.push(handle);
    return handle.db;
  };

  afterEach(async () => {
    for (const handle of handles.splice(0)) await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const setUp = async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "portico-lock-"));
    const first = open();
    await sql`create table counter (n integer not null)`.execute(first);
    await sql`insert into counter (n) values (0)`.execute(first);
    return first;
  };

  it("takes the lock as soon as the other writer commits, and the process keeps running meanwhile", async () => {
    const first = await setUp();
    const second = open();
    let holderCommitted = 0;
    const holder = first.transaction().execute(async (tx) => {
      await sql`update counter set n = n + 1`.execute(tx);
      await sleep(150);
      holderCommitted = Date.now();
    });
    await sleep(20);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const waiter = await second.transaction().execute(async (tx) => {
      await sql`update counter set n = n + 1`.execute(tx);
      return Date.now();
    });
    clearInterval(ticker);
    await holder;
    // The waiter wrote after the holder, not instead of it, and the timers ran while it waited.
    expect(waiter).toBeGreaterThanOrEqual(holderCommitted);
    expect(ticks).toBeGreaterThanOrEqual(5);
    const { rows } = await sql<{ n: number }>`select n from counter`.execute(second);
    expect(rows[0]?.n).toBe(2);
  });

  it("gives up after the busy timeout with an error that answers 503, and writes nothing", async () => {
    const first = await setUp();
    const second = open(100);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holder = first.transaction().execute(async (tx) => {
      await sql`update counter set n = n + 1`.execute(tx);
      await held;
    });
    await sleep(20);
    const failure = await second
      .transaction()
      .execute(async (tx) => {
        await sql`update counter set n = 100`.execute(tx);
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    release();
    await holder;
    expect(isDatabaseUnavailable(failure)).toBe(true);
    const { rows } = await sql<{ n: number }>`select n from counter`.execute(first);
    expect(rows[0]?.n).toBe(1);
  });
});

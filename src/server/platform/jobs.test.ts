import { Type } from "typebox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test/harness";
import { backoffMs, defineJob, enqueue, JobWorker, jobHandler } from "./jobs";
import { queueEmail } from "./mail";

const empty = Type.Object({});
const flaky = defineJob({ id: "test.flaky", version: 1, payload: empty, maxAttempts: 2 });
const once = defineJob({ id: "test.once", version: 1, payload: empty });
const shared = defineJob({ id: "test.shared", version: 1, payload: Type.Object({ n: Type.Integer() }) });
const expire = defineJob({
  id: "test.expire_ask",
  version: 2,
  payload: Type.Object({ askId: Type.String() }),
  dedupeKey: (p) => p.askId,
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const job = (id: string) => t.ctx.db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("job queue", () => {
  it("backs off exponentially, capped at an hour", () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(backoffMs(30)).toBe(3_600_000);
  });

  it("retries a failing job later with its error recorded, then gives up after max attempts", async () => {
    let calls = 0;
    t.ctx.jobs.register(
      jobHandler(flaky, async () => {
        calls++;
        throw new Error(`boom ${calls}`);
      }),
    );
    const id = await enqueue(t.ctx.db, flaky, {});
    await t.ctx.jobs.runDue();
    let row = await job(id);
    expect(row).toMatchObject({ status: "queued", attempts: 1, last_error: "boom 1" });
    expect(Date.parse(row.run_at)).toBeGreaterThan(Date.now() + 5_000);
    // Not due yet: another pass does nothing.
    await t.ctx.jobs.runDue();
    expect(calls).toBe(1);
    await t.ctx.db
      .updateTable("jobs")
      .set({ run_at: new Date(0).toISOString() })
      .where("id", "=", id)
      .execute();
    await t.ctx.jobs.runDue();
    row = await job(id);
    expect(row).toMatchObject({ status: "failed", attempts: 2, last_error: "boom 2" });
    expect(row.finished_at).not.toBeNull();
  });

  it("reclaims a job whose worker died mid-run", async () => {
    let ran = 0;
    t.ctx.jobs.register(
      jobHandler(once, async () => {
        ran++;
        return "done";
      }),
    );
    const id = await enqueue(t.ctx.db, once, {});
    await t.ctx.db
      .updateTable("jobs")
      .set({ status: "running", locked_at: new Date(Date.now() - 10 * 60_000).toISOString() })
      .where("id", "=", id)
      .execute();
    await t.ctx.jobs.runDue();
    expect(ran).toBe(1);
    expect((await job(id)).status).toBe("done");
  });

  it("sends no email for a change that rolled back", async () => {
    await expect(
      t.ctx.db.transaction().execute(async (tx) => {
        await queueEmail(tx, { to: "rollback@example.com", subject: "never", text: "never" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    await t.ctx.jobs.runDue();
    const mail = await t.ctx.db.selectFrom("mailbox").select("id").where("to_address", "=", "rollback@example.com").execute();
    expect(mail).toHaveLength(0);
  });

  it("stores a retried email in the built-in mailbox only once", async () => {
    const id = await queueEmail(t.ctx.db, { to: "once@example.com", subject: "Once", text: "hello" });
    await t.ctx.jobs.runDue();
    // Simulate a crash after delivery but before the job was marked done.
    await t.ctx.db
      .updateTable("jobs")
      .set({ status: "queued", run_at: new Date(0).toISOString() })
      .where("id", "=", id)
      .execute();
    await t.ctx.jobs.runDue();
    const mail = await t.ctx.db.selectFrom("mailbox").select("id").where("to_address", "=", "once@example.com").execute();
    expect(mail).toHaveLength(1);
  });

  it("runs each job exactly once when two workers share the queue", async () => {
    const runs = new Map<string, number>();
    const definition = jobHandler(shared, async (payload) => {
      runs.set(String(payload.n), (runs.get(String(payload.n)) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 2));
      return "done";
    });
    const second = new JobWorker(t.ctx.db, t.ctx.dialect, t.ctx.log);
    t.ctx.jobs.register(definition);
    second.register(definition);
    for (let n = 0; n < 60; n++) await enqueue(t.ctx.db, shared, { n });
    const [a, b] = await Promise.all([t.ctx.jobs.runDue(5), second.runDue(5)]);
    expect(a + b).toBe(60);
    expect(runs.size).toBe(60);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
  });

  it("refuses to queue a payload that does not match the job type's schema, naming the field", async () => {
    await expect(enqueue(t.ctx.db, shared, { n: "three" } as never)).rejects.toThrow(/test\.shared.*\/n/);
    expect(
      await t.ctx.db.selectFrom("jobs").select("id").where("kind", "=", "test.shared").where("payload", "like", "%three%").execute(),
    ).toEqual([]);
  });

  it("queues one job per dedupe key, and runs it at its time", async () => {
    const seen: string[] = [];
    t.ctx.jobs.register(
      jobHandler(expire, async (payload) => {
        seen.push(payload.askId);
        return "done";
      }),
    );
    const runAt = new Date(Date.now() + 60_000);
    const first = await enqueue(t.ctx.db, expire, { askId: "ask-1" }, { runAt });
    const again = await enqueue(t.ctx.db, expire, { askId: "ask-1" }, { runAt });
    const other = await enqueue(t.ctx.db, expire, { askId: "ask-2" }, { runAt });
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    expect(await job(first)).toMatchObject({ version: 2, dedupe_key: "ask-1", status: "queued" });
    await t.ctx.jobs.runDue();
    expect(seen).toEqual([]); // not due yet
    await t.ctx.db
      .updateTable("jobs")
      .set({ run_at: new Date(0).toISOString() })
      .where("id", "in", [first, other])
      .execute();
    await t.ctx.jobs.runDue();
    expect(seen.sort()).toEqual(["ask-1", "ask-2"]);
  });

  it("fails a job it cannot read at once (older version, bad payload) and retries one from a newer version", async () => {
    let ran = 0;
    t.ctx.jobs.register(
      jobHandler(expire, async () => {
        ran++;
        return "done";
      }),
    );
    const insert = (id: string, version: number, payload: string) =>
      t.ctx.db
        .insertInto("jobs")
        .values({
          id,
          kind: expire.id,
          version,
          dedupe_key: null,
          payload,
          status: "queued",
          run_at: new Date(0).toISOString(),
          max_attempts: 8,
          last_error: null,
          locked_at: null,
          locked_by: null,
          created_at: new Date().toISOString(),
          finished_at: null,
        })
        .execute();
    await insert("01900000-0000-7000-8000-000000000001", 1, JSON.stringify({ askId: "old" }));
    await insert("01900000-0000-7000-8000-000000000002", 2, JSON.stringify({ ask: "typo" }));
    await insert("01900000-0000-7000-8000-000000000003", 3, JSON.stringify({ askId: "new" }));
    await t.ctx.jobs.runDue();
    expect(ran).toBe(0);
    expect(await job("01900000-0000-7000-8000-000000000001")).toMatchObject({ status: "failed", attempts: 1 });
    expect((await job("01900000-0000-7000-8000-000000000001")).last_error).toMatch(/version 1.*handles version 2/);
    expect((await job("01900000-0000-7000-8000-000000000002")).last_error).toMatch(/does not match its schema.*askId/);
    const newer = await job("01900000-0000-7000-8000-000000000003");
    expect(newer).toMatchObject({ status: "queued", attempts: 1 });
    expect(newer.last_error).toMatch(/newer than this instance/);
  });
});

describe("stopping the worker (SIGTERM)", () => {
  const slow = defineJob({ id: "test.slow", version: 1, payload: Type.Object({ n: Type.Integer() }) });

  it("claims nothing more, gives the job in hand its grace period, then puts it and the rest of its batch back", async () => {
    const worker = new JobWorker(t.ctx.db, t.ctx.dialect, t.ctx.log, 1000, 50);
    let finish: (() => void) | undefined;
    const started: number[] = [];
    worker.register(
      jobHandler(slow, async (payload) => {
        started.push(payload.n);
        // A mail relay that hangs: the first job does not finish by itself within the test.
        await new Promise<void>((resolve) => {
          finish = resolve;
        });
        return "done";
      }),
    );
    const ids = [await enqueue(t.ctx.db, slow, { n: 1 }), await enqueue(t.ctx.db, slow, { n: 2 }), await enqueue(t.ctx.db, slow, { n: 3 })];
    worker.start();
    while (started.length === 0) await new Promise((r) => setTimeout(r, 10));
    // The heartbeat keeps the running job's lock fresh (50 ms here, 15 s in production).
    const lockedAt = (await job(ids[0]!)).locked_at!;
    await new Promise((r) => setTimeout(r, 150));
    expect(Date.parse((await job(ids[0]!)).locked_at!)).toBeGreaterThan(Date.parse(lockedAt));

    const stopping = Date.now();
    await worker.stop(300);
    expect(Date.now() - stopping).toBeLessThan(2000);
    expect(started).toEqual([1]);
    for (const id of ids) {
      // Back in the queue, due now, and the interrupted attempt does not count against it.
      expect(await job(id)).toMatchObject({ status: "queued", attempts: 0, locked_by: null, locked_at: null });
    }
    // The interrupted attempt ending late does not overwrite the queue's state.
    finish?.();
    await new Promise((r) => setTimeout(r, 50));
    expect((await job(ids[0]!)).status).toBe("queued");

    const rest = new JobWorker(t.ctx.db, t.ctx.dialect, t.ctx.log);
    rest.register(jobHandler(slow, async () => "done"));
    expect(await rest.runDue()).toBeGreaterThanOrEqual(3);
    for (const id of ids) expect((await job(id)).status).toBe("done");
  });

  it("stops at once when nothing is running", async () => {
    const worker = new JobWorker(t.ctx.db, t.ctx.dialect, t.ctx.log);
    worker.start();
    const stopping = Date.now();
    await worker.stop(10_000);
    expect(Date.now() - stopping).toBeLessThan(1000);
  });
});

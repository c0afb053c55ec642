import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test/harness";
import { backoffMs, enqueueJob, JobWorker } from "./jobs";
import { queueEmail } from "./mail";

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
    t.ctx.jobs.register({
      kind: "test.flaky",
      async handle() {
        calls++;
        throw new Error(`boom ${calls}`);
      },
    });
    const id = await enqueueJob(t.ctx.db, "test.flaky", {}, { maxAttempts: 2 });
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
    t.ctx.jobs.register({
      kind: "test.once",
      handle: async () => {
        ran++;
        return "done";
      },
    });
    const id = await enqueueJob(t.ctx.db, "test.once", {});
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
    const definition = {
      kind: "test.shared",
      async handle(payload: { n: number }) {
        runs.set(String(payload.n), (runs.get(String(payload.n)) ?? 0) + 1);
        await new Promise((r) => setTimeout(r, 2));
        return "done" as const;
      },
    };
    const second = new JobWorker(t.ctx.db, t.ctx.dialect, t.ctx.log);
    t.ctx.jobs.register(definition);
    second.register(definition);
    for (let n = 0; n < 60; n++) await enqueueJob(t.ctx.db, "test.shared", { n });
    const [a, b] = await Promise.all([t.ctx.jobs.runDue(5), second.runDue(5)]);
    expect(a + b).toBe(60);
    expect(runs.size).toBe(60);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
  });
});

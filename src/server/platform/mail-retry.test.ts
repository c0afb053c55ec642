import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, drainJobs, type TestApp } from "../test/harness";
import { startSmtpService } from "../test/smtp-service";
import { nextAttempt } from "./jobs";
import { MAIL_BACKOFF_CAP_MS, queueEmail } from "./mail";

/**
 * A mail server that is down for an evening, or longer: every email waits and goes out once it is
 * back; after MAIL_RETRY_HOURS it is kept as failed for an admin; and however the worker died, no
 * email reaches the server twice.
 */
let down = false;
let smtp: Awaited<ReturnType<typeof startSmtpService>>;
let received: Awaited<ReturnType<typeof startSmtpService>>["received"];
let t: TestApp;

beforeAll(async () => {
  smtp = await startSmtpService({ refuseRecipient: () => (down ? "service not available, try later" : undefined) });
  received = smtp.received;
  t = await createTestApp({ SMTP_URL: smtp.url });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const job = (id: string) => t.ctx.db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
/** What waiting would do: every queued email is due now. */
const timePasses = () =>
  t.ctx.db
    .updateTable("jobs")
    .set({ run_at: new Date(0).toISOString() })
    .where("status", "=", "queued")
    .execute();
const sent = (subject: string) => received.filter((m) => m.subject === subject).length;

describe("mail through a long outage", () => {
  it("waits at most half an hour between attempts and retries for three days before giving up", () => {
    const retry = { forMs: 72 * 3_600_000, capMs: MAIL_BACKOFF_CAP_MS };
    const created = "2026-12-01T18:00:00.000Z";
    const start = Date.parse(created);
    let now = start;
    let attempts = 0;
    for (;;) {
      attempts++;
      const next = nextAttempt({ attempts, max_attempts: 10, created_at: created, retry_since: null }, retry, now);
      if (next.giveUp) break;
      expect(next.runAt - now).toBeLessThanOrEqual(MAIL_BACKOFF_CAP_MS);
      now = next.runAt;
    }
    // Far more than the 10 attempts of before, and the last one on the deadline itself.
    expect(attempts).toBeGreaterThan(140);
    expect(now - start).toBe(72 * 3_600_000);
  });

  it("keeps an email through more failed attempts than it used to allow, and sends it once the server is back", async () => {
    down = true;
    const id = await queueEmail(t.ctx.db, { to: "evening@example.com", subject: "Through the outage", text: "hi" });
    for (let attempt = 1; attempt <= 14; attempt++) {
      await drainJobs(t);
      const row = await job(id);
      expect(row).toMatchObject({ status: "queued", attempts: attempt });
      expect(row.last_error).toMatch(/service not available/);
      expect(Date.parse(row.run_at) - Date.now()).toBeLessThanOrEqual(MAIL_BACKOFF_CAP_MS);
      await timePasses();
    }
    down = false;
    await drainJobs(t);
    expect(await job(id)).toMatchObject({ status: "done", attempts: 15 });
    expect(sent("Through the outage")).toBe(1);
    const delivery = await t.ctx.db.selectFrom("mail_deliveries").selectAll().where("job_id", "=", id).executeTakeFirstOrThrow();
    expect(delivery).toMatchObject({ recipient: "evening@example.com", subject: "Through the outage" });
    expect(delivery.response).toMatch(/^250/);
    expect(received.find((m) => m.subject === "Through the outage")?.messageId).toBe(delivery.message_id);
  });

  it("keeps the email as failed, with the server's last answer, once MAIL_RETRY_HOURS have passed", async () => {
    down = true;
    const id = await queueEmail(t.ctx.db, { to: "weekend@example.com", subject: "Gone too long", text: "hi" });
    await drainJobs(t);
    expect((await job(id)).status).toBe("queued");
    await t.ctx.db
      .updateTable("jobs")
      .set({ retry_since: new Date(Date.now() - 73 * 3_600_000).toISOString(), run_at: new Date(0).toISOString() })
      .where("id", "=", id)
      .execute();
    await drainJobs(t);
    const row = await job(id);
    expect(row.status).toBe("failed");
    expect(row.last_error).toMatch(/service not available/);
    expect(row.finished_at).not.toBeNull();
    down = false;
    await timePasses();
    await drainJobs(t);
    expect(sent("Gone too long")).toBe(0);
  });
});

describe("an email is never sent twice", () => {
  it("does not send again when its job is claimed again after the server accepted it", async () => {
    const id = await queueEmail(t.ctx.db, { to: "once@example.com", subject: "Only once", text: "hi" });
    await drainJobs(t);
    expect(sent("Only once")).toBe(1);
    // The process died after the server said yes and the acceptance was recorded, before "done".
    await t.ctx.db
      .updateTable("jobs")
      .set({ status: "running", locked_by: "a dead worker", locked_at: new Date(Date.now() - 60_000).toISOString() })
      .where("id", "=", id)
      .execute();
    await drainJobs(t);
    expect((await job(id)).status).toBe("done");
    expect(sent("Only once")).toBe(1);
  });

  it("sends an email whose worker died before the server accepted it, within a minute and once", async () => {
    const id = await queueEmail(t.ctx.db, { to: "late@example.com", subject: "Picked up again", text: "hi" });
    const lockedAt = (secondsAgo: number) =>
      t.ctx.db
        .updateTable("jobs")
        .set({ status: "running", locked_by: "a dead worker", locked_at: new Date(Date.now() - secondsAgo * 1000).toISOString() })
        .where("id", "=", id)
        .execute();
    // A live worker refreshes its lock every 15 s: 20 s old is still someone's job.
    await lockedAt(20);
    await drainJobs(t);
    expect(sent("Picked up again")).toBe(0);
    await lockedAt(50);
    await drainJobs(t);
    expect(sent("Picked up again")).toBe(1);
    expect((await job(id)).status).toBe("done");
  });
});

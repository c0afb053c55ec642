import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TOutgoingMail, TOutgoingMailList } from "../../../common/outgoing-mail";
import type { JobStatus } from "../../platform/db/schema";
import { newId } from "../../platform/ids";
import { queueEmail } from "../../platform/mail";
import { buildUser, login, type Session } from "../../test/factories";
import { createTestApp, drainJobs, type TestApp } from "../../test/harness";

/**
 * Admin → Outgoing mail through the API on a real database: mail jobs seeded in every state land
 * in the right list with the right count, paging is bounded, Retry and Retry all failed put mail
 * back in the queue (and nothing else), and only admins may look or act.
 */
let t: TestApp;
let admin: Session;
let agent: Session;
let client: Session;

const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const now = Date.now();

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t, (await buildUser(t, { role: "admin" })).username);
  agent = await login(t, (await buildUser(t, { role: "agent" })).username);
  client = await login(t, (await buildUser(t)).username);
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.ctx.db.deleteFrom("mail_deliveries").execute();
  await t.ctx.db.deleteFrom("jobs").execute();
  await t.ctx.db.deleteFrom("events").where("verb", "like", "outgoing_mail.%").execute();
});

interface Seed {
  status: JobStatus;
  attempts?: number;
  to?: string;
  subject?: string;
  lastError?: string | null;
  createdAt?: string;
  runAt?: string;
  retrySince?: string | null;
  finishedAt?: string | null;
  kind?: string;
}

/** A mail job in a given state, written as the worker would have left it. */
async function seedJob(seed: Seed): Promise<string> {
  const id = newId();
  const running = seed.status === "running";
  await t.ctx.db
    .insertInto("jobs")
    .values({
      id,
      kind: seed.kind ?? "mail.send",
      payload: JSON.stringify({
        to: seed.to ?? "someone@example.com",
        subject: seed.subject ?? "Hello",
        text: "SECRET BODY",
        html: "<p>SECRET BODY</p>",
      }),
      version: 1,
      dedupe_key: null,
      status: seed.status,
      run_at: seed.runAt ?? iso(now),
      attempts: seed.attempts ?? 0,
      max_attempts: 10,
      last_error: seed.lastError ?? null,
      locked_at: running ? iso(now) : null,
      locked_by: running ? "worker-1" : null,
      created_at: seed.createdAt ?? iso(now - HOUR),
      finished_at: seed.finishedAt ?? (seed.status === "failed" || seed.status === "done" ? iso(now) : null),
      retry_since: seed.retrySince ?? null,
    })
    .execute();
  return id;
}

/** An email the mail server accepted: its done job and its delivery record. */
async function seedSent(to: string, subject: string, acceptedAt: string): Promise<string> {
  const id = await seedJob({ status: "done", attempts: 2, to, subject });
  await t.ctx.db
    .insertInto("mail_deliveries")
    .values({
      job_id: id,
      message_id: `<${id}@portal.test>`,
      recipient: to,
      subject,
      response: "250 2.0.0 Ok: queued as ABC",
      accepted_at: acceptedAt,
    })
    .execute();
  return id;
}

const job = (id: string) => t.ctx.db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const list = async (query = "") => {
  const response = await admin.inject({ method: "GET", url: `/api/admin/outgoing-mail${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as TOutgoingMailList;
};
const retry = (session: Session, id: string) => session.inject({ method: "POST", url: `/api/admin/outgoing-mail/${id}/retry` });
const retryAll = (session: Session) => session.inject({ method: "POST", url: "/api/admin/outgoing-mail/retry-failed" });
const auditEvents = () => t.ctx.db.selectFrom("events").selectAll().where("verb", "like", "outgoing_mail.%").orderBy("id").execute();

describe("who may see and act on outgoing mail", () => {
  it("lets admins in, refuses agents and clients (403) and asks anonymous visitors to log in (401)", async () => {
    const failed = await seedJob({ status: "failed", attempts: 9, lastError: "connect ECONNREFUSED" });
    const requests = [
      { method: "GET" as const, url: "/api/admin/outgoing-mail" },
      { method: "POST" as const, url: `/api/admin/outgoing-mail/${failed}/retry` },
      { method: "POST" as const, url: "/api/admin/outgoing-mail/retry-failed" },
    ];
    for (const request of requests) {
      expect((await t.app.inject(request)).statusCode, `anonymous ${request.url}`).toBe(401);
      for (const [role, session] of [
        ["client", client],
        ["agent", agent],
      ] as const) {
        const response = await session.inject(request);
        expect(response.statusCode, `${role} ${request.method} ${request.url}`).toBe(403);
        expect(response.json().error.code).toBe("forbidden");
      }
    }
    // Nobody but the admin changed anything.
    expect(await job(failed)).toMatchObject({ status: "failed", attempts: 9 });
    expect(await auditEvents()).toHaveLength(0);
    for (const request of requests) expect((await admin.inject(request)).statusCode, `admin ${request.url}`).toBe(200);
  });
});

describe("the lists", () => {
  it("puts each email in one list, counts every list, and never returns a body", async () => {
    const createdAt = iso(now - 2 * HOUR);
    const queued = await seedJob({ status: "queued", to: "new@example.com", subject: "Welcome", createdAt, runAt: iso(now + 1000) });
    await seedJob({ status: "queued", subject: "Second new" });
    const retrying = await seedJob({
      status: "queued",
      attempts: 3,
      to: "slow@example.com",
      subject: "Your ticket",
      lastError: "451 4.3.0 Mail server temporarily rejected message",
      createdAt,
      runAt: iso(now + 20 * 60_000),
      retrySince: iso(now - HOUR),
    });
    const running = await seedJob({ status: "running", attempts: 4, subject: "Being sent" });
    const failed = await seedJob({
      status: "failed",
      attempts: 150,
      to: "gone@example.com",
      subject: "Quote ready",
      lastError: "connect ECONNREFUSED 127.0.0.1:2525",
      createdAt,
      finishedAt: iso(now - 60_000),
    });
    const sent = await seedSent("happy@example.com", "Ticket closed", iso(now - 5 * 60_000));
    await seedSent("older@example.com", "Older", iso(now - 10 * 60_000));
    // Outside every list: mail accepted 31 days ago, other kinds of job, and a done job with no delivery record.
    await seedSent("ancient@example.com", "Ancient", iso(now - 31 * 24 * HOUR));
    await seedJob({ kind: "board.archive", status: "failed", attempts: 3 });
    await seedJob({ kind: "board.archive", status: "queued" });
    await seedJob({ status: "done", attempts: 1 });

    const counts = { queued: 2, retrying: 2, failed: 1, sent: 2 };
    const failedList = await list();
    expect(failedList).toMatchObject({ counts, total: 1, pageSize: 50, retryHours: 72 });
    expect(failedList.data).toEqual([
      {
        id: failed,
        to: "gone@example.com",
        subject: "Quote ready",
        status: "failed",
        sending: false,
        attempts: 150,
        lastError: "connect ECONNREFUSED 127.0.0.1:2525",
        nextAttemptAt: null,
        createdAt,
        giveUpAt: iso(now - 60_000),
        acceptedAt: null,
        response: null,
        canRetry: true,
      },
    ]);

    const queuedList = await list("?status=queued");
    expect(queuedList.total).toBe(2);
    expect(queuedList.data.map((m) => m.subject)).toEqual(["Second new", "Welcome"]);
    expect(queuedList.data[1]).toMatchObject({
      id: queued,
      status: "queued",
      attempts: 0,
      nextAttemptAt: iso(now + 1000),
      // No Retry of its own yet: three days from its creation.
      giveUpAt: iso(Date.parse(createdAt) + 72 * HOUR),
      canRetry: false,
    });

    const retryingList = await list("?status=retrying");
    expect(retryingList.total).toBe(2);
    const byId = new Map(retryingList.data.map((m) => [m.id, m]));
    expect(byId.get(retrying)).toMatchObject({
      to: "slow@example.com",
      status: "retrying",
      sending: false,
      attempts: 3,
      lastError: "451 4.3.0 Mail server temporarily rejected message",
      nextAttemptAt: iso(now + 20 * 60_000),
      // An admin's Retry an hour ago started a new window of three days.
      giveUpAt: iso(now - HOUR + 72 * HOUR),
      canRetry: true,
    });
    expect(byId.get(running)).toMatchObject({ status: "retrying", sending: true, nextAttemptAt: null, canRetry: false });

    const sentList = await list("?status=sent");
    expect(sentList.total).toBe(2);
    expect(sentList.data.map((m) => m.to)).toEqual(["happy@example.com", "older@example.com"]);
    expect(sentList.data[0]).toMatchObject({
      id: sent,
      status: "sent",
      attempts: 2,
      acceptedAt: iso(now - 5 * 60_000),
      response: "250 2.0.0 Ok: queued as ABC",
      canRetry: false,
    });

    for (const page of [failedList, queuedList, retryingList, sentList]) {
      expect(page.counts).toEqual(counts);
      const raw = JSON.stringify(page.data);
      expect(raw).not.toContain("SECRET BODY");
      for (const item of page.data) expect(Object.keys(item)).not.toEqual(expect.arrayContaining(["text"]));
    }
  });

  it("pages through 50 at a time and refuses pages it cannot serve with a 400 naming the field", async () => {
    for (let i = 0; i < 53; i++) {
      await seedJob({ status: "failed", attempts: 10, subject: `Failed ${i}`, createdAt: iso(now - (100 - i) * 60_000) });
    }
    const first = await list("?status=failed");
    expect(first.total).toBe(53);
    expect(first.data).toHaveLength(50);
    expect(first.data[0]?.subject).toBe("Failed 52");
    const second = await list("?status=failed&page=2");
    expect(second.data.map((m) => m.subject)).toEqual(["Failed 2", "Failed 1", "Failed 0"]);
    expect((await list("?status=failed&page=3")).data).toEqual([]);

    for (const query of ["page=0", "page=10001", "page=1e21", "page=1.5", "page=abc"]) {
      const response = await admin.inject({ method: "GET", url: `/api/admin/outgoing-mail?${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.message, query).toMatch(/page/i);
    }
    const bad = await admin.inject({ method: "GET", url: "/api/admin/outgoing-mail?status=lost" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/status/i);
  });
});

describe("Retry", () => {
  it("queues a failed email to be tried now with a fresh window, and records who did it", async () => {
    const id = await seedJob({
      status: "failed",
      attempts: 150,
      to: "gone@example.com",
      subject: "Quote ready",
      lastError: "connect ECONNREFUSED",
      createdAt: iso(now - 80 * HOUR),
    });
    const before = Date.now();
    const response = await retry(admin, id);
    expect(response.statusCode, response.body).toBe(200);
    const item = response.json().data as TOutgoingMail;
    expect(item).toMatchObject({ id, status: "queued", attempts: 0, canRetry: false });

    const row = await job(id);
    expect(row).toMatchObject({ status: "queued", attempts: 0, finished_at: null, locked_by: null, locked_at: null });
    expect(row.retry_since).toBe(row.run_at);
    expect(Date.parse(row.run_at)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(row.run_at)).toBeLessThanOrEqual(Date.now());
    // The new window runs from the Retry, not from the email's creation 80 hours ago.
    expect(Date.parse(item.giveUpAt ?? "")).toBe(Date.parse(row.run_at) + 72 * HOUR);
    // Kept for the admin to read until the next attempt replaces it.
    expect(row.last_error).toBe("connect ECONNREFUSED");

    const [event] = await auditEvents();
    expect(event).toMatchObject({ verb: "outgoing_mail.retried", object_type: "outgoing_mail", object_id: id });
    expect(JSON.parse(event?.payload ?? "{}")).toMatchObject({ to: "gone@example.com", subject: "Quote ready", attempts: 150 });
    const audit = (await admin.inject({ method: "GET", url: "/api/admin/events?verb=outgoing_mail" })).json();
    expect(audit.data[0]).toMatchObject({ verb: "outgoing_mail.retried", actor: { id: expect.any(String) } });

    expect((await list()).counts).toMatchObject({ queued: 1, failed: 0 });
  });

  it("tries a retrying email now instead of at its next backoff", async () => {
    const id = await seedJob({ status: "queued", attempts: 5, runAt: iso(now + 30 * 60_000), lastError: "451 try later" });
    expect((await retry(admin, id)).statusCode).toBe(200);
    const row = await job(id);
    expect(row).toMatchObject({ status: "queued", attempts: 0 });
    expect(Date.parse(row.run_at)).toBeLessThanOrEqual(Date.now());
  });

  it("refuses (409) an email being sent, already accepted or not yet tried, and changes nothing", async () => {
    const cases = [
      { status: "running" as const, attempts: 2, words: /being sent right now/ },
      { status: "done" as const, attempts: 1, words: /already accepted/ },
      { status: "queued" as const, attempts: 0, words: /not been tried yet/ },
    ];
    for (const c of cases) {
      const id = await seedJob({ status: c.status, attempts: c.attempts, runAt: iso(now + 60_000) });
      const before = await job(id);
      const response = await retry(admin, id);
      expect(response.statusCode, c.status).toBe(409);
      expect(response.json().error).toMatchObject({ code: "conflict", message: expect.stringMatching(c.words) });
      expect(await job(id)).toEqual(before);
    }
    expect(await auditEvents()).toHaveLength(0);
  });

  it("answers 404 for an unknown id and for a job that is not an email, and 400 for an id that is not one", async () => {
    const other = await seedJob({ kind: "board.archive", status: "failed", attempts: 3 });
    for (const id of [newId(), other]) {
      const response = await retry(admin, id);
      expect(response.statusCode).toBe(404);
      expect(response.json().error.code).toBe("not_found");
    }
    expect(await job(other)).toMatchObject({ status: "failed", attempts: 3 });
    expect((await retry(admin, "not-an-id")).statusCode).toBe(400);
  });

  it("sends a retried email for real: it moves to Sent with the mail server's answer", async () => {
    const id = await queueEmail(t.ctx.db, { to: "later@example.com", subject: "Your invoice", text: "Body" });
    // What three days of refusals leave behind.
    await t.ctx.db
      .updateTable("jobs")
      .set({ status: "failed", attempts: 150, last_error: "connect ECONNREFUSED", finished_at: iso(now) })
      .where("id", "=", id)
      .execute();
    expect((await list()).data.map((m) => m.id)).toEqual([id]);
    expect((await retry(admin, id)).statusCode).toBe(200);
    await drainJobs(t);
    const sent = await list("?status=sent");
    expect(sent.counts).toMatchObject({ queued: 0, retrying: 0, failed: 0, sent: 1 });
    expect(sent.data[0]).toMatchObject({ id, to: "later@example.com", subject: "Your invoice", status: "sent", attempts: 1 });
    expect(sent.data[0]?.acceptedAt).toEqual(expect.any(String));
  });
});

describe("Retry all failed", () => {
  it("queues every failed email in one go, leaves the rest alone, and records one audit entry", async () => {
    const failed = [
      await seedJob({ status: "failed", attempts: 150, subject: "One" }),
      await seedJob({ status: "failed", attempts: 150, subject: "Two" }),
      await seedJob({ status: "failed", attempts: 150, subject: "Three" }),
    ];
    const retrying = await seedJob({ status: "queued", attempts: 4, runAt: iso(now + 60_000) });
    const running = await seedJob({ status: "running", attempts: 2 });
    const otherKind = await seedJob({ kind: "board.archive", status: "failed", attempts: 3 });
    const untouched = await Promise.all([retrying, running, otherKind].map(job));

    const response = await retryAll(admin);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ retried: 3 });
    for (const id of failed) {
      const row = await job(id);
      expect(row).toMatchObject({ status: "queued", attempts: 0, finished_at: null, locked_by: null });
      expect(row.retry_since).toBe(row.run_at);
    }
    expect(await Promise.all([retrying, running, otherKind].map(job))).toEqual(untouched);
    expect((await list()).counts).toMatchObject({ queued: 3, retrying: 2, failed: 0 });

    const events = await auditEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ verb: "outgoing_mail.retried_failed" });
    expect(JSON.parse(events[0]?.payload ?? "{}")).toMatchObject({ count: 3 });

    // Nothing left to retry: nothing changes, nothing is recorded.
    expect((await retryAll(admin)).json()).toEqual({ retried: 0 });
    expect(await auditEvents()).toHaveLength(1);
  });
});

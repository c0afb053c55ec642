import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { assignAgent, buildAccount, buildUser, login, type Session } from "../../test/factories";
import { createTestApp, drainJobs, type TestApp } from "../../test/harness";
import { openStream, type Stream } from "../../test/sse";

/**
 * A secret answer (a one-time code) on every channel: sealed at rest, absent from logs, emails,
 * notifications, live pushes, the audit log, event and job payloads; purged after use or when
 * its time runs out — and then not in the SQLite file either.
 */
let t: TestApp;
let base: string;
let accountId: string;
let client: Session;
let agent: Session;
let admin: Session;
const streams: Stream[] = [];
const logLines: string[] = [];

const CODE = "739184";

beforeAll(async () => {
  // Every log line at every level, kept to be searched.
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  t = await createTestApp({ ASK_SECRET_MINUTES: "15" }, { logger: pino({ level: "trace" }, sink) });
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  accountId = (await buildAccount(t, { name: "Echo Events" })).id;
  client = await login(t, (await buildUser(t, { accountId, name: "Eve Echo" })).username);
  const agentUser = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  await assignAgent(t, accountId, agentUser.id);
  agent = await login(t, agentUser.username);
  admin = await login(t, (await buildUser(t, { role: "admin" })).username);
});
afterAll(async () => {
  for (const stream of streams) stream.close();
  await t.close();
});
afterEach(() => {
  vi.useRealTimers();
});

async function answeredCodeAsk(code: string): Promise<string> {
  const created = await agent.inject({
    method: "POST",
    url: "/api/asks",
    payload: { accountId, kind: "code", prompt: "The code X sent", minutes: 10 },
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().data.id as string;
  const answered = await client.inject({ method: "POST", url: `/api/asks/${id}/answer`, payload: { code } });
  expect(answered.statusCode, answered.body).toBe(200);
  return id;
}

/** Every byte of the SQLite database, its WAL included (empty on PostgreSQL). */
function databaseBytes(): string {
  const file = path.join(t.config.dataDir, "portico.sqlite");
  return [file, `${file}-wal`]
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString("latin1"))
    .join("");
}

describe("the secret on every channel", () => {
  it("never reaches logs, emails, notifications, the live stream, the audit log, events or jobs", async () => {
    const agentStream = await openStream(base, agent);
    const clientStream = await openStream(base, client);
    streams.push(agentStream, clientStream);
    const id = await answeredCodeAsk(CODE);
    const revealed = await agent.inject({ method: "POST", url: `/api/asks/${id}/reveal` });
    expect(revealed.json().data.secret).toBe(CODE);
    await drainJobs(t);
    t.realtime.wake();
    const answeredEvent = await t.ctx.db
      .selectFrom("events")
      .select("id")
      .where("object_id", "=", id)
      .where("verb", "=", "ask.answered")
      .executeTakeFirstOrThrow();
    await agentStream.waitFor(answeredEvent.id);
    await clientStream.waitFor(answeredEvent.id);

    // The channels did carry this ask (so searching them means something)…
    const events = await t.ctx.db.selectFrom("events").select(["verb", "payload"]).where("object_id", "=", id).execute();
    expect(events.map((e) => e.verb).sort()).toEqual(["ask.answered", "ask.created", "ask.secret_viewed"]);
    const mails = await t.ctx.db.selectFrom("mailbox").select(["subject", "text_body", "html_body"]).execute();
    expect(mails.some((m) => m.text_body.includes(`/asks/${id}`))).toBe(true);
    expect(logLines.some((l) => l.includes(`/api/asks/${id}/answer`))).toBe(true);
    // …and none of them holds the code.
    expect(JSON.stringify(events)).not.toContain(CODE);
    expect(JSON.stringify(mails)).not.toContain(CODE);
    expect(logLines.join("")).not.toContain(CODE);
    const notifications = await t.ctx.db.selectFrom("notifications").select(["title", "body"]).execute();
    expect(JSON.stringify(notifications)).not.toContain(CODE);
    const jobs = await t.ctx.db.selectFrom("jobs").select(["kind", "payload", "last_error"]).execute();
    expect(jobs.some((j) => j.kind === "ask.purge_secret")).toBe(true);
    expect(JSON.stringify(jobs)).not.toContain(CODE);
    expect(JSON.stringify(agentStream.messages)).not.toContain(CODE);
    expect(JSON.stringify(clientStream.messages)).not.toContain(CODE);
    const audit = await admin.inject({ method: "GET", url: "/api/admin/events" });
    expect(audit.statusCode, audit.body).toBe(200);
    expect(audit.body).toContain("ask.secret_viewed");
    expect(audit.body).not.toContain(CODE);
    // The lists and details staff read carry its state, not the code.
    const list = await agent.inject({ method: "GET", url: "/api/asks?status=all" });
    expect(list.body).toContain(id);
    expect(list.body).not.toContain(CODE);
    // The ciphertext is sealed to its row: copied to another ask it does not open.
    const sealed = (await t.ctx.db.selectFrom("asks").select("answer_secret").where("id", "=", id).executeTakeFirstOrThrow()).answer_secret;
    expect(() => t.ctx.secrets.decrypt(sealed ?? "", "ask:another")).toThrow(/altered|belongs to another/);
  });
});

describe("purging", () => {
  it("purges the secret when its time runs out: overwritten, deleted, and gone from the database file", async () => {
    const id = await answeredCodeAsk("246810");
    const sealed =
      (await t.ctx.db.selectFrom("asks").select("answer_secret").where("id", "=", id).executeTakeFirstOrThrow()).answer_secret ?? "";
    const fingerprint = sealed.split(".")[3] ?? "";
    expect(fingerprint.length).toBeGreaterThan(20);
    if (t.dialect === "sqlite") expect(databaseBytes()).toContain(fingerprint);

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 14 * 60_000);
    await drainJobs(t);
    expect((await agent.inject({ method: "GET", url: `/api/asks/${id}` })).json().data.ask.secretState).toBe("sealed");
    vi.setSystemTime(Date.now() + 2 * 60_000);
    await drainJobs(t);

    const detail = (await agent.inject({ method: "GET", url: `/api/asks/${id}` })).json();
    expect(detail.data.ask).toMatchObject({ secretState: "purged", secretUsedAt: null });
    expect(detail.data.ask.secretPurgedAt).toBeTruthy();
    expect(detail.policies).toMatchObject({ reveal: false, markUsed: false });
    const reveal = await agent.inject({ method: "POST", url: `/api/asks/${id}/reveal` });
    expect(reveal.statusCode).toBe(409);
    expect(reveal.json().error.code).toBe("secret_gone");
    const row = await t.ctx.db
      .selectFrom("asks")
      .select(["answer_secret", "secret_purged_at"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.answer_secret).toBeNull();
    if (t.dialect === "sqlite") expect(databaseBytes()).not.toContain(fingerprint);
    const purged = await t.ctx.db
      .selectFrom("events")
      .select("payload")
      .where("object_id", "=", id)
      .where("verb", "=", "ask.secret_purged")
      .execute();
    expect(purged.map((e) => JSON.parse(e.payload).reason)).toEqual(["retention"]);
  });

  it("purges at once when the agent marks it used, and the retention job then has nothing to do", async () => {
    const id = await answeredCodeAsk("135790");
    const used = await agent.inject({ method: "POST", url: `/api/asks/${id}/used` });
    expect(used.statusCode, used.body).toBe(200);
    expect(used.json().data).toMatchObject({ secretState: "purged" });
    expect(used.json().data.secretUsedAt).toBeTruthy();
    expect((await agent.inject({ method: "POST", url: `/api/asks/${id}/used` })).json().error.code).toBe("secret_gone");
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 16 * 60_000);
    await drainJobs(t);
    const purges = await t.ctx.db
      .selectFrom("events")
      .select("payload")
      .where("object_id", "=", id)
      .where("verb", "=", "ask.secret_purged")
      .execute();
    expect(purges.map((e) => JSON.parse(e.payload).reason)).toEqual(["used"]);
    const job = await t.ctx.db
      .selectFrom("jobs")
      .select("status")
      .where("kind", "=", "ask.purge_secret")
      .where("dedupe_key", "=", `ask.purge_secret:${id}`)
      .executeTakeFirstOrThrow();
    expect(job.status).toBe("done");
  });

  it("registers the sealed column for key rotation", async () => {
    const { ENCRYPTED_COLUMNS } = await import("../../platform/secrets");
    expect(ENCRYPTED_COLUMNS).toContainEqual(expect.objectContaining({ table: "asks", column: "answer_secret" }));
  });
});

import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assignAgent,
  type BuiltTicket,
  buildAccount,
  buildReply,
  buildTask,
  buildTicket,
  buildUser,
  login,
  type Person,
  reopenTicketAs,
  type Session,
  updateTicketAs,
} from "../test/factories";
import { createTestApp, type TestApp } from "../test/harness";
import { openStream, type Stream } from "../test/sse";

/**
 * The live stream over a real socket: what each person receives, resuming, and several
 * instances. The events come from the real services (tickets, board, client accounts).
 */
let t: TestApp;
let base: string;
let accountA: { id: string };
let accountB: { id: string };
let anna: Person;
let agnes: Person;
let admin: Person;
let annaSession: Session;
let bobSession: Session;
let agnesSession: Session;
let adminSession: Session;
let ticketA: BuiltTicket;
let ticketB: BuiltTicket;
const streams: Stream[] = [];
const open = async (session: Session | undefined, headers: Record<string, string> = {}) => {
  const stream = await openStream(base, session, headers);
  streams.push(stream);
  return stream;
};

/** A public change on account B (the admin flips the priority of Bob's ticket): a marker Bob's stream waits for. */
let flips = 0;
const changeTicketB = () => updateTicketAs(t, admin, ticketB, { priority: flips++ % 2 ? "high" : "low" });

beforeAll(async () => {
  t = await createTestApp();
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  accountA = await buildAccount(t, { name: "Alpha Plumbing" });
  accountB = await buildAccount(t, { name: "Bravo Bakery" });
  anna = await buildUser(t, { accountId: accountA.id });
  const bob = await buildUser(t, { accountId: accountB.id });
  agnes = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  admin = await buildUser(t, { role: "admin" });
  await assignAgent(t, accountA.id, agnes.id);
  annaSession = await login(t, anna.username);
  bobSession = await login(t, bob.username);
  agnesSession = await login(t, agnes.username);
  adminSession = await login(t, admin.username);
  ticketA = await buildTicket(t, { by: anna, assignee: agnes });
  ticketB = await buildTicket(t, { by: bob });
});
afterAll(async () => {
  for (const stream of streams) stream.close();
  await t.close();
});

describe("GET /api/stream", () => {
  it("answers 401 without a session", async () => {
    const stream = await open(undefined);
    expect(stream.response.status).toBe(401);
  });

  it("sends a client its account's public ticket events — ids and kinds only — and its unread count", async () => {
    const stream = await open(annaSession);
    expect(stream.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const { eventId } = await buildReply(t, ticketA, { by: agnes, body: "A secret-free public answer." });
    // No wake(): the 1 s fallback timer finds it.
    await stream.waitFor(eventId);
    const message = stream.messages.find((m) => m.id === eventId);
    expect(JSON.parse(message?.data ?? "{}")).toEqual({
      id: eventId,
      verb: "ticket.replied",
      objectType: "ticket",
      objectId: ticketA.id,
      accountId: accountA.id,
      createdAt: expect.any(String),
    });
    expect(message?.data).not.toContain("public answer");
    const counts = stream.messages.filter((m) => m.event === "notification").map((m) => JSON.parse(m.data).unreadCount);
    expect(counts[0]).toBe(0); // on connect
    await expect.poll(() => stream.messages.filter((m) => m.event === "notification").length).toBe(2);
    expect(JSON.parse(stream.messages.filter((m) => m.event === "notification")[1]!.data)).toEqual({ unreadCount: 1 });
  });

  it("never sends a client another account's events or an internal note; staff see by their scope", async () => {
    const [annaStream, bobStream, agnesStream, adminStream] = await Promise.all([
      open(annaSession),
      open(bobSession),
      open(agnesSession),
      open(adminSession),
    ]);
    const { eventId: note } = await buildReply(t, ticketA, { by: agnes, kind: "note", body: "Internal: check the invoice first." });
    const other = await updateTicketAs(t, admin, ticketB, { status: "active" });
    const marker = await updateTicketAs(t, agnes, ticketA, { priority: "high" });
    const bobMarker = await changeTicketB();
    t.realtime.wake();
    await Promise.all([
      annaStream.waitFor(marker),
      agnesStream.waitFor(marker),
      adminStream.waitFor(bobMarker),
      bobStream.waitFor(bobMarker),
    ]);
    await agnesStream.waitFor(note);
    const seen = (s: Stream) => s.changes().map((c) => c.id);
    expect(seen(annaStream)).not.toContain(note);
    expect(seen(annaStream)).not.toContain(other);
    expect(seen(bobStream)).toEqual([other, bobMarker]);
    expect(seen(agnesStream)).not.toContain(other);
    expect(seen(adminStream)).toEqual(expect.arrayContaining([note, other, marker, bobMarker]));
  });

  it("sends a client the moves of their account's work requests, and another client nothing of them", async () => {
    const [annaStream, bobStream] = await Promise.all([open(annaSession), open(bobSession)]);
    const task = await buildTask(t, { by: anna, summary: "Live board task", description: "" });
    const moved = await agnesSession.inject({ method: "POST", url: `/api/tasks/${task.id}/move`, payload: { stage: "in_progress" } });
    expect(moved.statusCode, moved.body).toBe(200);
    const event = await t.ctx.db
      .selectFrom("events")
      .select("id")
      .where("object_id", "=", task.id)
      .where("verb", "=", "task.moved")
      .executeTakeFirstOrThrow();
    await annaStream.waitFor(event.id);
    expect(annaStream.changes().find((c) => c.id === event.id)).toMatchObject({
      verb: "task.moved",
      objectType: "task",
      objectId: task.id,
    });
    const marker = await changeTicketB();
    t.realtime.wake();
    await bobStream.waitFor(marker);
    expect(bobStream.changes().filter((c) => c.objectId === task.id)).toEqual([]);
  });

  it("resumes with Last-Event-ID: the missed visible events first, then live", async () => {
    const first = await open(annaSession);
    const seenId = await updateTicketAs(t, agnes, ticketA, { status: "closed" });
    t.realtime.wake();
    await first.waitFor(seenId);
    first.close();

    const missed = await reopenTicketAs(t, agnes, ticketA, "Reopening.");
    const { eventId: note } = await buildReply(t, ticketA, { by: agnes, kind: "note", body: "Internal only." });
    const otherAccount = await changeTicketB();
    // A staff-only event on Anna's own account: the admin edits the account's details.
    const edited = await adminSession.inject({
      method: "PATCH",
      url: `/api/admin/accounts/${accountA.id}`,
      payload: { phone: "+61 2 5550 1234" },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const notShown = (
      await t.ctx.db
        .selectFrom("events")
        .select("id")
        .where("object_id", "=", accountA.id)
        .where("verb", "=", "account.updated")
        .executeTakeFirstOrThrow()
    ).id;

    const resumed = await open(annaSession, { "last-event-id": seenId });
    await resumed.waitFor(missed);
    const { eventId: live } = await buildReply(t, ticketA, { by: agnes, body: "Back again." });
    t.realtime.wake();
    await resumed.waitFor(live);
    const ids = resumed.changes().map((c) => c.id);
    expect(ids).toEqual([missed, live]);
    for (const hidden of [note, otherAccount, notShown, seenId]) expect(ids).not.toContain(hidden);
  });

  it("follows an agent's assignments: a newly assigned account's events start arriving", async () => {
    const newbie = await buildUser(t, { role: "agent" });
    const stream = await open(await login(t, newbie.username));
    const before = await changeTicketB();
    const assigned = await adminSession.inject({ method: "PUT", url: `/api/admin/accounts/${accountB.id}/agents/${newbie.id}` });
    expect(assigned.statusCode).toBe(200);
    const after = await changeTicketB();
    t.realtime.wake();
    await stream.waitFor(after);
    const verbs = stream.changes().map((c) => c.verb);
    expect(verbs).toEqual(["account.agent_assigned", "ticket.updated"]);
    expect(stream.changes().map((c) => c.id)).not.toContain(before);
  });

  it("closes the stream of someone who logged out (checked every 30 s)", async () => {
    const person = await buildUser(t, { accountId: accountA.id });
    const session = await login(t, person.username);
    const stream = await open(session);
    const stays = await open(annaSession);
    expect((await session.inject({ method: "POST", url: "/api/auth/logout" })).statusCode).toBe(204);
    await t.realtime.refresh();
    await expect.poll(() => stream.ended()).toBe(true);
    expect(stays.ended()).toBe(false);
  });

  it("ends open streams when the app closes, without hanging", async () => {
    const other = await createTestApp();
    const otherBase = await other.app.listen({ port: 0, host: "127.0.0.1" });
    const person = await buildUser(other, { role: "admin" });
    const stream = await openStream(otherBase, await login(other, person.username));
    expect(other.realtime.connectionCount).toBe(1);
    const started = Date.now();
    await other.app.close(); // without ending the streams first, this would never return
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect.poll(() => stream.ended()).toBe(true);
    expect(other.realtime.connectionCount).toBe(0);
    await other.close();
  });
});

describe("several instances", () => {
  // Only PostgreSQL can be shared by several instances: SQLite is embedded in one process.
  it.skipIf(!process.env.TEST_DATABASE_URL)("PostgreSQL: an event recorded through instance A reaches a stream on instance B", async () => {
    const b = await createTestApp({}, { sharedDatabaseUrl: t.databaseUrl });
    try {
      const baseB = await b.app.listen({ port: 0, host: "127.0.0.1" });
      const session = await login(b, anna.username);
      const stream = await openStream(baseB, session);
      const before = b.realtime.stats.notified;
      // Recorded through A: the reply goes through A's services and A's database handle.
      const { eventId } = await buildReply(t, ticketA, { by: agnes, body: "From instance A." });
      await stream.waitFor(eventId, 3000);
      expect(b.realtime.stats.notified).toBeGreaterThan(before); // woken by LISTEN/NOTIFY
      stream.close();
    } finally {
      await b.close();
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)("PostgreSQL: the LISTEN connection comes back after the server drops it", async () => {
    const stream = await open(annaSession);
    const listeners = async () =>
      (
        await sql<{
          pid: number;
        }>`select pid from pg_stat_activity where datname = current_database() and query = ${"LISTEN portico_events"}`.execute(t.ctx.db)
      ).rows.map((r) => r.pid);
    const [dropped] = await listeners();
    expect(dropped).toBeDefined();
    await sql`select pg_terminate_backend(${dropped})`.execute(t.ctx.db);
    await expect.poll(async () => (await listeners()).some((pid) => pid !== dropped), { timeout: 8000, interval: 200 }).toBe(true);
    const before = t.realtime.stats.notified;
    const { eventId } = await buildReply(t, ticketA, { by: agnes, body: "After the reconnect." });
    await stream.waitFor(eventId);
    await expect.poll(() => t.realtime.stats.notified).toBeGreaterThan(before);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assignAgent,
  type BuiltTicket,
  buildAccount,
  buildReply,
  buildTicket,
  buildUser,
  login,
  type Person,
  type Session,
} from "../../test/factories";
import { createTestApp, drainJobs, type TestApp } from "../../test/harness";

/** The bell and the email preferences through the API: each person reaches only their own. */
let t: TestApp;
let anna: Person;
let agnes: Person;
let annaSession: Session;
let agnesSession: Session;
let ticket: BuiltTicket;

beforeAll(async () => {
  t = await createTestApp();
  const account = await buildAccount(t, { name: "Alpha Plumbing" });
  anna = await buildUser(t, { accountId: account.id, name: "Anna Alpha" });
  agnes = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  await assignAgent(t, account.id, agnes.id);
  annaSession = await login(t, anna.username);
  agnesSession = await login(t, agnes.username);
  ticket = await buildTicket(t, { by: anna, assignee: agnes, subject: "Broken form" });
  // Raising the ticket told Agnes of it; these tests count only what the replies below cause.
  await drainJobs(t);
  await t.ctx.db.deleteFrom("notifications").execute();
});
afterAll(() => t.close());

const list = async (session: Session, query = "") => (await session.inject({ method: "GET", url: `/api/notifications${query}` })).json();

describe("GET /api/notifications", () => {
  it("lists only the person's own notifications, newest first, with the unread count", async () => {
    await buildReply(t, ticket, { by: agnes, body: "First answer." });
    await buildReply(t, ticket, { by: agnes, body: "Second answer." });
    await buildReply(t, ticket, { by: anna, body: "Thanks!" });
    const mine = await list(annaSession);
    expect(mine.unreadCount).toBe(2);
    expect(mine.data.map((n: { body: string }) => n.body)).toEqual(["Second answer.", "First answer."]);
    expect(mine.data[0]).toMatchObject({ verb: "ticket.replied", url: `/tickets/${ticket.id}`, read: false });
    expect(mine.data[0].title).toBe(`Agnes Agent replied to SUP-${ticket.number}: Broken form`);
    const theirs = await list(agnesSession);
    expect(theirs.data.map((n: { body: string }) => n.body)).toEqual(["Thanks!"]);
    expect((await list(annaSession, "?limit=1")).data).toHaveLength(1);
  });

  it("needs a session", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/notifications" });
    expect(response.statusCode).toBe(401);
  });
});

describe("marking read", () => {
  it("marks one read, answers 404 for someone else's, and marks all read", async () => {
    const [first, second] = (await list(annaSession)).data;
    const other = await agnesSession.inject({ method: "POST", url: `/api/notifications/${first.id}/read` });
    expect(other.statusCode).toBe(404);
    expect((await list(annaSession)).unreadCount).toBe(2);

    const read = await annaSession.inject({ method: "POST", url: `/api/notifications/${first.id}/read` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ unreadCount: 1 });
    const unread = await list(annaSession, "?unread=true");
    expect(unread.data.map((n: { id: string }) => n.id)).toEqual([second.id]);

    const all = await annaSession.inject({ method: "POST", url: "/api/notifications/read-all" });
    expect(all.json()).toEqual({ unreadCount: 0 });
    expect((await list(annaSession)).data.every((n: { read: boolean }) => n.read)).toBe(true);
    // Agnes's notification is untouched by Anna's read-all.
    expect((await list(agnesSession)).unreadCount).toBe(1);
  });

  it("answers 404 for an unknown id and 400 for a malformed one", async () => {
    const unknown = await annaSession.inject({ method: "POST", url: "/api/notifications/0190a0a0-0000-7000-8000-000000000000/read" });
    expect(unknown.statusCode).toBe(404);
    const malformed = await annaSession.inject({ method: "POST", url: "/api/notifications/42/read" });
    expect(malformed.statusCode).toBe(400);
  });
});

describe("email preferences", () => {
  it("starts with every kind on; a client sees only the kinds that can reach a client", async () => {
    const client = (await annaSession.inject({ method: "GET", url: "/api/notifications/preferences" })).json();
    expect(client.data).toEqual([
      { kind: "ticket.replied", label: "Someone replies to a ticket", email: true },
      { kind: "ticket.status_changed", label: "A ticket is moved (status changes)", email: true },
      { kind: "ticket.reopened", label: "A closed ticket is reopened", email: true },
      { kind: "task.created", label: "A new work request is logged", email: true },
      { kind: "task.commented", label: "Someone comments on a work request", email: true },
      { kind: "task.moved", label: "A work request moves on the board", email: true },
      { kind: "task.quote", label: "A quote is sent, accepted or declined", email: true },
      { kind: "journey.step", label: "My client journey moves to a new step", email: true },
      { kind: "onboarding.review", label: "An onboarding form is shared, submitted, returned or approved", email: true },
      { kind: "update.posted", label: "My agent posts an update, a draft or a deliverable", email: true },
      { kind: "notice.posted", label: "The agency posts a notice", email: true },
      { kind: "ask.created", label: "The agency asks me for a code, a confirmation or an answer", email: true },
      { kind: "invoice.sent", label: "The agency sends me an invoice or a credit note", email: true },
      { kind: "invoice.payment", label: "A payment or refund is recorded on my invoice", email: true },
    ]);
    const agent = (await agentPrefs()).data;
    expect(agent.map((p: { kind: string }) => p.kind)).toEqual([
      "ticket.created",
      "ticket.replied",
      "ticket.status_changed",
      "ticket.reopened",
      "ticket.assigned",
      "task.created",
      "task.commented",
      "task.moved",
      "task.quote",
      "task.approval",
      "task.assigned",
      "onboarding.review",
      "draft.decision",
      "ask.answered",
    ]);
  });

  it("turns email off for a kind while the in-app notification still arrives", async () => {
    const saved = await annaSession.inject({
      method: "PUT",
      url: "/api/notifications/preferences",
      payload: { preferences: [{ kind: "ticket.replied", email: false }] },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().data.find((p: { kind: string }) => p.kind === "ticket.replied").email).toBe(false);

    await drainJobs(t);
    await t.ctx.db.deleteFrom("mailbox").execute();
    const { eventId } = await buildReply(t, ticket, { by: agnes, body: "Fixed now." });
    await drainJobs(t);
    const inApp = await t.ctx.db.selectFrom("notifications").select("user_id").where("event_id", "=", eventId).execute();
    expect(inApp.map((r) => r.user_id)).toEqual([anna.id]);
    const mail = await t.ctx.db.selectFrom("mailbox").select("id").where("to_address", "=", anna.email).execute();
    expect(mail).toHaveLength(0);

    // Switched back on, the next reply is emailed again.
    await annaSession.inject({
      method: "PUT",
      url: "/api/notifications/preferences",
      payload: { preferences: [{ kind: "ticket.replied", email: true }] },
    });
    await buildReply(t, ticket, { by: agnes, body: "One more thing." });
    await drainJobs(t);
    expect(await t.ctx.db.selectFrom("mailbox").select("id").where("to_address", "=", anna.email).execute()).toHaveLength(1);
  });

  it("refuses an unknown kind by name and saves nothing", async () => {
    const response = await agnesSession.inject({
      method: "PUT",
      url: "/api/notifications/preferences",
      payload: {
        preferences: [
          { kind: "ticket.created", email: false },
          { kind: "ticket.exploded", email: false },
        ],
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "validation_error", field: "preferences" });
    expect(response.json().error.message).toContain("ticket.exploded");
    expect((await agentPrefs()).data.every((p: { email: boolean }) => p.email)).toBe(true);
  });
});

async function agentPrefs() {
  return (await agnesSession.inject({ method: "GET", url: "/api/notifications/preferences" })).json();
}

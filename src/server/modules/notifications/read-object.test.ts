import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assignAgent,
  buildAccount,
  buildComment,
  buildReply,
  buildTask,
  buildTicket,
  buildUser,
  login,
  type Person,
  type Session,
} from "../../test/factories";
import { createTestApp, drainJobs, type TestApp } from "../../test/harness";

/** Opening a ticket or a task reads what the bell said about it, and only that, and only one's own. */
let t: TestApp;
let anna: Person;
let agnes: Person;
let bob: Person;
let annaSession: Session;
let bobSession: Session;

beforeAll(async () => {
  t = await createTestApp();
  const alpha = await buildAccount(t, { name: "Alpha Plumbing" });
  const beta = await buildAccount(t, { name: "Beta Bakery" });
  anna = await buildUser(t, { accountId: alpha.id, name: "Anna Alpha" });
  bob = await buildUser(t, { accountId: beta.id, name: "Bob Beta" });
  agnes = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  await assignAgent(t, alpha.id, agnes.id);
  await assignAgent(t, beta.id, agnes.id);
  annaSession = await login(t, anna.username);
  bobSession = await login(t, bob.username);
});
afterAll(() => t.close());

const unread = async (session: Session) => (await session.inject({ method: "GET", url: "/api/notifications" })).json();
const readObject = (session: Session, payload: Record<string, unknown>) =>
  session.inject({ method: "POST", url: "/api/notifications/read-object", payload });

describe("POST /api/notifications/read-object", () => {
  it("marks read the caller's notifications about the ticket or task they open, and leaves the rest", async () => {
    const broken = await buildTicket(t, { by: anna, assignee: agnes, subject: "Broken form" });
    const other = await buildTicket(t, { by: anna, assignee: agnes, subject: "Slow page" });
    const task = await buildTask(t, { by: anna, summary: "New footer" });
    await buildReply(t, broken, { by: agnes, body: "Looking." });
    await buildReply(t, broken, { by: agnes, body: "Fixed?" });
    await buildReply(t, other, { by: agnes, body: "On it." });
    await buildComment(t, task, { by: agnes, body: "Draft ready." });
    await drainJobs(t);
    const before = await unread(annaSession);
    expect(before.unreadCount).toBe(4);

    const opened = await readObject(annaSession, { objectType: "ticket", objectId: broken.id });
    expect(opened.statusCode, opened.body).toBe(200);
    expect(opened.json()).toEqual({ unreadCount: 2 });
    const after = (await unread(annaSession)).data as { objectId?: string; url: string; read: boolean }[];
    expect(
      after
        .filter((n) => !n.read)
        .map((n) => n.url)
        .sort(),
    ).toEqual([`/tickets/${other.id}`, `/work-requests/${task.id}`].sort());

    expect((await readObject(annaSession, { objectType: "task", objectId: task.id })).json()).toEqual({ unreadCount: 1 });
  });

  it("never touches another person's notifications, whatever object is named", async () => {
    const bobs = await buildTicket(t, { by: bob, assignee: agnes, subject: "Bread order" });
    await buildReply(t, bobs, { by: agnes, body: "Shipped." });
    await drainJobs(t);
    expect((await unread(bobSession)).unreadCount).toBe(1);
    // Anna names Bob's ticket: nothing of hers is about it, and Bob's stays unread.
    const probe = await readObject(annaSession, { objectType: "ticket", objectId: bobs.id });
    expect(probe.statusCode).toBe(200);
    expect((await unread(bobSession)).unreadCount).toBe(1);
  });

  it("names a malformed body and needs a session", async () => {
    const bad = await readObject(annaSession, { objectType: "Ticket; drop", objectId: "x" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/objectType/);
    const anonymous = await t.app.inject({
      method: "POST",
      url: "/api/notifications/read-object",
      payload: { objectType: "ticket", objectId: "x" },
    });
    expect(anonymous.statusCode).toBe(401);
  });
});

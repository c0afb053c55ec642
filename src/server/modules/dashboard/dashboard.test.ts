import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TEvent } from "../../../common/schemas";
import { recordEvent } from "../../platform/events";
import { buildComment, buildReply, buildTask, buildTicket, buildUser, closeTicketAs, login, type Person } from "../../test/factories";
import { createTestApp, type TestApp } from "../../test/harness";

/*
 * A client's "Recent activity" is the work on their tickets and requests (replies, comments,
 * raised, closed, quotes…), never account or audit lines such as "Account activated", and never
 * anything of another account.
 */
let t: TestApp;
let client: Person;

beforeAll(async () => {
  t = await createTestApp();
  client = await buildUser(t, { name: "Cleo Client" });
});
afterAll(() => t.close());

async function activityOf(person: Person): Promise<TEvent[]> {
  const session = await login(t, person.username);
  const response = await session.inject({ method: "GET", url: "/api/dashboard" });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data.recentActivity;
}

describe("a client's recent activity", () => {
  it("lists work — a ticket raised, a reply, a task comment, a ticket closed — and no account lines", async () => {
    await t.ctx.db.transaction().execute((tx) =>
      recordEvent(tx, {
        actorId: client.id,
        verb: "user.activated",
        objectType: "user",
        objectId: client.id,
        accountId: client.accountId,
        payload: { email: client.email, username: client.username },
      }),
    );
    const ticket = await buildTicket(t, { by: client, subject: "Contact form broken" });
    const staff = await buildUser(t, { role: "admin" });
    const staffReply = await buildReply(t, ticket, { by: staff, body: "Looking at it now." });
    const task = await buildTask(t, { by: client, summary: "New banner" });
    const comment = await buildComment(t, task, { body: "Here is the banner text." });
    const closed = await closeTicketAs(t, staff, ticket);

    const activity = await activityOf(client);
    const ids = activity.map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining([ticket.eventId, staffReply.eventId, task.eventId, comment.eventId, closed]));
    expect(activity.map((e) => e.verb)).not.toContain("user.activated");
    expect(activity.every((e) => e.accountId === client.accountId)).toBe(true);
  });

  it("leaves out internal notes, however recent", async () => {
    const ticket = await buildTicket(t, { subject: "Note-only ticket" });
    const note = await buildReply(t, ticket, { kind: "note", body: "Staff only: the client's host is slow." });
    const contact = ticket.by;
    const activity = await activityOf(contact);
    expect(activity.map((e) => e.id)).toContain(ticket.eventId);
    expect(activity.map((e) => e.id)).not.toContain(note.eventId);
    expect(JSON.stringify(activity)).not.toContain("Staff only");
  });

  it("never shows another account's events", async () => {
    const other = await buildTicket(t, { subject: "Another company's secret plans" });
    await buildReply(t, other, { body: "Their reply" });
    const activity = await activityOf(client);
    expect(activity.map((e) => e.id)).not.toContain(other.eventId);
    expect(JSON.stringify(activity)).not.toContain("secret plans");
    for (const event of activity) expect(event.accountId).toBe(client.accountId);
  });
});

describe("a staff member's recent activity", () => {
  it("keeps work and account life but leaves the agency's bookkeeping to the audit log", async () => {
    const admin = await buildUser(t, { role: "admin" });
    const session = await login(t, admin.username);
    await session.inject({ method: "PATCH", url: "/api/admin/settings", payload: { agencyName: "Bookkeeping Ltd" } });
    const ticket = await buildTicket(t, { subject: "Staff can see this" });
    const activity = (await session.inject({ method: "GET", url: "/api/dashboard" })).json().data.recentActivity as TEvent[];
    expect(activity.map((e) => e.id)).toContain(ticket.eventId);
    expect(activity.map((e) => e.verb)).not.toContain("settings.updated");
  });
});

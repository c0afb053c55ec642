import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordEvent } from "../../platform/events";
import { replyAddressFor } from "../../platform/reply-address";
import { assignAgent, buildAccount, buildUser, createTestApp, drainJobs, type TestApp } from "../../test/harness";
import { threadObjectOf } from "./messages";
import { insertTicket, recordReply, recordTicketEvent } from "./test-support";

/**
 * Who hears of a ticket event, in the portal and by email: the other side, never the actor,
 * never a client for an internal note. Events are recorded as the tickets service records them.
 */
let t: TestApp;
type Person = Awaited<ReturnType<typeof buildUser>>;
let accountA: { id: string };
let accountB: { id: string };
let anna: Person; // contact of A
let arne: Person; // contact of A
let pending: Person; // contact of A, not yet active
let bob: Person; // contact of B
let agnes: Person; // agent of A
let axel: Person; // agent of A
let bert: Person; // agent of B
let admin: Person;

beforeAll(async () => {
  t = await createTestApp();
  accountA = await buildAccount(t, { name: "Alpha Plumbing" });
  accountB = await buildAccount(t, { name: "Bravo Bakery" });
  anna = await buildUser(t, { accountId: accountA.id, name: "Anna Alpha" });
  arne = await buildUser(t, { accountId: accountA.id, name: "Arne Alpha" });
  pending = await buildUser(t, { accountId: accountA.id, name: "Pia Pending", status: "pending" });
  bob = await buildUser(t, { accountId: accountB.id, name: "Bob Bravo" });
  agnes = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  axel = await buildUser(t, { role: "agent", name: "Axel Agent" });
  bert = await buildUser(t, { role: "agent", name: "Bert Agent" });
  admin = await buildUser(t, { role: "admin", name: "Ada Admin" });
  await assignAgent(t, accountA.id, agnes.id);
  await assignAgent(t, accountA.id, axel.id);
  await assignAgent(t, accountB.id, bert.id);
});
afterAll(() => t.close());
beforeEach(async () => {
  await drainJobs(t); // what an earlier test queued lands now, then is forgotten
  await t.ctx.db.deleteFrom("notifications").execute();
  await t.ctx.db.deleteFrom("mailbox").execute();
});

async function notified(eventId: string) {
  const rows = await t.ctx.db.selectFrom("notifications").selectAll().where("event_id", "=", eventId).execute();
  return new Map(rows.map((r) => [r.user_id, r]));
}
async function mailTo(person: Person) {
  await drainJobs(t);
  return t.ctx.db.selectFrom("mailbox").selectAll().where("to_address", "=", person.email.toLowerCase()).execute();
}
const recipientsOf = async (eventId: string) => [...(await notified(eventId)).keys()].sort();
const ids = (...people: Person[]) => people.map((p) => p.id).sort();

describe("a client's reply", () => {
  it("tells the assigned agent in the portal and by a threaded email, not the client who wrote it", async () => {
    const ticket = await insertTicket(t, {
      accountId: accountA.id,
      createdBy: anna.id,
      assigneeId: agnes.id,
      subject: "Contact form broken",
    });
    const eventId = await recordReply(t, ticket, anna, "It still fails.\n\nSee the screenshot.");
    expect(await recipientsOf(eventId)).toEqual(ids(agnes));
    const note = (await notified(eventId)).get(agnes.id);
    expect(note).toMatchObject({ verb: "ticket.replied", url: `/tickets/${ticket.id}`, read_at: null, account_id: accountA.id });
    expect(note?.title).toBe(`Anna Alpha replied to #${ticket.number}: Contact form broken`);
    expect(note?.body).toBe("It still fails. See the screenshot.");

    const [mail] = await mailTo(agnes);
    expect(mail.subject).toBe(`[#${ticket.number}] Re: Contact form broken`);
    expect(mail.text_body).toContain("It still fails.");
    expect(mail.text_body).toContain(`http://portal.test/tickets/${ticket.id}`);
    expect(mail.html_body).toContain("See the screenshot.");
    const headers = JSON.parse(mail.headers) as Record<string, string>;
    const root = `<ticket-${ticket.id}@portal.test>`;
    expect(headers["In-Reply-To"]).toBe(root);
    expect(headers.References).toBe(root);
    expect(headers["Reply-To"]).toBe(replyAddressFor(t.config, "ticket", ticket.id));
    expect(headers["Message-ID"]).toMatch(/^<ticket-[0-9a-f-]{36}\.[0-9a-f-]{36}@portal\.test>$/);
    expect(threadObjectOf(headers["Message-ID"])).toEqual({ type: "ticket", id: ticket.id });
    expect(threadObjectOf(root)).toEqual({ type: "ticket", id: ticket.id });

    for (const person of [anna, arne, axel]) expect(await mailTo(person)).toHaveLength(0);
  });

  it("tells every agent of the account when the ticket is unassigned, and no agent of another account", async () => {
    const ticket = await insertTicket(t, { accountId: accountA.id, createdBy: anna.id });
    const eventId = await recordReply(t, ticket, anna, "Any news?");
    expect(await recipientsOf(eventId)).toEqual(ids(agnes, axel));
    expect(await mailTo(axel)).toHaveLength(1);
    expect(await mailTo(bert)).toHaveLength(0);
  });
});

describe("a new ticket", () => {
  it("goes to the account's agents with the reference in the subject; each email has its own Message-ID", async () => {
    const ticket = await insertTicket(t, { accountId: accountA.id, createdBy: arne.id, subject: "New logo" });
    const eventId = await recordTicketEvent(t, ticket, "ticket.created", arne.id, { priority: "high", categoryName: "Content change" });
    expect(await recipientsOf(eventId)).toEqual(ids(agnes, axel));
    const [toAgnes] = await mailTo(agnes);
    const [toAxel] = await mailTo(axel);
    expect(toAgnes.subject).toBe(`[#${ticket.number}] New logo`);
    expect(toAgnes.text_body).toContain("Priority: High · Category: Content change");
    expect(JSON.parse(toAgnes.headers)["Message-ID"]).not.toBe(JSON.parse(toAxel.headers)["Message-ID"]);
  });

  it("falls back to the admins when the account has no agent at all", async () => {
    const lonely = await buildAccount(t);
    const client = await buildUser(t, { accountId: lonely.id });
    const ticket = await insertTicket(t, { accountId: lonely.id, createdBy: client.id });
    const eventId = await recordTicketEvent(t, ticket, "ticket.created", client.id, { priority: "normal", categoryName: null });
    expect(await recipientsOf(eventId)).toContain(admin.id);
  });
});

describe("an internal note", () => {
  it("is never notified, emailed or told to a client", async () => {
    const ticket = await insertTicket(t, { accountId: accountA.id, createdBy: anna.id, assigneeId: agnes.id });
    const noteId = await recordReply(t, ticket, agnes, "Customer is on the legacy plan — do not promise a refund.", "note");
    expect(await recipientsOf(noteId)).toEqual([]);
    // Even an internal event whose verb would reach clients (a status move) stays with staff.
    const moveId = await recordTicketEvent(t, ticket, "ticket.status_changed", agnes.id, { from: "new", to: "active", internal: true });
    expect(await recipientsOf(moveId)).toEqual([]);
    for (const person of [anna, arne]) {
      expect(await mailTo(person)).toHaveLength(0);
      const all = await t.ctx.db.selectFrom("notifications").select("body").where("user_id", "=", person.id).execute();
      expect(JSON.stringify(all)).not.toContain("legacy plan");
    }
  });
});

describe("a public staff reply", () => {
  it("tells every active contact of the account — not the agent who wrote it, nor another account's contacts", async () => {
    const ticket = await insertTicket(t, { accountId: accountA.id, createdBy: anna.id, assigneeId: agnes.id, subject: "Slow site" });
    const eventId = await recordReply(t, ticket, agnes, "We enabled caching; please check again.");
    expect(await recipientsOf(eventId)).toEqual(ids(anna, arne));
    const [mail] = await mailTo(arne);
    expect(mail.subject).toBe(`[#${ticket.number}] Re: Slow site`);
    expect(mail.text_body).toContain("Agnes Agent replied to ticket");
    expect(mail.text_body).toContain("We enabled caching; please check again.");
    for (const person of [pending, bob, agnes, axel]) expect(await mailTo(person)).toHaveLength(0);
  });
});

describe("status moves, reopening and assignment", () => {
  it("tells the client side of a status move by staff, and both sides when a client closes", async () => {
    const ticket = await insertTicket(t, { accountId: accountA.id, createdBy: anna.id, assigneeId: agnes.id });
    const byStaff = await recordTicketEvent(t, ticket, "ticket.status_changed", agnes.id, { from: "new", to: "active" });
    expect(await recipientsOf(byStaff)).toEqual(ids(anna, arne));
    expect((await notified(byStaff)).get(anna.id)?.title).toBe(`#${ticket.number} is now Active: ${ticket.subject}`);
    const byClient = await recordTicketEvent(t, ticket, "ticket.status_changed", anna.id, { from: "active", to: "closed" });
    expect(await recipientsOf(byClient)).toEqual(ids(arne, agnes));
  });

  it("tells the agency of a client's reopening and the clients of a staff reopening", async () => {
    const ticket = await insertTicket(t, { accountId: accountA.id, createdBy: anna.id, assigneeId: agnes.id });
    const byClient = await recordTicketEvent(t, ticket, "ticket.reopened", anna.id, {
      from: "closed",
      to: "active",
      body: "Broken again.",
      authorRole: "client",
    });
    expect(await recipientsOf(byClient)).toEqual(ids(agnes));
    expect((await mailTo(agnes))[0].text_body).toContain("Broken again.");
    const byStaff = await recordTicketEvent(t, ticket, "ticket.reopened", axel.id, { from: "closed", to: "active", body: "Found more." });
    expect(await recipientsOf(byStaff)).toEqual(ids(anna, arne));
  });

  it("tells a newly assigned agent, unless they assigned themselves", async () => {
    const ticket = await insertTicket(t, { accountId: accountA.id, createdBy: anna.id });
    const assigned = await recordTicketEvent(t, ticket, "ticket.assigned", admin.id, { assigneeId: axel.id, assigneeName: "Axel Agent" });
    expect(await recipientsOf(assigned)).toEqual(ids(axel));
    expect((await mailTo(axel))[0].subject).toBe(`[#${ticket.number}] Re: ${ticket.subject}`);
    const self = await recordTicketEvent(t, ticket, "ticket.assigned", agnes.id, { assigneeId: agnes.id, assigneeName: "Agnes Agent" });
    expect(await recipientsOf(self)).toEqual([]);
    const updated = await recordTicketEvent(t, ticket, "ticket.updated", agnes.id, {
      changes: { priority: { from: "normal", to: "high" } },
    });
    expect(await recipientsOf(updated)).toEqual([]);
  });
});

describe("transactions", () => {
  it("writes nothing when the change that recorded the event rolls back", async () => {
    const ticket = await insertTicket(t, { accountId: accountA.id, createdBy: anna.id, assigneeId: agnes.id });
    let eventId = "";
    await expect(
      t.ctx.db.transaction().execute(async (tx) => {
        eventId = await recordEvent(tx, {
          actorId: anna.id,
          verb: "ticket.replied",
          objectType: "ticket",
          objectId: ticket.id,
          accountId: accountA.id,
          payload: {
            number: ticket.number,
            subject: ticket.subject,
            assigneeId: agnes.id,
            internal: false,
            body: "hi",
            kind: "reply",
            authorRole: "client",
          },
        });
        throw new Error("the reply could not be saved");
      }),
    ).rejects.toThrow("could not be saved");
    expect(await recipientsOf(eventId)).toEqual([]);
    expect(await mailTo(agnes)).toHaveLength(0);
  });
});

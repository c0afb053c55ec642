import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordEvent, registerReactor } from "../../platform/events";
import { replyAddressFor } from "../../platform/reply-address";
import {
  assignAgent,
  buildAccount,
  buildReply,
  buildTicket,
  buildUser,
  closeTicketAs,
  type Person,
  reopenTicketAs,
  updateTicketAs,
} from "../../test/factories";
import { createTestApp, drainJobs, type TestApp } from "../../test/harness";
import { threadObjectOf } from "./messages";

/**
 * Who hears of a ticket event, in the portal and by email: the other side, never the actor,
 * never a client for an internal note. The events come from the real tickets service.
 */
let t: TestApp;
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

/**
 * Delivers what was queued, then forgets every notification and email: before each test, and
 * after a test has set its ticket up (raised it, assigned it, closed it), so what a test reads
 * is what the one event it is about caused.
 */
async function forget() {
  await drainJobs(t);
  await t.ctx.db.deleteFrom("notifications").execute();
  await t.ctx.db.deleteFrom("mailbox").execute();
}
beforeEach(forget);

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
    const ticket = await buildTicket(t, { by: anna, assignee: agnes, subject: "Contact form broken" });
    await forget();
    const { eventId } = await buildReply(t, ticket, { by: anna, body: "It still fails.\n\nSee the screenshot." });
    expect(await recipientsOf(eventId)).toEqual(ids(agnes));
    const note = (await notified(eventId)).get(agnes.id);
    expect(note).toMatchObject({ verb: "ticket.replied", url: `/tickets/${ticket.id}`, read_at: null, account_id: accountA.id });
    expect(note?.title).toBe(`Anna Alpha replied to SUP-${ticket.number}: Contact form broken`);
    expect(note?.body).toBe("It still fails. See the screenshot.");

    const mail = (await mailTo(agnes))[0]!;
    expect(mail.subject).toBe(`New reply on SUP-${ticket.number}: Contact form broken`);
    expect(mail.text_body).toContain("It still fails.");
    expect(mail.text_body).toContain(`http://portal.test/tickets/${ticket.id}`);
    expect(mail.html_body).toContain("See the screenshot.");
    const headers = JSON.parse(mail.headers) as Record<string, string>;
    const root = `<ticket-${ticket.id}@portal.test>`;
    expect(headers["In-Reply-To"]).toBe(root);
    expect(headers.References).toBe(root);
    expect(headers["Reply-To"]).toBe(replyAddressFor(t.config, "ticket", ticket.id));
    expect(headers["Message-ID"]).toMatch(/^<ticket-[0-9a-f-]{36}\.[0-9a-f-]{36}@portal\.test>$/);
    expect(threadObjectOf(headers["Message-ID"]!)).toEqual({ type: "ticket", id: ticket.id });
    expect(threadObjectOf(root)).toEqual({ type: "ticket", id: ticket.id });

    for (const person of [anna, arne, axel]) expect(await mailTo(person)).toHaveLength(0);
  });

  it("tells every agent of the account when the ticket is unassigned, and no agent of another account", async () => {
    const ticket = await buildTicket(t, { by: anna });
    await forget();
    const { eventId } = await buildReply(t, ticket, { by: anna, body: "Any news?" });
    expect(await recipientsOf(eventId)).toEqual(ids(agnes, axel));
    expect(await mailTo(axel)).toHaveLength(1);
    expect(await mailTo(bert)).toHaveLength(0);
  });
});

describe("a new ticket", () => {
  it("goes to the account's agents with the reference in the subject; each email has its own Message-ID", async () => {
    const category = await t.ctx.db
      .selectFrom("ticket_categories")
      .select("id")
      .where("name", "=", "Content change")
      .executeTakeFirstOrThrow();
    const ticket = await buildTicket(t, { by: arne, subject: "New logo", priority: "high", categoryId: category.id });
    expect(await recipientsOf(ticket.eventId)).toEqual(ids(agnes, axel));
    const toAgnes = (await mailTo(agnes))[0]!;
    const toAxel = (await mailTo(axel))[0]!;
    expect(toAgnes.subject).toBe(`New ticket SUP-${ticket.number}: New logo`);
    expect(toAgnes.text_body).toContain("Priority: High · Category: Content change");
    expect(JSON.parse(toAgnes.headers)["Message-ID"]).not.toBe(JSON.parse(toAxel.headers)["Message-ID"]);
  });

  it("falls back to the admins when the account has no agent at all", async () => {
    const lonely = await buildAccount(t);
    const client = await buildUser(t, { accountId: lonely.id });
    const ticket = await buildTicket(t, { by: client });
    expect(await recipientsOf(ticket.eventId)).toContain(admin.id);
  });
});

describe("an internal note", () => {
  it("is never notified, emailed or told to a client", async () => {
    const ticket = await buildTicket(t, { by: anna, assignee: agnes });
    await forget();
    const note = await buildReply(t, ticket, {
      by: agnes,
      kind: "note",
      body: "Customer is on the legacy plan — do not promise a refund.",
    });
    expect(await recipientsOf(note.eventId)).toEqual([]);
    // Even an internal event whose verb would reach clients (a status move) stays with staff.
    // Written directly: the tickets service never records an internal status move, so only a
    // hand-made event can show that the notification topic itself keeps internal events from clients.
    const moveId = await t.ctx.db.transaction().execute((tx) =>
      recordEvent(tx, {
        actorId: agnes.id,
        verb: "ticket.status_changed",
        objectType: "ticket",
        objectId: ticket.id,
        accountId: accountA.id,
        payload: { number: ticket.number, subject: ticket.subject, assigneeId: agnes.id, internal: true, from: "new", to: "active" },
      }),
    );
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
    const ticket = await buildTicket(t, { by: anna, assignee: agnes, subject: "Slow site" });
    await forget();
    const { eventId } = await buildReply(t, ticket, { by: agnes, body: "We enabled caching; please check again." });
    expect(await recipientsOf(eventId)).toEqual(ids(anna, arne));
    const mail = (await mailTo(arne))[0]!;
    expect(mail.subject).toBe(`New reply on SUP-${ticket.number}: Slow site`);
    expect(mail.text_body).toContain("Agnes Agent replied to ticket");
    expect(mail.text_body).toContain("We enabled caching; please check again.");
    for (const person of [pending, bob, agnes, axel]) expect(await mailTo(person)).toHaveLength(0);
  });
});

describe("status moves, reopening and assignment", () => {
  it("tells the client side of a status move by staff, and both sides when a client closes", async () => {
    const ticket = await buildTicket(t, { by: anna, assignee: agnes });
    const byStaff = await updateTicketAs(t, agnes, ticket, { status: "active" });
    expect(await recipientsOf(byStaff)).toEqual(ids(anna, arne));
    expect((await notified(byStaff)).get(anna.id)?.title).toBe(`SUP-${ticket.number} is now Active: ${ticket.subject}`);
    const byClient = await closeTicketAs(t, anna, ticket);
    expect(await recipientsOf(byClient)).toEqual(ids(arne, agnes));
  });

  it("tells the agency of a client's reopening and the clients of a staff reopening", async () => {
    const ticket = await buildTicket(t, { by: anna, assignee: agnes });
    await closeTicketAs(t, anna, ticket);
    await forget();
    const byClient = await reopenTicketAs(t, anna, ticket, "Broken again.");
    expect(await recipientsOf(byClient)).toEqual(ids(agnes));
    expect((await mailTo(agnes))[0]!.text_body).toContain("Broken again.");
    await closeTicketAs(t, agnes, ticket);
    const byStaff = await reopenTicketAs(t, axel, ticket, "Found more.");
    expect(await recipientsOf(byStaff)).toEqual(ids(anna, arne));
  });

  it("tells a newly assigned agent, unless they assigned themselves", async () => {
    const ticket = await buildTicket(t, { by: anna });
    await forget();
    const assigned = await updateTicketAs(t, admin, ticket, { assigneeId: axel.id });
    expect(await recipientsOf(assigned)).toEqual(ids(axel));
    expect((await mailTo(axel))[0]!.subject).toBe(`SUP-${ticket.number} assigned to you: ${ticket.subject}`);
    const self = await updateTicketAs(t, agnes, ticket, { assigneeId: agnes.id });
    expect(await recipientsOf(self)).toEqual([]);
    const updated = await updateTicketAs(t, agnes, ticket, { priority: "high" });
    expect(await recipientsOf(updated)).toEqual([]);
  });
});

describe("transactions", () => {
  it("writes nothing when the change that recorded the event rolls back", async () => {
    const ticket = await buildTicket(t, { by: anna, assignee: agnes });
    await forget();
    // The reply is recorded and the notification reactor has run; then a later step of the same
    // transaction fails, as a failing write after the event would.
    let eventId = "";
    let notifiedBeforeTheFailure: string[] = [];
    const failAfterRecording = registerReactor(async (tx, event) => {
      if (event.objectId !== ticket.id || event.verb !== "ticket.replied") return;
      eventId = event.id;
      const rows = await tx.selectFrom("notifications").select("user_id").where("event_id", "=", event.id).execute();
      notifiedBeforeTheFailure = rows.map((r) => r.user_id);
      throw new Error("the reply could not be saved");
    });
    try {
      await expect(buildReply(t, ticket, { by: anna, body: "hi" })).rejects.toThrow("could not be saved");
    } finally {
      failAfterRecording();
    }
    expect(notifiedBeforeTheFailure).toEqual([agnes.id]);
    expect(await recipientsOf(eventId)).toEqual([]);
    expect(await mailTo(agnes)).toHaveLength(0);
    expect(await t.ctx.db.selectFrom("comments").select("id").where("object_id", "=", ticket.id).execute()).toEqual([]);
  });
});

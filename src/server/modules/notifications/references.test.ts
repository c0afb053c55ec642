import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assignAgent,
  buildAccount,
  buildReply,
  buildTask,
  buildTicket,
  buildUser,
  login,
  type Person,
  type Session,
} from "../../test/factories";
import { createTestApp, drainJobs, type TestApp } from "../../test/harness";
import { composeMail, delivered as deliveredTo, INBOUND_SECRET } from "../inbound/test-mail";

/**
 * References that cannot be confused: a ticket is SUP-1001 and a task WEB-1001 (the admin's
 * prefixes), in every email subject, button and footer, in the inbound log's reasons and in the
 * ticket search; each email's subject says what happened, so a task's quote, request for
 * approval and comment never share one.
 */
let t: TestApp;
let anna: Person; // contact of Alpha
let agnes: Person; // agent of Alpha
let clientA: Session;
let agentA: Session;
let admin: Session;
let otherClient: Session; // contact of Bravo
let ticket: Awaited<ReturnType<typeof buildTicket>>;
let task: Awaited<ReturnType<typeof buildTask>>;

beforeAll(async () => {
  t = await createTestApp({ INBOUND_SECRET, MAIL_FROM: "WP Xpress <support@wpexpress.test>" });
  const alpha = await buildAccount(t, { name: "Alpha Plumbing" });
  const bravo = await buildAccount(t, { name: "Bravo Bakery" });
  anna = await buildUser(t, { accountId: alpha.id, name: "Anna Alpha" });
  agnes = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  await assignAgent(t, alpha.id, agnes.id);
  clientA = await login(t, anna.username);
  agentA = await login(t, agnes.username);
  admin = await login(t, (await buildUser(t, { role: "admin" })).username);
  otherClient = await login(t, (await buildUser(t, { accountId: bravo.id })).username);
  // The first of each kind: today both are numbered 1001, which is what the prefixes tell apart.
  ticket = await buildTicket(t, { by: anna, subject: "Contact form broken" });
  task = await buildTask(t, { by: anna, summary: "New staff photos" });
});
afterAll(() => t.close());

/** Every email queued since the last call, to one person, oldest first. */
async function newMailTo(person: Person) {
  await drainJobs(t);
  const mail = await t.ctx.db
    .selectFrom("mailbox")
    .selectAll()
    .where("to_address", "=", person.email.toLowerCase())
    .orderBy("id")
    .execute();
  await t.ctx.db.deleteFrom("mailbox").execute();
  return mail;
}

const ok = async <R extends { statusCode: number; body: string }>(response: R, status = 200): Promise<R> => {
  expect(response.statusCode, response.body).toBe(status);
  return response;
};
const setPrefixes = async (prefixes: { ticketPrefix?: string; taskPrefix?: string }) =>
  ok(await admin.inject({ method: "PATCH", url: "/api/admin/settings", payload: prefixes }));

describe("ticket emails", () => {
  it("name the ticket by its reference and say what happened; a changed prefix shows in the next email", async () => {
    await newMailTo(anna);
    await buildReply(t, ticket, { by: agnes, body: "Which browser do you use?" });
    const [reply] = await newMailTo(anna);
    expect(reply?.subject).toBe(`New reply on SUP-${ticket.number}: Contact form broken`);
    expect(reply?.text_body).toContain(`View ticket SUP-${ticket.number}`);
    expect(reply?.text_body).toContain(`Reply to this email to answer on SUP-${ticket.number}.`);
    expect(reply?.html_body).toContain(`View ticket SUP-${ticket.number}`);

    await setPrefixes({ ticketPrefix: "HELP" });
    try {
      const { eventId } = await buildReply(t, ticket, { by: agnes, body: "And which page?" });
      const [next] = await newMailTo(anna);
      expect(next?.subject).toBe(`New reply on HELP-${ticket.number}: Contact form broken`);
      expect(next?.text_body).toContain(`Reply to this email to answer on HELP-${ticket.number}.`);
      expect(next?.text_body).not.toContain(`SUP-${ticket.number}`);
      // Threading is unchanged: mail clients keep every email about the ticket together.
      const headers = JSON.parse(next!.headers) as Record<string, string>;
      expect(headers["In-Reply-To"]).toBe(`<ticket-${ticket.id}@portal.test>`);
      expect(headers.References).toBe(`<ticket-${ticket.id}@portal.test>`);
      const bell = await t.ctx.db.selectFrom("notifications").select("title").where("event_id", "=", eventId).execute();
      expect(bell).toEqual([{ title: `Agnes Agent replied to HELP-${ticket.number}: Contact form broken` }]);
    } finally {
      await setPrefixes({ ticketPrefix: "SUP" });
    }
  });

  it("have one subject per kind of news: new, reply, closed, reopened, assigned", async () => {
    const fresh = await buildTicket(t, { by: anna, subject: "Slow site" });
    expect((await newMailTo(agnes)).map((m) => m.subject)).toEqual([`New ticket SUP-${fresh.number}: Slow site`]);
    await ok(await agentA.inject({ method: "POST", url: `/api/tickets/${fresh.id}/close`, payload: {} }));
    expect((await newMailTo(anna)).map((m) => m.subject)).toEqual([`SUP-${fresh.number} closed: Slow site`]);
    await ok(await agentA.inject({ method: "POST", url: `/api/tickets/${fresh.id}/reopen`, payload: { body: "Found more." } }));
    expect((await newMailTo(anna)).map((m) => m.subject)).toEqual([`SUP-${fresh.number} reopened: Slow site`]);
    const axel = await buildUser(t, { role: "agent", name: "Axel Agent" });
    await assignAgent(t, ticket.accountId, axel.id);
    await ok(await admin.inject({ method: "PATCH", url: `/api/tickets/${fresh.id}`, payload: { assigneeId: axel.id } }));
    expect((await newMailTo(axel)).map((m) => m.subject)).toEqual([`SUP-${fresh.number} assigned to you: Slow site`]);
  });
});

describe("task emails", () => {
  it("give a quote, a request for approval and a comment each a subject that says what happened", async () => {
    const job = await buildTask(t, { by: anna, summary: "Banner on the home page" });
    const ref = `WEB-${job.number}`;
    await newMailTo(agnes);
    await ok(await agentA.inject({ method: "POST", url: `/api/tasks/${job.id}/comments`, payload: { body: "Which pages?" } }), 201);
    const quote = { scope: "Banner on two pages.", amountMinor: 12_500, currency: "AUD" };
    await ok(await agentA.inject({ method: "POST", url: `/api/tasks/${job.id}/quotes`, payload: quote }), 201);
    const quoteId = (await clientA.inject({ method: "GET", url: `/api/tasks/${job.id}` })).json().data.quotes[0].id;
    await ok(await clientA.inject({ method: "POST", url: `/api/tasks/${job.id}/quotes/${quoteId}/accept`, payload: {} }));
    await ok(await agentA.inject({ method: "POST", url: `/api/tasks/${job.id}/move`, payload: { stage: "in_progress" } }));
    await ok(
      await agentA.inject({
        method: "POST",
        url: `/api/tasks/${job.id}/move`,
        payload: { stage: "client_approval", review: { note: "The new page." } },
      }),
    );
    await ok(await clientA.inject({ method: "POST", url: `/api/tasks/${job.id}/approve`, payload: {} }));

    await drainJobs(t);
    const sent = await t.ctx.db.selectFrom("mailbox").select(["to_address", "subject", "text_body"]).orderBy("id").execute();
    const subjectsTo = (person: Person) => sent.filter((m) => m.to_address === person.email.toLowerCase()).map((m) => m.subject);
    expect(subjectsTo(anna)).toEqual([
      `New comment on ${ref}: Banner on the home page`,
      `Quote for ${ref}: Banner on the home page`,
      `${ref} moved to IN PROGRESS: Banner on the home page`,
      `Approval needed: ${ref} Banner on the home page`,
    ]);
    expect(subjectsTo(agnes)).toEqual([`Quote accepted: ${ref} Banner on the home page`, `Approved: ${ref} Banner on the home page`]);
    const annas = sent.filter((m) => m.to_address === anna.email.toLowerCase());
    for (const mail of annas) {
      expect(mail.text_body).toContain(`View work request ${ref}`);
      expect(mail.text_body).toContain(`Reply to this email to comment on ${ref}.`);
    }
    await newMailTo(anna);
  });

  it("show the admin's task prefix once it is changed", async () => {
    await setPrefixes({ taskPrefix: "SITE" });
    try {
      await ok(await agentA.inject({ method: "POST", url: `/api/tasks/${task.id}/comments`, payload: { body: "Photos by Friday?" } }), 201);
      expect((await newMailTo(anna)).map((m) => m.subject)).toEqual([`New comment on SITE-${task.number}: New staff photos`]);
    } finally {
      await setPrefixes({ taskPrefix: "WEB" });
    }
  });
});

/** A reply to the plain support address, with no thread header: only its subject names anything. */
const subjectOnly = (subject: string, to = "WP Xpress <support@wpexpress.test>") =>
  composeMail({ from: `Anna Alpha <${anna.email}>`, to, subject, text: "Any news on this?" });

const delivered = (raw: Buffer) => deliveredTo(t, raw);

describe("inbound subjects", () => {
  it("name the ticket by today's reference and by the older [#N], and the task by WEB-N and [Task #N], never mixing them", async () => {
    expect(task.number).toBe(ticket.number);
    const n = ticket.number;
    const cases: [string, { objectType: string; objectId: string }, string][] = [
      [`Re: [SUP-${n}] Contact form broken`, { objectType: "ticket", objectId: ticket.id }, `SUP-${n}`],
      [`Re: [#${n}] Contact form broken`, { objectType: "ticket", objectId: ticket.id }, `SUP-${n}`],
      [`RE: New reply on sup-${n}: Contact form broken`, { objectType: "ticket", objectId: ticket.id }, `SUP-${n}`],
      [`Re: [WEB-${n}] New staff photos`, { objectType: "task", objectId: task.id }, `WEB-${n}`],
      [`Re: Approval needed: web-${n} New staff photos`, { objectType: "task", objectId: task.id }, `WEB-${n}`],
      [`Re: [Task #${n}] New staff photos`, { objectType: "task", objectId: task.id }, `WEB-${n}`],
    ];
    for (const [subject, object, reference] of cases) {
      const result = await delivered(subjectOnly(subject));
      // The subject alone is never trusted: the message waits for an admin, naming the object by reference.
      expect(result, subject).toMatchObject({ status: "quarantined", ...object });
      expect(result.reason, subject).toBe(`No match: only the subject names ${reference}; no signed reply address or thread header does.`);
    }
    // Another agency's prefix, or a reference in the middle of a word, names nothing (sent elsewhere than
    // the support address, where a subject without a reference opens a new ticket).
    for (const subject of [`Re: [ABC-${n}] Elsewhere`, `Re: XSUP-${n} Elsewhere`]) {
      const result = await delivered(subjectOnly(subject, "someone@elsewhere.test"));
      expect(result, subject).toMatchObject({ status: "quarantined", objectType: null, objectId: null });
    }
  });

  it("follow the admin's prefix", async () => {
    await setPrefixes({ ticketPrefix: "HELP" });
    try {
      expect(await delivered(subjectOnly(`Re: [HELP-${ticket.number}] Contact form broken`))).toMatchObject({
        objectType: "ticket",
        objectId: ticket.id,
        reason: expect.stringContaining(`only the subject names HELP-${ticket.number};`),
      });
    } finally {
      await setPrefixes({ ticketPrefix: "SUP" });
    }
  });
});

describe("ticket search", () => {
  const search = async (session: Session, q: string) =>
    (
      (await ok(await session.inject({ method: "GET", url: `/api/tickets?q=${encodeURIComponent(q)}` }))).json().data as { id: string }[]
    ).map((row) => row.id);

  it("finds a ticket by its reference, as by its number", async () => {
    for (const q of [`SUP-${ticket.number}`, `sup-${ticket.number}`, `[SUP-${ticket.number}]`, `#${ticket.number}`, `${ticket.number}`]) {
      expect(await search(clientA, q), q).toEqual([ticket.id]);
    }
    expect(await search(agentA, `SUP-${ticket.number}`)).toEqual([ticket.id]);
    // A task's reference is not a ticket's.
    expect(await search(clientA, `WEB-${ticket.number}`)).toEqual([]);
  });

  it("never finds another account's ticket by its reference", async () => {
    expect(await search(otherClient, `SUP-${ticket.number}`)).toEqual([]);
  });
});

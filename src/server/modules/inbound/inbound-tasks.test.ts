import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../platform/ids";
import { replyAddressFor } from "../../platform/reply-address";
import {
  assignAgent,
  buildAccount,
  buildComment,
  buildTask,
  buildTicket,
  buildUser,
  login,
  type Person,
  type Session,
} from "../../test/factories";
import { createTestApp, drainJobs, lastEmailTo, type TestApp } from "../../test/harness";
import { threadMessageId, threadRootId } from "../notifications/messages";
import { receiveEmail } from "./service";
import { composeMail, delivered as deliveredTo, fixture, INBOUND_SECRET, type MailParts } from "./test-mail";

/**
 * Reply by email to a work request's (task's) emails, end to end with the real board service:
 * the same matching, sender check and quarantine as tickets, and a reply is never posted to a
 * ticket when it names a task, or the other way round.
 */
let t: TestApp;
let anna: Person;
let agnes: Person;
let bob: { id: string; email: string };
let loner: { id: string; email: string };
let clientA: Session;
let agentA: Session;
let admin: Session;

beforeAll(async () => {
  t = await createTestApp({ INBOUND_SECRET, MAIL_FROM: "WP Xpress <support@wpexpress.test>" });
  const accountA = await buildAccount(t, { name: "Alpha Plumbing" });
  anna = await buildUser(t, { accountId: accountA.id, name: "Anna Alpha", email: "anna@alpha.test" });
  agnes = await buildUser(t, { role: "agent", name: "Agnes Agent", email: "agnes@wpexpress.test" });
  await assignAgent(t, accountA.id, agnes.id);
  bob = await buildUser(t, { name: "Bob Bravo", email: "bob@bravo.test" });
  loner = await buildUser(t, { role: "agent", name: "Lone Agent", email: "lone@wpexpress.test" });
  clientA = await login(t, anna.username);
  agentA = await login(t, agnes.username);
  admin = await login(t, (await buildUser(t, { role: "admin" })).username);
});
afterAll(() => t.close());

/** A work request logged by Anna, with what its emails carry: the signed reply address and the thread root. */
async function logTask(summary = "New staff photos") {
  const task = await buildTask(t, { by: anna, summary, description: "Please replace the team photos." });
  return { ...task, replyTo: replyAddressFor(t.config, "task", task.id), threadId: threadRootId(t.config, "task", task.id) };
}

/** A ticket raised by Anna, with the same: its signed reply address and its thread root. */
async function raiseTicket(subject = "Contact form is broken") {
  const ticket = await buildTicket(t, { by: anna, subject, description: "It shows an error." });
  return { ...ticket, replyTo: replyAddressFor(t.config, "ticket", ticket.id), threadId: threadRootId(t.config, "ticket", ticket.id) };
}

const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

/** A reply as a mail program writes it, to the plain support address unless told. */
const replyMail = (o: Omit<MailParts, "to"> & { to?: string }): Buffer =>
  composeMail({ ...o, to: o.to ?? "WP Xpress <support@wpexpress.test>" });

/** A ticket fixture (Gmail, Outlook…) turned into a reply to a task's email: `[Task #N]` in its subject. */
function taskFixture(name: string, number: number, vars: Record<string, string> = {}): Buffer {
  return Buffer.from(
    fixture(name, { ...vars, NUMBER: "@@" })
      .toString("utf8")
      .replaceAll("[#@@]", `[Task #${number}]`),
  );
}

const delivered = (raw: Buffer) => deliveredTo(t, raw);

type Comment = {
  type: string;
  actor: { name: string } | null;
  comment?: { body: string; source: string; files: { name: string; url: string; isImage: boolean; contentType: string }[] };
};
/** What the client sees of the task: the comments that came by email, and the card's counts. */
async function taskView(taskId: string) {
  const response = await clientA.inject({ method: "GET", url: `/api/tasks/${taskId}` });
  expect(response.statusCode, response.body).toBe(200);
  const detail = response.json().data as { task: { commentCount: number; fileCount: number }; timeline: Comment[] };
  return { card: detail.task, emailed: detail.timeline.filter((i) => i.comment?.source === "email") };
}

async function ticketEmailMessages(ticketId: string) {
  const detail = (await clientA.inject({ method: "GET", url: `/api/tickets/${ticketId}` })).json();
  return (detail.data.timeline as { message?: { body: string; source: string } }[]).filter((i) => i.message?.source === "email");
}

const inboundRow = (id: string) => t.ctx.db.selectFrom("inbound_messages").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("replies that reach their task", () => {
  it("turns a client's reply to a task email into a comment: signed address, quotes stripped, picture kept, the agent told", async () => {
    const task = await logTask();
    // Agnes comments in the portal; Anna is emailed, and answers that email from her mail program.
    await buildComment(t, task, { by: agnes, body: "Could you send us the new team photo?" });
    await drainJobs(t);
    const notice = await lastEmailTo(t, anna.email);
    const headers = JSON.parse(notice.headers) as Record<string, string>;
    expect(notice.subject).toMatch(new RegExp(`^New comment on WEB-${task.number}: `));
    expect(headers["Reply-To"]).toBe(task.replyTo);

    const result = await delivered(
      replyMail({
        from: "Anna Alpha <Anna@Alpha.test>",
        to: headers["Reply-To"],
        subject: `Re: ${notice.subject}`,
        inReplyTo: headers["Message-ID"],
        references: headers.References,
        text: [
          "Here is the new team photo.",
          "",
          "On Tue, 1 Dec 2026 at 09:00, Agnes Agent via WP Xpress <support@wpexpress.test> wrote:",
          "> Could you send us the new team photo?",
          "",
        ].join("\n"),
        attachment: { name: "team.png", contentType: "image/png", data: PNG },
      }),
    );
    expect(result).toMatchObject({ status: "attached", reason: null, ticketId: null, taskId: task.id });

    const { card, emailed } = await taskView(task.id);
    expect(emailed).toHaveLength(1);
    expect(emailed[0]!.actor?.name).toBe("Anna Alpha");
    expect(emailed[0]!.comment).toMatchObject({
      body: "Here is the new team photo.",
      source: "email",
      files: [{ name: "team.png", contentType: "image/png", isImage: true }],
    });
    expect(card).toMatchObject({ commentCount: 2, fileCount: 1 });
    const image = await clientA.inject({ method: "GET", url: emailed[0]!.comment?.files[0]?.url as string });
    expect(image.statusCode).toBe(200);
    expect(image.rawPayload.equals(PNG)).toBe(true);

    await drainJobs(t);
    const told = await t.ctx.db
      .selectFrom("notifications")
      .select(["verb", "url"])
      .where("user_id", "=", agnes.id)
      .where("object_id", "=", task.id)
      .where("verb", "=", "task.commented")
      .execute();
    expect(told).toEqual([{ verb: "task.commented", url: `/work-requests/${task.id}` }]);
    expect((await lastEmailTo(t, agnes.email)).text_body).toContain("Here is the new team photo.");

    expect(await inboundRow(result.id)).toMatchObject({ status: "attached", object_type: "task", object_id: task.id });
    const listed = (await admin.inject({ method: "GET", url: "/api/admin/inbound?status=attached" })).json();
    expect(listed.data.find((m: { id: string }) => m.id === result.id)).toMatchObject({ ticketId: null, taskId: task.id });
  });

  it("posts a second delivery of the same Message-ID only once", async () => {
    const task = await logTask("Opening hours");
    const raw = replyMail({
      from: anna.email,
      to: task.replyTo,
      subject: `Re: [Task #${task.number}] Opening hours`,
      text: "Saturdays 9 to 12, please.",
    });
    const first = await delivered(raw);
    expect(first).toMatchObject({ status: "attached", taskId: task.id });
    expect(await delivered(raw)).toMatchObject({ status: "duplicate", id: first.id, ticketId: null, taskId: task.id });
    const { card, emailed } = await taskView(task.id);
    expect(emailed.map((c) => c.comment?.body)).toEqual(["Saturdays 9 to 12, please."]);
    expect(card.commentCount).toBe(1);
  });

  it("matches a reply to the plain support address by References alone, or by an earlier emailed comment's Message-ID", async () => {
    const task = await logTask("Menu PDF");
    // Outlook, to the support address: only the References header names the task (one of its emails).
    const outlookId = `<${newId()}@eurprd01.prod.outlook.com>`;
    const outlook = taskFixture("outlook.eml", task.number, {
      FROM: anna.email,
      MESSAGE_ID: outlookId,
      REFERENCES: `<unrelated@x.test> ${threadMessageId(t.config, "task", task.id)}`,
    });
    expect(await delivered(outlook)).toMatchObject({ status: "attached", ticketId: null, taskId: task.id });
    // The agent answers Anna's reply: References names only Anna's message, which came by email.
    const agent = replyMail({
      from: `Agnes Agent <${agnes.email}>`,
      subject: `Re: [Task #${task.number}] Menu PDF`,
      references: outlookId,
      text: "Thanks Anna, the menu is online.",
    });
    expect(await delivered(agent)).toMatchObject({ status: "attached", taskId: task.id });
    const { emailed } = await taskView(task.id);
    expect(emailed.map((c) => [c.actor?.name, c.comment?.body])).toEqual([
      ["Anna Alpha", "Hi Agnes,\n\nThe phone works now as well. Thank you!\n\nKind regards,\nAnna"],
      ["Agnes Agent", "Thanks Anna, the menu is online."],
    ]);
  });

  it("takes the SMTP envelope recipient as the reply address", async () => {
    const task = await logTask("Footer links");
    const raw = taskFixture("gmail.eml", task.number, { TO: "support@wpexpress.test", FROM: anna.email });
    const result = await receiveEmail(t.ctx, raw, { envelopeTo: [task.replyTo] });
    expect(result).toMatchObject({ status: "attached", ticketId: null, taskId: task.id });
    expect((await taskView(task.id)).emailed).toHaveLength(1);
  });
});

describe("replies that are quarantined", () => {
  const quarantined = async (raw: Buffer, reason: RegExp) => {
    const result = await delivered(raw);
    expect(result.status).toBe("quarantined");
    expect(result.reason).toMatch(reason);
    return result;
  };

  it("quarantines a stranger, another account's contact and an unassigned agent, recording the task and posting nothing", async () => {
    const task = await logTask("Quarantine checks");
    const stranger = await quarantined(taskFixture("stranger.eml", task.number, { TO: task.replyTo }), /^Unknown sender: no active/);
    expect(stranger).toMatchObject({ ticketId: null, taskId: task.id });
    expect(await inboundRow(stranger.id)).toMatchObject({ object_type: "task", object_id: task.id });
    for (const who of [bob, loner]) {
      const result = await quarantined(
        taskFixture("gmail.eml", task.number, { TO: task.replyTo, FROM: who.email }),
        new RegExp(`^Unknown sender: ${who.email} is not a participant of WEB-${task.number}\\.$`),
      );
      expect(result).toMatchObject({ ticketId: null, taskId: task.id });
    }
    const { card, emailed } = await taskView(task.id);
    expect(emailed).toHaveLength(0);
    expect(card.commentCount).toBe(0);
    const listed = (await admin.inject({ method: "GET", url: "/api/admin/inbound?status=quarantined" })).json();
    expect(listed.data.find((m: { id: string }) => m.id === stranger.id)).toMatchObject({
      from: "mallory@evil.test",
      ticketId: null,
      taskId: task.id,
    });
  });

  it("does not trust a [Task #N] subject alone: it only tells the admin which task was named", async () => {
    const task = await logTask("Subject only");
    const result = await quarantined(
      replyMail({ from: anna.email, subject: `Re: [Task #${task.number}] Subject only`, text: "Please publish it today." }),
      new RegExp(`^No match: only the subject names WEB-${task.number};`),
    );
    expect(result).toMatchObject({ ticketId: null, taskId: task.id });
    expect((await taskView(task.id)).emailed).toHaveLength(0);
    await quarantined(
      replyMail({ from: anna.email, subject: "Re: [Task #999999999] Unknown", text: "Hello?" }),
      /^No match: no signed reply address or thread header names a ticket or task\.$/,
    );
  });

  it("quarantines an out-of-office answer to a task's email", async () => {
    const task = await logTask("Holiday banner");
    const raw = taskFixture("gmail.eml", task.number, { TO: task.replyTo, FROM: anna.email });
    await quarantined(Buffer.concat([Buffer.from("Auto-Submitted: auto-replied\r\n"), raw]), /^Automatic reply/);
    expect((await taskView(task.id)).emailed).toHaveLength(0);
  });

  it("quarantines a reply to an archived task with the task's refusal, and posts nothing on a retry", async () => {
    const task = await logTask("Old campaign");
    await t.ctx.db
      .updateTable("tasks")
      .set({ stage: "completed", completed_at: new Date().toISOString() })
      .where("id", "=", task.id)
      .execute();
    const archived = await agentA.inject({ method: "POST", url: `/api/tasks/${task.id}/archive`, payload: {} });
    expect(archived.statusCode, archived.body).toBe(200);
    const raw = taskFixture("gmail.eml", task.number, { TO: task.replyTo, FROM: anna.email });
    const result = await quarantined(raw, /^Refused by the task: .*archived/);
    expect(result).toMatchObject({ ticketId: null, taskId: task.id });
    expect(await delivered(raw)).toMatchObject({ status: "duplicate", id: result.id, taskId: task.id });
    const comments = await t.ctx.db.selectFrom("comments").select("id").where("object_id", "=", task.id).execute();
    expect(comments).toHaveLength(0);
  });
});

describe("tickets and tasks stay apart", () => {
  it("posts a reply to a ticket's address into the ticket, even when its headers name a task, and the other way round", async () => {
    const task = await logTask("Kept apart");
    const ticket = await raiseTicket("Kept apart too");
    const toTicket = await delivered(
      replyMail({
        from: anna.email,
        to: ticket.replyTo,
        subject: `Re: [Task #${task.number}] Kept apart`,
        references: task.threadId,
        text: "This is about the ticket.",
      }),
    );
    expect(toTicket).toMatchObject({ status: "attached", ticketId: ticket.id, taskId: null });
    expect(await inboundRow(toTicket.id)).toMatchObject({ object_type: "ticket", object_id: ticket.id });

    const toTask = await delivered(
      replyMail({
        from: anna.email,
        to: task.replyTo,
        subject: `Re: [#${ticket.number}] Kept apart too`,
        inReplyTo: ticket.threadId,
        references: ticket.threadId,
        text: "This is about the work request.",
      }),
    );
    expect(toTask).toMatchObject({ status: "attached", ticketId: null, taskId: task.id });

    // Thread headers alone follow the kind of object they name.
    const byHeader = await delivered(
      replyMail({ from: anna.email, subject: "Re: photos", inReplyTo: task.threadId, text: "Matched by In-Reply-To." }),
    );
    expect(byHeader).toMatchObject({ status: "attached", ticketId: null, taskId: task.id });

    expect((await ticketEmailMessages(ticket.id)).map((m) => m.message?.body)).toEqual(["This is about the ticket."]);
    expect((await taskView(task.id)).emailed.map((c) => c.comment?.body)).toEqual([
      "This is about the work request.",
      "Matched by In-Reply-To.",
    ]);
  });

  it("refuses a ticket's reply address relabelled as a task's (the signature covers the type)", async () => {
    const ticket = await raiseTicket("Relabelled");
    const relabelled = ticket.replyTo.replace("reply+ticket.", "reply+task.");
    const result = await delivered(replyMail({ from: anna.email, to: relabelled, subject: "Re: Relabelled", text: "Sneaky." }));
    expect(result).toMatchObject({ status: "quarantined", ticketId: null, taskId: null });
    expect(result.reason).toMatch(/^No match/);
    expect(await ticketEmailMessages(ticket.id)).toHaveLength(0);
  });
});

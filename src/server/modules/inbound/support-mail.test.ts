import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../platform/ids";
import { replyAddressFor } from "../../platform/reply-address";
import { saveSettings } from "../../platform/settings";
import { assignAgent, buildAccount, buildTicket, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, drainJobs, type TestApp } from "../../test/harness";
import { startInboundSmtp } from "./smtp";
import { composeMail, delivered as deliveredTo, INBOUND_SECRET, type MailParts } from "./test-mail";

/**
 * Mail to the support address becomes a ticket: an active client contact's email opens one in
 * their own account, with its files, and they get an acknowledgement with the reference; anyone
 * else is quarantined, and an admin creates a ticket from it, adds the sender as a contact and
 * posts it, or discards it — each recorded, each once.
 */
let t: TestApp;
let accountA: { id: string };
let accountB: { id: string };
let anna: Person;
let bob: Person;
let agnes: Person;
let adminPerson: Person;
let clientA: Session;
let clientB: Session;
let agent: Session;
let admin: Session;

beforeAll(async () => {
  t = await createTestApp({ INBOUND_SECRET, MAIL_FROM: "WP Xpress <support@wpexpress.test>" });
  accountA = await buildAccount(t, { name: "Alpha Plumbing" });
  accountB = await buildAccount(t, { name: "Bravo Bakery" });
  anna = await buildUser(t, { accountId: accountA.id, name: "Anna Alpha", email: "anna@alpha.test" });
  bob = await buildUser(t, { accountId: accountB.id, name: "Bob Bravo", email: "bob@bravo.test" });
  agnes = await buildUser(t, { role: "agent", name: "Agnes Agent", email: "agnes@wpexpress.test" });
  await assignAgent(t, accountA.id, agnes.id);
  adminPerson = await buildUser(t, { role: "admin", name: "Ada Admin", email: "ada@wpexpress.test" });
  clientA = await login(t, anna.username);
  clientB = await login(t, bob.username);
  agent = await login(t, agnes.username);
  admin = await login(t, adminPerson.username);
});
afterAll(() => t.close());

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

/** A new email as a mail program writes it, to the support address unless told (In-Reply-To is also its References). */
const newMail = (o: Omit<MailParts, "to" | "references"> & { to?: string }): Buffer =>
  composeMail({ ...o, to: o.to ?? "WP Xpress <Support@WPExpress.test>", references: o.inReplyTo });

const delivered = (raw: Buffer) => deliveredTo(t, raw);

async function mailTo(address: string) {
  await drainJobs(t);
  return t.ctx.db.selectFrom("mailbox").selectAll().where("to_address", "=", address.toLowerCase()).orderBy("id").execute();
}

const ticketCount = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom("tickets")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

type Detail = {
  ticket: { id: string; number: number; subject: string; account: { id: string }; createdBy: { name: string } };
  description: string;
  files: { name: string; contentType: string; url: string }[];
  timeline: { actor: { name: string } | null; message?: { body: string; source: string } }[];
};
async function ticketAs(session: Session, id: string): Promise<Detail> {
  const response = await session.inject({ method: "GET", url: `/api/tickets/${id}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}

const quote = "On Wed, 2 Dec 2026 at 17:00, WP Xpress <support@wpexpress.test> wrote:\n> Thanks for getting in touch.";

describe("mail from a client contact to the support address", () => {
  it("opens a ticket in their own account with its files, and acknowledges it with the reference", async () => {
    const messageId = `<${newId()}@mail.example.com>`;
    const before = (await mailTo(anna.email)).length;
    const result = await delivered(
      newMail({
        from: "Anna Alpha <Anna@Alpha.test>",
        subject: "Booking form is down",
        text: `Hi,\n\nThe booking form shows an error since this morning.\n\n${quote}`,
        messageId,
        attachment: { name: "error.pdf", contentType: "application/pdf", data: PDF },
      }),
    );
    expect(result).toMatchObject({ status: "attached", reason: null, ticketId: expect.any(String) });
    const detail = await ticketAs(clientA, result.ticketId as string);
    expect(detail.ticket).toMatchObject({
      subject: "Booking form is down",
      account: { id: accountA.id },
      createdBy: { name: "Anna Alpha" },
    });
    // The top of the message only: the quoted history is not part of the ticket.
    expect(detail.description).toBe("Hi,\n\nThe booking form shows an error since this morning.");
    expect(detail.files).toMatchObject([{ name: "error.pdf", contentType: "application/pdf" }]);
    const file = await clientA.inject({ method: "GET", url: detail.files[0]!.url });
    expect(file.body.startsWith("%PDF-1.4")).toBe(true);
    // Another account's contact cannot see it.
    expect((await clientB.inject({ method: "GET", url: `/api/tickets/${result.ticketId}` })).statusCode).toBe(404);

    const reference = `SUP-${detail.ticket.number}`;
    const mails = await mailTo(anna.email);
    expect(mails).toHaveLength(before + 1); // the acknowledgement, and no second "new ticket" email
    const ack = mails.at(-1)!;
    expect(ack.subject).toBe(`Received: ${reference} Booking form is down`);
    expect(ack.text_body).toContain(`Its reference is ${reference}`);
    expect(ack.text_body).toContain(`http://portal.test/tickets/${result.ticketId}`);
    expect(ack.text_body).toContain(`Reply to this email to add to ticket ${reference}.`);
    const headers = JSON.parse(ack.headers) as Record<string, string>;
    expect(headers["In-Reply-To"]).toBe(messageId);
    expect(headers.References).toBe(`${messageId} <ticket-${result.ticketId}@portal.test>`);
    expect(headers["Reply-To"]).toBe(replyAddressFor(t.config, "ticket", result.ticketId as string));
    // The agency side hears of the new ticket as of any other.
    expect((await mailTo(agnes.email)).at(-1)?.subject).toContain("Booking form is down");

    // Answering the acknowledgement adds to the same ticket.
    const reply = await delivered(
      newMail({ from: anna.email, subject: `Re: ${ack.subject}`, text: "It works on my phone.", inReplyTo: headers["Message-ID"] }),
    );
    expect(reply).toMatchObject({ status: "attached", ticketId: result.ticketId });
    const after = await ticketAs(clientA, result.ticketId as string);
    expect(after.timeline.filter((i) => i.message?.source === "email").map((i) => i.message?.body)).toEqual(["It works on my phone."]);
  });

  it("puts a contact's ticket in their account only, and names an empty subject plainly", async () => {
    const result = await delivered(newMail({ from: bob.email, to: "support@wpexpress.test", subject: "", text: "Cakes page typo." }));
    expect(result.status).toBe("attached");
    const detail = await ticketAs(clientB, result.ticketId as string);
    expect(detail.ticket).toMatchObject({ subject: "Email from Bob Bravo", account: { id: accountB.id } });
    expect((await clientA.inject({ method: "GET", url: `/api/tickets/${result.ticketId}` })).statusCode).toBe(404);
    const listed = (await clientA.inject({ method: "GET", url: "/api/tickets" })).json().data as { id: string }[];
    expect(listed.map((ticket) => ticket.id)).not.toContain(result.ticketId);
  });

  it("uses the configured support address instead of MAIL_FROM's when one is set", async () => {
    await saveSettings(t.ctx.db, { supportAddress: "help@alpha-support.test" });
    try {
      const configured = await delivered(
        newMail({ from: anna.email, to: "Help <HELP@alpha-support.test>", subject: "Logo", text: "New logo." }),
      );
      expect(configured.status).toBe("attached");
      const old = await delivered(newMail({ from: anna.email, to: "support@wpexpress.test", subject: "Logo 2", text: "Again." }));
      expect(old).toMatchObject({ status: "quarantined", reason: expect.stringMatching(/^No match/) });
    } finally {
      await saveSettings(t.ctx.db, { supportAddress: "" });
    }
  });

  it("quarantines strangers, staff, suspended and account-less people, answers to our emails and mail to other addresses", async () => {
    const suspended = await buildUser(t, { accountId: accountA.id, status: "suspended", email: "gone@alpha.test" });
    const homeless = await buildUser(t, { accountId: null, email: "nowhere@example.test" });
    const count = await ticketCount();
    const cases: [Buffer, RegExp][] = [
      [
        newMail({ from: "Mallory <mallory@evil.test>", subject: "Hello", text: "Send me the passwords." }),
        /^Unknown sender: mallory@evil\.test is not a contact of any client account/,
      ],
      [newMail({ from: suspended.email, subject: "Hello", text: "Me again." }), /is not a contact of any client account/],
      [newMail({ from: homeless.email, subject: "Hello", text: "Who am I?" }), /is not a contact of any client account/],
      [newMail({ from: agnes.email, subject: "For Anna", text: "Staff writing in." }), /^Staff email to the support address/],
      [newMail({ from: anna.email, subject: "Re: [#999999] Old thread", text: "Still broken." }), /^No match/],
      [newMail({ from: anna.email, to: "sales@wpexpress.test", subject: "Offer", text: "Hi." }), /^No match/],
    ];
    for (const [raw, reason] of cases) {
      const result = await delivered(raw);
      expect(result.status).toBe("quarantined");
      expect(result.reason).toMatch(reason);
    }
    expect(await ticketCount()).toBe(count);
  });

  it("arrives over the real SMTP listener too", async () => {
    const listener = await startInboundSmtp(t.ctx, { port: 0, host: "127.0.0.1" });
    try {
      const transport = nodemailer.createTransport({ host: "127.0.0.1", port: listener.port, secure: false, ignoreTLS: true });
      const raw = newMail({
        from: anna.email,
        subject: "Footer is missing",
        text: "The footer vanished.",
        attachment: { name: "footer.pdf", contentType: "application/pdf", data: PDF },
      });
      const sent = await transport
        .sendMail({ envelope: { from: anna.email, to: ["support@wpexpress.test"] }, raw })
        .finally(() => transport.close());
      expect(sent.response).toMatch(/^250 .*attached/);
      const ticket = await t.ctx.db.selectFrom("tickets").selectAll().where("subject", "=", "Footer is missing").executeTakeFirstOrThrow();
      expect(ticket.account_id).toBe(accountA.id);
      expect((await ticketAs(clientA, ticket.id)).files.map((f) => f.name)).toEqual(["footer.pdf"]);
      expect((await mailTo(anna.email)).at(-1)?.subject).toBe(`Received: SUP-${ticket.number} Footer is missing`);
    } finally {
      await listener.close();
    }
  });
});

describe("acknowledgement of a ticket raised in the portal", () => {
  const raise = (session: Session, payload: Record<string, unknown>) =>
    session.inject({ method: "POST", url: "/api/tickets", payload: { priority: "normal", description: "Details.", ...payload } });

  it("is sent to the client when switched on, and not when switched off", async () => {
    const on = await raise(clientA, { subject: "Acknowledge me" });
    expect(on.statusCode, on.body).toBe(201);
    const number = on.json().data.number as number;
    expect((await mailTo(anna.email)).at(-1)?.subject).toBe(`Received: SUP-${number} Acknowledge me`);

    const off = await admin.inject({ method: "PATCH", url: "/api/admin/settings", payload: { acknowledgeNewTickets: false } });
    expect(off.statusCode, off.body).toBe(200);
    try {
      const before = (await mailTo(anna.email)).length;
      expect((await raise(clientA, { subject: "Quietly" })).statusCode).toBe(201);
      expect(await mailTo(anna.email)).toHaveLength(before);
    } finally {
      await saveSettings(t.ctx.db, { acknowledgeNewTickets: true });
    }
  });

  it("is sent to nobody when staff raise a ticket with no client requester", async () => {
    const before = (await mailTo(anna.email)).length;
    const response = await raise(admin, { subject: "Raised by staff", accountId: accountA.id });
    expect(response.statusCode, response.body).toBe(201);
    const mails = await t.ctx.db.selectFrom("mailbox").select("subject").where("subject", "like", "Received:%Raised by staff").execute();
    expect(mails).toHaveLength(0);
    expect(await mailTo(anna.email)).toHaveLength(before);
  });
});

describe("quarantine actions", () => {
  const act = (session: Session, id: string, action: string, payload?: Record<string, unknown>) =>
    session.inject({ method: "POST", url: `/api/admin/inbound/${id}/${action}`, ...(payload ? { payload } : {}) });
  const quarantine = async (raw: Buffer) => {
    const result = await delivered(raw);
    expect(result.status).toBe("quarantined");
    return result;
  };
  const eventsOf = (id: string) =>
    t.ctx.db.selectFrom("events").selectAll().where("object_type", "=", "email").where("object_id", "=", id).execute();

  it("create ticket for…: a ticket in the chosen account, raised by the admin, the sender named at the top, recorded once", async () => {
    const message = await quarantine(
      newMail({
        from: "Mallory <mallory@evil.test>",
        subject: "Website down",
        text: "Our site is down!",
        attachment: { name: "screen.pdf", contentType: "application/pdf", data: PDF },
      }),
    );
    const response = await act(admin, message.id, "create-ticket", { accountId: accountA.id });
    expect(response.statusCode, response.body).toBe(200);
    const data = response.json().data;
    expect(data).toMatchObject({
      status: "resolved",
      reason: expect.stringMatching(/^Unknown sender/),
      resolution: { action: "ticket_created", by: { id: adminPerson.id, name: "Ada Admin" } },
      ticketId: expect.any(String),
    });
    const detail = await ticketAs(clientA, data.ticketId);
    expect(detail.ticket).toMatchObject({ subject: "Website down", account: { id: accountA.id }, createdBy: { name: "Ada Admin" } });
    expect(detail.description).toBe("Sent by email from mallory@evil.test.\n\nOur site is down!");
    expect(detail.files.map((f) => f.name)).toEqual(["screen.pdf"]);
    expect((await clientB.inject({ method: "GET", url: `/api/tickets/${data.ticketId}` })).statusCode).toBe(404);
    // Nobody outside the account is told: the stranger gets no acknowledgement.
    expect(await mailTo("mallory@evil.test")).toHaveLength(0);

    const events = await eventsOf(message.id);
    expect(events.map((e) => [e.verb, e.actor_id])).toEqual([["inbound.ticket_created", adminPerson.id]]);
    expect(JSON.parse(events[0]!.payload)).toMatchObject({ ticketId: data.ticketId, from: "mallory@evil.test" });
    const audit = (await admin.inject({ method: "GET", url: "/api/admin/events?verb=inbound.ticket_created" })).json().data;
    expect(audit[0]).toMatchObject({ objectId: message.id, actor: { name: "Ada Admin" } });

    // Acted on: a second action of any kind is refused and changes nothing.
    const count = await ticketCount();
    for (const [action, payload] of [
      ["create-ticket", { accountId: accountA.id }],
      ["add-contact", { accountId: accountA.id, name: "Mallory" }],
      ["discard", undefined],
    ] as const) {
      const again = await act(admin, message.id, action, payload);
      expect(again.statusCode, again.body).toBe(409);
      expect(again.json().error.message).toMatch(/already been posted from the quarantine; only a quarantined email can be acted on/);
    }
    expect(await ticketCount()).toBe(count);
    expect(await eventsOf(message.id)).toHaveLength(1);
  });

  it("create ticket for… acknowledges the sender when they are a contact of that account", async () => {
    // Anna's message names a ticket only by its subject: quarantined, then raised by the admin for her.
    const message = await quarantine(newMail({ from: anna.email, subject: "Re: [#999998] Gallery", text: "Gallery is slow." }));
    const response = await act(admin, message.id, "create-ticket", { accountId: accountA.id });
    expect(response.statusCode, response.body).toBe(200);
    const { number } = (await ticketAs(admin, response.json().data.ticketId)).ticket;
    expect((await mailTo(anna.email)).at(-1)?.subject).toBe(`Received: SUP-${number} Re: [#999998] Gallery`);
  });

  it("add sender as contact and post: invited to the account, the message a new ticket of theirs, acknowledged", async () => {
    const message = await quarantine(
      newMail({ from: "Carol New <carol@alpha.test>", subject: "Price list", text: "Please update the prices." }),
    );
    const missing = await act(admin, message.id, "add-contact", { accountId: accountA.id });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toMatch(/name/);
    const response = await act(admin, message.id, "add-contact", { accountId: accountA.id, name: "Carol New" });
    expect(response.statusCode, response.body).toBe(200);
    const data = response.json().data;
    expect(data).toMatchObject({ status: "resolved", resolution: { action: "contact_added", by: { name: "Ada Admin" } } });
    const carol = await t.ctx.db.selectFrom("users").selectAll().where("email", "=", "carol@alpha.test").executeTakeFirstOrThrow();
    expect(carol).toMatchObject({ role: "client", status: "pending", account_id: accountA.id, name: "Carol New" });
    const detail = await ticketAs(clientA, data.ticketId);
    expect(detail.ticket).toMatchObject({ subject: "Price list", account: { id: accountA.id }, createdBy: { name: "Carol New" } });
    expect(detail.description).toBe("Please update the prices.");
    const mails = await mailTo("carol@alpha.test");
    expect(mails.map((m) => m.subject)).toEqual([expect.stringMatching(/invit/i), `Received: SUP-${detail.ticket.number} Price list`]);
    const events = await eventsOf(message.id);
    expect(events.map((e) => e.verb)).toEqual(["inbound.contact_added"]);
    expect(JSON.parse(events[0]!.payload)).toMatchObject({ contactId: carol.id, postedTo: { type: "ticket", id: data.ticketId } });
    expect((await act(admin, message.id, "add-contact", { accountId: accountA.id, name: "Carol New" })).statusCode).toBe(409);
  });

  it("add sender as contact and post: into the ticket the message answered, only from that ticket's account", async () => {
    const ticket = await buildTicket(t, { by: anna, subject: "Menu colours", description: "Too dark." });
    const message = await quarantine(
      newMail({
        from: "Dave <dave@alpha.test>",
        to: replyAddressFor(t.config, "ticket", ticket.id),
        subject: "Re: Menu colours",
        text: "I agree with Anna.",
      }),
    );
    expect(message.ticketId).toBe(ticket.id);
    // Adding Dave to another account must not post into Alpha's ticket: refused, nothing written.
    const wrong = await act(admin, message.id, "add-contact", { accountId: accountB.id, name: "Dave" });
    expect(wrong.statusCode, wrong.body).toBe(400);
    expect(wrong.json().error).toMatchObject({ code: "validation_error", field: "accountId" });
    expect(await t.ctx.db.selectFrom("users").select("id").where("email", "=", "dave@alpha.test").execute()).toHaveLength(0);

    const response = await act(admin, message.id, "add-contact", { accountId: accountA.id, name: "Dave Alpha" });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().data).toMatchObject({ status: "resolved", ticketId: ticket.id });
    const emailed = (await ticketAs(clientA, ticket.id)).timeline.filter((i) => i.message?.source === "email");
    expect(emailed.map((i) => [i.actor?.name, i.message?.body])).toEqual([["Dave Alpha", "I agree with Anna."]]);
  });

  it("refuses to add a sender who already has an account, changing nothing", async () => {
    const message = await quarantine(newMail({ from: bob.email, subject: "Re: [#999997] x", text: "Hello." }));
    const response = await act(admin, message.id, "add-contact", { accountId: accountA.id, name: "Bob" });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.field).toBe("email");
    const row = (await admin.inject({ method: "GET", url: "/api/admin/inbound?status=quarantined" }))
      .json()
      .data.find((m: { id: string }) => m.id === message.id);
    expect(row).toMatchObject({ status: "quarantined", resolution: null });
  });

  it("discard: nothing posted, shown as discarded by the admin, filtered by status, recorded once", async () => {
    const message = await quarantine(newMail({ from: "spam@spam.test", subject: "Cheap watches", text: "Buy now." }));
    const response = await act(admin, message.id, "discard");
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().data).toMatchObject({
      status: "discarded",
      ticketId: null,
      resolution: { action: "discarded", by: { name: "Ada Admin" } },
    });
    const list = async (status: string) =>
      (await admin.inject({ method: "GET", url: `/api/admin/inbound?status=${status}` })).json().data as { id: string; status: string }[];
    expect((await list("discarded")).map((m) => m.id)).toContain(message.id);
    expect((await list("quarantined")).map((m) => m.id)).not.toContain(message.id);
    expect((await list("resolved")).every((m) => m.status === "resolved")).toBe(true);
    expect((await eventsOf(message.id)).map((e) => [e.verb, e.actor_id])).toEqual([["inbound.discarded", adminPerson.id]]);
    const again = await act(admin, message.id, "discard");
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toMatch(/already been discarded/);
  });

  it("answers 403 to clients and agents, 404 to an unknown email, 400 naming the field for bad input", async () => {
    const message = await quarantine(newMail({ from: "eve@evil.test", subject: "Hi", text: "Hi." }));
    for (const session of [clientA, clientB, agent]) {
      expect((await act(session, message.id, "create-ticket", { accountId: accountA.id })).statusCode).toBe(403);
      expect((await act(session, message.id, "add-contact", { accountId: accountA.id, name: "Eve" })).statusCode).toBe(403);
      expect((await act(session, message.id, "discard")).statusCode).toBe(403);
    }
    expect((await act(admin, newId(), "discard")).statusCode).toBe(404);
    const noAccount = await act(admin, message.id, "create-ticket", {});
    expect(noAccount.statusCode).toBe(400);
    expect(noAccount.json().error.message).toMatch(/accountId/);
    const unknownAccount = await act(admin, message.id, "create-ticket", { accountId: newId() });
    expect(unknownAccount.statusCode).toBe(400);
    expect(unknownAccount.json().error).toMatchObject({ field: "accountId" });
    // Nothing happened to it.
    expect(await eventsOf(message.id)).toHaveLength(0);
    expect((await act(admin, message.id, "discard")).statusCode).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replyAddressFor } from "../../platform/reply-address";
import { assignAgent, buildAccount, buildTicket, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, type TestApp } from "../../test/harness";
import { deliverEmail, delivered as deliveredTo, fixture, INBOUND_SECRET } from "./test-mail";

/**
 * Reply by email through POST /api/inbound/email, end to end with the real tickets service:
 * realistic messages from Gmail, Outlook and Apple Mail land in their ticket as the person
 * wrote them; strangers, garbage and unmatched mail are quarantined for an admin.
 */
let t: TestApp;
let accountA: { id: string };
let anna: Person;
let asa: { id: string; email: string; username: string };
let agnes: { id: string; email: string; username: string };
let bob: { id: string; email: string };
let loner: { id: string; email: string };
let clientA: Session;
let admin: Session;

beforeAll(async () => {
  t = await createTestApp({ INBOUND_SECRET, MAIL_FROM: "WP Xpress <support@wpexpress.test>" });
  accountA = await buildAccount(t, { name: "Alpha Plumbing" });
  anna = await buildUser(t, { accountId: accountA.id, name: "Anna Alpha", email: "anna@alpha.test" });
  asa = await buildUser(t, { accountId: accountA.id, name: "Åsa Lindström", email: "asa@alpha.test" });
  agnes = await buildUser(t, { role: "agent", name: "Agnes Agent", email: "agnes@wpexpress.test" });
  await assignAgent(t, accountA.id, agnes.id);
  bob = await buildUser(t, { name: "Bob Bravo", email: "bob@bravo.test" });
  loner = await buildUser(t, { role: "agent", name: "Lone Agent", email: "lone@wpexpress.test" });
  clientA = await login(t, anna.username);
  admin = await login(t, (await buildUser(t, { role: "admin" })).username);
});
afterAll(() => t.close());

/** A ticket raised by Anna, with what its emails carry: the signed reply address and the thread root. */
async function raise(subject = "Contact form is broken") {
  const ticket = await buildTicket(t, { by: anna, subject, description: "It shows an error." });
  return { ...ticket, replyTo: replyAddressFor(t.config, "ticket", ticket.id), threadId: `<ticket-${ticket.id}@wpexpress.test>` };
}

const deliver = (raw: Buffer, secret = INBOUND_SECRET, contentType = "message/rfc822") => deliverEmail(t, raw, secret, contentType);
const delivered = (raw: Buffer) => deliveredTo(t, raw);

type Item = {
  type: string;
  actor: { name: string } | null;
  message?: { body: string; source: string; kind: string; files: { name: string; url: string; isImage: boolean; contentType: string }[] };
};
async function emailMessages(ticketId: string) {
  const detail = (await clientA.inject({ method: "GET", url: `/api/tickets/${ticketId}` })).json();
  return (detail.data.timeline as Item[]).filter((i) => i.message?.source === "email");
}

describe("replies that reach their ticket", () => {
  let ticket: Awaited<ReturnType<typeof raise>>;
  const gmailId = "<CAF3r7x+abc123XYZ@mail.gmail.com>";
  beforeAll(async () => {
    ticket = await raise();
  });

  it("posts a Gmail reply (signed reply address) without the quoted history, once per Message-ID", async () => {
    const raw = fixture("gmail.eml", { TO: ticket.replyTo, FROM: "Anna@Alpha.test", NUMBER: String(ticket.number), MESSAGE_ID: gmailId });
    const result = await delivered(raw);
    expect(result).toMatchObject({ status: "attached", reason: null, ticketId: ticket.id });
    expect(await delivered(raw)).toMatchObject({ status: "duplicate", id: result.id });
    const messages = await emailMessages(ticket.id);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.actor?.name).toBe("Anna Alpha");
    expect(messages[0]!.message).toMatchObject({
      kind: "reply",
      body: "Thanks Agnes, the form works again on desktop.\n\nIt still fails on my phone though — the button does nothing.",
    });
    const rows = await t.ctx.db.selectFrom("inbound_messages").selectAll().where("message_id", "=", gmailId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: "attached",
      from_address: "anna@alpha.test",
      subject: `Re: [#${ticket.number}] Contact form is broken`,
    });
  });

  it("matches an Outlook reply sent to the plain support address by In-Reply-To", async () => {
    const raw = fixture("outlook.eml", {
      FROM: anna.email,
      NUMBER: String(ticket.number),
      IN_REPLY_TO: ticket.threadId,
      REFERENCES: ticket.threadId,
    });
    expect(await delivered(raw)).toMatchObject({ status: "attached", ticketId: ticket.id });
    expect((await emailMessages(ticket.id)).at(-1)?.message?.body).toBe(
      "Hi Agnes,\n\nThe phone works now as well. Thank you!\n\nKind regards,\nAnna",
    );
  });

  it("matches an HTML-only Outlook reply from the agent by a References id stored with an earlier email", async () => {
    const raw = fixture("outlook-html.eml", { FROM: agnes.email, NUMBER: "0", REFERENCES: `<unrelated@x.test> ${gmailId}` });
    expect(await delivered(raw)).toMatchObject({ status: "attached", ticketId: ticket.id });
    const last = (await emailMessages(ticket.id)).at(-1);
    expect(last?.actor?.name).toBe("Agnes Agent");
    expect(last?.message?.body).toBe(
      "Good news & bad news: the form is fixed, the café page is next.\n\nDetails: status page (https://status.wpexpress.test/incidents/42)",
    );
  });

  it("keeps Apple Mail's inline picture as an image file on the reply (matched by Delivered-To)", async () => {
    const raw = fixture("apple.eml", { TO: ticket.replyTo, FROM: anna.email, NUMBER: String(ticket.number) });
    expect(await delivered(raw)).toMatchObject({ status: "attached" });
    const last = (await emailMessages(ticket.id)).at(-1);
    expect(last?.message?.body).toBe("Here is the error I get on my phone.");
    expect(last?.message?.files).toMatchObject([{ name: "IMG_0412.png", contentType: "image/png", isImage: true }]);
    const image = await clientA.inject({ method: "GET", url: last?.message?.files[0]?.url as string });
    expect(image.statusCode).toBe(200);
    expect(image.rawPayload.subarray(1, 4).toString()).toBe("PNG");
  });

  it("reads an RFC 2047 subject and a UTF-8 body and reopens a closed ticket", async () => {
    const closed = await raise("Logo size");
    expect((await clientA.inject({ method: "POST", url: `/api/tickets/${closed.id}/close`, payload: {} })).json().data.status).toBe(
      "closed",
    );
    const raw = fixture("non-ascii.eml", { TO: closed.replyTo, FROM: asa.email, NUMBER: String(closed.number) });
    const result = await delivered(raw);
    expect(result).toMatchObject({ status: "attached", ticketId: closed.id });
    const messages = await emailMessages(closed.id);
    expect(messages.map((m) => [m.actor?.name, m.message?.body])).toEqual([
      ["Åsa Lindström", "Grüße aus Köln! Die Größe passt jetzt. 日本語もOKです ✅"],
    ]);
    const row = await t.ctx.db.selectFrom("inbound_messages").select("subject").where("id", "=", result.id).executeTakeFirstOrThrow();
    expect(row.subject).toBe(`Re: [#${closed.number}] Größe der Datei — 日本語`);
    const status = (await clientA.inject({ method: "GET", url: `/api/tickets/${closed.id}` })).json().data.ticket.status;
    expect(status).not.toBe("closed");
  });

  it("attaches a PDF sent by the assigned agent with the reply address in Cc", async () => {
    const quote = await raise("Quote for the new booking page");
    const raw = fixture("pdf-attachment.eml", { TO: quote.replyTo, FROM: agnes.email, NUMBER: String(quote.number) });
    expect(await delivered(raw)).toMatchObject({ status: "attached", ticketId: quote.id });
    const message = (await emailMessages(quote.id))[0]!;
    expect(message.message?.body).toBe("Here is the signed quote for the booking page.");
    expect(message.message?.files).toMatchObject([{ name: "Quote 2026-118.pdf", contentType: "application/pdf", isImage: false }]);
    const pdf = await clientA.inject({ method: "GET", url: message.message?.files[0]?.url as string });
    expect(pdf.body.startsWith("%PDF-1.4")).toBe(true);
    expect(pdf.headers["content-disposition"]).toMatch(/^attachment;/);
  });
});

describe("replies that are quarantined", () => {
  let ticket: Awaited<ReturnType<typeof raise>>;
  beforeAll(async () => {
    ticket = await raise("Quarantine checks");
  });

  const quarantined = async (raw: Buffer, reason: RegExp) => {
    const result = await delivered(raw);
    expect(result.status).toBe("quarantined");
    expect(result.reason).toMatch(reason);
    return result;
  };

  it("quarantines a stranger, another account's contact and an unassigned agent, posting nothing", async () => {
    const stranger = await quarantined(fixture("stranger.eml", { TO: ticket.replyTo, NUMBER: String(ticket.number) }), /^Unknown sender/);
    expect(stranger.ticketId).toBe(ticket.id);
    for (const who of [bob, loner]) {
      await quarantined(fixture("gmail.eml", { TO: ticket.replyTo, FROM: who.email, NUMBER: "0" }), /not a participant of SUP-/);
    }
    expect(await emailMessages(ticket.id)).toHaveLength(0);
    const raw = await admin.inject({ method: "GET", url: `/api/admin/inbound/${stranger.id}/raw` });
    expect(raw.statusCode).toBe(200);
    expect(raw.headers["content-type"]).toBe("message/rfc822");
    expect(raw.headers["content-disposition"]).toMatch(/^attachment; filename="inbound-.+\.eml"$/);
    expect(raw.body).toContain("Please send the admin password");
  });

  it("quarantines a message that names no ticket, or forges the reply address's signature", async () => {
    await quarantined(fixture("gmail.eml", { TO: "support@wpexpress.test", FROM: anna.email, NUMBER: "0" }), /^No match/);
    // A guessable ticket number alone is not trusted (From is easy to forge); the admin sees which ticket it named.
    const bySubject = await quarantined(
      fixture("non-ascii.eml", { TO: "support@wpexpress.test", FROM: anna.email, NUMBER: String(ticket.number) }),
      new RegExp(`^No match: only the subject names SUP-${ticket.number}`),
    );
    expect(bySubject.ticketId).toBe(ticket.id);
    const forged = ticket.replyTo.replace(/\.([0-9a-f]{20})@/, ".00000000000000000000@");
    await quarantined(fixture("gmail.eml", { TO: forged, FROM: anna.email, NUMBER: "0" }), /^No match/);
  });

  it("quarantines out-of-office replies and bounces from participants, so they cannot loop", async () => {
    const reply = fixture("gmail.eml", { TO: ticket.replyTo, FROM: anna.email, NUMBER: String(ticket.number) });
    for (const header of ["Auto-Submitted: auto-replied", "X-Autoreply: yes", "Precedence: bulk"]) {
      await quarantined(
        Buffer.concat([Buffer.from(`${header}\r\n`), fixture("gmail.eml", { TO: ticket.replyTo, FROM: anna.email, NUMBER: "0" })]),
        /^Automatic reply/,
      );
    }
    const bounce = Buffer.from(reply.toString().replace(/multipart\/alternative/, "multipart/report"));
    await quarantined(bounce, /delivery status report/);
    expect(await emailMessages(ticket.id)).toHaveLength(0);
  });

  it("quarantines garbage as malformed and keeps the raw bytes", async () => {
    const raw = fixture("malformed.eml");
    const result = await quarantined(raw, /^Malformed/);
    const download = await admin.inject({ method: "GET", url: `/api/admin/inbound/${result.id}/raw` });
    expect(download.rawPayload.equals(raw)).toBe(true);
    expect(await delivered(raw)).toMatchObject({ status: "duplicate", id: result.id });
  });

  it("lists inbound mail for admins only, filtered by status", async () => {
    const quarantine = (await admin.inject({ method: "GET", url: "/api/admin/inbound?status=quarantined" })).json();
    expect(quarantine.data.length).toBeGreaterThanOrEqual(5);
    expect(quarantine.data.every((m: { status: string }) => m.status === "quarantined")).toBe(true);
    expect(quarantine.data.find((m: { from: string }) => m.from === "mallory@evil.test")).toMatchObject({
      subject: `Re: [#${ticket.number}] Contact form is broken`,
      reason: expect.stringMatching(/^Unknown sender/),
      ticketId: ticket.id,
      hasRaw: true,
    });
    const attached = (await admin.inject({ method: "GET", url: "/api/admin/inbound?status=attached" })).json();
    expect(attached.data.every((m: { status: string; reason: null }) => m.status === "attached" && m.reason === null)).toBe(true);
    expect((await clientA.inject({ method: "GET", url: "/api/admin/inbound" })).statusCode).toBe(403);
    expect((await clientA.inject({ method: "GET", url: `/api/admin/inbound/${quarantine.data[0].id}/raw` })).statusCode).toBe(403);
  });
});

describe("POST /api/inbound/email", () => {
  it("needs the shared secret, a raw MIME body and a raw content type", async () => {
    const raw = fixture("stranger.eml", { TO: "x@y.test", NUMBER: "1" });
    expect((await deliver(raw, "wrong-secret")).statusCode).toBe(401);
    expect((await deliver(raw, "")).statusCode).toBe(401);
    expect((await deliver(Buffer.from('{"a":1}'), INBOUND_SECRET, "application/json")).statusCode).toBe(415);
    expect((await deliver(Buffer.alloc(0))).statusCode).toBe(400);
    expect((await deliver(raw, INBOUND_SECRET, "text/plain")).json().data.status).toBe("quarantined");
    // Above the API's usual 1 MB body limit, within INBOUND_MAX_MB.
    const large = Buffer.concat([fixture("stranger.eml", { TO: "x@y.test", NUMBER: "1" }), Buffer.alloc(3 * 1024 * 1024, "a")]);
    expect((await deliver(large)).json().data.status).toBe("quarantined");
  });
});

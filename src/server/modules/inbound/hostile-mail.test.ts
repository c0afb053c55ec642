import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../platform/ids";
import { replyAddressFor } from "../../platform/reply-address";
import { buildAccount, buildTicket, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, type TestApp } from "../../test/harness";
import { hostileCorpus } from "./hostile-corpus";
import { type InboundSmtp, startInboundSmtp } from "./smtp";
import { composeMail, deliverEmail, delivered as deliveredTo, INBOUND_SECRET, type MailAttachment, sendSmtp } from "./test-mail";

/**
 * Hostile email (issue 10, item 6). Whatever arrives — over HTTP or SMTP — is posted correctly,
 * quarantined with a reason, or refused with a clear code; never posted as someone it does not
 * come from, never a 5xx or an SMTP 451 (which makes the sender retry forever), and never more
 * or larger files than the portal's own upload form allows.
 *
 * The app runs with small limits so the big cases stay small: uploads of at most 1 MB, 10 files
 * a message (the default), messages of at most 3 MB.
 */
let t: TestApp;
let listener: InboundSmtp;
let anna: Person;
let clientA: Session;
let admin: Session;
let accountA: { id: string };
let ticket: { id: string; number: number; replyTo: string };

beforeAll(async () => {
  t = await createTestApp({
    INBOUND_SECRET,
    MAIL_FROM: "WP Xpress <support@wpexpress.test>",
    MAX_UPLOAD_MB: "1",
    MAX_FILES_PER_MESSAGE: "10",
    INBOUND_MAX_MB: "3",
  });
  accountA = await buildAccount(t, { name: "Alpha Plumbing" });
  anna = await buildUser(t, { accountId: accountA.id, name: "Anna Alpha", email: "anna@alpha.test" });
  await buildUser(t, { name: "Mallory", email: "mallory@evil.test" });
  clientA = await login(t, anna.username);
  admin = await login(t, (await buildUser(t, { role: "admin" })).username);
  const built = await buildTicket(t, { by: anna, subject: "Contact form is broken", description: "It shows an error." });
  ticket = { ...built, replyTo: replyAddressFor(t.config, "ticket", built.id) };
  listener = await startInboundSmtp(t.ctx, { port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await listener.close();
  await t.close();
});

type Message = { body: string; source: string; files: { name: string; contentType: string; size: number }[] };
type Item = { actor: { name: string } | null; message?: Message };

/** The ticket's comments that came by email, as the client sees them. */
async function emailComments(ticketId = ticket.id) {
  const detail = (await clientA.inject({ method: "GET", url: `/api/tickets/${ticketId}` })).json();
  return (detail.data.timeline as Item[]).filter((i) => i.message?.source === "email");
}

const reply = (o: {
  from?: string;
  subject?: string;
  text?: string;
  messageId?: string;
  attachments?: MailAttachment[];
  headers?: string[];
}) =>
  composeMail({
    from: o.from ?? "Anna Alpha <anna@alpha.test>",
    to: `WP Xpress <${ticket.replyTo}>`,
    subject: o.subject ?? `Re: SUP-${ticket.number} Contact form is broken`,
    text: o.text ?? "Thanks, that works now.",
    messageId: o.messageId,
    attachments: o.attachments,
    headers: o.headers,
  });

const delivered = (raw: Buffer) => deliveredTo(t, raw);
const file = (name: string, bytes: number, contentType = "application/pdf"): MailAttachment => ({
  name,
  contentType,
  data: Buffer.alloc(bytes, name.charCodeAt(0)),
});
const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

describe("a From that is not one clean address is quarantined, never posted as that client", () => {
  const forged: [string, string][] = [
    ["a NUL after the client's address", "anna@alpha.test\u0000"],
    ["a NUL inside the client's address", "anna\u0000@alpha.test"],
    ["a NUL joining two addresses", "anna@alpha.test\u0000mallory@evil.test"],
    ["a control character inside the angle brackets", "Anna Alpha <anna@alpha.test\u0001>"],
    ["a NUL in an encoded display name", `=?utf-8?b?${b64("Anna\u0000Alpha")}?= <anna@alpha.test>`],
    ["two addresses", "anna@alpha.test, mallory@evil.test"],
    ["a group of addresses", "Alpha team: anna@alpha.test;"],
    ["a second From header", "anna@alpha.test\r\nFrom: mallory@evil.test"],
    ["the client's address as the quoted display name of another", '"anna@alpha.test" <mallory@evil.test>'],
    ["the client's address as a bare display name of another", "anna@alpha.test <mallory@evil.test>"],
    ["the client's address as an encoded display name of another", "=?utf-8?q?anna=40alpha.test?= <mallory@evil.test>"],
    ["another address as the display name of the client's", '"mallory@evil.test" <anna@alpha.test>'],
    ["no address at all", "Anna Alpha"],
    ["an address that is not an addr-spec", "Anna <anna@@alpha.test>"],
  ];
  for (const [what, from] of forged) {
    it(`quarantines ${what}`, async () => {
      const before = (await emailComments()).length;
      const result = await delivered(reply({ from }));
      expect(result.status).toBe("quarantined");
      expect(result.reason).toMatch(/^Malformed: /);
      // The admin still sees which ticket it was aimed at (its signed reply address).
      expect(result.ticketId).toBe(ticket.id);
      expect(await emailComments()).toHaveLength(before);
      const row = await t.ctx.db.selectFrom("inbound_messages").selectAll().where("id", "=", result.id).executeTakeFirstOrThrow();
      expect(row.from_address).not.toMatch(/\p{Cc}/u);
      // The admin cannot post it as the client from the quarantine either.
      const add = await admin.inject({
        method: "POST",
        url: `/api/admin/inbound/${result.id}/add-contact`,
        payload: { accountId: accountA.id, name: "Someone" },
      });
      expect(add.statusCode).toBe(409);
    });
  }

  it("posts a clean From as the client however its display name is written", async () => {
    const clean = [
      "Anna Alpha <anna@alpha.test>",
      '"Alpha, Anna" <anna@alpha.test>',
      '"anna@alpha.test" <anna@alpha.test>',
      "anna@alpha.test (Anna Alpha)",
      "ANNA@Alpha.Test",
      `=?utf-8?b?${b64("Änna Älpha")}?= <anna@alpha.test>`,
    ];
    const before = (await emailComments()).length;
    for (const from of clean) expect(await delivered(reply({ from, text: `From ${from}` }))).toMatchObject({ status: "attached" });
    const posted = (await emailComments()).slice(before);
    expect(posted.map((c) => [c.actor?.name, c.message?.body])).toEqual(clean.map((from) => ["Anna Alpha", `From ${from}`]));
  });
});

describe("control characters are taken out where the email becomes ours", () => {
  const dirty = (messageId: string) =>
    reply({
      subject: `Re: SUP-${ticket.number} Contact\u0000 form\u0007 fixed`,
      text: "Line one\u0000 and\u0001 two\tthree.\r\nLine two\u001b.",
      messageId,
      attachments: [file("re\u0000port.pdf", 20, "application/pdf")],
      headers: [`X-Note: =?utf-8?b?${b64("a\u0000b")}?=`],
    });

  it("posts a reply with NUL and other controls in its subject, body and file name, without them (HTTP)", async () => {
    const result = await delivered(dirty(`<nul-${newId()}@mail.example.com>`));
    expect(result.status).toBe("attached");
    const last = (await emailComments()).at(-1)!;
    expect(last.message?.body).toBe("Line one and two\tthree.\nLine two.");
    expect(last.message?.files.map((f) => f.name)).toEqual(["report.pdf"]);
    const row = await t.ctx.db.selectFrom("inbound_messages").select("subject").where("id", "=", result.id).executeTakeFirstOrThrow();
    expect(row.subject).toBe(`Re: SUP-${ticket.number} Contact form fixed`);
  });

  it("answers 250 over SMTP for the same message, never 451", async () => {
    expect(await sendSmtp(listener.port, dirty(`<nul-${newId()}@mail.example.com>`), [ticket.replyTo])).toMatch(/^250 .*attached/);
    expect((await emailComments()).at(-1)?.message?.body).toBe("Line one and two\tthree.\nLine two.");
  });

  it("reads NUL hidden in an encoded subject, a base64 body and a Message-ID", async () => {
    const raw = Buffer.from(
      [
        "From: anna@alpha.test",
        `To: ${ticket.replyTo}`,
        `Subject: =?utf-8?b?${b64(`Re: SUP-${ticket.number}\u0000 hidden`)}?=`,
        `Message-ID: <hidden\u0000${newId()}@mail.example.com>`,
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: base64",
        "",
        b64("Hidden\u0000 NUL.\u0000"),
        "",
      ].join("\r\n"),
    );
    const result = await delivered(raw);
    expect(result.status).toBe("attached");
    expect((await emailComments()).at(-1)?.message?.body).toBe("Hidden NUL.");
    const row = await t.ctx.db.selectFrom("inbound_messages").selectAll().where("id", "=", result.id).executeTakeFirstOrThrow();
    expect(row.subject).toBe(`Re: SUP-${ticket.number} hidden`);
    expect(row.message_id).not.toContain("\u0000");
    // The same bytes again are the same message (its id is read the same way each time).
    expect(await delivered(raw)).toMatchObject({ status: "duplicate", id: result.id });
  });

  it("opens a new ticket from a client's email to the support address with NUL in its subject and body", async () => {
    const raw = composeMail({
      from: "anna@alpha.test",
      to: "support@wpexpress.test",
      subject: "Invoice\u0000 question",
      text: "Where is\u0000 my invoice?",
    });
    const result = await delivered(raw);
    expect(result.status).toBe("attached");
    const detail = (await clientA.inject({ method: "GET", url: `/api/tickets/${result.ticketId}` })).json();
    expect(detail.data.ticket.subject).toBe("Invoice question");
    expect(detail.data.description).toBe("Where is my invoice?");
  });
});

describe("replies by email obey the upload limits", () => {
  it("posts the first 10 of 60 attachments and says the rest were left out", async () => {
    const attachments = Array.from({ length: 60 }, (_, i) => file(`photo-${String(i + 1).padStart(2, "0")}.png`, 40, "image/png"));
    expect(await delivered(reply({ text: "All the photos.", attachments }))).toMatchObject({ status: "attached" });
    const last = (await emailComments()).at(-1)!;
    expect(last.message?.files.map((f) => f.name)).toEqual(attachments.slice(0, 10).map((a) => a.name));
    expect(last.message?.body).toBe("All the photos.\n\n50 attachments were not added: more than 10 files.");
  });

  it("leaves out a file larger than the upload limit, and an empty one, naming each", async () => {
    const attachments = [file("report.pdf", 1.5 * 1024 * 1024), file("small.png", 50, "image/png"), file("empty.txt", 0, "text/plain")];
    expect(await delivered(reply({ text: "The report.", attachments }))).toMatchObject({ status: "attached" });
    const last = (await emailComments()).at(-1)!;
    expect(last.message?.files.map((f) => f.name)).toEqual(["small.png"]);
    expect(last.message?.body).toBe(
      "The report.\n\nreport.pdf (1.5 MB) was not added: larger than 1 MB.\nempty.txt was not added: the file is empty.",
    );
  });

  it("posts an attachment-only reply whose only file is too large as the note alone, over SMTP too", async () => {
    const raw = reply({ text: "", attachments: [file("scan.pdf", 1.2 * 1024 * 1024)] });
    expect(await sendSmtp(listener.port, raw, [ticket.replyTo])).toMatch(/^250 .*attached/);
    const last = (await emailComments()).at(-1)!;
    expect(last.message?.files).toEqual([]);
    expect(last.message?.body).toBe("scan.pdf (1.2 MB) was not added: larger than 1 MB.");
  });

  it("applies the same limits to a new ticket from the support address", async () => {
    const attachments = Array.from({ length: 12 }, (_, i) => file(`doc-${i + 1}.pdf`, 30));
    const raw = composeMail({ from: "anna@alpha.test", to: "support@wpexpress.test", subject: "Documents", text: "Here.", attachments });
    const result = await delivered(raw);
    expect(result.status).toBe("attached");
    const detail = (await clientA.inject({ method: "GET", url: `/api/tickets/${result.ticketId}` })).json();
    expect(detail.data.files).toHaveLength(10);
    expect(detail.data.description).toBe("Here.\n\n2 attachments were not added: more than 10 files.");
  });

  it("applies them when an admin creates a ticket from a quarantined email", async () => {
    const attachments = [file("big.pdf", 2 * 1024 * 1024 - 100), ...Array.from({ length: 11 }, (_, i) => file(`f${i + 1}.pdf`, 30))];
    const raw = composeMail({
      from: "stranger@nowhere.test",
      to: "support@wpexpress.test",
      subject: "Files",
      text: "See files.",
      attachments,
    });
    const result = await delivered(raw);
    expect(result.status).toBe("quarantined");
    const created = await admin.inject({
      method: "POST",
      url: `/api/admin/inbound/${result.id}/create-ticket`,
      payload: { accountId: accountA.id },
    });
    expect(created.statusCode, created.body).toBe(200);
    const detail = (await clientA.inject({ method: "GET", url: `/api/tickets/${created.json().data.ticketId}` })).json();
    expect(detail.data.files.map((f: { name: string }) => f.name)).toEqual(attachments.slice(1, 11).map((a) => a.name));
    expect(detail.data.description).toBe(
      "Sent by email from stranger@nowhere.test.\n\nSee files.\n\nbig.pdf (2 MB) was not added: larger than 1 MB.\n1 attachment was not added: more than 10 files.",
    );
  });
});

describe("a hostile corpus is posted, quarantined or refused, over HTTP and SMTP, never a 5xx or 451", () => {
  // Built when the tests run: the ticket's reply address exists only after beforeAll.
  const corpus = () =>
    hostileCorpus({
      from: "Anna Alpha <anna@alpha.test>",
      stranger: "mallory@evil.test",
      to: ticket.replyTo,
      subject: `Re: SUP-${ticket.number} Contact form`,
      maxUploadBytes: t.config.maxUploadBytes,
      inboundMaxBytes: t.config.inboundMaxBytes,
    });
  const names = hostileCorpus({ from: "", stranger: "", to: "", subject: "", maxUploadBytes: 1, inboundMaxBytes: 1 }).map((c) => c.name);
  for (const [i, name] of names.entries()) {
    it(name, async () => {
      const c = corpus()[i]!;
      const before = (await emailComments()).length;
      // HTTP
      const response = await deliverEmail(t, c.raw(`<http-${newId()}@hostile.test>`));
      if (c.expect === "refused") {
        expect(response.statusCode).toBe(413);
        expect(response.json().error.code).toBe("payload_too_large");
      } else {
        expect(response.statusCode, response.body).toBe(200);
        const data = response.json().data;
        expect(data.status).toBe(c.expect);
        if (c.reason) expect(data.reason).toMatch(c.reason);
      }
      // SMTP
      const smtp = sendSmtp(listener.port, c.raw(`<smtp-${newId()}@hostile.test>`), [ticket.replyTo]);
      if (c.expect === "refused") await expect(smtp).rejects.toMatchObject({ responseCode: 552 });
      else expect(await smtp).toMatch(new RegExp(`^250 .*\\(${c.expect}\\)`));

      const posted = (await emailComments()).slice(before);
      expect(posted).toHaveLength(c.expect === "attached" ? 2 : 0);
      for (const comment of posted) {
        expect(comment.actor?.name).toBe("Anna Alpha");
        expect(comment.message?.body).not.toMatch(/[^\P{Cc}\t\n\r]/u);
        if (c.body !== undefined) expect(comment.message?.body).toBe(c.body);
      }
      if (c.expect === "quarantined" && c.reason) {
        const rows = await t.ctx.db.selectFrom("inbound_messages").select("reason").orderBy("id", "desc").limit(2).execute();
        for (const row of rows) expect(row.reason).toMatch(c.reason);
      }
    });
  }
});

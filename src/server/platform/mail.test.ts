import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignAgent, buildAccount, buildReply, buildTicket, buildUser } from "../test/factories";
import { createTestApp, drainJobs, type TestApp } from "../test/harness";
import { startSmtpService } from "../test/smtp-service";
import { queueEmail, renderEmail } from "./mail";

/** A real SMTP listener on 127.0.0.1 receives what the portal sends when SMTP_URL is set. */
let smtp: Awaited<ReturnType<typeof startSmtpService>>;
let received: Awaited<ReturnType<typeof startSmtpService>>["received"];
let t: TestApp;
let failNext = 0;

beforeAll(async () => {
  smtp = await startSmtpService({
    refuseRecipient: () => {
      if (failNext <= 0) return undefined;
      failNext--;
      return "mailbox busy";
    },
  });
  received = smtp.received;
  t = await createTestApp({ SMTP_URL: smtp.url, MAIL_FROM: "WP Xpress <support@wpexpress.test>" });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe("outbound mail over SMTP", () => {
  it("delivers the activation email with text and HTML parts and a PUBLIC_URL link", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/auth/register",
      payload: { email: "zoe@example.com", username: "zoe", name: "Zoë Ünal", phone: "", password: "a long enough password" },
    });
    expect(response.statusCode).toBe(201);
    await drainJobs(t);
    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.subject).toBe("Activate your Portico account");
    expect(mail.from?.text).toBe('"WP Xpress" <support@wpexpress.test>');
    expect(mail.text).toContain("Hello Zoë Ünal,");
    expect(mail.text).toMatch(/http:\/\/portal\.test\/activate\?token=[\w-]{20,}/);
    expect(mail.html).toContain("Activate your account");
    expect(mail.messageId).toMatch(/@portal\.test>$/);
    // Sent over SMTP, so the built-in mailbox stays empty.
    expect(await t.ctx.db.selectFrom("mailbox").select("id").execute()).toHaveLength(0);
  });

  it("retries when the SMTP server refuses for a while", async () => {
    failNext = 1;
    const id = await queueEmail(t.ctx.db, { to: "retry@example.com", subject: "Retry me", text: "hi" });
    await drainJobs(t);
    let job = await t.ctx.db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(job.status).toBe("queued");
    expect(job.last_error).toMatch(/mailbox busy/);
    await t.ctx.db
      .updateTable("jobs")
      .set({ run_at: new Date(0).toISOString() })
      .where("id", "=", id)
      .execute();
    await drainJobs(t);
    job = await t.ctx.db.selectFrom("jobs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(job.status).toBe("done");
    expect(received.map((m) => m.subject)).toContain("Retry me");
  });

  it("carries a message's own Message-ID, threading headers and Reply-To", async () => {
    await queueEmail(t.ctx.db, {
      to: "thread@example.com",
      subject: "[#1042] Re: Threaded",
      text: "hi",
      messageId: "<ticket-1.2@portal.test>",
      inReplyTo: "<ticket-1@portal.test>",
      references: ["<ticket-1@portal.test>"],
      replyTo: "reply+ticket.1.abc@wpexpress.test",
    });
    await drainJobs(t);
    const mail = received.find((m) => m.subject === "[#1042] Re: Threaded");
    expect(mail?.messageId).toBe("<ticket-1.2@portal.test>");
    expect(mail?.inReplyTo).toBe("<ticket-1@portal.test>");
    expect(mail?.references).toBe("<ticket-1@portal.test>");
    expect(mail?.replyTo?.text).toBe("reply+ticket.1.abc@wpexpress.test");
  });
});

describe("the person's words in an email", () => {
  const email = (message: string) =>
    renderEmail({
      to: "agnes@example.com",
      subject: "Reply",
      greeting: "Hello Agnes,",
      paragraphs: ["Anna replied to ticket SUP-1042 “Contact form broken”:"],
      message,
      linkBase: "http://portal.test",
      action: { label: "View ticket SUP-1042", url: "http://portal.test/tickets/1" },
    });

  it("renders Markdown in the HTML part, set off by a left border, and reads it as plain text in the text part", () => {
    const mail = email("The form is **still** broken on:\n\n- the [Contact page](/contact)\n- the footer\n\n<script>alert(1)</script>");
    expect(mail.html).toContain("<strong>still</strong>");
    expect(mail.html).toMatch(/<div style="[^"]*border-left:3px solid #d1d5db[^"]*">\n<p/);
    expect(mail.html).toContain('<a href="http://portal.test/contact" rel="noopener noreferrer"');
    expect(mail.html).not.toContain("<script");
    expect(mail.text).toBe(
      [
        "Hello Agnes,",
        "",
        "Anna replied to ticket SUP-1042 “Contact form broken”:",
        "",
        "The form is still broken on:",
        "",
        "- the Contact page (http://portal.test/contact)",
        "- the footer",
        "",
        "<script>alert(1)</script>",
        "",
        "View ticket SUP-1042: http://portal.test/tickets/1",
        "",
        "If you did not expect this email you can ignore it.",
      ].join("\n"),
    );
  });

  it("says nothing extra when there is no message", () => {
    const mail = email("");
    expect(mail.html).not.toContain("border-left");
    expect(mail.text).not.toContain("\n\n\n");
  });
});

describe("a ticket reply written in Markdown, in the built-in mailbox", () => {
  let m: TestApp;
  beforeAll(async () => {
    m = await createTestApp();
  });
  afterAll(() => m.close());

  it("arrives with bold and a list in the HTML, and no asterisks in the text part", async () => {
    const account = await buildAccount(m, { name: "Alpha Plumbing" });
    const anna = await buildUser(m, { accountId: account.id, name: "Anna Alpha" });
    const agnes = await buildUser(m, { role: "agent", name: "Agnes Agent" });
    await assignAgent(m, account.id, agnes.id);
    const ticket = await buildTicket(m, { by: anna, assignee: agnes, subject: "Contact form broken" });
    await drainJobs(m);
    await m.ctx.db.deleteFrom("mailbox").execute();

    await buildReply(m, ticket, { by: anna, body: "It is **still** broken on:\n\n* the contact page\n* the _quote_ form" });
    await drainJobs(m);
    const mail = await m.ctx.db
      .selectFrom("mailbox")
      .selectAll()
      .where("to_address", "=", agnes.email.toLowerCase())
      .executeTakeFirstOrThrow();
    expect(mail.html_body).toContain("<strong>still</strong>");
    expect(mail.html_body).toContain(">the contact page</li>");
    expect(mail.html_body).toContain("<em>quote</em>");
    expect(mail.text_body).toContain("It is still broken on:\n\n- the contact page\n- the quote form");
    expect(mail.text_body).not.toContain("*");
    expect(mail.text_body).not.toContain("_quote_");
    // The bell says the same words, on one line.
    const bell = await m.ctx.db
      .selectFrom("notifications")
      .select("body")
      .where("user_id", "=", agnes.id)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(bell.body).toBe("It is still broken on: - the contact page - the quote form");
  });
});

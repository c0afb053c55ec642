import nodemailer, { type Transporter } from "nodemailer";
import { type Static, Type } from "typebox";
import { plainTextOf } from "../../common/markdown-text";
import type { TSettings } from "../../common/schemas";
import type { Db, Executor } from "./db/database";
import { newId, nowIso } from "./ids";
import { defineJob, enqueue, jobHandler } from "./jobs";
import { escapeHtml, markdownToEmailHtml } from "./markdown-html";
import { getSettings } from "./settings";

export const ZMailMessage = Type.Object({
  to: Type.String({ minLength: 1 }),
  subject: Type.String(),
  text: Type.String(),
  html: Type.Optional(Type.String()),
  headers: Type.Optional(Type.Record(Type.String(), Type.String())),
  /** Its own Message-ID (`<…@domain>`); without it the transport derives one from the job id. */
  messageId: Type.Optional(Type.String()),
  /** Threading: the message this one answers, and the thread's ids, oldest first. */
  inReplyTo: Type.Optional(Type.String()),
  references: Type.Optional(Type.Array(Type.String())),
  /** Where replies should go, e.g. a signed per-ticket reply address. */
  replyTo: Type.Optional(Type.String()),
  /** The sender's display name (the agency's, set when queued); the address is always MAIL_FROM's. */
  fromName: Type.Optional(Type.String()),
  /**
   * Files sent with the message (an invoice's PDF), their bytes base64 in the job's payload: a
   * retried job sends the same file, whatever changed since it was queued. Keep them small.
   */
  attachments: Type.Optional(
    Type.Array(
      Type.Object({
        filename: Type.String({ minLength: 1 }),
        contentType: Type.String({ minLength: 1 }),
        contentBase64: Type.String(),
      }),
      { maxItems: 5 },
    ),
  ),
});
export type MailMessage = Static<typeof ZMailMessage>;
export type MailAttachment = NonNullable<MailMessage["attachments"]>[number];

/** A file as an email attachment. */
export const mailAttachment = (filename: string, contentType: string, bytes: Buffer): MailAttachment => ({
  filename,
  contentType,
  contentBase64: bytes.toString("base64"),
});

/** The threading and reply headers a message carries, as header name → value. */
export function threadingHeaders(message: MailMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  if (message.messageId) headers["Message-ID"] = message.messageId;
  if (message.inReplyTo) headers["In-Reply-To"] = message.inReplyTo;
  if (message.references?.length) headers.References = message.references.join(" ");
  if (message.replyTo) headers["Reply-To"] = message.replyTo;
  return headers;
}

/** One email to send: its own job, retried with backoff. */
export const sendMail = defineJob({ id: "mail.send", version: 1, payload: ZMailMessage, maxAttempts: 10 });
export const MAIL_JOB = sendMail.id;

/** MAIL_FROM split into the name it may give and its address. */
export function parseMailFrom(mailFrom: string): { name: string | undefined; address: string } {
  const match = mailFrom.match(/^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/);
  return match?.[2] ? { name: match[1]?.trim() || undefined, address: match[2].trim() } : { name: undefined, address: mailFrom.trim() };
}

/** The display name MAIL_FROM gives, if any (set once at start-up by buildApp). */
let MAIL_FROM_NAME: string | undefined;
export function configureMail(config: { mailFrom: string }): void {
  MAIL_FROM_NAME = parseMailFrom(config.mailFrom).name;
}

/**
 * Queues an email in the caller's transaction. Nothing is sent for a change that rolls back,
 * and nothing is lost if the process dies after commit: the job survives and is retried. The
 * brand is applied when it is sent (`mailJob`), not here: an event that tells twenty people
 * must not read the settings twenty times inside the request's transaction.
 */
export function queueEmail(tx: Executor, message: MailMessage): Promise<string> {
  return enqueue(tx, sendMail, message);
}

type Brand = Pick<TSettings, "agencyName" | "accentColor" | "senderName" | "supportEmail" | "supportPhone" | "supportHours" | "poweredBy">;

/** The support contact as lines of plain text ("Need help? …"), empty when none is set. */
function supportLines(brand: Brand): string[] {
  const ways = [brand.supportEmail, brand.supportPhone].filter(Boolean);
  if (ways.length === 0) return [];
  return [`Need help? Contact ${brand.agencyName}: ${ways.join(" · ")}${brand.supportHours ? ` (${brand.supportHours})` : ""}`];
}

/**
 * Dresses a rendered email in the agency's brand: its name at the top and as the sender, its
 * accent colour on the button, its support contact and (unless switched off) "Powered by
 * Portico" at the foot — in both the HTML and the plain-text part.
 */
export function brandEmail(message: MailMessage, brand: Brand): MailMessage {
  const fromName = brand.senderName.trim() || MAIL_FROM_NAME || brand.agencyName;
  const foot = [...supportLines(brand), ...(brand.poweredBy ? ["Powered by Portico"] : [])];
  const text = foot.length ? `${message.text}\n\n${foot.join("\n")}` : message.text;
  const html = message.html
    ?.replace(
      BODY_START,
      (start) => `${start}\n<p style="font-size:18px;font-weight:700;color:${brand.accentColor}">${escapeHtml(brand.agencyName)}</p>`,
    )
    .replaceAll(BUTTON_COLOUR, `background:${brand.accentColor};`)
    .replace("</body>", `${foot.map((line) => `<p style="font-size:12px;color:#6b7280">${escapeHtml(line)}</p>`).join("\n")}\n</body>`);
  return { ...message, text, ...(html ? { html } : {}), fromName: message.fromName ?? fromName };
}

export interface MailTransport {
  readonly name: "smtp" | "mailbox";
  /** Resolves once the mail server (or the built-in mailbox) has accepted the message. */
  deliver(message: MailMessage, jobId: string): Promise<{ messageId: string; response?: string }>;
}

/** The Message-ID an email goes out with: its own, or one made from its job's id, the same on every retry. */
export const messageIdOf = (message: MailMessage, jobId: string, domain: string) => message.messageId ?? `<${jobId}@${domain}>`;

/**
 * Sends through SMTP (`SMTP_URL`). The message's own Message-ID, or else the job id, becomes the
 * Message-ID, so a retry is recognisable.
 */
export function smtpTransport(smtpUrl: string, from: string, domain: string): MailTransport {
  // nodemailer waits an hour on a silent server by default: a relay that hangs would hold the
  // queue (and a shutdown) that long. A minute of silence is a failed attempt, retried later.
  const transporter: Transporter = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  const sender = parseMailFrom(from);
  return {
    name: "smtp",
    async deliver(message, jobId) {
      const messageId = messageIdOf(message, jobId, domain);
      const info = await transporter.sendMail({
        // Why an object: nodemailer quotes the name, whatever the agency calls itself.
        from: { name: message.fromName ?? sender.name ?? "", address: sender.address },
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers,
        messageId,
        inReplyTo: message.inReplyTo,
        references: message.references,
        replyTo: message.replyTo,
        attachments: message.attachments?.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: Buffer.from(a.contentBase64, "base64"),
        })),
      });
      return { messageId, response: typeof info.response === "string" ? info.response.slice(0, 500) : undefined };
    },
  };
}

/**
 * The built-in mailbox used when no SMTP server is configured: messages are stored and admins
 * read them in the portal, so activation works on a fresh install. Keyed by job id: a retried
 * job never stores the same message twice.
 */
export function mailboxTransport(db: Db, from: string, domain: string): MailTransport {
  const sender = parseMailFrom(from);
  return {
    name: "mailbox",
    async deliver(message, jobId) {
      const fromName = message.fromName ?? sender.name;
      await db
        .insertInto("mailbox")
        .values({
          id: newId(),
          job_id: jobId,
          to_address: message.to.toLowerCase(),
          from_address: fromName ? `${fromName} <${sender.address}>` : sender.address,
          subject: message.subject,
          text_body: message.text,
          html_body: message.html ?? null,
          headers: JSON.stringify({ ...message.headers, ...threadingHeaders(message) }),
          created_at: nowIso(),
        })
        .onConflict((oc) => oc.column("job_id").doNothing())
        .execute();
      return { messageId: messageIdOf(message, jobId, domain), response: "stored in the built-in mailbox" };
    },
  };
}

/**
 * Sends each queued email in the agency's brand as it stands at sending time, retrying for
 * `retryForMs` (three days by default, `MAIL_RETRY_HOURS`) with waits capped at half an hour, the
 * way mail servers do: an evening's outage delays the mail, it does not lose it.
 *
 * Never twice: the server's acceptance is recorded (`mail_deliveries`) before the job is marked
 * done, and a job run again — its process died after sending — finds the record and stops. Only a
 * death in the instant between the server's yes and that record sends again, with the same
 * Message-ID, which mail clients and servers treat as the same message.
 */
export function mailJob(transport: MailTransport, db: Db, options: { retryForMs: number }) {
  return jobHandler(
    sendMail,
    async (message, job) => {
      const sent = await db.selectFrom("mail_deliveries").select("job_id").where("job_id", "=", job.id).executeTakeFirst();
      if (sent) return "skipped";
      const accepted = await transport.deliver(brandEmail(message, await getSettings(db)), job.id);
      await db
        .insertInto("mail_deliveries")
        .values({
          job_id: job.id,
          message_id: accepted.messageId,
          recipient: message.to,
          subject: message.subject,
          response: accepted.response ?? null,
          accepted_at: nowIso(),
        })
        .onConflict((oc) => oc.column("job_id").doNothing())
        .execute();
      return "done";
    },
    { retry: { forMs: options.retryForMs, capMs: MAIL_BACKOFF_CAP_MS } },
  );
}

/** The longest wait between two attempts to send an email. */
export const MAIL_BACKOFF_CAP_MS = 30 * 60_000;

/** Where renderEmail's HTML starts and its button's colour, which brandEmail replaces. */
const BODY_START = /<body[^>]*>/;
const BUTTON_COLOUR = "background:#1c7ed6;";

/** How the person's own words sit in an email: set off by a rule on the left, long words wrapping. */
const MESSAGE_STYLE = "margin:0 0 16px;padding:2px 0 2px 14px;border-left:3px solid #d1d5db;overflow-wrap:anywhere;word-break:break-word";

/**
 * Renders a transactional email: a greeting, paragraphs, the person's own words (`message`,
 * Markdown: rendered safely in the HTML part, as readable plain text in the text part), one
 * action button, with a plain-text part that carries the same words and the link spelled out.
 */
export function renderEmail(input: {
  to: string;
  subject: string;
  greeting: string;
  paragraphs: string[];
  /** What someone wrote (a reply, a comment, a description), as Markdown; shown after the paragraphs. */
  message?: string;
  /** Where the message's relative links point: the portal's PUBLIC_URL. */
  linkBase?: string;
  action?: { label: string; url: string };
  footer?: string;
}): MailMessage {
  const footer = input.footer ?? "If you did not expect this email you can ignore it.";
  const messageText = plainTextOf(input.message, { base: input.linkBase });
  const messageHtml = input.message ? markdownToEmailHtml(input.message, { base: input.linkBase }) : "";
  const text = [
    input.greeting,
    "",
    ...input.paragraphs.flatMap((p) => [p, ""]),
    ...(messageText ? [messageText, ""] : []),
    ...(input.action ? [`${input.action.label}: ${input.action.url}`, ""] : []),
    footer,
  ].join("\n");
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1f2937;max-width:560px">
<p>${escapeHtml(input.greeting)}</p>
${input.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
${messageHtml ? `<div style="${MESSAGE_STYLE}">\n${messageHtml}\n</div>` : ""}
${
  input.action
    ? `<p><a href="${escapeHtml(input.action.url)}" style="display:inline-block;${BUTTON_COLOUR}color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(input.action.label)}</a></p>
<p style="font-size:13px;color:#6b7280">Or open this link: ${escapeHtml(input.action.url)}</p>`
    : ""
}
<p style="font-size:13px;color:#6b7280">${escapeHtml(footer)}</p>
</body></html>`;
  return { to: input.to, subject: input.subject, text, html };
}

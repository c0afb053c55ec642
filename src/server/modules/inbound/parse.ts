import { createHash } from "node:crypto";
import type { AddressObject, ParsedMail } from "mailparser";
import { senderOf } from "./sender";
import { htmlToText, stripReply } from "./strip";

/** An inbound email reduced to what matching and posting need. */
export interface InboundEmail {
  /** `<…>`; a hash of the raw bytes when the message has none (still idempotent). */
  messageId: string;
  /** Lower-cased sender address; empty when there is none. */
  from: string;
  subject: string;
  /** To, Cc, Delivered-To, X-Original-To and the SMTP envelope's recipients. */
  recipients: string[];
  /** In-Reply-To first, then References newest first. */
  threadIds: string[];
  /** What the person wrote: quoted history and signature stripped. */
  body: string;
  attachments: { name: string; contentType: string; data: Buffer }[];
  /** Why the message cannot be processed at all, when it cannot. */
  malformed?: string;
  /** Set for auto-replies and bounces, which are never posted (an out-of-office must not loop). */
  automatic?: string;
}

/** Ticket bodies are limited to this many characters (the portal's own reply limit). */
export const MAX_BODY_LENGTH = 50_000;

const ADDRESS = /[^\s<>,;:"'()[\]]+@[^\s<>,;:"'()[\]]+\.[^\s<>,;:"'()[\]]+/g;
const MESSAGE_ID = /<[^<>\s]{1,300}>/g;

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const out: string[] = [];
  const walk = (entries: AddressObject["value"]) => {
    for (const entry of entries) {
      if (entry.address) out.push(entry.address.toLowerCase());
      if (entry.group) walk(entry.group);
    }
  };
  for (const object of objects) walk(object.value);
  return out;
}

/** Delivered-To, X-Original-To: parsed as addresses by mailparser or left as text, once or repeated. */
function headerAddresses(mail: ParsedMail, name: string): string[] {
  const value = mail.headers?.get(name);
  return (Array.isArray(value) ? value : [value]).flatMap((v): string[] => {
    if (typeof v === "string") return (v.match(ADDRESS) ?? []).map((a) => a.toLowerCase());
    if (v && typeof v === "object" && "value" in v && Array.isArray(v.value)) return addresses(v as AddressObject);
    return [];
  });
}

function messageIds(value: string | string[] | undefined): string[] {
  const texts = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return texts.flatMap((text) => text.match(MESSAGE_ID) ?? []);
}

function headerText(mail: ParsedMail, name: string): string {
  const value = mail.headers?.get(name);
  if (typeof value === "string") return value.trim().toLowerCase();
  if (value && typeof value === "object" && "value" in value) return String(value.value).trim().toLowerCase();
  return "";
}

/** RFC 3834 Auto-Submitted, the common vendor headers, Precedence, and delivery reports. */
function automaticReason(mail: ParsedMail): string | undefined {
  const autoSubmitted = headerText(mail, "auto-submitted");
  if (autoSubmitted && autoSubmitted !== "no") return `Auto-Submitted: ${autoSubmitted}`;
  for (const name of ["x-autoreply", "x-autorespond", "x-auto-reply"]) if (mail.headers?.has(name)) return `${name} header`;
  const precedence = headerText(mail, "precedence");
  if (["bulk", "junk", "list", "auto_reply"].includes(precedence)) return `Precedence: ${precedence}`;
  if (headerText(mail, "content-type") === "multipart/report") return "a delivery status report";
  return undefined;
}

export const hashMessageId = (raw: Buffer) => `<${createHash("sha256").update(raw).digest("hex")}@sha256.invalid>`;

function bodyOf(mail: ParsedMail): string {
  const text =
    typeof mail.text === "string" && mail.text.trim() !== "" ? mail.text : typeof mail.html === "string" ? htmlToText(mail.html) : "";
  return stripReply(text).slice(0, MAX_BODY_LENGTH);
}

/** Every file as it came; the upload limits (size, count, empty files) are applied when it is posted (upload-limits.ts). */
function attachmentsOf(mail: ParsedMail): InboundEmail["attachments"] {
  return mail.attachments
    .filter((a) => Buffer.isBuffer(a.content))
    .map((a, i) => ({
      name: a.filename ?? `attachment-${i + 1}.${a.contentType.split("/")[1]?.replace(/[^a-z0-9]/g, "") || "bin"}`,
      contentType: a.contentType,
      data: a.content,
    }));
}

/** Control characters other than tab, line feed and carriage return: NUL and the rest of C0, DEL, C1. */
const CONTROLS = /[^\P{Cc}\t\n\r]/gu;
const withoutControls = (text: string) => text.replace(CONTROLS, "");

/** The body without controls; one left with only whitespace is empty (an empty reply), leading blank lines go. */
function cleanBody(body: string): string {
  const text = withoutControls(body);
  return text.trim() === "" ? "" : text.replace(/^(?:[ \t]*\r?\n)+/, "").trimEnd();
}

/**
 * The one place a parsed email becomes our data: every text taken from it loses its control
 * characters. Why: PostgreSQL refuses NUL in text while SQLite stores it, so without this the
 * same message was posted on one database and, on the other, a 500 (HTTP) or 451 (SMTP) that
 * the sender retried forever and that never reached the quarantine. Nobody types a NUL or a
 * bell, and a tab or a line break stays.
 */
function ours(email: InboundEmail): InboundEmail {
  const clean = withoutControls;
  return {
    ...email,
    messageId: clean(email.messageId),
    from: clean(email.from),
    subject: clean(email.subject).slice(0, 500),
    recipients: email.recipients.map(clean),
    threadIds: email.threadIds.map(clean),
    body: cleanBody(email.body),
    attachments: email.attachments.map((a) => ({ ...a, name: clean(a.name), contentType: clean(a.contentType) })),
    ...(email.malformed === undefined ? {} : { malformed: clean(email.malformed) }),
    ...(email.automatic === undefined ? {} : { automatic: clean(email.automatic) }),
  };
}

/**
 * Parses raw MIME. Never throws: a message that cannot be understood comes back with
 * `malformed` set, so it can be quarantined instead of breaking the listener.
 */
export async function parseEmail(raw: Buffer, envelopeTo: string[] = []): Promise<InboundEmail> {
  return ours(await read(raw, envelopeTo));
}

async function read(raw: Buffer, envelopeTo: string[]): Promise<InboundEmail> {
  const fallbackId = hashMessageId(raw);
  // Loaded with the first email, not at start-up (most portals receive none for a while).
  const { simpleParser } = await import("mailparser");
  let mail: ParsedMail;
  try {
    // No HTML-to-text by mailparser (it wraps lines at 80 columns): an HTML-only message is
    // converted by htmlToText, which keeps quotations recognisable.
    mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, keepCidLinks: true });
  } catch (error) {
    return {
      messageId: fallbackId,
      from: "",
      subject: "",
      recipients: envelopeTo,
      threadIds: [],
      body: "",
      attachments: [],
      malformed: `Malformed: the message could not be parsed (${(error as Error).message}).`,
    };
  }
  const sender = senderOf(mail);
  const ownId = messageIds(mail.messageId)[0];
  const email: InboundEmail = {
    messageId: ownId ?? fallbackId,
    from: sender.address,
    subject: mail.subject ?? "",
    recipients: [
      ...new Set([
        ...addresses(mail.to),
        ...addresses(mail.cc),
        ...headerAddresses(mail, "delivered-to"),
        ...headerAddresses(mail, "x-original-to"),
        ...envelopeTo,
      ]),
    ],
    threadIds: [...new Set([...messageIds(mail.inReplyTo), ...messageIds(mail.references).reverse()])],
    body: "",
    attachments: [],
  };
  if (sender.malformed) return { ...email, malformed: sender.malformed };
  const automatic = automaticReason(mail);
  if (automatic) return { ...email, automatic };
  return { ...email, body: bodyOf(mail), attachments: attachmentsOf(mail) };
}

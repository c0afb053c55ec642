import { excerptOf } from "../../../common/markdown-text";
import { referenceOf } from "../../../common/references";
import { TICKET_PRIORITY_LABELS, TICKET_STATUS_LABELS, type TTicketPriority, type TTicketStatus } from "../../../common/tickets";
import type { Config } from "../../platform/config";
import { link } from "../../platform/context";
import type { RecordedEvent } from "../../platform/events";
import { newId } from "../../platform/ids";
import { type MailMessage, renderEmail } from "../../platform/mail";
import { replyAddressFor } from "../../platform/reply-address";
import type { Recipient } from "./queries";
import type { NotificationWords } from "./service";

/** What every ticket event's payload carries (see the tickets service), read defensively. */
export interface TicketPayload {
  number: number;
  subject: string;
  assigneeId: string | null;
  internal: boolean;
  body?: string;
  kind?: string;
  authorRole?: string;
  from?: string;
  to?: string;
  priority?: string;
  categoryName?: string | null;
}

export function ticketPayload(event: RecordedEvent): TicketPayload {
  const p = (event.payload ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  return {
    number: Number(p.number),
    subject: text(p.subject) ?? "",
    assigneeId: text(p.assigneeId) ?? null,
    // Anything but an explicit `false` counts as internal: a client is never told by mistake.
    internal: p.internal !== false,
    body: text(p.body),
    kind: text(p.kind),
    authorRole: text(p.authorRole),
    from: text(p.from),
    to: text(p.to),
    priority: text(p.priority),
    categoryName: text(p.categoryName) ?? null,
  };
}

/** The domain in our Message-IDs: the portal's host name (as the SMTP transport uses). */
const messageIdDomain = (config: Pick<Config, "publicUrl">) => new URL(config.publicUrl).hostname;

/** The kinds of object whose emails thread and can be answered by email. */
/** The object type an email is about (`ticket`, `task`, or any module's reply target). */
export type ThreadType = string;
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const OUR_MESSAGE_ID = new RegExp(`^<?([a-z][a-z_]{0,39})-(${UUID})(?:\\.${UUID})?@[^>\\s]+>?$`);

/**
 * The per-object thread root, `<ticket-<id>@<domain>>` or `<task-<id>@<domain>>`: every email
 * about the object names it in In-Reply-To and References, so mail clients thread them and an
 * emailed reply can be matched.
 */
export function threadRootId(config: Pick<Config, "publicUrl">, type: ThreadType, objectId: string): string {
  return `<${type}-${objectId}@${messageIdDomain(config)}>`;
}

/** A unique Message-ID for one email about an object: `<ticket-<id>.<uuid>@<domain>>`. */
export function threadMessageId(config: Pick<Config, "publicUrl">, type: ThreadType, objectId: string): string {
  return `<${type}-${objectId}.${newId()}@${messageIdDomain(config)}>`;
}

/** The object named by one of our Message-IDs (a root or a single email's), else undefined. */
export function threadObjectOf(messageId: string): { type: ThreadType; id: string } | undefined {
  const match = messageId.trim().toLowerCase().match(OUR_MESSAGE_ID);
  const type = match?.[1];
  const id = match?.[2];
  return type && id ? { type, id } : undefined;
}

/** Threading headers and the signed reply address for one email about an object. */
export function threadHeaders(config: Config, type: ThreadType, objectId: string) {
  const root = threadRootId(config, type, objectId);
  return {
    messageId: threadMessageId(config, type, objectId),
    inReplyTo: root,
    references: [root],
    replyTo: replyAddressFor(config, type, objectId),
  };
}

const statusLabel = (status: string | undefined) => TICKET_STATUS_LABELS[status as TTicketStatus] ?? status ?? "?";
/**
 * A comment's first words for an in-app notification, on one line: its Markdown read as plain
 * text ("What needs to be done? …", not "**What needs to be done?** …").
 */
export const excerpt = (text: string | undefined, max = 200) => excerptOf(text, max);
/**
 * A comment's paragraphs (Markdown blocks), for an email's quoted words. Only trailing space is
 * trimmed: a block's indentation is Markdown (a nested list, a code block).
 */
export const paragraphsOf = (text: string | undefined) =>
  (text ?? "")
    .split(/\n\s*\n/)
    .map((p) => p.trimEnd())
    .filter((p) => p.trim() !== "");

/** Words for one ticket event, from the point of view of the person told of it; `ticketPrefix` is the admin's ("SUP"). */
export function describeTicketEvent(event: RecordedEvent, p: TicketPayload, actorName: string, ticketPrefix: string): NotificationWords {
  const ref = referenceOf(ticketPrefix, p.number);
  switch (event.verb) {
    case "ticket.created": {
      const details = [
        p.priority ? `Priority: ${TICKET_PRIORITY_LABELS[p.priority as TTicketPriority] ?? p.priority}` : "",
        p.categoryName ? `Category: ${p.categoryName}` : "",
      ].filter(Boolean);
      return {
        title: `New ticket ${ref}: ${p.subject}`,
        body: `${actorName} raised a new ticket.${details.length ? ` ${details.join(" · ")}` : ""}`,
        lead: `${actorName} raised a new ticket ${ref} “${p.subject}”.${details.length ? ` ${details.join(" · ")}.` : ""}`,
        quote: paragraphsOf(p.body),
      };
    }
    case "ticket.replied":
      return {
        title: `${actorName} replied to ${ref}: ${p.subject}`,
        body: excerpt(p.body),
        lead: `${actorName} replied to ticket ${ref} “${p.subject}”:`,
        quote: paragraphsOf(p.body),
      };
    case "ticket.status_changed":
      return {
        title: `${ref} is now ${statusLabel(p.to)}: ${p.subject}`,
        body: `${actorName} moved the ticket from ${statusLabel(p.from)} to ${statusLabel(p.to)}.`,
        lead: `${actorName} moved ticket ${ref} “${p.subject}” from ${statusLabel(p.from)} to ${statusLabel(p.to)}.`,
        quote: [],
      };
    case "ticket.reopened":
      return {
        title: `${actorName} reopened ${ref}: ${p.subject}`,
        body: excerpt(p.body) || `${actorName} reopened the ticket.`,
        lead: `${actorName} reopened ticket ${ref} “${p.subject}”${p.body ? ":" : "."}`,
        quote: paragraphsOf(p.body),
      };
    case "ticket.assigned":
      return {
        title: `${ref} was assigned to you: ${p.subject}`,
        body: `${actorName} assigned the ticket to you.`,
        lead: `${actorName} assigned ticket ${ref} “${p.subject}” to you.`,
        quote: [],
      };
    default:
      return { title: `${ref} changed: ${p.subject}`, body: "", lead: `Ticket ${ref} “${p.subject}” changed.`, quote: [] };
  }
}

export const ticketPath = (ticketId: string) => `/tickets/${ticketId}`;

/**
 * An email's subject says what happened and names the ticket by its reference ("New reply on
 * SUP-1042: Contact form broken"): a reply by email quoting it is named in the inbound log.
 */
export function ticketSubject(event: RecordedEvent, p: TicketPayload, ref: string): string {
  switch (event.verb) {
    case "ticket.created":
      return `New ticket ${ref}: ${p.subject}`;
    case "ticket.replied":
      return `New reply on ${ref}: ${p.subject}`;
    case "ticket.status_changed":
      return p.to === "closed" ? `${ref} closed: ${p.subject}` : `${ref} is now ${statusLabel(p.to)}: ${p.subject}`;
    case "ticket.reopened":
      return `${ref} reopened: ${p.subject}`;
    case "ticket.assigned":
      return `${ref} assigned to you: ${p.subject}`;
    default:
      return `${ref} updated: ${p.subject}`;
  }
}

/**
 * The email about one ticket event to one person: what happened and the reference in the
 * subject, its own Message-ID, In-Reply-To/References naming the ticket's thread root (so mail
 * clients thread every email about the ticket, whatever its subject), and the ticket's signed
 * reply address.
 */
export function ticketEmail(
  config: Config,
  event: RecordedEvent,
  p: TicketPayload,
  to: Recipient,
  words: NotificationWords,
  ticketPrefix: string,
): MailMessage {
  const ticketId = event.objectId;
  const ref = referenceOf(ticketPrefix, p.number);
  const subject = ticketSubject(event, p, ref);
  const message = renderEmail({
    to: to.email,
    subject,
    greeting: `Hello ${to.name},`,
    paragraphs: [words.lead],
    message: words.quote.join("\n\n"),
    linkBase: config.publicUrl,
    action: { label: `View ticket ${ref}`, url: link({ config }, ticketPath(ticketId)) },
    footer: `Reply to this email to answer on ${ref}. You can choose which emails you receive in your notification settings.`,
  });
  return { ...message, ...threadHeaders(config, "ticket", ticketId) };
}

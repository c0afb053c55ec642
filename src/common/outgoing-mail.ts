/**
 * Admin → Outgoing mail: the email Portico is sending, still trying to send, gave up on, or got
 * accepted by the mail server — what its list and its Retry actions exchange.
 */
import { type Static, Type } from "typebox";
import type { EventCatalogue } from "./events/catalogue";
import { boundedInteger } from "./integers";
import { ZId } from "./schemas";

/**
 * The four lists, in the order the page shows them:
 *  - `queued`: waiting for its first attempt;
 *  - `retrying`: tried and refused at least once (or being sent right now), tried again with backoff;
 *  - `failed`: kept after the retry window (MAIL_RETRY_HOURS) passed; only an admin's Retry sends it;
 *  - `sent`: accepted by the mail server (or stored in the built-in mailbox), the last 30 days.
 */
export const OUTGOING_MAIL_STATUSES = ["queued", "retrying", "failed", "sent"] as const;
export const ZOutgoingMailStatus = Type.Union([
  Type.Literal("queued"),
  Type.Literal("retrying"),
  Type.Literal("failed"),
  Type.Literal("sent"),
]);
export type TOutgoingMailStatus = (typeof OUTGOING_MAIL_STATUSES)[number];

export const OUTGOING_MAIL_STATUS_LABELS: Record<TOutgoingMailStatus, string> = {
  queued: "Queued",
  retrying: "Retrying",
  failed: "Failed",
  sent: "Sent",
};

/** How far back the Sent list reaches. */
export const SENT_LIST_DAYS = 30;

const nullableTime = Type.Union([Type.String(), Type.Null()]);

/** One email in the list. Never its body: the list is about delivery, not content. */
export const ZOutgoingMail = Type.Object({
  /** The mail job's id. */
  id: ZId,
  to: Type.String(),
  subject: Type.String(),
  status: ZOutgoingMailStatus,
  /** Being handed to the mail server at this moment (a retrying email whose attempt is running). */
  sending: Type.Boolean(),
  /** Attempts in the current run (an admin's Retry starts again from 0). */
  attempts: Type.Integer(),
  /** The mail server's last refusal, or why it could not be reached; null when none. */
  lastError: Type.Union([Type.String(), Type.Null()]),
  /** When the next attempt is due (queued and retrying, not while it is being sent). */
  nextAttemptAt: nullableTime,
  createdAt: Type.String(),
  /** When Portico stops retrying and keeps it as failed (queued and retrying); when it did (failed). */
  giveUpAt: nullableTime,
  /** When the mail server accepted it, and what it answered (sent). */
  acceptedAt: nullableTime,
  response: Type.Union([Type.String(), Type.Null()]),
  /** May an admin press Retry on it now (failed, or retrying and not being sent)? The server's answer. */
  canRetry: Type.Boolean(),
});
export type TOutgoingMail = Static<typeof ZOutgoingMail>;

export const ZOutgoingMailCounts = Type.Object({
  queued: Type.Integer(),
  retrying: Type.Integer(),
  failed: Type.Integer(),
  sent: Type.Integer(),
});
export type TOutgoingMailCounts = Static<typeof ZOutgoingMailCounts>;

export const ZOutgoingMailListQuery = Type.Object({
  /** Which list; failed by default, the one that needs an admin. */
  status: Type.Optional(ZOutgoingMailStatus),
  /** 1 to 10,000 (50 a page: far more than any list holds, and an OFFSET every database takes). */
  page: Type.Optional(boundedInteger({ minimum: 1, maximum: 10_000, default: 1 })),
});
export type TOutgoingMailListQuery = Static<typeof ZOutgoingMailListQuery>;

export const ZOutgoingMailList = Type.Object({
  data: Type.Array(ZOutgoingMail),
  total: Type.Integer(),
  pageSize: Type.Integer(),
  /** How many emails each list holds, for the page's tabs. */
  counts: ZOutgoingMailCounts,
  /** How long Portico retries an email before keeping it as failed (MAIL_RETRY_HOURS). */
  retryHours: Type.Integer(),
});
export type TOutgoingMailList = Static<typeof ZOutgoingMailList>;

/** POST /api/admin/outgoing-mail/:id/retry: the email as the list now shows it. */
export const ZOutgoingMailResponse = Type.Object({ data: ZOutgoingMail });
export type TOutgoingMailResponse = Static<typeof ZOutgoingMailResponse>;

/** POST /api/admin/outgoing-mail/retry-failed: how many failed emails were queued again. */
export const ZRetryFailedResult = Type.Object({ retried: Type.Integer() });
export type TRetryFailedResult = Static<typeof ZRetryFailedResult>;

// Events: the audit trail of the admin's Retry actions (object type `outgoing_mail`).

export interface OutgoingMailEventPayloads {
  /** `name`: how the audit log names the email (its subject and recipient). */
  "outgoing_mail.retried": { to: string; subject: string; name: string; attempts: number; lastError: string | null };
  "outgoing_mail.retried_failed": { count: number; name: string };
}

export const OUTGOING_MAIL_EVENTS: EventCatalogue<OutgoingMailEventPayloads> = {
  "outgoing_mail.retried": { label: "Outgoing email retried", audience: "staff", category: "audit" },
  "outgoing_mail.retried_failed": { label: "All failed outgoing email retried", audience: "staff", category: "audit" },
};

// The verbs join the catalogue's payload map here, so recordEvent type-checks their payloads; the
// module descriptor registers their specs at run time (see the server's module registry).
declare module "./events" {
  interface EventPayloads extends OutgoingMailEventPayloads {}
}

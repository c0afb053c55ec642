/**
 * Time-boxed asks: an agent asks a client account for a one-time code, a confirmation, a short
 * answer or a file by a deadline.
 *
 * No payload ever carries an answer — not a code, not a short answer, not a yes/no: the audit
 * log, the live stream, notifications and emails are all built from events, and of an answer
 * they may say only that it was given, by whom and when. The prompt is the agent's own words and
 * travels (the client must read it in the email and on their phone).
 */
import type { TAskKind } from "../asks";
import type { EventCatalogue } from "./catalogue";

interface AskRef {
  askId: string;
  kind: TAskKind;
  prompt: string;
}

export interface AskEventPayloads {
  /** Asked (or asked again: `reaskedFrom`), with its deadline. */
  "ask.created": AskRef & { deadlineAt: string; secret: boolean; reaskedFrom: string | null };
  /** The client answered; which client is the event's actor. */
  "ask.answered": AskRef;
  /** Nobody answered by the deadline. */
  "ask.expired": AskRef & { deadlineAt: string };
  "ask.cancelled": AskRef;
  /** Someone at the agency revealed the secret answer (each viewing is recorded). */
  "ask.secret_viewed": AskRef;
  /** The secret answer was overwritten and deleted: `used` (marked by the agent) or `expired` (the retention ran out). */
  "ask.secret_purged": AskRef & { reason: "used" | "retention" };
}

export const ASK_EVENTS: EventCatalogue<AskEventPayloads> = {
  "ask.created": { label: "Asked the client", audience: "client", notify: "ask.created", category: "work" },
  "ask.answered": { label: "Ask answered", audience: "client", notify: "ask.answered", category: "work" },
  "ask.expired": { label: "Ask expired unanswered", audience: "client", notify: "ask.answered", category: "work" },
  "ask.cancelled": { label: "Ask cancelled", audience: "client", category: "work" },
  "ask.secret_viewed": { label: "Secret answer revealed", audience: "staff", category: "audit" },
  "ask.secret_purged": { label: "Secret answer deleted", audience: "staff", category: "audit" },
};

import { allow, allowedOf, refuse, type TDecision } from "../../../common/decisions";
import type { Actor } from "../../platform/auth/sessions";
import type { AskView } from "./queries";

/**
 * Who may do what to an ask they can already see (seeing is the tenant scope's job, in
 * queries.ts: an ask outside it is a 404 before any of this is asked).
 *   - the client's contacts: answer it while it is open and its deadline is ahead;
 *   - staff: cancel an open ask; ask again once it is over (once: the new ask carries on);
 *   - the asking agent and admins: reveal a sealed answer while it lasts, and mark it used.
 *     Another agent of the same account sees that it was answered, never what.
 */
export function askDecisions(actor: Actor, ask: AskView, now: string) {
  const staff = actor.role !== "client";
  const open = ask.status === "open";
  const late = open && ask.deadline_at <= now;
  const notOpen = (): TDecision =>
    ask.status === "answered"
      ? refuse("ask_answered", "This request has already been answered.")
      : ask.status === "cancelled"
        ? refuse("ask_cancelled", "Your agent cancelled this request: nothing more is needed.")
        : refuse("ask_expired", expiredMessage(ask.deadline_at));

  const answer: TDecision = staff
    ? refuse("client_only", "Only the client can answer their agent's request.")
    : !open
      ? notOpen()
      : late
        ? refuse("ask_expired", expiredMessage(ask.deadline_at))
        : allow;
  const cancel: TDecision = !staff
    ? refuse("staff_only", "Only the agency's staff can cancel a request.")
    : open
      ? allow
      : refuse("ask_not_open", "Only a request still waiting for an answer can be cancelled.");
  const reask: TDecision = !staff
    ? refuse("staff_only", "Only the agency's staff can ask again.")
    : open && !late
      ? refuse("ask_not_open", "This request is still waiting for an answer: cancel it first, or wait.")
      : ask.reasked_by !== null
        ? refuse("ask_not_open", "This request was already asked again: open the newer one.")
        : allow;
  const mayReveal = actor.role === "admin" || (actor.role === "agent" && actor.id === ask.created_by);
  const secret: TDecision = !staff
    ? refuse("staff_only", "Only the agent who asked can see the answer.")
    : !mayReveal
      ? refuse("asker_only", "Only the agent who asked, or an admin, can see this answer.")
      : ask.sealed !== 1
        ? refuse("secret_gone", "The answer is no longer kept: it was deleted after use or when its time ran out.")
        : allow;
  return { answer, cancel, reask, reveal: secret, markUsed: secret };
}

/** "14:05 UTC": a deadline where the reader's zone is not known (an email, a lock screen, an API error). */
export function utcClock(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  return `${String(at.getUTCHours()).padStart(2, "0")}:${String(at.getUTCMinutes()).padStart(2, "0")} UTC`;
}

/** "This request expired at 14:05 UTC (2026-12-03). Ask your agent to send a new one." — the one wording of the refusal. */
export function expiredMessage(deadlineAt: string): string {
  return `This request expired at ${utcClock(deadlineAt)} (${deadlineAt.slice(0, 10)}). Ask your agent to send a new one.`;
}

/** The decisions as the web app gets them (`policies`): what to show. */
export const askPolicy = (actor: Actor, ask: AskView, now: string) => allowedOf(askDecisions(actor, ask, now));

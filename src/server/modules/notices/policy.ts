import { allow, allowedOf, refuse, type TDecision } from "../../../common/decisions";
import type { TNoticeAudience } from "../../../common/notices";
import type { Actor } from "../../platform/auth/sessions";

/**
 * Who may do what to a notice they can already see (seeing is the tenant scope's job, in
 * queries.ts: a notice outside it is a 404 before any of this is asked).
 *   - staff who manage it: edit it and end it while it runs. Managing means an admin, or an agent
 *     assigned to every account it names ("all clients" notices are the admins' alone);
 *   - clients: read and dismiss their own copy (any time: dismissing an ended one is harmless).
 */
export function noticeDecisions(actor: Actor, notice: { active: boolean; audience: TNoticeAudience; beyondScope: boolean }) {
  const staff = actor.role !== "client";
  const manages = actor.role === "admin" || (notice.audience === "accounts" && !notice.beyondScope);
  const change: TDecision = !staff
    ? refuse("staff_only", "Only the agency's staff can change a notice.")
    : !manages
      ? refuse("assigned_staff_only", "Only an admin, or an agent who works every account it went to, can change this notice.")
      : notice.active
        ? allow
        : refuse("notice_ended", "This notice has already ended.");
  const own: TDecision = staff ? refuse("client_only", "Only the clients it went to can read or dismiss a notice.") : allow;
  return { edit: change, end: change, read: own, dismiss: own };
}

/** The decisions as the web app gets them (`policies`): what to show. */
export const noticePolicy = (actor: Actor, notice: Parameters<typeof noticeDecisions>[1]) => allowedOf(noticeDecisions(actor, notice));

import { allow, allowedOf, refuse, type TDecision } from "../../../common/decisions";
import type { TJourneyState } from "../../../common/journey";
import type { Actor } from "../../platform/auth/sessions";

/**
 * Who may move a client on a step of a journey they can already see (seeing is the tenant
 * scope's: an agent not assigned to the account gets a 404 before this is asked). Staff who
 * see the account — an admin, or an agent assigned to it — move a client on or back, with a
 * reason; a client never moves their own journey. A step turned off cannot be moved.
 */
export function moveDecision(actor: Actor, step: { enabled: number | boolean }): TDecision {
  if (actor.role === "client")
    return refuse("assigned_staff_only", "Only the client's agent or an admin can move a client on their journey.");
  if (!Number(step.enabled)) return refuse("step_disabled", "This step is turned off. Turn it on in Journey steps first.");
  return allow;
}

/** What the viewer is offered on one step: mark done (not done yet), move back (done), let the rule decide (a move decides). */
export function stepPolicies(actor: Actor, state: TJourneyState, moved: boolean) {
  const may = moveDecision(actor, { enabled: 1 });
  const not = (why: string) => refuse("assigned_staff_only", why);
  return allowedOf({
    markDone: may.allowed && state !== "done" ? allow : not("Only staff can mark a step that is not done."),
    moveBack: may.allowed && state === "done" ? allow : not("Only staff can move a client back from a done step."),
    useAutomatic: may.allowed && moved ? allow : not("Only staff can hand a moved step back to its rule."),
  });
}

import { stepLabel, type TClientJourney, type TClientJourneyStep, type TJourneyRule, type TJourneyState } from "../../../common/journey";
import type { AccountFacts, OverrideRow, StepRow } from "./queries";

/*
 * Where one client stands: the rule, in one place, as a pure function of the enabled steps, the
 * account's facts and staff moves. For each step:
 *   - a staff move decides when there is one (the newest for the step; `auto` hands it back);
 *   - otherwise its rule: account_active and onboarding_approved from the facts; manual and
 *     ongoing are never done by themselves;
 * then the first step not done is `current`, every other not done `upcoming`. The current step
 * has been waiting since the step before it was done, else since the account was created.
 */

/** When a rule is met for this account, or null. The registry's evaluation: a new rule adds its case. */
export function ruleDoneAt(rule: TJourneyRule, facts: AccountFacts): string | null {
  switch (rule) {
    case "account_active":
      return facts.active_since;
    case "onboarding_approved":
      return facts.onboarding_approved_at;
    case "manual":
    case "ongoing":
      return null;
    default: {
      const never: never = rule;
      return never;
    }
  }
}

/** The newest move per step (`auto` included: it clears the ones before it). */
export function latestMoves(overrides: readonly OverrideRow[]): Map<string, OverrideRow> {
  const latest = new Map<string, OverrideRow>();
  for (const row of overrides) {
    const known = latest.get(row.step_id);
    if (!known || row.id > known.id) latest.set(row.step_id, row);
  }
  return latest;
}

export interface Progress {
  steps: { step: StepRow; label: string; state: TJourneyState; doneAt: string | null; move: OverrideRow | undefined }[];
  current: StepRow | undefined;
  currentLabel: string;
  since: string;
}

export function progressOf(steps: readonly StepRow[], facts: AccountFacts, overrides: readonly OverrideRow[]): Progress {
  const moves = latestMoves(overrides);
  const enabled = steps.filter((s) => Number(s.enabled) === 1);
  let current: StepRow | undefined;
  let currentLabel = "";
  let since = facts.created_at;
  let previousDoneAt: string | null = null;
  const out: Progress["steps"] = [];
  enabled.forEach((step, index) => {
    const move = moves.get(step.id);
    const decisive = move && move.to_state !== "auto" ? move : undefined;
    const doneAt = decisive ? (decisive.to_state === "done" ? decisive.created_at : null) : ruleDoneAt(step.rule, facts);
    const label = stepLabel(index, enabled.length, step.rule);
    let state: TJourneyState;
    if (doneAt) state = "done";
    else if (!current) {
      state = "current";
      current = step;
      currentLabel = label;
      since = previousDoneAt ?? facts.created_at;
    } else state = "upcoming";
    if (!current) previousDoneAt = doneAt;
    out.push({ step, label, state, doneAt, move: decisive });
  });
  // Every step done: the client has been "done" since the last one was.
  if (!current && previousDoneAt) since = previousDoneAt;
  return { steps: out, current, currentLabel, since };
}

/** "What to do next", for the client (their words) or for staff (about the client). */
export function nextOf(progress: Progress, viewer: "client" | "staff", accountName: string): TClientJourney["next"] {
  const step = progress.current;
  if (!step) {
    return {
      text:
        viewer === "client"
          ? "You have completed every step. Keep checking your dashboard for updates, notices and next actions."
          : `${accountName} has completed every step of the journey.`,
      actionLabel: null,
      actionPath: null,
    };
  }
  const button = { actionLabel: step.action_label, actionPath: step.action_path };
  if (viewer === "staff") {
    const waiting: Record<TJourneyRule, string> = {
      account_active: "waiting for one of its contacts to activate their login",
      onboarding_approved: "waiting for its onboarding form to be completed and approved",
      manual: "waiting for staff to mark this step done",
      ongoing: "active in the dashboard",
    };
    return {
      text: `${accountName} is on ${progress.currentLabel} · ${step.title}: ${waiting[step.rule]}.`,
      actionLabel: null,
      actionPath: null,
    };
  }
  switch (step.rule) {
    case "account_active":
      return { text: "Activate your account: confirm your email address and log in to reach your dashboard.", ...button };
    case "onboarding_approved":
      return {
        text: "Complete your onboarding form with accurate details, files and instructions, then submit it for your agency to review.",
        ...button,
      };
    case "ongoing":
      return {
        text: "Stay active in your dashboard: review updates, drafts and notices regularly, and reply quickly to approvals and requests.",
        ...button,
      };
    case "manual":
      return { text: `${step.title}: ${firstSentence(step.body) || "your agency will mark this step done with you."}`, ...button };
    default: {
      const never: never = step.rule;
      return never;
    }
  }
}

const firstSentence = (text: string) => (text.trim().match(/^[^.!?]*[.!?]?/)?.[0] ?? "").trim();

export type StepPolicies = TClientJourneyStep["policies"];

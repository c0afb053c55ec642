import type {
  TClientJourney,
  TCreateJourneyStepRequest,
  TJourneyOverview,
  TJourneyOverviewQuery,
  TJourneyStep,
  TMoveJourneyStepRequest,
  TUpdateJourneyStepRequest,
} from "../../../common/journey";
import type { TNextAction, TNextActionSide } from "../../../common/next-actions";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import { AppError, assertAllowed, conflict, notFound, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import { isStaff } from "../../platform/policy";
import { moveDecision, stepPolicies } from "./policy";
import { nextOf, type Progress, progressOf } from "./progress";
import * as q from "./queries";

const DAY_MS = 86_400_000;
export const OVERVIEW_PAGE_SIZE = 25;

// Reading a journey -------------------------------------------------------------------------------

function present(actor: Actor, facts: q.AccountFacts, progress: Progress): TClientJourney {
  const staff = isStaff(actor);
  return {
    accountId: facts.id,
    accountName: facts.name,
    currentStepId: progress.current?.id ?? null,
    since: progress.since,
    next: nextOf(progress, staff ? "staff" : "client", facts.name),
    steps: progress.steps.map(({ step, label, state, doneAt, move }) => ({
      id: step.id,
      label,
      title: step.title,
      body: step.body,
      state,
      doneAt,
      actionLabel: step.action_label,
      actionPath: step.action_path,
      rule: step.rule,
      // Why staff only: the reason is the agency's own note about the client.
      override:
        staff && move && move.to_state !== "auto"
          ? { to: move.to_state, reason: move.reason, by: move.actor_name ?? "Someone", at: move.created_at }
          : null,
      policies: stepPolicies(actor, state, move !== undefined),
    })),
  };
}

/** One account's journey: three indexed reads (steps, the account's facts, its moves). */
async function readJourney(db: Executor, actor: Actor, accountId: string) {
  const [steps, facts, overrides] = await Promise.all([
    q.listSteps(db, false),
    q.visibleAccountFacts(db, actor, accountId),
    q.overridesOf(db, accountId),
  ]);
  if (!facts) throw notFound("Client account");
  return { facts, progress: progressOf(steps, facts, overrides) };
}

/** A client's own journey (their dashboard). */
export async function getOwnJourney(ctx: AppContext, actor: Actor): Promise<TClientJourney> {
  if (actor.role !== "client") throw new AppError("client_only", "Staff see a client's journey on the client's page.");
  if (!actor.accountId) throw notFound("Client account");
  const { facts, progress } = await readJourney(ctx.db, actor, actor.accountId);
  return present(actor, facts, progress);
}

/** A client account's journey as the viewer may see it (another account's → 404). */
export async function getAccountJourney(ctx: AppContext, actor: Actor, accountId: string): Promise<TClientJourney> {
  const { facts, progress } = await readJourney(ctx.db, actor, accountId);
  return present(actor, facts, progress);
}

// Moving a client --------------------------------------------------------------------------------

/**
 * Staff move a client on (`done`) or back (`not_done`) on a step, or hand it back to its rule
 * (`auto`), with a reason: the move is kept, `journey.step_moved` recorded for staff, and the
 * client's contacts told (`journey.step_done`) when the step becomes done.
 */
export async function moveStep(
  ctx: AppContext,
  actor: Actor,
  accountId: string,
  stepId: string,
  input: TMoveJourneyStepRequest,
): Promise<TClientJourney> {
  const reason = input.reason.trim();
  return ctx.db.transaction().execute(async (tx) => {
    const before = await readJourney(tx, actor, accountId);
    const step = await q.findStep(tx, stepId);
    if (!step) throw notFound("Journey step");
    assertAllowed(moveDecision(actor, step));
    if (!reason) throw validation("reason", "Say why you are moving this step.");
    const wasDone = before.progress.steps.find((s) => s.step.id === stepId)?.state === "done";
    await q.insertOverride(tx, {
      id: newId(),
      account_id: accountId,
      step_id: stepId,
      to_state: input.to,
      reason,
      actor_id: actor.id,
      created_at: nowIso(),
    });
    const after = await readJourney(tx, actor, accountId);
    const isDone = after.progress.steps.find((s) => s.step.id === stepId)?.state === "done";
    const ref = { stepId, stepTitle: step.title };
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "journey.step_moved",
      objectType: "journey",
      objectId: accountId,
      accountId,
      payload: { ...ref, to: isDone ? "done" : "not_done", reason, ...(input.to === "auto" ? { automatic: true } : {}) },
    });
    if (isDone && !wasDone) {
      await recordEvent(tx, {
        actorId: actor.id,
        verb: "journey.step_done",
        objectType: "journey",
        objectId: accountId,
        accountId,
        payload: ref,
      });
    }
    return present(actor, after.facts, after.progress);
  });
}

// The overview -----------------------------------------------------------------------------------

/** Every client in the viewer's scope on their current step, filtered, longest waiting first, paged. */
export async function journeyOverview(ctx: AppContext, actor: Actor, query: TJourneyOverviewQuery): Promise<TJourneyOverview> {
  const [steps, accounts, overrides] = await Promise.all([
    q.listSteps(ctx.db, false),
    q.scopedAccountFacts(ctx.db, actor),
    q.scopedOverrides(ctx.db, actor),
  ]);
  const byAccount = new Map<string, q.OverrideRow[]>();
  for (const row of overrides) byAccount.set(row.account_id, [...(byAccount.get(row.account_id) ?? []), row]);
  const now = Date.now();
  let rows = accounts.map((facts) => {
    const progress = progressOf(steps, facts, byAccount.get(facts.id) ?? []);
    const days = Math.max(0, Math.floor((now - Date.parse(progress.since)) / DAY_MS));
    return {
      accountId: facts.id,
      accountName: facts.name,
      stepId: progress.current?.id ?? null,
      stepLabel: progress.current ? progress.currentLabel : "Done",
      stepTitle: progress.current?.title ?? "Every step done",
      since: progress.since,
      days,
      waitedMs: now - Date.parse(progress.since),
    };
  });
  if (query.step) rows = rows.filter((r) => (query.step === "done" ? r.stepId === null : r.stepId === query.step));
  if (query.stuckDays !== undefined) {
    const limit = query.stuckDays * DAY_MS;
    rows = rows.filter((r) => r.stepId !== null && r.waitedMs > limit);
  }
  rows.sort((a, b) =>
    query.sort === "name" ? a.accountName.localeCompare(b.accountName) || a.accountId.localeCompare(b.accountId) : b.waitedMs - a.waitedMs,
  );
  const page = query.page ?? 1;
  const enabled = steps.filter((s) => Number(s.enabled) === 1);
  const labels = progressOf(enabled, { id: "", name: "", created_at: "", active_since: null, onboarding_approved_at: null }, []);
  return {
    data: rows.slice((page - 1) * OVERVIEW_PAGE_SIZE, page * OVERVIEW_PAGE_SIZE).map(({ waitedMs: _, ...row }) => row),
    page,
    pageSize: OVERVIEW_PAGE_SIZE,
    total: rows.length,
    steps: labels.steps.map((s) => ({ id: s.step.id, label: s.label, title: s.step.title })),
  };
}

// Next actions -----------------------------------------------------------------------------------

/**
 * The journey's part of a client's "next actions": the current step when staff set it up as a
 * step to do (a manual step with a button). The other rules' work is listed by the modules that
 * hold it (the onboarding form by onboarding; updates and drafts by updates).
 */
export async function journeyNextActions(ctx: AppContext, actor: Actor, side: TNextActionSide): Promise<TNextAction[]> {
  if (side !== "client" || actor.role !== "client" || !actor.accountId) return [];
  const { facts, progress } = await readJourney(ctx.db, actor, actor.accountId);
  const step = progress.current;
  if (step?.rule !== "manual" || !step.action_label || !step.action_path) return [];
  return [
    {
      key: `journey_step:${step.id}`,
      kind: "journey_step",
      title: `${progress.currentLabel} · ${step.title}`,
      detail: step.body,
      actionLabel: step.action_label,
      url: step.action_path,
      since: progress.since,
      accountId: facts.id,
      accountName: facts.name,
    },
  ];
}

// The admin's steps ------------------------------------------------------------------------------

const presentStep = (r: q.StepRow): TJourneyStep => ({
  id: r.id,
  title: r.title,
  body: r.body,
  actionLabel: r.action_label,
  actionPath: r.action_path,
  position: Number(r.position),
  enabled: Number(r.enabled) === 1,
  rule: r.rule,
  builtIn: r.builtin !== null,
  updatedAt: r.updated_at,
});

export async function listAdminSteps(ctx: AppContext): Promise<TJourneyStep[]> {
  return (await q.listSteps(ctx.db, true)).map(presentStep);
}

/** Title trimmed and not empty; a button has both its words and its path, or neither. */
function checkedFields(input: { title?: string; actionLabel?: string | null; actionPath?: string | null }, current?: q.StepRow) {
  const title = input.title?.trim() ?? current?.title ?? "";
  if (!title) throw validation("title", "Enter the step's title.");
  const actionLabel = input.actionLabel === undefined ? (current?.action_label ?? null) : input.actionLabel?.trim() || null;
  const actionPath = input.actionPath === undefined ? (current?.action_path ?? null) : input.actionPath?.trim() || null;
  if (actionLabel && !actionPath) throw validation("actionPath", "Give the button a path inside the portal, such as /onboarding.");
  if (actionPath && !actionLabel) throw validation("actionLabel", "Give the button its words, such as “Open the form”.");
  return { title, action_label: actionLabel, action_path: actionPath };
}

export async function createStep(ctx: AppContext, actor: Actor, input: TCreateJourneyStepRequest): Promise<TJourneyStep> {
  const fields = checkedFields(input);
  return ctx.db.transaction().execute(async (tx) => {
    const now = nowIso();
    const row: q.StepRow = {
      id: newId(),
      builtin: null,
      ...fields,
      body: input.body?.trim() ?? "",
      position: (await q.lastPosition(tx)) + 1,
      enabled: input.enabled === false ? 0 : 1,
      rule: input.rule ?? "manual",
      created_at: now,
      updated_at: now,
    };
    await q.insertStep(tx, row);
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "journey_step.created",
      objectType: "journey_step",
      objectId: row.id,
      payload: { stepId: row.id, stepTitle: row.title },
    });
    return presentStep(row);
  });
}

export async function updateStep(ctx: AppContext, actor: Actor, id: string, input: TUpdateJourneyStepRequest): Promise<TJourneyStep> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await q.findStep(tx, id);
    if (!row) throw notFound("Journey step");
    const next = {
      ...checkedFields(input, row),
      body: input.body === undefined ? row.body : input.body.trim(),
      rule: input.rule ?? row.rule,
      enabled: input.enabled === undefined ? Number(row.enabled) : input.enabled ? 1 : 0,
      updated_at: nowIso(),
    };
    await q.updateStepRow(tx, id, next);
    const { updated_at: _, ...after } = next;
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "journey_step.updated",
      objectType: "journey_step",
      objectId: id,
      payload: {
        stepId: id,
        stepTitle: next.title,
        before: {
          title: row.title,
          body: row.body,
          action_label: row.action_label,
          action_path: row.action_path,
          rule: row.rule,
          enabled: row.enabled,
        },
        after,
      },
    });
    return presentStep({ ...row, ...next });
  });
}

/** A custom step can be deleted; a built-in one only turned off (the product's own journey). */
export async function deleteStep(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const row = await q.findStep(tx, id);
    if (!row) throw notFound("Journey step");
    if (row.builtin !== null) throw conflict("A built-in step cannot be deleted. Turn it off instead.");
    await q.deleteStepRow(tx, id);
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "journey_step.deleted",
      objectType: "journey_step",
      objectId: id,
      payload: { stepId: id, stepTitle: row.title },
    });
  });
}

/** Puts every step in the order given (all of them, each once). */
export async function reorderSteps(ctx: AppContext, actor: Actor, ids: string[]): Promise<TJourneyStep[]> {
  return ctx.db.transaction().execute(async (tx) => {
    const rows = await q.listSteps(tx, true);
    const known = new Set(rows.map((r) => r.id));
    if (ids.length !== rows.length || !ids.every((id) => known.has(id))) {
      throw validation("ids", "Send every step's id once, in the new order.");
    }
    const now = nowIso();
    for (const [position, id] of ids.entries()) await q.updateStepRow(tx, id, { position, updated_at: now });
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "journey_step.reordered",
      objectType: "journey_step",
      objectId: ids[0] ?? "",
      payload: { ids },
    });
    return (await q.listSteps(tx, true)).map(presentStep);
  });
}

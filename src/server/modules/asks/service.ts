import {
  ASK_ACTION_TITLES,
  ASK_PAGE_SIZE,
  askPath,
  MAX_ASK_MINUTES,
  type TAnswerAskRequest,
  type TAsk,
  type TAskDetail,
  type TAskList,
  type TAskListQuery,
  type TAskResponse,
  type TAskResponseTimes,
  type TAskSecret,
  type TCreateAskRequest,
  type TReaskRequest,
} from "../../../common/asks";
import type { TNextAction, TNextActionSide } from "../../../common/next-actions";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import { scrubFreedSpace } from "../../platform/db/database";
import { assertAllowed, forbidden, notFound, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import { enqueue, jobHandler } from "../../platform/jobs";
import { canSeeAccount } from "../../platform/policy";
import { findAccountRow } from "../clients/queries";
import { attachFiles, filesFor } from "../files/service";
import { expireAsk, purgeAskSecret } from "./jobs";
import { askDecisions, askPolicy } from "./policy";
import * as q from "./queries";

/*
 * Time-boxed asks (seed 000: "If your workflow requires OTP submission, confirmation, or another
 * time-sensitive task, complete it through the dashboard as soon as possible"). An agent asks a
 * client account for a one-time code, a yes/no confirmation, a short answer or a file, by a
 * deadline. The client is told at once (the notification topic: in-app, email, Web Push; the live
 * stream puts it on top of their next actions). Unanswered by the deadline it expires (a job
 * with the deadline as run-at). A secret answer — every code, a short answer marked secret — is
 * sealed with ctx.secrets, revealed only to the asker and admins (each time recorded) and purged
 * `ASK_SECRET_MINUTES` after answering or when the agent marks it used.
 */

/** Where the sealed answer of an ask lives in the keyring's associated data: a ciphertext copied to another row does not open. */
const aadOf = (askId: string) => `ask:${askId}`;
/** A one-time code as services send them: letters, digits, spaces and dashes ("G-123 456"). */
const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 -]*$/;

function present(actor: Actor, row: q.AskView, file: TAsk["file"]): TAsk {
  const staff = actor.role !== "client";
  const secret = row.secret === 1;
  const answer =
    row.status !== "answered" || secret
      ? null
      : row.kind === "confirm"
        ? { confirm: row.answer_text === "yes" }
        : row.kind === "text"
          ? { text: row.answer_text ?? "" }
          : null;
  return {
    id: row.id,
    account: { id: row.account_id, name: row.account_name },
    kind: row.kind,
    prompt: row.prompt,
    secret,
    status: row.status,
    deadlineAt: row.deadline_at,
    askedBy: { id: row.created_by, name: row.asker_name, role: row.asker_role },
    askedAt: row.created_at,
    answeredBy:
      row.answered_by && row.answerer_name && row.answerer_role
        ? { id: row.answered_by, name: row.answerer_name, role: row.answerer_role }
        : null,
    answeredAt: row.answered_at,
    answer,
    file,
    secretState: !secret || row.status !== "answered" ? "none" : row.sealed === 1 ? "sealed" : "purged",
    secretUntil: staff && row.sealed === 1 ? row.secret_until : null,
    secretUsedAt: row.secret_used_at,
    secretPurgedAt: row.secret_purged_at,
    cancelledAt: row.cancelled_at,
    reaskedFrom: row.reasked_from,
    reaskedBy: row.reasked_by,
  };
}

/** Presents asks with their files in one read (no query per ask). */
async function presentMany(db: Executor, actor: Actor, rows: q.AskView[], now: string) {
  const withFiles = rows.filter((r) => r.answer_file_id !== null).map((r) => r.id);
  const files = await filesFor(db, "ask", withFiles);
  return rows.map((row) => {
    const [file] = files.get(row.id) ?? [];
    const ask = present(actor, row, file ? { id: file.id, name: file.name, size: file.size } : null);
    return { ask, policies: askPolicy(actor, row, now) };
  });
}

async function loadVisible(db: Executor, actor: Actor, id: string): Promise<q.AskView> {
  const row = await q.findVisibleAsk(db, actor, id);
  if (!row) throw notFound("Request");
  return row;
}

async function reply(db: Executor, actor: Actor, id: string): Promise<TAskResponse> {
  const [item] = await presentMany(db, actor, [await loadVisible(db, actor, id)], nowIso());
  if (!item) throw new Error("presentMany returned nothing for one row");
  return { data: item.ask, policies: item.policies };
}

/** The deadline: `minutes` from now or a time (`deadlineAt`), exactly one, within thirty days. */
function deadlineOf(input: { minutes?: number | undefined; deadlineAt?: string | undefined }, nowMs: number): string {
  if ((input.minutes === undefined) === (input.deadlineAt === undefined)) {
    throw validation("minutes", "Choose how long the client has: a number of minutes, or a date and time (one of the two).");
  }
  if (input.minutes !== undefined) return new Date(nowMs + input.minutes * 60_000).toISOString();
  const ms = Date.parse(input.deadlineAt ?? "");
  if (Number.isNaN(ms)) throw validation("deadlineAt", "Enter the deadline as a date and time.");
  if (ms <= nowMs + 30_000) throw validation("deadlineAt", "Choose a deadline at least a minute from now.");
  if (ms > nowMs + MAX_ASK_MINUTES * 60_000) throw validation("deadlineAt", "Choose a deadline within thirty days.");
  return new Date(ms).toISOString();
}

/** Writes a new ask, its event and its expiry job, in the caller's transaction. */
async function insertAsk(
  tx: Executor,
  actor: Actor,
  ask: { accountId: string; kind: TAsk["kind"]; prompt: string; secret: boolean; deadlineAt: string; reaskedFrom: string | null },
): Promise<string> {
  const id = newId();
  const now = nowIso();
  await q.insertAsk(tx, {
    id,
    account_id: ask.accountId,
    kind: ask.kind,
    prompt: ask.prompt,
    secret: ask.secret ? 1 : 0,
    deadline_at: ask.deadlineAt,
    status: "open",
    created_by: actor.id,
    created_at: now,
    updated_at: now,
    answered_by: null,
    answered_at: null,
    answer_text: null,
    answer_secret: null,
    answer_file_id: null,
    secret_until: null,
    secret_used_at: null,
    secret_purged_at: null,
    cancelled_by: null,
    cancelled_at: null,
    reasked_from: ask.reaskedFrom,
  });
  await recordEvent(tx, {
    actorId: actor.id,
    verb: "ask.created",
    objectType: "ask",
    objectId: id,
    accountId: ask.accountId,
    payload: {
      askId: id,
      kind: ask.kind,
      prompt: ask.prompt,
      deadlineAt: ask.deadlineAt,
      secret: ask.secret,
      reaskedFrom: ask.reaskedFrom,
    },
  });
  await enqueue(tx, expireAsk, { askId: id }, { runAt: new Date(ask.deadlineAt) });
  return id;
}

/** Staff ask a client account they work for a code, a confirmation, an answer or a file. */
export async function createAsk(ctx: AppContext, actor: Actor, input: TCreateAskRequest): Promise<TAskResponse> {
  if (actor.role === "client") throw forbidden("Only the agency's staff can ask a client for a code or a confirmation.");
  const prompt = input.prompt.trim();
  if (!prompt) throw validation("prompt", "Write what the client should do, e.g. “Enter the code LinkedIn just texted you”.");
  // A code is always secret; a short answer when the agent says so; a yes/no or a file never is.
  const secret = input.kind === "code" || (input.kind === "text" && input.secret === true);
  const deadlineAt = deadlineOf(input, Date.now());
  return ctx.db.transaction().execute(async (tx) => {
    // Why 404, not 400: an agent naming an account not assigned to them learns nothing of it.
    if (!(await canSeeAccount(tx, actor, input.accountId)) || !(await findAccountRow(tx, input.accountId))) {
      throw notFound("Client account");
    }
    const id = await insertAsk(tx, actor, { accountId: input.accountId, kind: input.kind, prompt, secret, deadlineAt, reaskedFrom: null });
    return reply(tx, actor, id);
  });
}

/** The asks in the actor's scope: open ones first, soonest deadline first, then the rest newest first. */
export async function listAsks(ctx: AppContext, actor: Actor, query: TAskListQuery): Promise<TAskList> {
  const page = query.page ?? 1;
  const now = nowIso();
  const { rows, total } = await q.listVisibleAsks(ctx.db, actor, {
    status: query.status ?? "open",
    accountId: query.accountId,
    offset: (page - 1) * ASK_PAGE_SIZE,
    limit: ASK_PAGE_SIZE,
  });
  const items = await presentMany(ctx.db, actor, rows, now);
  return {
    data: items.map((i) => ({ ...i.ask, policies: i.policies })),
    total,
    page,
    pageSize: ASK_PAGE_SIZE,
    policies: { create: actor.role !== "client" },
  };
}

/** One ask; staff also get who revealed its secret, when. */
export async function getAsk(ctx: AppContext, actor: Actor, id: string): Promise<TAskDetail> {
  const row = await loadVisible(ctx.db, actor, id);
  const [[item], views] = await Promise.all([
    presentMany(ctx.db, actor, [row], nowIso()),
    actor.role === "client" ? Promise.resolve([]) : q.secretViewsOf(ctx.db, id),
  ]);
  if (!item) throw new Error("presentMany returned nothing for one row");
  return {
    data: { ask: item.ask, views: views.map((v) => ({ by: { id: v.id, name: v.name, role: v.role }, at: v.viewed_at })) },
    policies: item.policies,
  };
}

/** The answer's one field for the ask's kind, checked: the words given (sealed or stored plain by the ask's `secret`), or the file attached. */
function answerOf(kind: TAsk["kind"], input: TAnswerAskRequest): { value?: string; fileId?: string } {
  switch (kind) {
    case "code": {
      const code = (input.code ?? "").trim();
      if (!code) throw validation("code", "Enter the code you received.");
      if (!CODE_PATTERN.test(code)) throw validation("code", "Enter the code as it reached you: letters and digits only.");
      return { value: code };
    }
    case "confirm":
      if (input.confirm === undefined) throw validation("confirm", "Answer yes or no.");
      return { value: input.confirm ? "yes" : "no" };
    case "text": {
      const text = (input.text ?? "").trim();
      if (!text) throw validation("text", "Write your answer.");
      return { value: text };
    }
    case "file":
      if (!input.fileId) throw validation("fileId", "Upload the file your agent asked for.");
      return { fileId: input.fileId };
  }
}

/**
 * A client answers an open ask of their account before its deadline (409 `ask_expired` after it,
 * even if the expiry job has not run yet). A secret answer is sealed; a purge is queued for
 * ASK_SECRET_MINUTES later. Compare-and-set on `open`: of two answers racing, one wins.
 */
export async function answerAsk(ctx: AppContext, actor: Actor, id: string, input: TAnswerAskRequest): Promise<TAskResponse> {
  return ctx.db.transaction().execute(async (tx) => {
    const now = nowIso();
    const row = await loadVisible(tx, actor, id);
    assertAllowed(askDecisions(actor, row, now).answer);
    const answer = answerOf(row.kind, input);
    const secret = row.secret === 1;
    const secretUntil = secret ? new Date(Date.parse(now) + ctx.config.askSecretMinutes * 60_000).toISOString() : null;
    const changed = await q.updateAskFrom(tx, id, "open", {
      status: "answered",
      answered_by: actor.id,
      answered_at: now,
      updated_at: now,
      answer_text: secret ? null : (answer.value ?? null),
      answer_secret: secret && answer.value !== undefined ? ctx.secrets.encrypt(answer.value, aadOf(id)) : null,
      answer_file_id: answer.fileId ?? null,
      secret_until: secretUntil,
    });
    if (!changed) assertAllowed(askDecisions(actor, await loadVisible(tx, actor, id), now).answer);
    if (answer.fileId) await attachFiles(tx, actor, [answer.fileId], { type: "ask", id, accountId: row.account_id });
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "ask.answered",
      objectType: "ask",
      objectId: id,
      accountId: row.account_id,
      payload: { askId: id, kind: row.kind, prompt: row.prompt },
    });
    if (secretUntil) await enqueue(tx, purgeAskSecret, { askId: id }, { runAt: new Date(secretUntil) });
    return reply(tx, actor, id);
  });
}

/** Staff cancel an open ask: it leaves the client's dashboard. */
export async function cancelAsk(ctx: AppContext, actor: Actor, id: string): Promise<TAskResponse> {
  return ctx.db.transaction().execute(async (tx) => {
    const now = nowIso();
    const row = await loadVisible(tx, actor, id);
    assertAllowed(askDecisions(actor, row, now).cancel);
    if (!(await q.updateAskFrom(tx, id, "open", { status: "cancelled", cancelled_by: actor.id, cancelled_at: now, updated_at: now }))) {
      assertAllowed(askDecisions(actor, await loadVisible(tx, actor, id), now).cancel);
    }
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "ask.cancelled",
      objectType: "ask",
      objectId: id,
      accountId: row.account_id,
      payload: { askId: id, kind: row.kind, prompt: row.prompt },
    });
    return reply(tx, actor, id);
  });
}

/**
 * Marks an open ask whose deadline has passed as expired, telling the asker (the expiry job, and
 * an "ask again" that came before the job). Returns whether this call expired it.
 */
export async function expireIfDue(tx: Executor, askId: string, now: string): Promise<boolean> {
  const row = await q.findAsk(tx, askId);
  if (row?.status !== "open" || row.deadline_at > now) return false;
  if (!(await q.updateAskFrom(tx, askId, "open", { status: "expired", updated_at: now }))) return false;
  await recordEvent(tx, {
    actorId: null,
    verb: "ask.expired",
    objectType: "ask",
    objectId: askId,
    accountId: row.account_id,
    payload: { askId, kind: row.kind, prompt: row.prompt, deadlineAt: row.deadline_at },
  });
  return true;
}

/** Staff ask the same again with a new deadline, once the ask is over (expired, cancelled or answered). */
export async function reask(ctx: AppContext, actor: Actor, id: string, input: TReaskRequest): Promise<TAskResponse> {
  const deadlineAt = deadlineOf(input, Date.now());
  return ctx.db.transaction().execute(async (tx) => {
    const now = nowIso();
    const row = await loadVisible(tx, actor, id);
    assertAllowed(askDecisions(actor, row, now).reask);
    await expireIfDue(tx, id, now);
    const nextId = await insertAsk(tx, actor, {
      accountId: row.account_id,
      kind: row.kind,
      prompt: row.prompt,
      secret: row.secret === 1,
      deadlineAt,
      reaskedFrom: id,
    });
    return reply(tx, actor, nextId);
  });
}

/** The asker or an admin reads a sealed answer; each reading is recorded (a row and an audit event). */
export async function revealSecret(ctx: AppContext, actor: Actor, id: string): Promise<TAskSecret> {
  return ctx.db.transaction().execute(async (tx) => {
    const now = nowIso();
    const row = await loadVisible(tx, actor, id);
    assertAllowed(askDecisions(actor, row, now).reveal);
    const sealed = await q.sealedAnswer(tx, id);
    if (sealed === undefined || !row.secret_until) throw notFound("Answer");
    const secret = ctx.secrets.decrypt(sealed, aadOf(id));
    await q.recordSecretView(tx, { id: newId(), ask_id: id, user_id: actor.id, viewed_at: now });
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "ask.secret_viewed",
      objectType: "ask",
      objectId: id,
      accountId: row.account_id,
      payload: { askId: id, kind: row.kind, prompt: row.prompt },
    });
    return { data: { secret, until: row.secret_until } };
  });
}

/**
 * Purges a sealed answer now (the agent marked it used) or at its time (the job): overwritten
 * and deleted, then — on SQLite — the freed bytes scrubbed from the file. Idempotent.
 */
export async function purgeSecret(ctx: AppContext, askId: string, reason: "used" | "retention", actorId: string | null): Promise<boolean> {
  const purged = await ctx.db.transaction().execute(async (tx) => {
    const row = await q.findAsk(tx, askId);
    if (!row) return false;
    const now = nowIso();
    if (!(await q.purgeSealedAnswer(tx, askId, now, reason === "used"))) return false;
    await recordEvent(tx, {
      actorId,
      verb: "ask.secret_purged",
      objectType: "ask",
      objectId: askId,
      accountId: row.account_id,
      payload: { askId, kind: row.kind, prompt: row.prompt, reason },
    });
    return true;
  });
  if (purged) await scrubFreedSpace(ctx.db, ctx.dialect);
  return purged;
}

/** The asker or an admin is done with the secret: it is purged now. */
export async function markUsed(ctx: AppContext, actor: Actor, id: string): Promise<TAskResponse> {
  const row = await loadVisible(ctx.db, actor, id);
  assertAllowed(askDecisions(actor, row, nowIso()).markUsed);
  await purgeSecret(ctx, id, "used", actor.id);
  return reply(ctx.db, actor, id);
}

const median = (sorted: number[]) => {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** Per client account in the staff member's scope: how fast its asks are answered (the seed's "fast responses"). */
export async function responseTimes(ctx: AppContext, actor: Actor): Promise<TAskResponseTimes> {
  if (actor.role === "client") throw forbidden("Response times are for the agency's staff.");
  const byAccount = new Map<string, { name: string; asked: number; expired: number; seconds: number[] }>();
  for (const row of await q.responseTimeRows(ctx.db, actor)) {
    const entry = byAccount.get(row.account_id) ?? { name: row.account_name, asked: 0, expired: 0, seconds: [] };
    entry.asked++;
    if (row.status === "expired") entry.expired++;
    if (row.answered_at) entry.seconds.push(Math.max(0, (Date.parse(row.answered_at) - Date.parse(row.created_at)) / 1000));
    byAccount.set(row.account_id, entry);
  }
  return {
    data: [...byAccount].map(([id, e]) => {
      const sorted = e.seconds.sort((a, b) => a - b);
      return {
        account: { id, name: e.name },
        asked: e.asked,
        answered: sorted.length,
        expired: e.expired,
        medianSeconds: median(sorted),
        slowestSeconds: sorted.length > 0 ? (sorted[sorted.length - 1] ?? null) : null,
      };
    }),
  };
}

const NEXT_ACTIONS_LIMIT = 20;

/**
 * Asks' part of the next actions, on top (they carry `dueAt`): for the client side, each open ask
 * whose deadline is ahead ("Enter the one-time code", counting down); for the agency side, the
 * answers the staff member asked for that wait, sealed, to be used before they are purged.
 */
export async function askNextActions(ctx: AppContext, actor: Actor, side: TNextActionSide): Promise<TNextAction[]> {
  if (side === "client") {
    const rows = await q.openAsks(ctx.db, actor, nowIso(), NEXT_ACTIONS_LIMIT);
    return rows.map((row) => ({
      key: `ask:${row.id}`,
      kind: "ask",
      title: ASK_ACTION_TITLES[row.kind],
      detail: row.prompt,
      actionLabel: "Answer now",
      url: askPath(row.id),
      since: row.created_at,
      dueAt: row.deadline_at,
      accountId: row.account_id,
      accountName: row.account_name,
    }));
  }
  if (actor.role === "client") return [];
  const rows = await q.sealedAnswersOf(ctx.db, actor, NEXT_ACTIONS_LIMIT);
  return rows.map((row) => ({
    key: `ask_answer:${row.id}`,
    kind: "ask_answer",
    title: row.kind === "code" ? "Use the code your client sent" : "Read your client's answer",
    detail: row.prompt,
    actionLabel: "Open the answer",
    url: askPath(row.id),
    since: row.answered_at ?? row.created_at,
    ...(row.secret_until ? { dueAt: row.secret_until } : {}),
    accountId: row.account_id,
    accountName: row.account_name,
  }));
}

/** The jobs behind the deadlines: expiry and purge, each skipped when the ask moved on first. */
export function askJobs(ctx: AppContext) {
  return [
    {
      definition: jobHandler(expireAsk, async ({ askId }) =>
        (await ctx.db.transaction().execute((tx) => expireIfDue(tx, askId, nowIso()))) ? "done" : "skipped",
      ),
    },
    {
      definition: jobHandler(purgeAskSecret, async ({ askId }) =>
        (await purgeSecret(ctx, askId, "retention", null)) ? "done" : "skipped",
      ),
    },
  ];
}

import type { Updateable } from "kysely";
import {
  clockRuns,
  STAGE_OWNER,
  STAGES,
  type TArchiveList,
  type TArchiveQuery,
  type TBoard,
  type TBoardQuery,
  type TCreateTaskRequest,
  type TTaskCard,
  type TTaskDetail,
  type TUpdateTaskRequest,
  type TWaitingList,
} from "../../../common/board";
import type { TAddCommentRequest } from "../../../common/conversations";
import { referenceOf } from "../../../common/references";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import { nextNumber } from "../../platform/counters";
import type { Executor } from "../../platform/db/database";
import type { TaskStage, TasksTable } from "../../platform/db/schema";
import { assertAllowed, notFound, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import { decodeCursor, encodeCursor } from "../../platform/lists";
import { canSeeAccount, resolveAccountFor } from "../../platform/policy";
import { getSettings } from "../../platform/settings";
import { accountNames, findAccountRow, lockAccount } from "../clients/queries";
import { type EmailAttachment, type NewComment, writeComment } from "../conversations/service";
import { attachFiles, filesFor } from "../files/service";
import { assertMayAssign, boardFilterOf, recordAssignment, requireAssignable } from "./assignees";
import { findTemplate, listTemplates, requireRequestType } from "./catalog";
import { scopeDecision, taskDecisions, taskPolicy } from "./policy";
import {
  presentApproval,
  presentBoardCard,
  presentCard,
  presentQuote,
  presentReview,
  presentReviewSummary,
  presentTaskTimeline,
} from "./presenters";
import * as q from "./queries";
import { taskReads } from "./task-reads";

/** The most cards one column of the board returns (a client account's board fits; the combined one may not). */
export const COLUMN_LIMIT = 500;
/** Positions are spaced this far apart; a move between two cards takes the midpoint. */
const GAP = 1024;

export type Task = q.TaskRow;

export async function loadVisible(db: Executor, actor: Actor, id: string): Promise<Task> {
  const task = await q.findVisibleTask(db, actor, id);
  if (!task) throw notFound("Task");
  return task;
}

export async function reloadCard(tx: Executor, actor: Actor, id: string): Promise<TTaskCard> {
  return presentCard(await loadVisible(tx, actor, id));
}

/** What every task event carries: enough for the history line, the notification and the email. */
export function basePayload(task: Pick<Task, "number" | "summary" | "stage">) {
  return { number: Number(task.number), summary: task.summary, stage: task.stage, internal: false };
}

/** Every change bumps the version (an approval names the version it saw) and the activity time. */
export async function touch(tx: Executor, taskId: string, set: Updateable<TasksTable> = {}, now = nowIso()): Promise<string> {
  await q.touchTask(tx, taskId, set, now);
  return now;
}

/** A deadline is a real calendar day, not long gone (a day's slack for time zones). */
function checkDeadline(deadline: string | null | undefined): void {
  if (!deadline) return;
  const day = new Date(`${deadline}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== deadline) throw validation("deadline", "Enter a real date.");
  if (day.getTime() < Date.now() - 2 * 86_400_000) throw validation("deadline", "Choose a deadline that is today or later.");
}

/**
 * Where a card lands in its account's column: after `afterId` (a card of the same stage the
 * actor can see; on the combined board it may belong to another account), else first. The
 * midpoint between neighbours, or the column renumbered when they are too close.
 */
export async function placeCard(
  tx: Executor,
  actor: Actor,
  task: { id: string; account_id: string },
  stage: TaskStage,
  afterId: string | null | undefined,
): Promise<number> {
  // Two moves to one column at once would read the same neighbours and land on one position
  // (PostgreSQL, read committed): they take their turn. Every read after the lock sees the other's commit.
  await lockAccount(tx, task.account_id);
  // Reads only the two neighbours of the new place, not the column: a column may hold hundreds.
  let prev: q.ColumnPlace | undefined;
  if (afterId) {
    const after = await q.findVisibleTask(tx, actor, afterId);
    if (!after || after.stage !== stage || after.archived_at !== null || afterId === task.id) {
      throw validation("afterId", "The card to place this one after is not in that column.");
    }
    prev =
      after.account_id === task.account_id
        ? { id: after.id, position: Number(after.position) }
        : await q.lastAtOrBefore(tx, task.account_id, stage, task.id, Number(after.position));
  }
  const next = prev
    ? await q.nextInColumn(tx, task.account_id, stage, task.id, prev)
    : await q.firstInColumn(tx, task.account_id, stage, task.id);
  if (!prev) return next ? next.position - GAP : 0;
  if (!next) return prev.position + GAP;
  if (next.position - prev.position > 1e-6) return (prev.position + next.position) / 2;
  // Too close to split (after very many moves to one place): renumber the column, the card in its place.
  const column = (await q.columnPositions(tx, task.account_id, stage)).filter((c) => c.id !== task.id);
  const index = column.findIndex((c) => c.id === prev.id);
  const ordered = [...column.slice(0, index + 1).map((c) => c.id), task.id, ...column.slice(index + 1).map((c) => c.id)];
  await q.setPositions(
    tx,
    ordered.filter((id) => id !== task.id).map((id) => ({ id, position: (ordered.indexOf(id) + 1) * GAP })),
  );
  return (ordered.indexOf(task.id) + 1) * GAP;
}

/** Closes the stage period that is open and opens one for `stage` (who has it, since when). */
export async function startStagePeriod(tx: Executor, task: { id: string; account_id: string }, stage: TaskStage, at: string) {
  await q.closeOpenPeriod(tx, task.id, at);
  await q.openPeriod(tx, {
    id: newId(),
    task_id: task.id,
    account_id: task.account_id,
    stage,
    owner: STAGE_OWNER[stage],
    started_at: at,
    ended_at: null,
  });
}

/**
 * A comment on the task, through the conversation: a public one counts on the card (with its
 * files); an internal note counts nowhere a client could see it.
 */
export async function writeTaskComment(
  tx: Executor,
  task: Pick<Task, "id" | "account_id">,
  author: Actor,
  input: NewComment,
): Promise<string> {
  const written = await writeComment(tx, { type: "task", id: task.id, accountId: task.account_id }, author, input);
  if (input.kind === "reply") await q.countComment(tx, task.id, written.fileCount);
  return written.id;
}

/**
 * Logs a work request (seed: "Client logs Work Request (Requested Work)"): a new card at the top
 * of REQUESTED WORK. A client logs it for their own account; staff name the account.
 */
export async function createTask(ctx: AppContext, actor: Actor, input: TCreateTaskRequest): Promise<TTaskCard> {
  return ctx.db.transaction().execute(async (tx) => {
    const accountId = await resolveAccountFor(tx, actor, input, "work request");
    // An admin may name any account, so it must be one that exists (a client's own always does):
    // else the insert fails on the foreign key, a 500 instead of the field at fault.
    if (actor.role !== "client" && !(await findAccountRow(tx, accountId))) {
      throw validation("accountId", "That client account was not found.");
    }
    const summary = input.summary.trim();
    if (!summary) throw validation("summary", "Type a summary of the work requested.");
    const type = await requireRequestType(tx, input.requestTypeId);
    checkDeadline(input.deadline);
    const template = input.templateId ? await findTemplate(tx, input.templateId, false) : undefined;
    if (input.templateId && !template) throw validation("templateId", "That template is no longer available.");
    if (input.assigneeId !== undefined) assertMayAssign(actor);
    const assignee = input.assigneeId ? await requireAssignable(tx, input.assigneeId, accountId) : null;
    const id = newId();
    const now = nowIso();
    const number = await nextNumber(tx, "task");
    const position = await placeCard(tx, actor, { id, account_id: accountId }, "requested", null);
    await q.insertTask(tx, {
      id,
      number,
      account_id: accountId,
      summary,
      description: input.description,
      request_type_id: type.id,
      template_id: template?.id ?? null,
      stage: "requested",
      position,
      deadline: input.deadline ?? null,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
      stage_entered_at: now,
      completed_at: null,
      archived_at: null,
      unarchived_at: null,
      assignee_id: assignee?.id ?? null,
    });
    await startStagePeriod(tx, { id, account_id: accountId }, "requested", now);
    if (input.fileIds?.length) {
      await attachFiles(tx, actor, input.fileIds, { type: "task", id, accountId });
      await q.countFiles(tx, id, new Set(input.fileIds).size);
    }
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "task.created",
      objectType: "task",
      objectId: id,
      accountId,
      payload: {
        ...basePayload({ number, summary, stage: "requested" }),
        requestType: type.name,
        deadline: input.deadline ?? null,
        template: template?.name ?? null,
        authorRole: actor.role,
        body: input.description,
      },
    });
    if (assignee) {
      const base = basePayload({ number, summary, stage: "requested" });
      await recordAssignment(tx, actor, { id, account_id: accountId, assignee_id: null }, base, assignee);
    }
    return reloadCard(tx, actor, id);
  });
}

/** Changes the summary, details, request type or deadline; one `task.updated` event lists what changed. */
export async function updateTask(ctx: AppContext, actor: Actor, id: string, patch: TUpdateTaskRequest): Promise<TTaskCard> {
  return ctx.db.transaction().execute(async (tx) => {
    const task = await loadVisible(tx, actor, id);
    assertAllowed(taskDecisions(actor, task).edit);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const set: Updateable<TasksTable> = {};
    const summary = patch.summary?.trim();
    if (patch.summary !== undefined && !summary) throw validation("summary", "Type a summary of the work requested.");
    if (summary && summary !== task.summary) {
      changes.summary = { from: task.summary, to: summary };
      set.summary = summary;
    }
    if (patch.description !== undefined && patch.description !== task.description) {
      changes.description = { from: null, to: null };
      set.description = patch.description;
    }
    if (patch.requestTypeId && patch.requestTypeId !== task.request_type_id) {
      const type = await requireRequestType(tx, patch.requestTypeId);
      changes.requestType = { from: task.request_type_name, to: type.name };
      set.request_type_id = type.id;
    }
    if (patch.deadline !== undefined && patch.deadline !== task.deadline) {
      checkDeadline(patch.deadline);
      changes.deadline = { from: task.deadline, to: patch.deadline };
      set.deadline = patch.deadline;
    }
    // The assignee: staff only, one of the people who may handle the account; its own event.
    if (patch.assigneeId !== undefined) assertMayAssign(actor);
    if (patch.assigneeId !== undefined && patch.assigneeId !== task.assignee_id) {
      assertAllowed(taskDecisions(actor, task).assign);
      const assignee = patch.assigneeId ? await requireAssignable(tx, patch.assigneeId, task.account_id) : null;
      await touch(tx, task.id, { assignee_id: assignee?.id ?? null });
      await recordAssignment(tx, actor, task, basePayload(task), assignee);
      if (Object.keys(changes).length === 0) return reloadCard(tx, actor, task.id);
    }
    if (Object.keys(changes).length === 0) return presentCard(task);
    // An accepted quote fixes the scope: the summary and description wait for a new quote. The
    // settings (the task's prefix, for the refusal's words) are read only for a refusal.
    if ((changes.summary || changes.description) && !scopeDecision(actor, task).allowed) {
      const reference = referenceOf((await getSettings(tx)).taskPrefix, Number(task.number));
      assertAllowed(scopeDecision(actor, task, reference), changes.summary ? "summary" : "description");
    }
    await touch(tx, task.id, set);
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "task.updated",
      objectType: "task",
      objectId: task.id,
      accountId: task.account_id,
      payload: { ...basePayload({ ...task, summary: summary ?? task.summary }), changes },
    });
    return reloadCard(tx, actor, task.id);
  });
}

/**
 * A comment with attachments, from either side ("easy communication via comments and
 * attachments"), or — staff only — an internal note the client never sees.
 */
export async function commentOnTask(ctx: AppContext, actor: Actor, id: string, input: TAddCommentRequest): Promise<TTaskCard> {
  return ctx.db.transaction().execute(async (tx) => {
    const body = input.body.trim();
    if (!body) throw validation("body", "Write a comment first.");
    const task = await postComment(tx, actor, id, { kind: input.kind ?? "reply", body, source: "portal", fileIds: input.fileIds });
    return reloadCard(tx, actor, task.id);
  });
}

/** A comment that arrived by email (the inbound module matched the task and its sender). */
export async function commentFromEmail(
  tx: Executor,
  input: { taskId: string; author: Actor; body: string; emailMessageId: string; attachments: EmailAttachment[] },
): Promise<void> {
  const { body, emailMessageId, attachments } = input;
  await postComment(tx, input.author, input.taskId, { kind: "reply", body, source: "email", emailMessageId, attachments });
}

/** A comment or note on a task, from the portal or by email, recorded as `task.commented`. */
async function postComment(tx: Executor, author: Actor, taskId: string, comment: NewComment): Promise<Task> {
  const task = await loadVisible(tx, author, taskId);
  assertAllowed(taskDecisions(author, task)[comment.kind === "note" ? "note" : "comment"]);
  const commentId = await writeTaskComment(tx, task, author, comment);
  await touch(tx, task.id);
  await recordEvent(tx, {
    actorId: author.id,
    verb: "task.commented",
    objectType: "task",
    objectId: task.id,
    accountId: task.account_id,
    payload: {
      ...basePayload(task),
      internal: comment.kind === "note",
      commentId,
      kind: comment.kind,
      body: comment.body,
      source: comment.source,
      authorRole: author.role,
    },
  });
  return task;
}

/** Seconds with the client and with the agency, from the stage periods (the open one runs to now). */
function timeWithEachSide(periods: Awaited<ReturnType<typeof q.listPeriods>>, now = Date.now()) {
  const time = { clientSeconds: 0, agencySeconds: 0 };
  for (const period of periods) {
    if (!clockRuns(period.stage)) continue;
    const seconds = Math.max(0, Math.round(((period.ended_at ? Date.parse(period.ended_at) : now) - Date.parse(period.started_at)) / 1000));
    if (period.owner === "client") time.clientSeconds += seconds;
    else time.agencySeconds += seconds;
  }
  return time;
}

/** A card opened: details, history, comments, quotes, approval record, time with each side. */
export async function getTask(ctx: AppContext, actor: Actor, id: string): Promise<TTaskDetail> {
  const task = await loadVisible(ctx.db, actor, id);
  const { conversation, events, quotes, approvals, periods, taskFiles, reviews, quoteLines, reviewFiles } = await taskReads(
    ctx,
    actor,
    id,
    task.account_id,
  );
  const rounds = reviews.map((review) => presentReview(review, reviewFiles.get(review.id) ?? []));
  return {
    data: {
      task: presentCard(task),
      description: task.description,
      createdBy: { id: task.created_by, name: task.creator_name, role: task.creator_role },
      template: task.template_id ? { id: task.template_id, name: task.template_name ?? "" } : null,
      files: taskFiles.get(id) ?? [],
      timeline: presentTaskTimeline(actor, conversation, events),
      quotes: quotes.map((quote) =>
        presentQuote(
          quote,
          quoteLines.filter((line) => line.quote_id === quote.id),
        ),
      ),
      approvals: approvals.map(presentApproval),
      reviews: rounds,
      // What the client is asked to review now: the newest round, while the task waits for them.
      review: task.stage === "client_approval" && task.archived_at === null ? (rounds[0] ?? null) : null,
      time: timeWithEachSide(periods),
      version: Number(task.version),
    },
    policies: taskPolicy(actor, task),
  };
}

/** A board request, checked: the account asked for (staff) and the filters as the queries take them. */
export interface BoardRequest {
  accountId: string | undefined;
  filter: q.BoardFilter;
}

/**
 * Checks a board request: staff's account must be one they may see (else the 404 a missing one
 * gives); a client's is always their own (the tenant scope narrows every query to it).
 */
export async function boardRequest(ctx: AppContext, actor: Actor, query: TBoardQuery): Promise<BoardRequest> {
  let accountId = query.accountId;
  if (actor.role === "client")
    accountId = undefined; // the tenant scope already narrows it to their account
  else if (accountId && !(await canSeeAccount(ctx.db, actor, accountId))) throw notFound("Client account");
  // Assignee, request type, due date and text, combined with AND inside the same scope.
  return { accountId, filter: await boardFilterOf(ctx.db, actor, query) };
}

/**
 * The board: five columns in the guide's order, each in its saved order, with the templates
 * shown in REQUESTED WORK. Staff see one client account's board (`accountId`) or the combined
 * board of every account they work; a client always sees their own account's.
 */
export async function getBoard(ctx: AppContext, actor: Actor, query: TBoardQuery): Promise<TBoard> {
  return readBoard(ctx, actor, await boardRequest(ctx, actor, query));
}

/**
 * Reads the board of a checked request (see `boardRequest`). Everything is read here, none of it
 * reused from the check: a cached board must be at least as new as the version it is kept under
 * (modules/board/board-answer.ts), which is read between the two.
 */
export async function readBoard(ctx: AppContext, actor: Actor, { accountId, filter }: BoardRequest): Promise<TBoard> {
  const [templates, requestTypes, ...fetched] = await Promise.all([
    listTemplates(ctx.db, false),
    q.requestTypeNames(ctx.db),
    // One row past the limit says whether a column was cut.
    ...STAGES.map((stage) => q.boardColumn(ctx.db, actor, stage, accountId, COLUMN_LIMIT + 1, filter)),
  ]);
  const columns = fetched.map((rows) => rows.slice(0, COLUMN_LIMIT));
  const cards = columns.flat();
  const [totals, reviews, accounts, assignees] = await Promise.all([
    // A column's total is its length unless it was cut; only then are the columns counted.
    fetched.some((rows) => rows.length > COLUMN_LIMIT) ? q.columnTotals(ctx.db, actor, accountId, filter) : undefined,
    reviewsOnCards(ctx.db, columns[STAGES.indexOf("client_approval")] ?? []),
    accountNames(ctx.db, [...new Set(cards.map((row) => row.account_id))]),
    q.peopleNames(ctx.db, [...new Set(cards.flatMap((row) => (row.assignee_id ? [row.assignee_id] : [])))]),
  ]);
  return {
    data: {
      columns: STAGES.map((stage, i) => {
        const rows = columns[i] ?? [];
        return {
          stage,
          tasks: rows.map((row) => presentBoardCard(row, stage, reviews.get(row.id))),
          total: totals?.get(stage) ?? rows.length,
        };
      }),
      requestTypes,
      accounts,
      assignees,
      templates,
      columnLimit: COLUMN_LIMIT,
    },
  };
}

/** What the client is asked to review on each CLIENT APPROVAL card: two queries for the column. */
async function reviewsOnCards(db: Executor, rows: { id: string }[]) {
  const latest = await q.latestReviewsOf(
    db,
    rows.map((row) => row.id),
  );
  const files = await filesFor(
    db,
    q.REVIEW_FILE_OWNER,
    [...latest.values()].map((review) => review.id),
  );
  return new Map([...latest].map(([taskId, review]) => [taskId, presentReviewSummary(review, files.get(review.id) ?? [])]));
}

/**
 * What waits for the client now — work to approve, quotes to accept — for the dashboard, without
 * loading the whole board.
 */
export async function listWaitingForClient(ctx: AppContext, actor: Actor): Promise<TWaitingList["data"]> {
  return (await q.waitingForClient(ctx.db, actor, 20)).flatMap((row) => {
    // Why: what the client is asked to do is what the decisions allow them now, not a second rule.
    const decisions = taskDecisions(actor, row);
    const waitingFor = decisions.approve.allowed ? "approval" : decisions.decideQuote.allowed ? "quote" : undefined;
    return waitingFor ? [{ task: presentCard(row), waitingFor }] : [];
  });
}

/** The archive: tasks taken off the board, most recently archived first, searchable. */
export async function listArchive(ctx: AppContext, actor: Actor, query: TArchiveQuery): Promise<TArchiveList> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  if (query.cursor && !cursor) throw validation("cursor", "This page link is no longer valid; start from the first page.");
  const limit = query.limit ?? 25;
  const rows = await q.archivedTasks(ctx.db, actor, { q: query.q, accountId: query.accountId }, cursor, limit);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    data: page.map(presentCard),
    nextCursor: rows.length > limit && last?.archived_at ? encodeCursor({ t: last.archived_at, id: last.id }) : null,
  };
}

import type { TNextAction, TNextActionSide } from "../../../common/next-actions";
import {
  NOTICE_PAGE_SIZE,
  type TCreateNoticeRequest,
  type TNotice,
  type TNoticeDetail,
  type TNoticeList,
  type TNoticeListQuery,
  type TNoticeResponse,
  type TUpdateNoticeRequest,
} from "../../../common/notices";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import { assertAllowed, forbidden, notFound, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import { canSeeAccount } from "../../platform/policy";
import { activeClientContacts } from "../accounts/queries";
import { findAccountRow } from "../clients/queries";
import { noticeDecisions, noticePolicy } from "./policy";
import * as q from "./queries";

/*
 * Notices ("Keep momentum"): staff post them to all clients (admins) or chosen accounts; each
 * reached contact sees it on their dashboard until they dismiss it, and is told in-app and by
 * email (the notification topic); the sender sees who read it. A notice runs until its end date
 * or until staff end it early.
 */

/** Ended early, or its end date passed: when it stopped running, or null while it runs. */
function endedAt(row: Pick<q.NoticeRow, "ended_at" | "ends_at">, now: string): string | null {
  if (row.ended_at) return row.ended_at;
  return row.ends_at && row.ends_at <= now ? row.ends_at : null;
}

interface StaffExtras {
  accounts: { id: string; name: string }[];
  counts: { recipients: number; read: number; dismissed: number };
}

function present(actor: Actor, row: q.NoticeRow, now: string, extras: StaffExtras | undefined): TNotice {
  const client = actor.role === "client";
  const ended = endedAt(row, now);
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    importance: row.importance,
    audience: row.audience,
    postedBy: { id: row.created_by, name: row.creator_name, role: row.creator_role },
    postedAt: row.created_at,
    updatedAt: row.updated_at,
    endsAt: row.ends_at,
    endedAt: ended,
    active: ended === null,
    readAt: client ? row.read_at : null,
    dismissedAt: client ? row.dismissed_at : null,
    accounts: client ? [] : (extras?.accounts ?? []),
    counts: client ? null : (extras?.counts ?? { recipients: 0, read: 0, dismissed: 0 }),
  };
}

/** Presents notices for the actor in one read per kind (no query per notice). */
async function presentMany(db: Executor, actor: Actor, rows: q.NoticeRow[], now: string) {
  const ids = rows.map((r) => r.id);
  const staff = actor.role !== "client";
  const [counts, accounts, beyond] = staff
    ? await Promise.all([q.receiptCounts(db, actor, ids), q.targetAccounts(db, actor, ids), q.noticesBeyondScope(db, actor, ids)])
    : [new Map(), new Map(), new Set<string>()];
  return rows.map((row) => {
    const notice = present(actor, row, now, staff ? { accounts: accounts.get(row.id) ?? [], counts: counts.get(row.id) } : undefined);
    return { notice, policies: noticePolicy(actor, { active: notice.active, audience: row.audience, beyondScope: beyond.has(row.id) }) };
  });
}

async function loadVisible(db: Executor, actor: Actor, id: string): Promise<q.NoticeRow> {
  const row = await q.findVisibleNotice(db, actor, id);
  if (!row) throw notFound("Notice");
  return row;
}

/** The decisions about one loaded notice. */
async function decisionsFor(db: Executor, actor: Actor, row: q.NoticeRow, now: string) {
  const beyond = await q.noticesBeyondScope(db, actor, [row.id]);
  return noticeDecisions(actor, { active: endedAt(row, now) === null, audience: row.audience, beyondScope: beyond.has(row.id) });
}

/** An end date: a real time, in the future (stored as ISO UTC so times compare as text on both databases). */
function futureEnd(value: string | null | undefined, now: string): string | null {
  if (value === undefined || value === null) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw validation("endsAt", "Enter the end date as a date and time.");
  const iso = new Date(ms).toISOString();
  if (iso <= now) throw validation("endsAt", "Choose an end date in the future, or leave it empty.");
  return iso;
}

/** The accounts a staff member chose: each one they may see (an unassigned or unknown one is a 404). */
async function chosenAccounts(tx: Executor, actor: Actor, ids: string[] | undefined): Promise<string[]> {
  const unique = [...new Set(ids ?? [])];
  if (unique.length === 0) throw validation("accountIds", "Choose at least one client account, or post to all clients.");
  for (const id of unique) {
    // Why 404, not 400: an agent naming an account not assigned to them learns nothing of it.
    if (!(await canSeeAccount(tx, actor, id)) || !(await findAccountRow(tx, id))) throw notFound("Client account");
  }
  return unique;
}

/** Records one event per reached account: the live stream and notifications are per account. */
async function recordForAccounts(
  tx: Executor,
  actor: Actor,
  accountIds: string[],
  event:
    | { verb: "notice.posted"; payload: { noticeId: string; title: string; body: string; importance: "info" | "important" } }
    | {
        verb: "notice.updated";
        payload: { noticeId: string; title: string; changes: string[] };
      }
    | { verb: "notice.ended"; payload: { noticeId: string; title: string } },
): Promise<void> {
  for (const accountId of accountIds) {
    await recordEvent(tx, { actorId: actor.id, objectType: "notice", objectId: event.payload.noticeId, accountId, ...event });
  }
}

/**
 * Posts a notice (staff): admins to all clients or chosen accounts, agents to chosen accounts
 * assigned to them. Every active contact reached gets a receipt, an in-app notification and an
 * email (per their preferences), all in the one transaction.
 */
export async function postNotice(ctx: AppContext, actor: Actor, input: TCreateNoticeRequest): Promise<TNoticeResponse> {
  if (input.audience === "all" && actor.role !== "admin") {
    throw forbidden("Only an admin can post a notice to all clients. Choose the client accounts you work instead.");
  }
  const title = input.title.trim();
  if (!title) throw validation("title", "Give the notice a title.");
  if (!input.body.trim()) throw validation("body", "Write what the notice says.");
  const now = nowIso();
  const endsAt = futureEnd(input.endsAt, now);
  return ctx.db.transaction().execute(async (tx) => {
    const chosen = input.audience === "accounts" ? await chosenAccounts(tx, actor, input.accountIds) : [];
    const id = newId();
    const importance = input.importance ?? "info";
    await q.insertNotice(
      tx,
      {
        id,
        title,
        body: input.body,
        importance,
        audience: input.audience,
        ends_at: endsAt,
        ended_at: null,
        ended_by: null,
        created_by: actor.id,
        created_at: now,
        updated_at: now,
      },
      chosen,
    );
    const reached = await q.accountsReached(tx, { id, audience: input.audience });
    const receipts = [];
    for (const accountId of reached) {
      for (const contact of await activeClientContacts(tx, accountId)) {
        receipts.push({ notice_id: id, user_id: contact.id, account_id: accountId, read_at: null, dismissed_at: null, created_at: now });
      }
    }
    await q.insertReceipts(tx, receipts);
    await recordForAccounts(tx, actor, reached, { verb: "notice.posted", payload: { noticeId: id, title, body: input.body, importance } });
    return reply(tx, actor, id);
  });
}

async function reply(tx: Executor, actor: Actor, id: string): Promise<TNoticeResponse> {
  const now = nowIso();
  const [item] = await presentMany(tx, actor, [await loadVisible(tx, actor, id)], now);
  if (!item) throw new Error("presentMany returned nothing for one row");
  return { data: item.notice, policies: item.policies };
}

/**
 * The notices reaching the actor, newest first: for a client their own (with their receipt),
 * for staff those sent in their scope with read counts of their accounts' people.
 */
export async function listNotices(ctx: AppContext, actor: Actor, query: TNoticeListQuery): Promise<TNoticeList> {
  const page = query.page ?? 1;
  const now = nowIso();
  const { rows, total } = await q.listVisibleNotices(ctx.db, actor, {
    status: query.status ?? "active",
    now,
    offset: (page - 1) * NOTICE_PAGE_SIZE,
    limit: NOTICE_PAGE_SIZE,
  });
  const items = await presentMany(ctx.db, actor, rows, now);
  return {
    data: items.map((i) => ({ ...i.notice, policies: i.policies })),
    total,
    page,
    pageSize: NOTICE_PAGE_SIZE,
    policies: { post: actor.role !== "client", postToAll: actor.role === "admin" },
  };
}

/** One notice; staff also get every recipient in their scope with when they read and dismissed it. */
export async function getNotice(ctx: AppContext, actor: Actor, id: string): Promise<TNoticeDetail> {
  const now = nowIso();
  const row = await loadVisible(ctx.db, actor, id);
  const [[item], receipts] = await Promise.all([
    presentMany(ctx.db, actor, [row], now),
    actor.role === "client" ? Promise.resolve([]) : q.receiptsOf(ctx.db, actor, id),
  ]);
  if (!item) throw new Error("presentMany returned nothing for one row");
  return {
    data: {
      notice: item.notice,
      receipts: receipts.map((r) => ({
        user: { id: r.user_id, name: r.user_name },
        account: { id: r.account_id, name: r.account_name },
        readAt: r.read_at,
        dismissedAt: r.dismissed_at,
      })),
    },
    policies: item.policies,
  };
}

/** Staff change a running notice's words, importance or end date. */
export async function updateNotice(ctx: AppContext, actor: Actor, id: string, patch: TUpdateNoticeRequest): Promise<TNoticeResponse> {
  return ctx.db.transaction().execute(async (tx) => {
    const now = nowIso();
    const row = await loadVisible(tx, actor, id);
    assertAllowed((await decisionsFor(tx, actor, row, now)).edit);
    const set: Parameters<typeof q.updateNoticeRow>[2] = {};
    if (patch.title !== undefined) {
      const title = patch.title.trim();
      if (!title) throw validation("title", "Give the notice a title.");
      if (title !== row.title) set.title = title;
    }
    if (patch.body !== undefined) {
      if (!patch.body.trim()) throw validation("body", "Write what the notice says.");
      if (patch.body !== row.body) set.body = patch.body;
    }
    if (patch.importance !== undefined && patch.importance !== row.importance) set.importance = patch.importance;
    if (patch.endsAt !== undefined) {
      const endsAt = futureEnd(patch.endsAt, now);
      if (endsAt !== row.ends_at) set.ends_at = endsAt;
    }
    const changes = Object.keys(set).map((k) => (k === "ends_at" ? "endsAt" : k));
    if (changes.length > 0) {
      await q.updateNoticeRow(tx, id, { ...set, updated_at: now });
      const reached = await q.accountsReached(tx, row);
      await recordForAccounts(tx, actor, reached, {
        verb: "notice.updated",
        payload: { noticeId: id, title: set.title ?? row.title, changes },
      });
    }
    return reply(tx, actor, id);
  });
}

/** Staff end a running notice now: it leaves every dashboard (409 notice_ended when it already ended). */
export async function endNotice(ctx: AppContext, actor: Actor, id: string): Promise<TNoticeResponse> {
  return ctx.db.transaction().execute(async (tx) => {
    const now = nowIso();
    const row = await loadVisible(tx, actor, id);
    assertAllowed((await decisionsFor(tx, actor, row, now)).end);
    await q.updateNoticeRow(tx, id, { ended_at: now, ended_by: actor.id, updated_at: now });
    await recordForAccounts(tx, actor, await q.accountsReached(tx, row), {
      verb: "notice.ended",
      payload: { noticeId: id, title: row.title },
    });
    return reply(tx, actor, id);
  });
}

/**
 * A client opened (`dismiss` false) or dismissed a notice that reached them: their receipt says
 * when, the first time. Dismissing also counts as read — the dashboard showed its words.
 */
export async function markNotice(ctx: AppContext, actor: Actor, id: string, dismiss: boolean): Promise<TNoticeResponse> {
  return ctx.db.transaction().execute(async (tx) => {
    const now = nowIso();
    const row = await loadVisible(tx, actor, id);
    const decisions = await decisionsFor(tx, actor, row, now);
    assertAllowed(dismiss ? decisions.dismiss : decisions.read);
    // The scope already required a client with an account; say so for the type.
    if (!actor.accountId) throw notFound("Notice");
    await q.markReceipt(tx, { noticeId: id, userId: actor.id, accountId: actor.accountId, at: now, dismiss });
    return reply(tx, actor, id);
  });
}

/** The most unread notices one next-actions list shows. */
const NEXT_ACTIONS_LIMIT = 50;

/**
 * Notices' part of the next actions: for a client, each running notice they have neither read
 * nor dismissed ("Read the notice"), since it was posted. Nothing waits on the agency, and staff
 * do not chase clients over unread notices.
 */
export async function noticeNextActions(ctx: AppContext, actor: Actor, side: TNextActionSide): Promise<TNextAction[]> {
  if (side !== "client" || actor.role !== "client" || !actor.accountId) return [];
  const [rows, account] = await Promise.all([
    q.unreadRunningNotices(ctx.db, actor, nowIso(), NEXT_ACTIONS_LIMIT),
    findAccountRow(ctx.db, actor.accountId),
  ]);
  return rows.map((row) => ({
    key: `notice:${row.id}`,
    kind: "notice",
    title: "Read the notice",
    detail: row.title,
    actionLabel: "Read the notice",
    url: `/notices?open=${row.id}`,
    since: row.created_at,
    accountId: actor.accountId ?? "",
    accountName: account?.name ?? "",
  }));
}

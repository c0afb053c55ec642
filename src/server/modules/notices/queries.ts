import { type ExpressionBuilder, type Insertable, type SqlBool, sql } from "kysely";
import type { Actor } from "../../platform/auth/sessions";
import type { Executor } from "../../platform/db/database";
import type { Database } from "../../platform/db/schema";
import type { NoticeReceiptsTable, NoticesTable } from "../../platform/db/tables/notices";
import { accountScope } from "../../platform/policy";
import { joinablePeople } from "../accounts/queries";
import { joinableAccounts } from "../clients/queries";

/*
 * The notices module owns `notices`, `notice_accounts` and `notice_receipts`. Names of people and
 * accounts come from the accounts and clients modules' joinable sources.
 *
 * Who reaches a notice (its tenant scope): an admin every notice; an agent the "all clients"
 * notices and those naming an account assigned to them; a client the "all clients" notices and
 * those naming their own account. Outside it a notice is a 404. Receipts and named accounts are
 * narrowed by the same account scope, so an agent counts and lists only their accounts' people.
 */

type Db = Executor;

function noticesWithCreator(db: Db) {
  return db
    .selectFrom("notices")
    .innerJoin(joinablePeople(db).as("creator"), "creator.id", "notices.created_by")
    .selectAll("notices")
    .select(["creator.name as creator_name", "creator.role as creator_role"]);
}

/** A notice row with its sender's name and the viewer's own receipt (null for staff). */
export type NoticeRow = Awaited<ReturnType<ReturnType<typeof noticesWithCreator>["executeTakeFirstOrThrow"]>> & {
  read_at: string | null;
  dismissed_at: string | null;
};

/** Does the notice reach the actor (see the note above)? */
function reachesActor(actor: Actor) {
  return (eb: ExpressionBuilder<Database, "notices">) => {
    if (actor.role === "admin") return sql<SqlBool>`1 = 1`;
    // A client not yet placed in an account reaches nothing, "all clients" notices included.
    if (actor.role === "client" && !actor.accountId) return sql<SqlBool>`1 = 0`;
    return eb.or([
      eb("notices.audience", "=", "all"),
      eb.exists(
        eb
          .selectFrom("notice_accounts")
          .select("notice_accounts.notice_id")
          .whereRef("notice_accounts.notice_id", "=", "notices.id")
          .where(accountScope(actor, "notice_accounts.account_id")),
      ),
    ]);
  };
}

/** Running at `now`: not ended early and its end date (if any) still ahead. */
const runningAt = (now: string) => (eb: ExpressionBuilder<Database, "notices">) =>
  eb.and([eb("notices.ended_at", "is", null), eb.or([eb("notices.ends_at", "is", null), eb("notices.ends_at", ">", now)])]);

/** The notices reaching the actor, with a client's own receipt joined. */
function visibleNotices(db: Db, actor: Actor) {
  const base = noticesWithCreator(db).where(reachesActor(actor));
  return base
    .leftJoin("notice_receipts as mine", (join) =>
      join.onRef("mine.notice_id", "=", "notices.id").on("mine.user_id", "=", actor.role === "client" ? actor.id : ""),
    )
    .select(["mine.read_at as read_at", "mine.dismissed_at as dismissed_at"]);
}

/** One notice reaching the actor; undefined (→ 404) otherwise. */
export function findVisibleNotice(db: Db, actor: Actor, id: string): Promise<NoticeRow | undefined> {
  return visibleNotices(db, actor).where("notices.id", "=", id).executeTakeFirst();
}

export interface NoticeListFilter {
  /** `active`: running (and, for a client, not dismissed by them); `all`: everything. */
  status: "active" | "all";
  now: string;
  offset: number;
  limit: number;
}

function filtered(db: Db, actor: Actor, filter: Pick<NoticeListFilter, "status" | "now">) {
  let q = visibleNotices(db, actor);
  if (filter.status === "active") {
    q = q.where(runningAt(filter.now));
    if (actor.role === "client") q = q.where("mine.dismissed_at", "is", null);
  }
  return q;
}

/** A page of the notices reaching the actor, newest first, and how many there are in all. */
export async function listVisibleNotices(db: Db, actor: Actor, filter: NoticeListFilter): Promise<{ rows: NoticeRow[]; total: number }> {
  const [rows, total] = await Promise.all([
    filtered(db, actor, filter).orderBy("notices.id", "desc").limit(filter.limit).offset(filter.offset).execute(),
    filtered(db, actor, filter)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** A client's running notices they have neither read nor dismissed (their next actions), oldest first. */
export function unreadRunningNotices(db: Db, actor: Actor, now: string, limit: number): Promise<NoticeRow[]> {
  return filtered(db, actor, { status: "active", now })
    .where("mine.read_at", "is", null)
    .orderBy("notices.id", "asc")
    .limit(limit)
    .execute();
}

/** Receipt counts per notice, in the actor's account scope. */
export async function receiptCounts(db: Db, actor: Actor, noticeIds: string[]) {
  if (noticeIds.length === 0) return new Map<string, { recipients: number; read: number; dismissed: number }>();
  const rows = await db
    .selectFrom("notice_receipts")
    .select((eb) => [
      "notice_receipts.notice_id",
      eb.fn.countAll<number>().as("recipients"),
      eb.fn.count<number>("notice_receipts.read_at").as("read"),
      eb.fn.count<number>("notice_receipts.dismissed_at").as("dismissed"),
    ])
    .where("notice_receipts.notice_id", "in", noticeIds)
    .where(accountScope(actor, "notice_receipts.account_id"))
    .groupBy("notice_receipts.notice_id")
    .execute();
  return new Map(
    rows.map((r) => [r.notice_id, { recipients: Number(r.recipients), read: Number(r.read), dismissed: Number(r.dismissed) }]),
  );
}

/** The chosen accounts of these notices that the actor may see, by name. */
export async function targetAccounts(db: Db, actor: Actor, noticeIds: string[]) {
  const byNotice = new Map<string, { id: string; name: string }[]>();
  if (noticeIds.length === 0) return byNotice;
  const rows = await db
    .selectFrom("notice_accounts")
    .innerJoin(joinableAccounts(db).as("client_accounts"), "client_accounts.id", "notice_accounts.account_id")
    .select(["notice_accounts.notice_id", "client_accounts.id", "client_accounts.name"])
    .where("notice_accounts.notice_id", "in", noticeIds)
    .where(accountScope(actor, "notice_accounts.account_id"))
    .orderBy("client_accounts.name")
    .execute();
  for (const r of rows) {
    const list = byNotice.get(r.notice_id) ?? [];
    list.push({ id: r.id, name: r.name });
    byNotice.set(r.notice_id, list);
  }
  return byNotice;
}

/** Of these notices, those naming an account outside the actor's scope (an agent may not change those). */
export async function noticesBeyondScope(db: Db, actor: Actor, noticeIds: string[]): Promise<Set<string>> {
  if (noticeIds.length === 0 || actor.role === "admin") return new Set();
  const rows = await db
    .selectFrom("notice_accounts")
    .select("notice_id")
    .distinct()
    .where("notice_id", "in", noticeIds)
    .where((eb) => eb.not(accountScope(actor, "notice_accounts.account_id")))
    .execute();
  return new Set(rows.map((r) => r.notice_id));
}

/** Every recipient of a notice in the actor's scope, by account then name. */
export function receiptsOf(db: Db, actor: Actor, noticeId: string) {
  return db
    .selectFrom("notice_receipts")
    .innerJoin(joinablePeople(db).as("people"), "people.id", "notice_receipts.user_id")
    .innerJoin(joinableAccounts(db).as("client_accounts"), "client_accounts.id", "notice_receipts.account_id")
    .select([
      "people.id as user_id",
      "people.name as user_name",
      "client_accounts.id as account_id",
      "client_accounts.name as account_name",
      "notice_receipts.read_at",
      "notice_receipts.dismissed_at",
    ])
    .where("notice_receipts.notice_id", "=", noticeId)
    .where(accountScope(actor, "notice_receipts.account_id"))
    .orderBy("client_accounts.name")
    .orderBy("people.name")
    .execute();
}

/** The accounts an event about the notice goes to: its chosen ones, or every account for "all clients". */
export async function accountsReached(db: Db, notice: Pick<NoticesTable, "id" | "audience">): Promise<string[]> {
  const rows =
    notice.audience === "all"
      ? await joinableAccounts(db).orderBy("client_accounts.id").execute()
      : await db
          .selectFrom("notice_accounts")
          .select("account_id as id")
          .where("notice_id", "=", notice.id)
          .orderBy("account_id")
          .execute();
  return rows.map((r) => r.id);
}

export async function insertNotice(tx: Db, row: Insertable<NoticesTable>, accountIds: string[]): Promise<void> {
  await tx.insertInto("notices").values(row).execute();
  if (accountIds.length > 0) {
    await tx
      .insertInto("notice_accounts")
      .values(accountIds.map((account_id) => ({ notice_id: row.id, account_id })))
      .execute();
  }
}

/** Receipts for the people a notice reached when posted; 500 rows a statement keeps under both databases' limits. */
export async function insertReceipts(tx: Db, rows: Insertable<NoticeReceiptsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await tx
      .insertInto("notice_receipts")
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(["notice_id", "user_id"]).doNothing())
      .execute();
  }
}

export async function updateNoticeRow(
  tx: Db,
  id: string,
  patch: Partial<Pick<NoticesTable, "title" | "body" | "importance" | "ends_at" | "ended_at" | "ended_by" | "updated_at">>,
): Promise<void> {
  await tx.updateTable("notices").set(patch).where("id", "=", id).execute();
}

/**
 * A person opened (`read`) or dismissed (`dismissed`, which also counts as read: the dashboard
 * showed its words) a notice. The first time wins; a contact who joined after it was posted gets
 * their receipt now.
 */
export async function markReceipt(
  tx: Db,
  input: { noticeId: string; userId: string; accountId: string; at: string; dismiss: boolean },
): Promise<void> {
  await tx
    .insertInto("notice_receipts")
    .values({
      notice_id: input.noticeId,
      user_id: input.userId,
      account_id: input.accountId,
      read_at: input.at,
      dismissed_at: input.dismiss ? input.at : null,
      created_at: input.at,
    })
    .onConflict((oc) =>
      oc.columns(["notice_id", "user_id"]).doUpdateSet({
        read_at: sql`coalesce(notice_receipts.read_at, excluded.read_at)`,
        ...(input.dismiss ? { dismissed_at: sql`coalesce(notice_receipts.dismissed_at, excluded.dismissed_at)` } : {}),
      }),
    )
    .execute();
}

/** Two client accounts merged: this module's rows of `fromId` now belong to `intoId`. */
export async function moveAccountNotices(tx: Db, fromId: string, intoId: string): Promise<Record<string, number>> {
  // A notice that named both accounts keeps one row, the target's.
  await tx
    .deleteFrom("notice_accounts")
    .where("account_id", "=", fromId)
    .where("notice_id", "in", (eb) =>
      eb.selectFrom("notice_accounts as kept").select("kept.notice_id").where("kept.account_id", "=", intoId),
    )
    .execute();
  const targets = await tx.updateTable("notice_accounts").set({ account_id: intoId }).where("account_id", "=", fromId).executeTakeFirst();
  const receipts = await tx.updateTable("notice_receipts").set({ account_id: intoId }).where("account_id", "=", fromId).executeTakeFirst();
  return { noticeAccounts: Number(targets.numUpdatedRows), noticeReceipts: Number(receipts.numUpdatedRows) };
}

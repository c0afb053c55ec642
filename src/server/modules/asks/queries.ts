import { type Insertable, type Selectable, sql, type Updateable } from "kysely";
import type { Actor } from "../../platform/auth/sessions";
import type { Executor } from "../../platform/db/database";
import type { AsksTable } from "../../platform/db/tables/asks";
import { accountScope } from "../../platform/policy";
import { joinablePeople } from "../accounts/queries";
import { joinableAccounts } from "../clients/queries";

/*
 * The asks module owns `asks` and `ask_secret_views`. Names of people and accounts come from the
 * accounts and clients modules' joinable sources. An ask's tenant scope is its account: an admin
 * sees every ask, an agent those of the accounts assigned to them, a client their own account's.
 * Outside it an ask is a 404.
 *
 * The ciphertext (`answer_secret`) is read by one function only, `sealedAnswer`; every other
 * read selects the columns it names, so a list or a detail never carries it by accident.
 */

type Db = Executor;
export type AskRow = Selectable<AsksTable>;

/** Every column but the ciphertext, with the account's and the people's names. */
function asksWithNames(db: Db) {
  return (
    db
      .selectFrom("asks")
      .innerJoin(joinableAccounts(db).as("account"), "account.id", "asks.account_id")
      .innerJoin(joinablePeople(db).as("asker"), "asker.id", "asks.created_by")
      .leftJoin(joinablePeople(db).as("answerer"), "answerer.id", "asks.answered_by")
      .leftJoin("asks as reasked", "reasked.reasked_from", "asks.id")
      .select([
        "asks.id",
        "asks.account_id",
        "asks.kind",
        "asks.prompt",
        "asks.secret",
        "asks.deadline_at",
        "asks.status",
        "asks.created_by",
        "asks.created_at",
        "asks.updated_at",
        "asks.answered_by",
        "asks.answered_at",
        "asks.answer_text",
        "asks.answer_file_id",
        "asks.secret_until",
        "asks.secret_used_at",
        "asks.secret_purged_at",
        "asks.cancelled_by",
        "asks.cancelled_at",
        "asks.reasked_from",
        "account.name as account_name",
        "asker.name as asker_name",
        "asker.role as asker_role",
        "answerer.name as answerer_name",
        "answerer.role as answerer_role",
        "reasked.id as reasked_by",
      ])
      // Whether a sealed answer is there, never what it is.
      .select(sql<number>`case when asks.answer_secret is null then 0 else 1 end`.as("sealed"))
  );
}

export type AskView = Awaited<ReturnType<ReturnType<typeof asksWithNames>["executeTakeFirstOrThrow"]>>;

/** One ask in the actor's scope; undefined (→ 404) otherwise. */
export function findVisibleAsk(db: Db, actor: Actor, id: string): Promise<AskView | undefined> {
  return asksWithNames(db).where("asks.id", "=", id).where(accountScope(actor, "asks.account_id")).executeTakeFirst();
}

/** One ask by id, whatever the scope (jobs). */
export function findAsk(db: Db, id: string): Promise<AskView | undefined> {
  return asksWithNames(db).where("asks.id", "=", id).executeTakeFirst();
}

export interface AskListFilter {
  status: "open" | "all";
  accountId?: string | undefined;
  offset: number;
  limit: number;
}

function filtered(db: Db, actor: Actor, filter: Pick<AskListFilter, "status" | "accountId">) {
  let q = asksWithNames(db).where(accountScope(actor, "asks.account_id"));
  if (filter.status === "open") q = q.where("asks.status", "=", "open");
  if (filter.accountId) q = q.where("asks.account_id", "=", filter.accountId);
  return q;
}

/** A page of the asks in the actor's scope: open ones first (soonest deadline first), then newest first. */
export async function listVisibleAsks(db: Db, actor: Actor, filter: AskListFilter): Promise<{ rows: AskView[]; total: number }> {
  const [rows, total] = await Promise.all([
    filtered(db, actor, filter)
      .orderBy(sql`case when asks.status = 'open' then 0 else 1 end`)
      .orderBy(sql`case when asks.status = 'open' then asks.deadline_at end`)
      .orderBy("asks.id", "desc")
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    filtered(db, actor, filter)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** The open asks in the actor's scope whose deadline is still ahead (next actions), soonest first. */
export function openAsks(db: Db, actor: Actor, now: string, limit: number): Promise<AskView[]> {
  return filtered(db, actor, { status: "open" }).where("asks.deadline_at", ">", now).orderBy("asks.deadline_at").limit(limit).execute();
}

/** Answered asks whose sealed answer is still waiting to be used, asked by this person (their next actions). */
export function sealedAnswersOf(db: Db, actor: Actor, limit: number): Promise<AskView[]> {
  return asksWithNames(db)
    .where(accountScope(actor, "asks.account_id"))
    .where("asks.created_by", "=", actor.id)
    .where("asks.status", "=", "answered")
    .where("asks.answer_secret", "is not", null)
    .orderBy("asks.answered_at")
    .limit(limit)
    .execute();
}

/** The ciphertext of a sealed answer, or undefined once it is purged. The one read of `answer_secret`. */
export async function sealedAnswer(db: Db, id: string): Promise<string | undefined> {
  const row = await db.selectFrom("asks").select("answer_secret").where("id", "=", id).executeTakeFirst();
  return row?.answer_secret ?? undefined;
}

export async function insertAsk(tx: Db, row: Insertable<AsksTable>): Promise<void> {
  await tx.insertInto("asks").values(row).execute();
}

/**
 * Changes an ask only while it has the status the caller read (compare-and-set): two answers,
 * or an answer racing the expiry, cannot both win. Returns whether this call changed it.
 */
export async function updateAskFrom(tx: Db, id: string, from: AsksTable["status"], patch: Updateable<AsksTable>): Promise<boolean> {
  const result = await tx.updateTable("asks").set(patch).where("id", "=", id).where("status", "=", from).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Purges a sealed answer: first overwritten with random characters of the same length (so the
 * bytes of the row's old version are replaced where the database rewrites in place), then set to
 * null. Returns false when there was nothing to purge (already purged by someone else).
 */
export async function purgeSealedAnswer(tx: Db, id: string, at: string, used: boolean): Promise<boolean> {
  const current = await sealedAnswer(tx, id);
  if (current === undefined) return false;
  const filler = "x".repeat(current.length);
  await tx.updateTable("asks").set({ answer_secret: filler }).where("id", "=", id).execute();
  const result = await tx
    .updateTable("asks")
    .set({ answer_secret: null, secret_purged_at: at, updated_at: at, ...(used ? { secret_used_at: at } : {}) })
    .where("id", "=", id)
    .where("answer_secret", "=", filler)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function recordSecretView(tx: Db, row: { id: string; ask_id: string; user_id: string; viewed_at: string }): Promise<void> {
  await tx.insertInto("ask_secret_views").values(row).execute();
}

/** Who revealed an ask's secret, oldest first. */
export function secretViewsOf(db: Db, askId: string) {
  return db
    .selectFrom("ask_secret_views")
    .innerJoin(joinablePeople(db).as("viewer"), "viewer.id", "ask_secret_views.user_id")
    .select(["viewer.id", "viewer.name", "viewer.role", "ask_secret_views.viewed_at"])
    .where("ask_secret_views.ask_id", "=", askId)
    .orderBy("ask_secret_views.id")
    .execute();
}

/** Per account in the actor's scope: every ask's status and, when answered, how long it took (seconds). */
export function responseTimeRows(db: Db, actor: Actor) {
  return db
    .selectFrom("asks")
    .innerJoin(joinableAccounts(db).as("account"), "account.id", "asks.account_id")
    .select(["asks.account_id", "account.name as account_name", "asks.status", "asks.created_at", "asks.answered_at"])
    .where(accountScope(actor, "asks.account_id"))
    .orderBy("account.name")
    .execute();
}

/** Two client accounts merged: this module's rows of `fromId` now belong to `intoId`. */
export async function moveAccountAsks(tx: Db, fromId: string, intoId: string): Promise<Record<string, number>> {
  const moved = await tx.updateTable("asks").set({ account_id: intoId }).where("account_id", "=", fromId).executeTakeFirst();
  return { asks: Number(moved.numUpdatedRows) };
}

import { sql } from "kysely";
import type { Actor } from "./auth/sessions";
import type { Executor } from "./db/database";
import { accountScope } from "./policy";

/*
 * BOARD VERSIONS: a number per client account that grows whenever anything its board shows may
 * have changed, and one row (`*`) for what every board shows. The board's answers are cached by
 * these numbers (modules/board/board-answer.ts), and so are a task page's reads
 * (modules/board/task-reads.ts) and the ticket lists (modules/tickets/service.ts): anything of an
 * account's changes with an event of that account. Because they live in the database, a cache
 * in any process or instance sees another's change on its next read, with no messages.
 *
 * Why bumped from `recordEvent`: every change in the portal records its event in the change's
 * own transaction (platform/events.ts), in every process — the web app, the job runner, the CLI.
 * So "an event with an account bumps that account" covers every task write (create, update,
 * move, reorder, comment, quote, decision, archive, assignee), the review items' drafts and
 * deliverables, account renames and merges, and whatever module adds a card field later, at the
 * price of a few needless misses (a ticket reply also bumps the account's board).
 */

/** The row of what every board shows. */
export const EVERY_BOARD = "*";

/**
 * Verbs that change what boards of *every* account show: request types and templates (sent with
 * every board), ticket categories (named in every ticket list), people (assignee names, roles — not their passwords: a reset can be asked for by
 * anyone, and must not empty every cache), and who works which account (an agent's scope:
 * the combined board's key sums the versions of the accounts in scope, so a change of scope must
 * change the `*` component too — see `readBoardVersion`).
 */
const EVERY_BOARD_VERBS =
  /^(request_type|task_template|ticket_category)\.|^user\.(?!password_)|^account\.(agent_assigned|agent_unassigned|merged)$/;

/**
 * One more version for `accountId` (or `EVERY_BOARD`), in the caller's transaction. An upsert
 * that adds in the database: on PostgreSQL concurrent writers queue on the row, none is lost.
 */
export async function bumpBoardVersion(tx: Executor, accountId: string): Promise<void> {
  await tx
    .insertInto("board_versions")
    .values({ account_id: accountId, version: 1 })
    .onConflict((oc) => oc.column("account_id").doUpdateSet((eb) => ({ version: eb("board_versions.version", "+", 1) })))
    .execute();
}

/** The bumps an event recorded in `tx` calls for (called by `recordEvent`). */
export async function bumpBoardVersionsFor(tx: Executor, event: { verb: string; accountId?: string | null }): Promise<void> {
  if (event.accountId) await bumpBoardVersion(tx, event.accountId);
  if (EVERY_BOARD_VERBS.test(event.verb)) await bumpBoardVersion(tx, EVERY_BOARD);
}

/**
 * The version of a board, as one string, in one query: `accountId`'s board (a client's own, or
 * staff's one-account board), or — without it — the combined board of every account in the
 * actor's scope. For the combined board the string is the `*` version, the sum of the scope's
 * versions and their count: the scope is fixed while `*` stays the same (a change of scope bumps
 * `*`), and within a fixed scope the sum grows with every bump, so no two states share a string.
 * (Not the max of the versions: a bump to an account below the max would change nothing.)
 */
export async function readBoardVersion(db: Executor, actor: Actor, accountId: string | null | undefined): Promise<string> {
  if (accountId !== undefined) {
    const rows = await db
      .selectFrom("board_versions")
      .select(["account_id", "version"])
      .where("account_id", "in", accountId === null ? [EVERY_BOARD] : [EVERY_BOARD, accountId])
      .execute();
    const versionOf = (id: string | null) => String(rows.find((row) => row.account_id === id)?.version ?? 0);
    return `${versionOf(accountId)}.${versionOf(EVERY_BOARD)}`;
  }
  const row = await db
    .selectFrom("board_versions")
    .select([
      sql<string>`coalesce(sum(case when account_id = ${EVERY_BOARD} then version else 0 end), 0)`.as("every"),
      sql<string>`coalesce(sum(case when account_id = ${EVERY_BOARD} then 0 else version end), 0)`.as("total"),
      sql<string>`count(*)`.as("accounts"),
    ])
    // Why the scope: an agent's combined board is the sum over the accounts they work, no others.
    .where((eb) => eb.or([eb("account_id", "=", EVERY_BOARD), accountScope(actor, "board_versions.account_id")]))
    .executeTakeFirstOrThrow();
  return `${row.every}.${row.total}.${row.accounts}`;
}

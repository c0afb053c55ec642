import type { Kysely } from "kysely";

/**
 * `board_versions`: how many times what a board shows has changed, per client account, plus one
 * row for what every board shows (`account_id` = `*`: request types, templates, people's names,
 * who works which account). The board's answers are cached by these numbers (modules/board/
 * board-versions.ts), so the cache stays right across processes and instances with no messages.
 *
 * A version only grows; a row is never deleted, not even when its account is merged away (a
 * smaller sum could repeat an older one). No foreign key for the same reason, and because the
 * `*` row names no account.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("board_versions")
    .addColumn("account_id", "text", (c) => c.primaryKey())
    .addColumn("version", "bigint", (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("board_versions").execute();
}

import type { Kysely } from "kysely";

/**
 * Clients approve something they can see, and quotes have line items.
 *
 * `task_reviews`: each time the agency moves a task to CLIENT APPROVAL it says what to review —
 * a note, an optional preview link and files (owner type `task_review`, owner id the review's
 * id, as a comment's files are owned by the comment). `round` counts them per task (1, 2, …).
 * An approval record names the round it answered (`task_approvals.review_id`; null for the
 * decisions made before rounds existed, and for an admin's override outside CLIENT APPROVAL).
 *
 * `task_quote_lines`: a quote's lines — description, quantity in hundredths (1.5 hours is 150,
 * so no float is ever stored), unit price and the line's amount in minor units. The quote's
 * `amount_minor` stays its total, computed by the server from its lines. Quotes sent before
 * lines existed have none and are shown as one line.
 *
 * Neither table carries an account: both are reached only through their task (and its tenant
 * scope), so an account merge has nothing of theirs to move.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("task_reviews")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("task_id", "text", (c) => c.notNull().references("tasks.id"))
    .addColumn("round", "integer", (c) => c.notNull())
    .addColumn("note", "text", (c) => c.notNull())
    .addColumn("link", "text")
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("task_reviews_task_round_idx").unique().on("task_reviews").columns(["task_id", "round"]).execute();

  // No foreign key: SQLite cannot drop a column that has one (`down`); the service writes it.
  await db.schema.alterTable("task_approvals").addColumn("review_id", "text").execute();

  await db.schema
    .createTable("task_quote_lines")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("quote_id", "text", (c) => c.notNull().references("task_quotes.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("quantity_hundredths", "bigint", (c) => c.notNull())
    .addColumn("unit_price_minor", "bigint", (c) => c.notNull())
    .addColumn("amount_minor", "bigint", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("task_quote_lines_quote_idx").on("task_quote_lines").columns(["quote_id", "position"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("task_quote_lines").execute();
  await db.schema.alterTable("task_approvals").dropColumn("review_id").execute();
  await db.schema.dropTable("task_reviews").execute();
}

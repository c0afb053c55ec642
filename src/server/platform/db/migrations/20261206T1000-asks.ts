import type { Kysely } from "kysely";

/**
 * Time-boxed asks and the browsers that hear of them.
 *
 * `asks`: an agent asks a client account for a one-time code, a yes/no confirmation, a short
 * answer or a file, by a deadline. `status` is `open` → `answered` | `expired` | `cancelled`.
 * A secret answer (every code; a short answer marked secret) lives sealed in `answer_secret`
 * until it is purged — overwritten, then set to null — `secret_until` after answering or when
 * the agent marks it used; `secret_purged_at` says when.
 *
 * `ask_secret_views`: who saw a secret answer, when (the ask's page lists them).
 *
 * `push_subscriptions`: a person's browsers that accept Web Push (endpoint and RFC 8291 keys),
 * deleted when the push service answers 404/410 or the person removes the device.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("asks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull().references("client_accounts.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("prompt", "text", (c) => c.notNull())
    .addColumn("secret", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("deadline_at", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("answered_by", "text", (c) => c.references("users.id"))
    .addColumn("answered_at", "text")
    .addColumn("answer_text", "text")
    .addColumn("answer_secret", "text")
    .addColumn("answer_file_id", "text")
    .addColumn("secret_until", "text")
    .addColumn("secret_used_at", "text")
    .addColumn("secret_purged_at", "text")
    .addColumn("cancelled_by", "text", (c) => c.references("users.id"))
    .addColumn("cancelled_at", "text")
    .addColumn("reasked_from", "text")
    .execute();
  // An account's asks, newest first (lists, next actions), and the open ones by deadline.
  await db.schema.createIndex("asks_account_idx").on("asks").columns(["account_id", "id"]).execute();
  await db.schema.createIndex("asks_status_idx").on("asks").columns(["status", "deadline_at"]).execute();

  await db.schema
    .createTable("ask_secret_views")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("ask_id", "text", (c) => c.notNull().references("asks.id"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("viewed_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("ask_secret_views_ask_idx").on("ask_secret_views").columns(["ask_id", "id"]).execute();

  await db.schema
    .createTable("push_subscriptions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("endpoint", "text", (c) => c.notNull().unique())
    .addColumn("p256dh", "text", (c) => c.notNull())
    .addColumn("auth", "text", (c) => c.notNull())
    .addColumn("label", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_used_at", "text")
    .execute();
  await db.schema.createIndex("push_subscriptions_user_idx").on("push_subscriptions").columns(["user_id"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("push_subscriptions").execute();
  await db.schema.dropTable("ask_secret_views").execute();
  await db.schema.dropTable("asks").execute();
}

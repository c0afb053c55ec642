import type { Kysely } from "kysely";

/**
 * Notices from the agency to all clients or chosen accounts, dismissed and read per person.
 *
 * `notices`: one row per notice. `audience` is `all` (every client account, resolved when read,
 * so an account created later sees a running notice too) or `accounts` (the rows of
 * `notice_accounts`). It runs until `ends_at` (optional, chosen when posted) or until staff end it
 * early (`ended_at`); `importance` is `info` or `important`.
 *
 * `notice_accounts`: the chosen accounts of an `accounts` notice (none for `all`).
 *
 * `notice_receipts`: one row per person a notice reached — written for every active contact of
 * the audience when it is posted (the people told of it in-app and by email), and for a contact
 * who joined later the first time they open or dismiss it — with when they read and dismissed it.
 * `account_id` is the contact's account, so staff see only their accounts' receipts and a merge
 * moves them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("notices")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("importance", "text", (c) => c.notNull())
    .addColumn("audience", "text", (c) => c.notNull())
    .addColumn("ends_at", "text")
    .addColumn("ended_at", "text")
    .addColumn("ended_by", "text", (c) => c.references("users.id"))
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  // "All clients" notices are read by audience on every client's dashboard.
  await db.schema.createIndex("notices_audience_idx").on("notices").columns(["audience", "id"]).execute();

  await db.schema
    .createTable("notice_accounts")
    .addColumn("notice_id", "text", (c) => c.notNull().references("notices.id"))
    .addColumn("account_id", "text", (c) => c.notNull().references("client_accounts.id"))
    .addPrimaryKeyConstraint("notice_accounts_pk", ["notice_id", "account_id"])
    .execute();
  // A client's dashboard reads its account's notices.
  await db.schema.createIndex("notice_accounts_account_idx").on("notice_accounts").columns(["account_id", "notice_id"]).execute();

  await db.schema
    .createTable("notice_receipts")
    .addColumn("notice_id", "text", (c) => c.notNull().references("notices.id"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("account_id", "text", (c) => c.notNull().references("client_accounts.id"))
    .addColumn("read_at", "text")
    .addColumn("dismissed_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("notice_receipts_pk", ["notice_id", "user_id"])
    .execute();
  // A person's own receipts (dashboard, next actions); merges move an account's.
  await db.schema.createIndex("notice_receipts_user_idx").on("notice_receipts").columns(["user_id", "notice_id"]).execute();
  await db.schema.createIndex("notice_receipts_account_idx").on("notice_receipts").columns(["account_id"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("notice_receipts").execute();
  await db.schema.dropTable("notice_accounts").execute();
  await db.schema.dropTable("notices").execute();
}

import type { Kysely } from "kysely";

/**
 * Agent updates, notes and drafts for review on a client's feed, and the deliverables they mark.
 *
 * `updates`: one row per work update or draft; `state` + `state_since` are what the feed's badge
 * and "next actions" read (a draft waiting for review since its latest version, edits requested
 * since the decision). `update_versions`: the text of each version and, for drafts, the client's
 * decision on it (who, when, the comment). Files of a version are owned by it (files.owner_type
 * `update_version`). `update_reads`: who opened an update, first time. `deliverables` and their
 * `deliverable_versions`: final files, one per version, with the update version they came from.
 * Staff-only notes on a client are comments (conversations) on object type `client_notes`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("updates")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull().references("client_accounts.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("posted_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("ticket_id", "text", (c) => c.references("tickets.id"))
    .addColumn("task_id", "text", (c) => c.references("tasks.id"))
    .addColumn("latest_version", "integer", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("state_since", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  // The account's feed, newest first (and by kind); a client's waiting drafts and unread updates;
  // the agency's drafts with edits requested across the accounts in scope.
  await db.schema.createIndex("updates_feed_idx").on("updates").columns(["account_id", "id"]).execute();
  await db.schema.createIndex("updates_feed_kind_idx").on("updates").columns(["account_id", "kind", "id"]).execute();
  await db.schema.createIndex("updates_state_idx").on("updates").columns(["account_id", "state", "state_since"]).execute();
  await db.schema.createIndex("updates_state_all_idx").on("updates").columns(["state", "state_since"]).execute();

  await db.schema
    .createTable("update_versions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("update_id", "text", (c) => c.notNull().references("updates.id"))
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("posted_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("posted_at", "text", (c) => c.notNull())
    .addColumn("decision", "text")
    .addColumn("decision_comment", "text")
    .addColumn("decided_by", "text", (c) => c.references("users.id"))
    .addColumn("decided_at", "text")
    .addUniqueConstraint("update_versions_version_unique", ["update_id", "version"])
    .execute();

  await db.schema
    .createTable("update_reads")
    .addColumn("update_id", "text", (c) => c.notNull().references("updates.id"))
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("read_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("update_reads_pk", ["update_id", "user_id"])
    .execute();

  await db.schema
    .createTable("deliverables")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull().references("client_accounts.id"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("name_key", "text", (c) => c.notNull())
    .addColumn("latest_version", "integer", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("deliverables_name_unique", ["account_id", "name_key"])
    .execute();

  await db.schema
    .createTable("deliverable_versions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("deliverable_id", "text", (c) => c.notNull().references("deliverables.id"))
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("file_id", "text", (c) => c.notNull().references("files.id"))
    .addColumn("update_id", "text", (c) => c.notNull().references("updates.id"))
    .addColumn("update_version_id", "text", (c) => c.notNull().references("update_versions.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("deliverable_versions_version_unique", ["deliverable_id", "version"])
    .execute();
  await db.schema.createIndex("deliverable_versions_update_idx").on("deliverable_versions").columns(["update_version_id"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("deliverable_versions").execute();
  await db.schema.dropTable("deliverables").execute();
  await db.schema.dropTable("update_reads").execute();
  await db.schema.dropTable("update_versions").execute();
  await db.schema.dropTable("updates").execute();
}

import type { Kysely } from "kysely";
import { newId } from "../../ids";

/** Categories a fresh install starts with; admins rename, reorder and disable them. */
const DEFAULT_CATEGORIES = ["Website issue", "Content change", "Email & hosting", "Access & login", "Billing", "Other"];

/**
 * Support tickets and the messaging machinery every later feature shares: per-kind numbers,
 * files, in-app notifications and preferences, and the inbound-mail log (idempotency and
 * quarantine).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("counters")
    .addColumn("kind", "text", (c) => c.primaryKey())
    .addColumn("value", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("ticket_categories")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("disabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("ticket_categories_name_unique", ["name"])
    .execute();

  const now = new Date().toISOString();
  await (db as Kysely<{ ticket_categories: { id: string; name: string; position: number; disabled: number; created_at: string } }>)
    .insertInto("ticket_categories")
    .values(DEFAULT_CATEGORIES.map((name, position) => ({ id: newId(), name, position, disabled: 0, created_at: now })))
    .execute();

  await db.schema
    .createTable("canned_replies")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("tickets")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("account_id", "text", (c) => c.notNull().references("client_accounts.id"))
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("priority", "text", (c) => c.notNull())
    .addColumn("category_id", "text", (c) => c.references("ticket_categories.id"))
    .addColumn("assignee_id", "text", (c) => c.references("users.id"))
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("message_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("last_activity_at", "text", (c) => c.notNull())
    .addColumn("closed_at", "text")
    .addUniqueConstraint("tickets_number_unique", ["number"])
    .execute();
  // The client's list and the agent's queue: newest activity first, within an account or status.
  await db.schema.createIndex("tickets_account_activity_idx").on("tickets").columns(["account_id", "last_activity_at", "id"]).execute();
  await db.schema.createIndex("tickets_status_activity_idx").on("tickets").columns(["status", "last_activity_at", "id"]).execute();
  await db.schema.createIndex("tickets_activity_idx").on("tickets").columns(["last_activity_at", "id"]).execute();
  await db.schema.createIndex("tickets_assignee_idx").on("tickets").columns(["assignee_id", "status"]).execute();

  await db.schema
    .createTable("ticket_messages")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("ticket_id", "text", (c) => c.notNull().references("tickets.id"))
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("author_id", "text", (c) => c.references("users.id"))
    /** reply: public, the client sees it | note: internal, staff only */
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("email_message_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("ticket_messages_ticket_idx").on("ticket_messages").columns(["ticket_id", "id"]).execute();

  await db.schema
    .createTable("files")
    .addColumn("id", "text", (c) => c.primaryKey())
    /** null until the upload is attached to its owner (a ticket, a message, a task…) */
    .addColumn("owner_type", "text")
    .addColumn("owner_id", "text")
    .addColumn("account_id", "text")
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("storage_key", "text", (c) => c.notNull())
    .addColumn("uploaded_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("files_owner_idx").on("files").columns(["owner_type", "owner_id"]).execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("event_id", "text", (c) => c.notNull())
    .addColumn("verb", "text", (c) => c.notNull())
    .addColumn("object_type", "text", (c) => c.notNull())
    .addColumn("object_id", "text", (c) => c.notNull())
    .addColumn("account_id", "text")
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("url", "text", (c) => c.notNull())
    .addColumn("read_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("notifications_user_event_unique", ["user_id", "event_id"])
    .execute();
  await db.schema.createIndex("notifications_user_idx").on("notifications").columns(["user_id", "read_at", "id"]).execute();

  await db.schema
    .createTable("notification_preferences")
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("email", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("notification_preferences_pk", ["user_id", "kind"])
    .execute();

  await db.schema
    .createTable("inbound_messages")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("message_id", "text", (c) => c.notNull())
    /** attached | quarantined */
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("reason", "text")
    .addColumn("from_address", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("ticket_id", "text")
    .addColumn("storage_key", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("inbound_messages_message_id_unique", ["message_id"])
    .execute();
  await db.schema.createIndex("inbound_messages_status_idx").on("inbound_messages").columns(["status", "id"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "inbound_messages",
    "notification_preferences",
    "notifications",
    "files",
    "ticket_messages",
    "tickets",
    "canned_replies",
    "ticket_categories",
    "counters",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

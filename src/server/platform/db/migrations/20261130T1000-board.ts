import type { Kysely } from "kysely";
import { newId } from "../../ids";

/** The client guide's work request types, in its words and order (seed 003, section 3). */
export const GUIDE_REQUEST_TYPES = [
  "Content Updates",
  "New Content Additions",
  "Design Changes",
  "New Design – Enhancement Features",
  "New Services – Improve SEO, Speed Optimisation, WordPress Hosting, Website Offsite Back/up Services",
  "Logo/Brand Redesign",
  "Ad Word Campaigns",
  "Email Campaigns",
];

/** The one template a fresh install starts with: the guide's "Template Task – Work Task Template". */
const WORK_TASK_TEMPLATE = {
  name: "Work Task Template",
  summary: "Work Task Template",
  description: [
    "**What needs to be done?**",
    "Describe the work you are requesting.",
    "",
    "**Where on the website?**",
    "Page addresses, sections or screenshots.",
    "",
    "**Anything else we should know?**",
    "Wording, examples you like, who to ask for approval.",
  ].join("\n"),
};

type Seedable = Kysely<{
  request_types: { id: string; name: string; position: number; disabled: number; created_at: string };
  task_templates: {
    id: string;
    name: string;
    summary: string;
    description: string;
    request_type_id: string | null;
    position: number;
    disabled: number;
    created_at: string;
    updated_at: string;
  };
}>;

/**
 * Website Work Requests: request types, task templates, tasks on the board with their
 * comments, quotes, approval records and the periods each spent in a stage (who had it, for how
 * long); and the task a reply by email was posted to.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("request_types")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("disabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("request_types_name_unique", ["name"])
    .execute();

  await db.schema
    .createTable("task_templates")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("request_type_id", "text", (c) => c.references("request_types.id"))
    .addColumn("position", "integer", (c) => c.notNull())
    .addColumn("disabled", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("task_templates_name_unique", ["name"])
    .execute();

  const seed = db as unknown as Seedable;
  const now = new Date().toISOString();
  await seed
    .insertInto("request_types")
    .values(GUIDE_REQUEST_TYPES.map((name, position) => ({ id: newId(), name, position, disabled: 0, created_at: now })))
    .execute();
  await seed
    .insertInto("task_templates")
    .values({ id: newId(), ...WORK_TASK_TEMPLATE, request_type_id: null, position: 0, disabled: 0, created_at: now, updated_at: now })
    .execute();

  await db.schema
    .createTable("tasks")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("account_id", "text", (c) => c.notNull().references("client_accounts.id"))
    .addColumn("summary", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("request_type_id", "text", (c) => c.references("request_types.id"))
    .addColumn("template_id", "text", (c) => c.references("task_templates.id"))
    /** requested | in_progress | on_hold | client_approval | completed */
    .addColumn("stage", "text", (c) => c.notNull())
    /** Order within the column, ascending; fractional so a move rewrites one row. */
    .addColumn("position", "double precision", (c) => c.notNull())
    /** A calendar day, YYYY-MM-DD. */
    .addColumn("deadline", "text")
    /** The current quote's state (none | pending | accepted | declined): the board's move rules read it. */
    .addColumn("quote_state", "text", (c) => c.notNull().defaultTo("none"))
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("comment_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("file_count", "integer", (c) => c.notNull().defaultTo(0))
    /** Goes up with every change a client could approve: an approval names the version it saw. */
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("stage_entered_at", "text", (c) => c.notNull())
    .addColumn("completed_at", "text")
    .addColumn("archived_at", "text")
    /** Set when someone brings a task back from the archive: the archive job counts from it. */
    .addColumn("unarchived_at", "text")
    .addUniqueConstraint("tasks_number_unique", ["number"])
    .execute();
  // A client account's board, column by column in order; the combined board; the archive.
  await db.schema.createIndex("tasks_board_idx").on("tasks").columns(["account_id", "stage", "archived_at", "position", "id"]).execute();
  await db.schema.createIndex("tasks_stage_idx").on("tasks").columns(["stage", "archived_at", "position", "id"]).execute();
  await db.schema.createIndex("tasks_archive_idx").on("tasks").columns(["archived_at", "id"]).execute();

  await db.schema
    .createTable("task_comments")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("task_id", "text", (c) => c.notNull().references("tasks.id"))
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("author_id", "text", (c) => c.references("users.id"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("source", "text", (c) => c.notNull())
    .addColumn("email_message_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("task_comments_task_idx").on("task_comments").columns(["task_id", "id"]).execute();
  // Reply by email matches a reply to an earlier emailed comment by its Message-ID (tickets too).
  await db.schema.createIndex("task_comments_email_idx").on("task_comments").column("email_message_id").execute();
  await db.schema.createIndex("ticket_messages_email_idx").on("ticket_messages").column("email_message_id").execute();

  await db.schema
    .createTable("task_quotes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("task_id", "text", (c) => c.notNull().references("tasks.id"))
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("scope", "text", (c) => c.notNull())
    .addColumn("amount_minor", "bigint", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    /** pending | accepted | declined | superseded */
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("decided_by", "text", (c) => c.references("users.id"))
    .addColumn("decided_at", "text")
    .addColumn("decision_comment", "text")
    .execute();
  await db.schema.createIndex("task_quotes_task_idx").on("task_quotes").columns(["task_id", "id"]).execute();

  await db.schema
    .createTable("task_approvals")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("task_id", "text", (c) => c.notNull().references("tasks.id"))
    .addColumn("account_id", "text", (c) => c.notNull())
    /** approved | changes_requested | override */
    .addColumn("decision", "text", (c) => c.notNull())
    .addColumn("actor_id", "text", (c) => c.references("users.id"))
    .addColumn("comment", "text")
    .addColumn("task_version", "integer", (c) => c.notNull())
    /** JSON: what the task looked like when the decision was made. */
    .addColumn("snapshot", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("task_approvals_task_idx").on("task_approvals").columns(["task_id", "id"]).execute();

  await db.schema
    .createTable("task_stage_periods")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("task_id", "text", (c) => c.notNull().references("tasks.id"))
    .addColumn("account_id", "text", (c) => c.notNull())
    .addColumn("stage", "text", (c) => c.notNull())
    /** client | agency: whose court the task was in (the guide's Ownership column). */
    .addColumn("owner", "text", (c) => c.notNull())
    .addColumn("started_at", "text", (c) => c.notNull())
    .addColumn("ended_at", "text")
    .execute();
  await db.schema.createIndex("task_stage_periods_task_idx").on("task_stage_periods").columns(["task_id", "started_at"]).execute();

  await db.schema.alterTable("inbound_messages").addColumn("task_id", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("ticket_messages_email_idx").execute();
  await db.schema.alterTable("inbound_messages").dropColumn("task_id").execute();
  for (const table of [
    "task_stage_periods",
    "task_approvals",
    "task_quotes",
    "task_comments",
    "tasks",
    "task_templates",
    "request_types",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

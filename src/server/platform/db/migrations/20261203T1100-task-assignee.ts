import type { Kysely } from "kysely";

/**
 * A work request gets an assignee: the agency's person handling it (an admin, or an agent who
 * works the task's account — the services check that, as for a ticket's assignee). Nullable:
 * existing tasks and new client requests start with nobody.
 *
 * The index serves the board's assignee filter ("mine", "unassigned", one person's), which
 * reads the live cards of one stage: assignee first, then the board's own order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("tasks")
    .addColumn("assignee_id", "text", (c) => c.references("users.id"))
    .execute();
  await db.schema
    .createIndex("tasks_assignee_idx")
    .on("tasks")
    .columns(["assignee_id", "stage", "archived_at", "position", "id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("tasks_assignee_idx").execute();
  await db.schema.alterTable("tasks").dropColumn("assignee_id").execute();
}

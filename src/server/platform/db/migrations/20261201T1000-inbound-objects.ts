import { type Kysely, sql } from "kysely";

/**
 * Inbound emails name the object they answer by type and id, not by one column per kind
 * (`ticket_id`, `task_id`): a module that adds a reply target needs no migration of its own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("inbound_messages").addColumn("object_type", "text").execute();
  await db.schema.alterTable("inbound_messages").addColumn("object_id", "text").execute();
  await sql`update inbound_messages set object_type = 'ticket', object_id = ticket_id where ticket_id is not null`.execute(db);
  await sql`update inbound_messages set object_type = 'task', object_id = task_id where task_id is not null and ticket_id is null`.execute(
    db,
  );
  await db.schema.alterTable("inbound_messages").dropColumn("ticket_id").execute();
  await db.schema.alterTable("inbound_messages").dropColumn("task_id").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("inbound_messages").addColumn("ticket_id", "text").execute();
  await db.schema.alterTable("inbound_messages").addColumn("task_id", "text").execute();
  await sql`update inbound_messages set ticket_id = object_id where object_type = 'ticket'`.execute(db);
  await sql`update inbound_messages set task_id = object_id where object_type = 'task'`.execute(db);
  await db.schema.alterTable("inbound_messages").dropColumn("object_type").execute();
  await db.schema.alterTable("inbound_messages").dropColumn("object_id").execute();
}

import { type Kysely, sql } from "kysely";

/**
 * Quarantine is not a dead end: an admin posts a quarantined email (as a new ticket, or after
 * adding its sender as a contact) or discards it. The row keeps why it was quarantined and
 * records what was done (`resolution`: ticket_created | contact_added | discarded), by whom and
 * when; its status becomes `resolved` or `discarded` (text, no constraint: both databases).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("inbound_messages").addColumn("resolution", "text").execute();
  await db.schema.alterTable("inbound_messages").addColumn("resolved_by", "text").execute();
  await db.schema.alterTable("inbound_messages").addColumn("resolved_at", "text").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // The older code knows two statuses: what an admin posted was posted, what they discarded stays quarantined.
  await sql`update inbound_messages set status = 'attached' where status = 'resolved'`.execute(db);
  await sql`update inbound_messages set status = 'quarantined' where status = 'discarded'`.execute(db);
  await db.schema.alterTable("inbound_messages").dropColumn("resolved_at").execute();
  await db.schema.alterTable("inbound_messages").dropColumn("resolved_by").execute();
  await db.schema.alterTable("inbound_messages").dropColumn("resolution").execute();
}

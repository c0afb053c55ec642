import type { Kysely } from "kysely";

/**
 * Mail that survives a long outage and is never sent twice.
 *
 * `jobs.retry_since`: when the current run of attempts began — the job's creation, or the moment
 * an admin pressed Retry on failed mail. A job type that retries for a length of time (mail: three
 * days by default) gives up once that much time has passed since then. NULL: since `created_at`.
 *
 * `mail_deliveries`: one row per email a mail server accepted, written right after it said yes and
 * before the job is marked done. A job that was running when the process died is claimed again;
 * finding its row, it is not sent a second time. The row also keeps the server's answer, which
 * Admin → Outgoing mail shows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("jobs").addColumn("retry_since", "text").execute();
  await db.schema
    .createTable("mail_deliveries")
    .addColumn("job_id", "text", (c) => c.primaryKey())
    .addColumn("message_id", "text", (c) => c.notNull())
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("response", "text")
    .addColumn("accepted_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("mail_deliveries_accepted_idx").on("mail_deliveries").columns(["accepted_at", "job_id"]).execute();
  // Admin → Outgoing mail lists one kind's jobs by status, newest first.
  await db.schema.createIndex("jobs_kind_status_idx").on("jobs").columns(["kind", "status", "created_at"]).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("jobs_kind_status_idx").execute();
  await db.schema.dropTable("mail_deliveries").execute();
  await db.schema.alterTable("jobs").dropColumn("retry_since").execute();
}

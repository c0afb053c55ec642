import type { Kysely } from "kysely";

/**
 * Typed jobs: each job records the version of its definition's payload, and may carry a dedupe
 * key (at most one job per kind and key, e.g. one expiry per ask).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("jobs")
    .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable("jobs").addColumn("dedupe_key", "text").execute();
  // NULL keys never collide (both databases), so jobs without a key are unaffected.
  await db.schema.createIndex("jobs_kind_dedupe_key_unique").on("jobs").columns(["kind", "dedupe_key"]).unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("jobs_kind_dedupe_key_unique").execute();
  await db.schema.alterTable("jobs").dropColumn("dedupe_key").execute();
  await db.schema.alterTable("jobs").dropColumn("version").execute();
}

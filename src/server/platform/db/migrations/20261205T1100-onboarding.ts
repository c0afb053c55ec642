import type { Kysely } from "kysely";
import { fieldCountOf } from "../../../../common/onboarding";
import { DEFAULT_FORM, DEFAULT_FORM_DESCRIPTION, DEFAULT_FORM_NAME } from "../../../modules/onboarding/default-form";
import { newId } from "../../ids";
import type { OnboardingTables } from "../tables/onboarding";

/**
 * Onboarding: admin-built forms with versions, clients' drafts and submissions, the agent's review.
 *
 * `onboarding_forms` holds each form's working copy; `onboarding_form_versions` the frozen
 * published versions a submission answers; `onboarding_submissions` one form version shared with
 * one client account, its saved answers and review status; `onboarding_rounds` every Submit with
 * the agency's decision. Definitions and answers are JSON text. The seed's form ships published
 * as version 1 and the default.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("onboarding_forms")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    .addColumn("definition", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("published_version", "integer")
    .addColumn("unpublished_changes", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("is_default", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("archived", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_by", "text", (c) => c.references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  // The builder's list, by name; the one default form.
  await db.schema.createIndex("onboarding_forms_name_idx").on("onboarding_forms").columns(["name", "id"]).execute();
  await db.schema.createIndex("onboarding_forms_default_idx").on("onboarding_forms").columns(["is_default"]).execute();

  await db.schema
    .createTable("onboarding_form_versions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("form_id", "text", (c) => c.notNull().references("onboarding_forms.id"))
    .addColumn("version", "integer", (c) => c.notNull())
    .addColumn("definition", "text", (c) => c.notNull())
    .addColumn("field_count", "integer", (c) => c.notNull())
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("published_by", "text", (c) => c.references("users.id"))
    .addUniqueConstraint("onboarding_form_versions_form_version_unique", ["form_id", "version"])
    .execute();

  await db.schema
    .createTable("onboarding_submissions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("account_id", "text", (c) => c.notNull().references("client_accounts.id"))
    .addColumn("form_id", "text", (c) => c.notNull().references("onboarding_forms.id"))
    .addColumn("form_version_id", "text", (c) => c.notNull().references("onboarding_form_versions.id"))
    .addColumn("form_version", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("answers", "text", (c) => c.notNull())
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("saved_at", "text", (c) => c.notNull())
    .addColumn("round_count", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("shared_at", "text", (c) => c.notNull())
    .addColumn("shared_by", "text", (c) => c.references("users.id"))
    .addColumn("submitted_at", "text")
    .addColumn("approved_at", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  // A client's submissions (newest first, by status for next actions); the review queue (oldest
  // submitted first); a form's counts by status.
  await db.schema
    .createIndex("onboarding_submissions_account_idx")
    .on("onboarding_submissions")
    .columns(["account_id", "status", "shared_at"])
    .execute();
  await db.schema
    .createIndex("onboarding_submissions_status_idx")
    .on("onboarding_submissions")
    .columns(["status", "submitted_at", "id"])
    .execute();
  await db.schema.createIndex("onboarding_submissions_form_idx").on("onboarding_submissions").columns(["form_id", "status"]).execute();

  await db.schema
    .createTable("onboarding_rounds")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("submission_id", "text", (c) => c.notNull().references("onboarding_submissions.id"))
    .addColumn("round", "integer", (c) => c.notNull())
    .addColumn("answers", "text", (c) => c.notNull())
    .addColumn("submitted_at", "text", (c) => c.notNull())
    .addColumn("submitted_by", "text", (c) => c.notNull().references("users.id"))
    .addColumn("decision", "text")
    .addColumn("decided_at", "text")
    .addColumn("decided_by", "text", (c) => c.references("users.id"))
    .addColumn("comment", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("field_comments", "text", (c) => c.notNull().defaultTo("{}"))
    .addUniqueConstraint("onboarding_rounds_submission_round_unique", ["submission_id", "round"])
    .execute();

  const seed = db as unknown as Kysely<OnboardingTables>;
  const now = new Date().toISOString();
  const formId = newId();
  const definition = JSON.stringify(DEFAULT_FORM);
  await seed
    .insertInto("onboarding_forms")
    .values({
      id: formId,
      name: DEFAULT_FORM_NAME,
      description: DEFAULT_FORM_DESCRIPTION,
      definition,
      revision: 0,
      published_version: 1,
      unpublished_changes: 0,
      is_default: 1,
      archived: 0,
      created_by: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await seed
    .insertInto("onboarding_form_versions")
    .values({
      id: newId(),
      form_id: formId,
      version: 1,
      definition,
      field_count: fieldCountOf(DEFAULT_FORM),
      published_at: now,
      published_by: null,
    })
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("onboarding_rounds").execute();
  await db.schema.dropTable("onboarding_submissions").execute();
  await db.schema.dropTable("onboarding_form_versions").execute();
  await db.schema.dropTable("onboarding_forms").execute();
}

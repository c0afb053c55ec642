import type { Insertable, Updateable } from "kysely";
import type { TSubmissionStatus } from "../../../common/onboarding";
import type { Actor } from "../../platform/auth/sessions";
import type { Executor } from "../../platform/db/database";
import type {
  OnboardingFormsTable,
  OnboardingFormVersionsTable,
  OnboardingRoundsTable,
  OnboardingSubmissionsTable,
} from "../../platform/db/tables/onboarding";
import { accountScope } from "../../platform/policy";
import { joinablePeople } from "../accounts/queries";
import { joinableAccounts } from "../clients/queries";

/*
 * The onboarding module owns `onboarding_forms`, `onboarding_form_versions`,
 * `onboarding_submissions` and `onboarding_rounds`. Account names come from the clients module's
 * joinable source; every read of a submission goes through the tenant scope.
 */

// Forms ------------------------------------------------------------------------------------------

export function listFormRows(db: Executor, options: { publishedOnly: boolean }) {
  return db
    .selectFrom("onboarding_forms")
    .selectAll()
    .$if(options.publishedOnly, (q) => q.where("published_version", "is not", null).where("archived", "=", 0))
    .orderBy("is_default", "desc")
    .orderBy("name")
    .orderBy("id")
    .execute();
}

export function findFormRow(db: Executor, id: string) {
  return db.selectFrom("onboarding_forms").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The form clients get when nobody chose one. */
export function findDefaultForm(db: Executor) {
  return db.selectFrom("onboarding_forms").selectAll().where("is_default", "=", 1).orderBy("id").executeTakeFirst();
}

export async function insertForm(tx: Executor, row: Insertable<OnboardingFormsTable>): Promise<void> {
  await tx.insertInto("onboarding_forms").values(row).execute();
}

export async function updateFormRow(tx: Executor, id: string, patch: Updateable<OnboardingFormsTable>): Promise<void> {
  await tx.updateTable("onboarding_forms").set(patch).where("id", "=", id).execute();
}

/**
 * Saves the working copy only if it is still at `revision` (the compare-and-set a stale tab
 * loses): true when this save won.
 */
export async function saveFormIfRevision(
  tx: Executor,
  id: string,
  revision: number,
  patch: Updateable<OnboardingFormsTable>,
): Promise<boolean> {
  const result = await tx
    .updateTable("onboarding_forms")
    .set({ ...patch, revision: revision + 1 })
    .where("id", "=", id)
    .where("revision", "=", revision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function clearDefault(tx: Executor, exceptId: string, now: string): Promise<void> {
  await tx
    .updateTable("onboarding_forms")
    .set({ is_default: 0, updated_at: now })
    .where("is_default", "=", 1)
    .where("id", "!=", exceptId)
    .execute();
}

/** Each form's submissions by status (one grouped read for the whole list). */
export async function submissionCountsByForm(db: Executor, formIds: string[]) {
  const counts = new Map<string, Record<TSubmissionStatus, number>>();
  if (formIds.length === 0) return counts;
  const rows = await db
    .selectFrom("onboarding_submissions")
    .select(["form_id", "status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("form_id", "in", formIds)
    .groupBy(["form_id", "status"])
    .execute();
  for (const row of rows) {
    const entry = counts.get(row.form_id) ?? { in_progress: 0, submitted: 0, returned: 0, approved: 0 };
    entry[row.status] = Number(row.n);
    counts.set(row.form_id, entry);
  }
  return counts;
}

// Versions ---------------------------------------------------------------------------------------

/** A form's published versions, newest first, with the publisher's name. */
export function versionsOf(db: Executor, formId: string) {
  return db
    .selectFrom("onboarding_form_versions")
    .leftJoin(joinablePeople(db).as("publisher"), "publisher.id", "onboarding_form_versions.published_by")
    .select([
      "onboarding_form_versions.version",
      "onboarding_form_versions.published_at",
      "onboarding_form_versions.field_count",
      "publisher.name as published_by_name",
    ])
    .where("onboarding_form_versions.form_id", "=", formId)
    .orderBy("onboarding_form_versions.version", "desc")
    .execute();
}

export function findVersion(db: Executor, formId: string, version: number) {
  return db
    .selectFrom("onboarding_form_versions")
    .selectAll()
    .where("form_id", "=", formId)
    .where("version", "=", version)
    .executeTakeFirst();
}

export function findVersionById(db: Executor, id: string) {
  return db.selectFrom("onboarding_form_versions").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function insertVersion(tx: Executor, row: OnboardingFormVersionsTable): Promise<void> {
  await tx.insertInto("onboarding_form_versions").values(row).execute();
}

/** Definitions of many versions in one read (next actions name the fields to fix). */
export function versionDefinitions(db: Executor, ids: string[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom("onboarding_form_versions").select(["id", "definition"]).where("id", "in", ids).execute();
}

// Submissions ------------------------------------------------------------------------------------

/** Submissions joined with their account's and form's names. */
function submissionsWithNames(db: Executor) {
  return db
    .selectFrom("onboarding_submissions as s")
    .innerJoin(joinableAccounts(db).as("client_accounts"), "client_accounts.id", "s.account_id")
    .innerJoin("onboarding_forms as f", "f.id", "s.form_id")
    .selectAll("s")
    .select(["client_accounts.name as account_name", "f.name as form_name"]);
}
export type SubmissionRow = Awaited<ReturnType<ReturnType<typeof submissionsWithNames>["executeTakeFirstOrThrow"]>>;

/** One submission inside the actor's tenant scope; undefined (→ 404) outside it. */
export function findVisibleSubmission(db: Executor, actor: Actor, id: string): Promise<SubmissionRow | undefined> {
  return submissionsWithNames(db).where("s.id", "=", id).where(accountScope(actor, "s.account_id")).executeTakeFirst();
}

export function findSubmissionRow(db: Executor, id: string) {
  return db.selectFrom("onboarding_submissions").select(["id", "account_id"]).where("id", "=", id).executeTakeFirst();
}

/** The account's newest submission. */
export function newestSubmissionOf(db: Executor, accountId: string) {
  return db
    .selectFrom("onboarding_submissions")
    .select("id")
    .where("account_id", "=", accountId)
    .orderBy("shared_at", "desc")
    .orderBy("id", "desc")
    .executeTakeFirst();
}

/** The account's submission of this form that is not approved yet, if any. */
export function openSubmissionOf(db: Executor, accountId: string, formId: string) {
  return db
    .selectFrom("onboarding_submissions")
    .select(["id", "status"])
    .where("account_id", "=", accountId)
    .where("status", "!=", "approved")
    .where("form_id", "=", formId)
    .executeTakeFirst();
}

export const SUBMISSION_PAGE_SIZE = 50;

/** A page of submissions in the actor's scope: the review queue (submitted) oldest first, otherwise latest changed first. */
export async function listSubmissions(
  db: Executor,
  actor: Actor,
  filter: { status?: TSubmissionStatus; account?: string; page: number },
): Promise<{ rows: SubmissionRow[]; total: number }> {
  let q = submissionsWithNames(db).where(accountScope(actor, "s.account_id"));
  if (filter.status) q = q.where("s.status", "=", filter.status);
  if (filter.account) q = q.where("s.account_id", "=", filter.account);
  const total = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const ordered =
    filter.status === "submitted"
      ? q.orderBy("s.submitted_at", "asc").orderBy("s.id", "asc")
      : q.orderBy("s.updated_at", "desc").orderBy("s.id", "desc");
  const rows = await ordered
    .limit(SUBMISSION_PAGE_SIZE)
    .offset((filter.page - 1) * SUBMISSION_PAGE_SIZE)
    .execute();
  return { rows, total: Number(total.n) };
}

export async function insertSubmission(tx: Executor, row: OnboardingSubmissionsTable): Promise<void> {
  await tx.insertInto("onboarding_submissions").values(row).execute();
}

export async function updateSubmissionRow(tx: Executor, id: string, patch: Updateable<OnboardingSubmissionsTable>): Promise<void> {
  await tx.updateTable("onboarding_submissions").set(patch).where("id", "=", id).execute();
}

/** Saves the answers only if the submission is still at `revision`: true when this save won. */
export async function saveAnswersIfRevision(
  tx: Executor,
  id: string,
  revision: number,
  patch: Updateable<OnboardingSubmissionsTable>,
): Promise<boolean> {
  const result = await tx
    .updateTable("onboarding_submissions")
    .set({ ...patch, revision: revision + 1 })
    .where("id", "=", id)
    .where("revision", "=", revision)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * What waits on clients in the actor's scope (a client: their own account): submissions to fill
 * in or fix, with the latest round's decision.
 */
export function clientWaiting(db: Executor, actor: Actor, limit: number) {
  return submissionsWithNames(db)
    .leftJoin("onboarding_rounds as r", (j) => j.onRef("r.submission_id", "=", "s.id").onRef("r.round", "=", "s.round_count"))
    .select(["r.decided_at", "r.comment", "r.field_comments"])
    .where("s.status", "in", ["in_progress", "returned"])
    .where(accountScope(actor, "s.account_id"))
    .orderBy("s.shared_at")
    .limit(limit)
    .execute();
}

/** What waits on the agency: submitted forms in the accounts the actor works, oldest first. */
export function agencyWaiting(db: Executor, actor: Actor, limit: number) {
  return submissionsWithNames(db)
    .where("s.status", "=", "submitted")
    .where(accountScope(actor, "s.account_id"))
    .orderBy("s.submitted_at")
    .orderBy("s.id")
    .limit(limit)
    .execute();
}

// Rounds -----------------------------------------------------------------------------------------

/** A submission's rounds, oldest first, with the names of who submitted and who decided. */
export function roundsOf(db: Executor, submissionId: string) {
  return db
    .selectFrom("onboarding_rounds")
    .leftJoin(joinablePeople(db).as("submitter"), "submitter.id", "onboarding_rounds.submitted_by")
    .leftJoin(joinablePeople(db).as("decider"), "decider.id", "onboarding_rounds.decided_by")
    .selectAll("onboarding_rounds")
    .select(["submitter.name as submitted_by_name", "decider.name as decided_by_name"])
    .where("onboarding_rounds.submission_id", "=", submissionId)
    .orderBy("onboarding_rounds.round")
    .execute();
}
export type RoundRow = Awaited<ReturnType<typeof roundsOf>>[number];

export async function insertRound(tx: Executor, row: Insertable<OnboardingRoundsTable>): Promise<void> {
  await tx.insertInto("onboarding_rounds").values(row).execute();
}

export async function decideRound(tx: Executor, submissionId: string, round: number, patch: Updateable<OnboardingRoundsTable>) {
  await tx.updateTable("onboarding_rounds").set(patch).where("submission_id", "=", submissionId).where("round", "=", round).execute();
}

/** Two client accounts merged: this module's rows of `fromId` now belong to `intoId`. */
export async function moveAccountSubmissions(tx: Executor, fromId: string, intoId: string): Promise<Record<string, number>> {
  const result = await tx
    .updateTable("onboarding_submissions")
    .set({ account_id: intoId })
    .where("account_id", "=", fromId)
    .executeTakeFirst();
  return { onboardingSubmissions: Number(result.numUpdatedRows) };
}

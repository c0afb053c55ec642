import type { TFile } from "../../../common/conversations";
import { refuse } from "../../../common/decisions";
import type { TNextAction, TNextActionSide } from "../../../common/next-actions";
import {
  answerProblem,
  definitionProblems,
  fieldCountOf,
  fieldsWithSections,
  SUBMISSION_STATUS_LABELS,
  submissionProblems,
  type TAnswer,
  type TAnswers,
  type TFormDefinition,
  type TFormDetail,
  type TFormField,
  type TFormSummary,
  type TReviewRequest,
  type TRound,
  type TSaveAnswersRequest,
  type TSaveFormRequest,
  type TSubmissionDetail,
  type TSubmissionStatus,
  type TSubmissionSummary,
  visibleFieldKeys,
} from "../../../common/onboarding";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import type { OnboardingFormsTable } from "../../platform/db/tables/onboarding";
import { AppError, assertAllowed, conflict, forbidden, notFound, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import { canSeeAccount } from "../../platform/policy";
import { findAccountRow, lockAccount } from "../clients/queries";
import * as files from "../files/queries";
import { filesFor } from "../files/service";
import { answersCsv } from "./csv";
import { formPolicy, submissionDecisions, submissionPolicy } from "./policy";
import * as q from "./queries";

/** The owner type of the files a submission's answers name. */
export const SUBMISSION_FILE_OWNER = "onboarding_submission";
const OBJECT_TYPE = "onboarding_submission";

const parse = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};
const EMPTY: TFormDefinition = { sections: [] };
const definitionOf = (text: string) => parse<TFormDefinition>(text, EMPTY);

/**
 * A definition rebuilt in the schema's key order, nothing else kept: two saves of the same form
 * give the same text, so "nothing changed since the last version" is a string comparison.
 */
function canonical(definition: TFormDefinition): TFormDefinition {
  return {
    sections: definition.sections.map((s) => ({
      key: s.key,
      title: s.title.trim(),
      description: s.description,
      fields: s.fields.map((f) => ({
        key: f.key,
        label: f.label.trim(),
        type: f.type,
        required: f.required,
        help: f.help,
        options: f.options.map((o) => o.trim()),
        showIf: f.showIf ? { field: f.showIf.field, equals: f.showIf.equals } : null,
      })),
    })),
  };
}

/** A stale revision: nothing was written; the body carries the newer saved state. */
const draftConflict = (revision: number, savedAt: string, what: string) =>
  new AppError(
    "draft_conflict",
    `${what} was changed in another tab or on another device since you opened it. Reload to see the latest version before saving again.`,
    undefined,
    { revision, savedAt },
  );

// Forms ------------------------------------------------------------------------------------------

type FormRow = OnboardingFormsTable;
type Counts = Record<TSubmissionStatus, number>;

function presentForm(row: FormRow, counts: Counts | undefined): TFormSummary {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    isDefault: Number(row.is_default) === 1,
    archived: Number(row.archived) === 1,
    publishedVersion: row.published_version === null ? null : Number(row.published_version),
    unpublishedChanges: row.published_version === null || Number(row.unpublished_changes) === 1,
    fieldCount: fieldCountOf(definitionOf(row.definition)),
    submissions: {
      inProgress: (counts?.in_progress ?? 0) + (counts?.returned ?? 0),
      submitted: counts?.submitted ?? 0,
      approved: counts?.approved ?? 0,
    },
    updatedAt: row.updated_at,
  };
}

const requireAdminActor = (actor: Actor) => {
  if (actor.role !== "admin") throw forbidden("Only admins can build onboarding forms.");
};

async function loadForm(db: Executor, id: string): Promise<FormRow> {
  const row = await q.findFormRow(db, id);
  if (!row) throw notFound("Form");
  return row;
}

async function formDetail(db: Executor, actor: Actor, id: string): Promise<TFormDetail> {
  const row = await loadForm(db, id);
  const [counts, versions] = await Promise.all([q.submissionCountsByForm(db, [id]), q.versionsOf(db, id)]);
  return {
    data: {
      form: presentForm(row, counts.get(id)),
      draft: definitionOf(row.definition),
      revision: Number(row.revision),
      versions: versions.map((v) => ({
        version: Number(v.version),
        publishedAt: v.published_at,
        publishedBy: v.published_by_name ?? null,
        fieldCount: Number(v.field_count),
      })),
    },
    policies: formPolicy(actor),
  };
}

/** The builder's list (admins: every form); agents choosing a form to share get the published, unarchived ones. */
export async function listForms(ctx: AppContext, actor: Actor) {
  const rows = await q.listFormRows(ctx.db, { publishedOnly: actor.role !== "admin" });
  const counts = await q.submissionCountsByForm(
    ctx.db,
    rows.map((r) => r.id),
  );
  return { data: rows.map((row) => presentForm(row, counts.get(row.id))) };
}

export async function getForm(ctx: AppContext, actor: Actor, id: string): Promise<TFormDetail> {
  requireAdminActor(actor);
  return formDetail(ctx.db, actor, id);
}

/** A new form, empty or a copy of another form's working copy; unpublished until the admin publishes it. */
export async function createForm(
  ctx: AppContext,
  actor: Actor,
  input: { name: string; description?: string; copyOf?: string },
): Promise<TFormDetail> {
  requireAdminActor(actor);
  const name = input.name.trim();
  if (!name) throw validation("name", "Give the form a name.");
  return ctx.db.transaction().execute(async (tx) => {
    const source = input.copyOf ? await q.findFormRow(tx, input.copyOf) : undefined;
    if (input.copyOf && !source) throw validation("copyOf", "The form to copy was not found.");
    const id = newId();
    const now = nowIso();
    await q.insertForm(tx, {
      id,
      name,
      description: input.description ?? source?.description ?? "",
      definition: source?.definition ?? JSON.stringify(EMPTY),
      revision: 0,
      published_version: null,
      unpublished_changes: 1,
      is_default: 0,
      archived: 0,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
    });
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "onboarding_form.created",
      objectType: "onboarding_form",
      objectId: id,
      payload: { name, copyOf: source?.id ?? null },
    });
    return formDetail(tx, actor, id);
  });
}

/** The first problem of a definition as a 400 naming the section and field (all of them in `problems`). */
function assertDefinition(definition: TFormDefinition): void {
  const problems = definitionProblems(definition);
  const first = problems[0];
  if (first) throw new AppError("validation_error", first.message, first.path, { problems });
}

/** Saves the builder's working copy, if nobody saved since `revision`. */
export async function saveForm(ctx: AppContext, actor: Actor, id: string, input: TSaveFormRequest) {
  requireAdminActor(actor);
  const definition = canonical(input.definition);
  assertDefinition(definition);
  const name = input.name.trim();
  if (!name) throw validation("name", "Give the form a name.");
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadForm(tx, id);
    if (Number(row.revision) !== input.revision) throw draftConflict(Number(row.revision), row.updated_at, "This form");
    const text = JSON.stringify(definition);
    const latest = row.published_version === null ? undefined : await q.findVersion(tx, id, Number(row.published_version));
    const now = nowIso();
    const saved = await q.saveFormIfRevision(tx, id, input.revision, {
      name,
      description: input.description,
      definition: text,
      unpublished_changes: latest?.definition === text ? 0 : 1,
      updated_at: now,
    });
    if (!saved) {
      const fresh = await loadForm(tx, id);
      throw draftConflict(Number(fresh.revision), fresh.updated_at, "This form");
    }
    return { data: { revision: input.revision + 1, savedAt: now } };
  });
}

/** Freezes the working copy as the next version. Existing submissions keep the version they answer. */
export async function publishForm(ctx: AppContext, actor: Actor, id: string): Promise<TFormDetail> {
  requireAdminActor(actor);
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadForm(tx, id);
    const definition = definitionOf(row.definition);
    if (fieldCountOf(definition) === 0) throw validation("definition", "Add at least one field before publishing the form.");
    assertDefinition(definition);
    if (row.published_version !== null && Number(row.unpublished_changes) === 0) {
      throw conflict(`Nothing changed since version ${row.published_version} was published.`);
    }
    const version = Number(row.published_version ?? 0) + 1;
    const now = nowIso();
    await q.insertVersion(tx, {
      id: newId(),
      form_id: id,
      version,
      definition: row.definition,
      field_count: fieldCountOf(definition),
      published_at: now,
      published_by: actor.id,
    });
    await q.updateFormRow(tx, id, { published_version: version, unpublished_changes: 0, updated_at: now });
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "onboarding_form.published",
      objectType: "onboarding_form",
      objectId: id,
      payload: { name: row.name, version },
    });
    return formDetail(tx, actor, id);
  });
}

/** Makes this form the one clients get when nobody chose one (published and not archived). */
export async function makeDefault(ctx: AppContext, actor: Actor, id: string): Promise<TFormDetail> {
  requireAdminActor(actor);
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadForm(tx, id);
    if (row.published_version === null) {
      assertAllowed(refuse("form_not_published", "Publish this form before making it the default."));
    }
    if (Number(row.archived) === 1) throw conflict("This form is archived: restore it before making it the default.");
    if (Number(row.is_default) !== 1) {
      const now = nowIso();
      await q.clearDefault(tx, id, now);
      await q.updateFormRow(tx, id, { is_default: 1, updated_at: now });
      await recordEvent(tx, {
        actorId: actor.id,
        verb: "onboarding_form.default_chosen",
        objectType: "onboarding_form",
        objectId: id,
        payload: { name: row.name },
      });
    }
    return formDetail(tx, actor, id);
  });
}

/** Archives a form (no longer offered to share) or restores it; the default form cannot be archived. */
export async function archiveForm(ctx: AppContext, actor: Actor, id: string, archived: boolean): Promise<TFormDetail> {
  requireAdminActor(actor);
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadForm(tx, id);
    if (archived && Number(row.is_default) === 1) {
      throw conflict("This is the default form: make another form the default before archiving it.");
    }
    if ((Number(row.archived) === 1) !== archived) {
      await q.updateFormRow(tx, id, { archived: archived ? 1 : 0, updated_at: nowIso() });
      await recordEvent(tx, {
        actorId: actor.id,
        verb: "onboarding_form.archived",
        objectType: "onboarding_form",
        objectId: id,
        payload: { name: row.name, archived },
      });
    }
    return formDetail(tx, actor, id);
  });
}

/** One published version's definition (staff: what a submission of it shows). */
export async function getVersion(ctx: AppContext, id: string, version: number) {
  const row = await q.findVersion(ctx.db, id, version);
  if (!row) throw notFound("That form version");
  return { data: { version: Number(row.version), definition: definitionOf(row.definition) } };
}

// Submissions ------------------------------------------------------------------------------------

type SubmissionRow = q.SubmissionRow;

function presentSubmission(row: SubmissionRow): TSubmissionSummary {
  return {
    id: row.id,
    accountId: row.account_id,
    accountName: row.account_name,
    formId: row.form_id,
    formName: row.form_name,
    formVersion: Number(row.form_version),
    status: row.status,
    rounds: Number(row.round_count),
    sharedAt: row.shared_at,
    updatedAt: row.updated_at,
    submittedAt: row.submitted_at,
    approvedAt: row.approved_at,
  };
}

function presentRound(row: q.RoundRow): TRound {
  return {
    round: Number(row.round),
    submittedAt: row.submitted_at,
    submittedBy: row.submitted_by_name ?? "Deleted user",
    answers: parse<TAnswers>(row.answers, {}),
    decision: row.decision,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by ? (row.decided_by_name ?? "Deleted user") : null,
    comment: row.comment,
    fieldComments: parse<Record<string, string>>(row.field_comments, {}),
  };
}

async function loadVisible(db: Executor, actor: Actor, id: string): Promise<SubmissionRow> {
  const row = await q.findVisibleSubmission(db, actor, id);
  if (!row) throw notFound("Onboarding form");
  return row;
}

async function definitionOfSubmission(db: Executor, row: Pick<SubmissionRow, "form_version_id">): Promise<TFormDefinition> {
  const version = await q.findVersionById(db, row.form_version_id);
  return version ? definitionOf(version.definition) : EMPTY;
}

async function submissionFiles(db: Executor, id: string): Promise<TFile[]> {
  return (await filesFor(db, SUBMISSION_FILE_OWNER, [id])).get(id) ?? [];
}

async function submissionDetail(db: Executor, actor: Actor, id: string): Promise<TSubmissionDetail> {
  const row = await loadVisible(db, actor, id);
  const [definition, attached, rounds] = await Promise.all([definitionOfSubmission(db, row), submissionFiles(db, id), q.roundsOf(db, id)]);
  return {
    data: {
      submission: presentSubmission(row),
      definition,
      answers: parse<TAnswers>(row.answers, {}),
      revision: Number(row.revision),
      savedAt: row.saved_at,
      files: Object.fromEntries(attached.map((file) => [file.id, file])),
      rounds: rounds.map(presentRound),
    },
    policies: submissionPolicy(actor, row),
  };
}

/** Shares a form's latest published version with an account, in the caller's transaction; `actorId` null: the installation did. */
async function shareIn(tx: Executor, actorId: string | null, accountId: string, form: FormRow): Promise<string> {
  const version = await q.findVersion(tx, form.id, Number(form.published_version));
  if (!version) throw new AppError("form_not_published", "This form has no published version to share yet.");
  const id = newId();
  const now = nowIso();
  await q.insertSubmission(tx, {
    id,
    account_id: accountId,
    form_id: form.id,
    form_version_id: version.id,
    form_version: Number(version.version),
    status: "in_progress",
    answers: "{}",
    revision: 0,
    saved_at: now,
    round_count: 0,
    shared_at: now,
    shared_by: actorId,
    submitted_at: null,
    approved_at: null,
    updated_at: now,
  });
  await recordEvent(tx, {
    actorId,
    verb: "onboarding.shared",
    objectType: OBJECT_TYPE,
    objectId: id,
    accountId,
    payload: { submissionId: id, formId: form.id, formName: form.name, formVersion: Number(version.version) },
  });
  return id;
}

/**
 * The client's onboarding form: their account's newest submission. An account that has none gets
 * the default form's latest published version, shared on this first read.
 */
export async function currentSubmission(ctx: AppContext, actor: Actor): Promise<TSubmissionDetail> {
  if (actor.role !== "client") assertAllowed(refuse("client_only", "Only a client has an onboarding form of their own."));
  const accountId = actor.accountId;
  if (!accountId) throw notFound("Onboarding form");
  return ctx.db.transaction().execute(async (tx) => {
    let id = (await q.newestSubmissionOf(tx, accountId))?.id;
    if (!id) {
      // Why the lock: two tabs opening the dashboard at once must not get two copies of the form.
      await lockAccount(tx, accountId);
      id = (await q.newestSubmissionOf(tx, accountId))?.id;
    }
    if (!id) {
      const form = await q.findDefaultForm(tx);
      if (!form || form.published_version === null || Number(form.archived) === 1) {
        throw new AppError("not_found", "Your agency has not published an onboarding form yet.");
      }
      id = await shareIn(tx, null, accountId, form);
    }
    return submissionDetail(tx, actor, id);
  });
}

/** Staff who work the account share a form with it (its latest published version). */
export async function shareForm(ctx: AppContext, actor: Actor, accountId: string, formId: string): Promise<TSubmissionDetail> {
  if (actor.role === "client") assertAllowed(refuse("staff_only", "Only the agency's staff share onboarding forms."));
  return ctx.db.transaction().execute(async (tx) => {
    if (!(await canSeeAccount(tx, actor, accountId)) || !(await findAccountRow(tx, accountId))) throw notFound("Client account");
    const form = await q.findFormRow(tx, formId);
    if (!form) throw validation("formId", "That form was not found.");
    if (form.published_version === null) {
      throw new AppError("form_not_published", `“${form.name}” has not been published yet, so it cannot be shared.`, "formId");
    }
    if (Number(form.archived) === 1) throw conflict(`“${form.name}” is archived, so it cannot be shared.`, "formId");
    await lockAccount(tx, accountId);
    const open = await q.openSubmissionOf(tx, accountId, formId);
    if (open) {
      throw conflict(
        `This client already has “${form.name}” open (${SUBMISSION_STATUS_LABELS[open.status]}). Open that one instead of sharing it again.`,
        "formId",
      );
    }
    const id = await shareIn(tx, actor.id, accountId, form);
    return submissionDetail(tx, actor, id);
  });
}

export function getSubmission(ctx: AppContext, actor: Actor, id: string): Promise<TSubmissionDetail> {
  return submissionDetail(ctx.db, actor, id);
}

/** The client's own submissions; for staff, the submissions of the accounts they work (the review queue with status=submitted). */
export async function listSubmissions(
  ctx: AppContext,
  actor: Actor,
  query: { status?: TSubmissionStatus; account?: string; page?: number },
) {
  const { rows, total } = await q.listSubmissions(ctx.db, actor, { status: query.status, account: query.account, page: query.page ?? 1 });
  return { data: rows.map(presentSubmission), total, pageSize: q.SUBMISSION_PAGE_SIZE };
}

/**
 * An answer as its field's type wants it. The request schema coerces (ajv `coerceTypes`): against
 * ZAnswer's union a one-element array arrives as its string, `true` as "true", 45 as "45" and
 * null as "", so each type takes its own shape back here.
 */
function normalizeAnswer(field: TFormField, value: TAnswer): TAnswer {
  if (value === null) return null;
  if (typeof value !== "string") return value;
  switch (field.type) {
    case "number":
      return value.trim() === "" ? null : Number.isFinite(Number(value)) ? Number(value) : value;
    case "checkbox":
      return value === "" ? null : value === "true" ? true : value === "false" ? false : value;
    case "multiple_choice":
    case "file":
      return value === "" ? null : [value];
    default:
      return value;
  }
}

/** The answers as saved: every key a field of the form; file answers ids of files this submission may hold. */
async function cleanAnswers(tx: Executor, actor: Actor, row: SubmissionRow, definition: TFormDefinition, answers: TAnswers) {
  const byKey = new Map(fieldsWithSections(definition).map(({ field }) => [field.key, field]));
  const clean: TAnswers = {};
  const fileFields: [TFormField, string[]][] = [];
  for (const [key, value] of Object.entries(answers)) {
    const field = byKey.get(key);
    if (!field) throw validation(`answers.${key}`, `“${key}” is not a field of this form.`);
    const answer = normalizeAnswer(field, value ?? null);
    if (field.type === "file" && answer !== null) {
      const problem = answerProblem(field, answer, false);
      if (!Array.isArray(answer) || problem) {
        throw new AppError("validation_error", problem ?? `${field.label}: send the uploaded files' ids.`, `answers.${key}`, {
          fields: { [key]: problem ?? `${field.label}: send the uploaded files' ids.` },
        });
      }
      const ids = [...new Set(answer)];
      fileFields.push([field, ids]);
      clean[key] = ids;
    } else {
      clean[key] = answer;
    }
  }
  if (fileFields.length > 0) {
    const held = new Set((await submissionFiles(tx, row.id)).map((file) => file.id));
    for (const [field, ids] of fileFields) {
      const fresh = ids.filter((id) => !held.has(id));
      if (fresh.length === 0) continue;
      const sentence = `${field.label}: a file could not be attached — it is not your upload or is attached elsewhere. Upload it again.`;
      const refused = new AppError("validation_error", sentence, `answers.${field.key}`, { fields: { [field.key]: sentence } });
      const pending = await files.pendingUploadsOf(tx, actor.id, fresh);
      if (pending.length !== fresh.length) throw refused;
      const attached = await files.attachPendingUploads(tx, actor.id, fresh, {
        owner_type: SUBMISSION_FILE_OWNER,
        owner_id: row.id,
        account_id: row.account_id,
      });
      // A concurrent request attached one of them first: the whole save rolls back.
      if (attached !== fresh.length) throw refused;
      for (const id of fresh) held.add(id);
    }
  }
  return clean;
}

/** Saves the client's draft whatever it holds (Submit checks it), if nobody saved since `revision`. */
export async function saveAnswers(ctx: AppContext, actor: Actor, id: string, input: TSaveAnswersRequest) {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadVisible(tx, actor, id);
    assertAllowed(submissionDecisions(actor, row).edit);
    if (Number(row.revision) !== input.revision) throw draftConflict(Number(row.revision), row.saved_at, "Your onboarding form");
    const definition = await definitionOfSubmission(tx, row);
    const answers = await cleanAnswers(tx, actor, row, definition, input.answers);
    const now = nowIso();
    const saved = await q.saveAnswersIfRevision(tx, id, input.revision, {
      answers: JSON.stringify(answers),
      saved_at: now,
      updated_at: now,
    });
    if (!saved) {
      const fresh = await loadVisible(tx, actor, id);
      throw draftConflict(Number(fresh.revision), fresh.saved_at, "Your onboarding form");
    }
    return { data: { revision: input.revision + 1, savedAt: now } };
  });
}

/** Submits the saved answers for review: round N+1, with the shown fields' answers only. */
export async function submitSubmission(ctx: AppContext, actor: Actor, id: string, input: { revision: number }) {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadVisible(tx, actor, id);
    assertAllowed(submissionDecisions(actor, row).submit);
    if (Number(row.revision) !== input.revision) throw draftConflict(Number(row.revision), row.saved_at, "Your onboarding form");
    const definition = await definitionOfSubmission(tx, row);
    const answers = parse<TAnswers>(row.answers, {});
    const problems = submissionProblems(definition, answers);
    const keys = Object.keys(problems);
    if (keys.length > 0) {
      const first = keys[0] as string;
      const message =
        keys.length === 1
          ? `Please fix one answer before submitting: ${problems[first]}`
          : `Please fix ${keys.length} answers before submitting. ${problems[first]}`;
      throw new AppError("validation_error", message, first, { fields: problems });
    }
    const shown = visibleFieldKeys(definition, answers);
    const snapshot = Object.fromEntries(Object.entries(answers).filter(([key, value]) => shown.has(key) && value !== null));
    const round = Number(row.round_count) + 1;
    const now = nowIso();
    await q.insertRound(tx, {
      id: newId(),
      submission_id: id,
      round,
      answers: JSON.stringify(snapshot),
      submitted_at: now,
      submitted_by: actor.id,
      decision: null,
      decided_at: null,
      decided_by: null,
      comment: "",
      field_comments: "{}",
    });
    const saved = await q.saveAnswersIfRevision(tx, id, input.revision, {
      status: "submitted",
      round_count: round,
      submitted_at: now,
      updated_at: now,
    });
    if (!saved) throw draftConflict(Number(row.revision) + 1, now, "Your onboarding form");
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "onboarding.submitted",
      objectType: OBJECT_TYPE,
      objectId: id,
      accountId: row.account_id,
      payload: { submissionId: id, formName: row.form_name, round },
    });
    return submissionDetail(tx, actor, id);
  });
}

/** The agency's decision on the submitted round: approve it, or return it with comments on the fields to fix. */
export async function reviewSubmission(ctx: AppContext, actor: Actor, id: string, input: TReviewRequest) {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadVisible(tx, actor, id);
    assertAllowed(submissionDecisions(actor, row).review);
    const definition = await definitionOfSubmission(tx, row);
    const keys = new Set(fieldsWithSections(definition).map(({ field }) => field.key));
    const fieldComments: Record<string, string> = {};
    for (const [key, text] of Object.entries(input.fieldComments ?? {})) {
      if (!keys.has(key)) throw validation(`fieldComments.${key}`, `“${key}” is not a field of this form.`);
      if (text.trim()) fieldComments[key] = text.trim();
    }
    const comment = input.comment?.trim() ?? "";
    const returning = input.decision === "return";
    if (returning && Object.keys(fieldComments).length === 0 && !comment) {
      throw validation("fieldComments", "Say what to fix: comment on at least one field, or add a comment.");
    }
    const round = Number(row.round_count);
    const now = nowIso();
    await q.decideRound(tx, id, round, {
      decision: returning ? "returned" : "approved",
      decided_at: now,
      decided_by: actor.id,
      comment,
      field_comments: JSON.stringify(fieldComments),
    });
    await q.updateSubmissionRow(tx, id, {
      status: returning ? "returned" : "approved",
      approved_at: returning ? null : now,
      updated_at: now,
    });
    const base = { submissionId: id, formName: row.form_name, round };
    await (returning
      ? recordEvent(tx, {
          actorId: actor.id,
          verb: "onboarding.returned",
          objectType: OBJECT_TYPE,
          objectId: id,
          accountId: row.account_id,
          payload: { ...base, fields: Object.keys(fieldComments) },
        })
      : recordEvent(tx, {
          actorId: actor.id,
          verb: "onboarding.approved",
          objectType: OBJECT_TYPE,
          objectId: id,
          accountId: row.account_id,
          payload: base,
        }));
    return submissionDetail(tx, actor, id);
  });
}

const slug = (text: string) =>
  text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60) || "form";

/** Every round's answers and the current draft as CSV, and the file name to download it as. */
export async function exportSubmissionCsv(ctx: AppContext, actor: Actor, id: string): Promise<{ csv: string; fileName: string }> {
  const row = await loadVisible(ctx.db, actor, id);
  assertAllowed(submissionDecisions(actor, row).export);
  const [definition, attached, rounds] = await Promise.all([
    definitionOfSubmission(ctx.db, row),
    submissionFiles(ctx.db, id),
    q.roundsOf(ctx.db, id),
  ]);
  const csv = answersCsv(
    definition,
    rounds.map((r) => ({ round: Number(r.round), answers: parse<TAnswers>(r.answers, {}) })),
    parse<TAnswers>(row.answers, {}),
    Object.fromEntries(attached.map((file) => [file.id, file.name])),
  );
  return { csv, fileName: `onboarding-${slug(row.account_name)}-${slug(row.form_name)}.csv` };
}

// Next actions -----------------------------------------------------------------------------------

const NEXT_ACTIONS_LIMIT = 50;

/**
 * The module's part of the "next actions" list. Client side: forms to fill in, or to fix once
 * returned. Agency side: submitted forms waiting for review. Both in the actor's tenant scope
 * (a client: their own account; an agent: the accounts assigned; an admin: all).
 */
export async function onboardingNextActions(ctx: AppContext, actor: Actor, side: TNextActionSide): Promise<TNextAction[]> {
  const base = (row: SubmissionRow) => ({
    key: `onboarding:${row.id}`,
    kind: "onboarding",
    url: `/onboarding/submissions/${row.id}`,
    accountId: row.account_id,
    accountName: row.account_name,
  });
  if (side === "agency") {
    const rows = await q.agencyWaiting(ctx.db, actor, NEXT_ACTIONS_LIMIT);
    return rows.map((row) => ({
      ...base(row),
      title: "Review an onboarding submission",
      detail: `${row.form_name}${Number(row.round_count) > 1 ? ` · round ${row.round_count}` : ""}`,
      actionLabel: "Review the form",
      since: row.submitted_at ?? row.updated_at,
    }));
  }
  const rows = await q.clientWaiting(ctx.db, actor, NEXT_ACTIONS_LIMIT);
  const returned = rows.filter((row) => row.status === "returned");
  const definitions = new Map(
    (await q.versionDefinitions(ctx.db, [...new Set(returned.map((row) => row.form_version_id))])).map((v) => [
      v.id,
      definitionOf(v.definition),
    ]),
  );
  return rows.map((row) => {
    if (row.status !== "returned") {
      return {
        ...base(row),
        title: "Complete your onboarding form",
        detail: row.form_name,
        actionLabel: "Open the form",
        since: row.shared_at,
      };
    }
    const labels = new Map(fieldsWithSections(definitions.get(row.form_version_id) ?? EMPTY).map(({ field }) => [field.key, field.label]));
    const fields = Object.keys(parse<Record<string, string>>(row.field_comments ?? "{}", {})).map((key) => labels.get(key) ?? key);
    return {
      ...base(row),
      title: "Fix the marked fields in your onboarding form",
      detail: row.comment?.trim() || (fields.length > 0 ? `Fields to fix: ${fields.join(", ")}` : row.form_name),
      actionLabel: "Fix the form",
      since: row.decided_at ?? row.updated_at,
    };
  });
}

/** The file download rule: the submission's account scope, which the files module has already checked, and a submission that exists there. */
export async function maySeeSubmissionFile(db: Executor, file: { owner_id: string; account_id: string | null }): Promise<boolean> {
  const row = await q.findSubmissionRow(db, file.owner_id);
  return row !== undefined && row.account_id === file.account_id;
}

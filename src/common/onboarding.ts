/**
 * Onboarding ("Complete setup"): the admin-built form, the client's draft and submission, the
 * agent's review. The API contract shared by the server (modules/onboarding) and the web app
 * (features/onboarding), and the pure rules both apply: which fields are shown (show-if) and
 * what a submission must answer.
 *
 * A form has a working copy the admin edits (`draft`, with a `revision` that guards against two
 * tabs overwriting each other) and published versions, each frozen. A client gets a form's
 * latest published version as a *submission*; the submission keeps that version for good. The
 * client's answers are saved server-side as they type (`revision` again: a stale tab gets 409
 * `draft_conflict`). Each Submit starts a review *round*; the agent approves or returns it with
 * comments on fields; every round is kept.
 */
import { type Static, Type } from "typebox";
import { ZFile } from "./conversations";
import { boundedInteger, ZPage } from "./integers";
import { ZId } from "./schemas";

export const FIELD_TYPES = [
  "short_text",
  "long_text",
  "email",
  "phone",
  "number",
  "date",
  "single_choice",
  "multiple_choice",
  "checkbox",
  "url",
  "file",
] as const;
export type TFieldType = (typeof FIELD_TYPES)[number];

/** A union of string literals typed as their union (`Type.Union` over a mapped array infers `never`). */
const literalUnion = <const T extends readonly string[]>(values: T) =>
  Type.Unsafe<T[number]>(Type.Union(values.map((v) => Type.Literal(v))));

/** The builder's words for each type. */
export const FIELD_TYPE_LABELS: Record<TFieldType, string> = {
  short_text: "Short text",
  long_text: "Long text",
  email: "Email",
  phone: "Phone",
  number: "Number",
  date: "Date",
  single_choice: "Single choice",
  multiple_choice: "Multiple choice",
  checkbox: "Checkbox",
  url: "URL",
  file: "File upload",
};

/** Limits of one form (the bench's 60-field form fits with room). */
export const FORM_LIMITS = {
  sections: 30,
  fieldsPerSection: 60,
  fields: 200,
  options: 50,
  filesPerField: 10,
  label: 200,
  help: 1000,
  text: 20_000,
} as const;

/** A field's stable key (answers are stored by it): lower-case letters, digits and `_`. */
const ZKey = Type.String({ pattern: "^[a-z][a-z0-9_]{0,59}$", description: "letters, digits and _; starts with a letter" });

/** Shown only when another field's answer is `equals` (multiple choice: includes it; checkbox: "true"). */
export const ZShowIf = Type.Object({ field: ZKey, equals: Type.String({ maxLength: FORM_LIMITS.label }) });
export type TShowIf = Static<typeof ZShowIf>;

export const ZFormField = Type.Object({
  key: ZKey,
  label: Type.String({ minLength: 1, maxLength: FORM_LIMITS.label }),
  type: literalUnion(FIELD_TYPES),
  required: Type.Boolean(),
  help: Type.String({ maxLength: FORM_LIMITS.help }),
  /** The choices of a single or multiple choice field (empty for the other types). */
  options: Type.Array(Type.String({ minLength: 1, maxLength: FORM_LIMITS.label }), { maxItems: FORM_LIMITS.options }),
  showIf: Type.Union([ZShowIf, Type.Null()]),
});
export type TFormField = Static<typeof ZFormField>;

export const ZFormSection = Type.Object({
  key: ZKey,
  title: Type.String({ minLength: 1, maxLength: FORM_LIMITS.label }),
  description: Type.String({ maxLength: FORM_LIMITS.help }),
  fields: Type.Array(ZFormField, { maxItems: FORM_LIMITS.fieldsPerSection }),
});
export type TFormSection = Static<typeof ZFormSection>;

export const ZFormDefinition = Type.Object({ sections: Type.Array(ZFormSection, { maxItems: FORM_LIMITS.sections }) });
export type TFormDefinition = Static<typeof ZFormDefinition>;

/**
 * One answer: text types, date (YYYY-MM-DD), single choice → string; number → number;
 * checkbox → boolean; multiple choice → the chosen options; file → the uploaded files' ids.
 * null or absent: not answered.
 */
export const ZAnswer = Type.Union([
  Type.String({ maxLength: FORM_LIMITS.text }),
  Type.Number(),
  Type.Boolean(),
  Type.Array(Type.String({ maxLength: FORM_LIMITS.label }), { maxItems: FORM_LIMITS.options }),
  Type.Null(),
]);
export type TAnswer = Static<typeof ZAnswer>;
export const ZAnswers = Type.Record(ZKey, ZAnswer, { maxProperties: FORM_LIMITS.fields });
export type TAnswers = Static<typeof ZAnswers>;

// ---- Forms (admin) ----

export const ZFormSummary = Type.Object({
  id: ZId,
  name: Type.String(),
  description: Type.String(),
  /** The form new client accounts get when nobody chose one. */
  isDefault: Type.Boolean(),
  archived: Type.Boolean(),
  /** Latest published version, null when never published (such a form cannot be sent). */
  publishedVersion: Type.Union([Type.Integer(), Type.Null()]),
  /** The working copy differs from the latest published version. */
  unpublishedChanges: Type.Boolean(),
  fieldCount: Type.Integer(),
  /** Submissions of any version, by status. */
  submissions: Type.Object({ inProgress: Type.Integer(), submitted: Type.Integer(), approved: Type.Integer() }),
  updatedAt: Type.String(),
});
export type TFormSummary = Static<typeof ZFormSummary>;
export const ZFormList = Type.Object({ data: Type.Array(ZFormSummary) });

export const ZFormVersion = Type.Object({
  version: Type.Integer(),
  publishedAt: Type.String(),
  publishedBy: Type.Union([Type.String(), Type.Null()]),
  fieldCount: Type.Integer(),
});
export const ZFormDetail = Type.Object({
  data: Type.Object({
    form: ZFormSummary,
    /** The working copy the builder edits. */
    draft: ZFormDefinition,
    /** Send it back with the next save; a stale one is refused with 409 `draft_conflict`. */
    revision: Type.Integer(),
    versions: Type.Array(ZFormVersion),
  }),
  policies: Type.Object({ edit: Type.Boolean(), publish: Type.Boolean() }),
});
export type TFormDetail = Static<typeof ZFormDetail>;
/** One published version, as a submission of it shows it. */
export const ZFormVersionDetail = Type.Object({ data: Type.Object({ version: Type.Integer(), definition: ZFormDefinition }) });

export const ZCreateFormRequest = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  description: Type.Optional(Type.String({ maxLength: FORM_LIMITS.help })),
  /** Start from a copy of this form's working copy (e.g. the default form). */
  copyOf: Type.Optional(ZId),
});
export const ZSaveFormRequest = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  description: Type.String({ maxLength: FORM_LIMITS.help }),
  definition: ZFormDefinition,
  revision: boundedInteger({ minimum: 0 }),
});
export type TSaveFormRequest = Static<typeof ZSaveFormRequest>;
export const ZSaveFormResponse = Type.Object({ data: Type.Object({ revision: Type.Integer(), savedAt: Type.String() }) });

// ---- Submissions ----

export const SUBMISSION_STATUSES = ["in_progress", "submitted", "returned", "approved"] as const;
export type TSubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
/** The words on screen for each status. */
export const SUBMISSION_STATUS_LABELS: Record<TSubmissionStatus, string> = {
  in_progress: "In progress",
  submitted: "Submitted — waiting for review",
  returned: "Returned — please fix the marked fields",
  approved: "Approved",
};

/** One review round: what was submitted, and the agent's decision on it (null while waiting). */
export const ZRound = Type.Object({
  round: Type.Integer(),
  submittedAt: Type.String(),
  submittedBy: Type.String(),
  answers: ZAnswers,
  decision: Type.Union([Type.Literal("approved"), Type.Literal("returned"), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  /** The agent's overall comment. */
  comment: Type.String(),
  /** Comments on specific fields, by field key: the fields the client must fix. */
  fieldComments: Type.Record(Type.String(), Type.String()),
});
export type TRound = Static<typeof ZRound>;

export const ZSubmissionSummary = Type.Object({
  id: ZId,
  accountId: ZId,
  accountName: Type.String(),
  formId: ZId,
  formName: Type.String(),
  formVersion: Type.Integer(),
  status: literalUnion(SUBMISSION_STATUSES),
  /** Rounds submitted so far. */
  rounds: Type.Integer(),
  sharedAt: Type.String(),
  updatedAt: Type.String(),
  submittedAt: Type.Union([Type.String(), Type.Null()]),
  approvedAt: Type.Union([Type.String(), Type.Null()]),
});
export type TSubmissionSummary = Static<typeof ZSubmissionSummary>;
export const ZSubmissionList = Type.Object({ data: Type.Array(ZSubmissionSummary), total: Type.Integer(), pageSize: Type.Integer() });
export const ZSubmissionListQuery = Type.Object({
  status: Type.Optional(literalUnion(SUBMISSION_STATUSES)),
  /** Staff: one client account. A client always gets their own. */
  account: Type.Optional(ZId),
  page: Type.Optional(ZPage),
});

export const ZSubmissionDetail = Type.Object({
  data: Type.Object({
    submission: ZSubmissionSummary,
    /** The version this submission answers (frozen). */
    definition: ZFormDefinition,
    /** The current answers (the client's saved draft). */
    answers: ZAnswers,
    /** Send it back with the next save; a stale one is refused with 409 `draft_conflict`. */
    revision: Type.Integer(),
    savedAt: Type.String(),
    /** The files the answers name, by id. */
    files: Type.Record(Type.String(), ZFile),
    /** Every round, oldest first; the last one's fieldComments are what to fix when returned. */
    rounds: Type.Array(ZRound),
  }),
  policies: Type.Object({ edit: Type.Boolean(), submit: Type.Boolean(), review: Type.Boolean(), export: Type.Boolean() }),
});
export type TSubmissionDetail = Static<typeof ZSubmissionDetail>;

/** Share a form with a client account (its latest published version). */
export const ZShareFormRequest = Type.Object({ formId: ZId });
export const ZSaveAnswersRequest = Type.Object({ answers: ZAnswers, revision: boundedInteger({ minimum: 0 }) });
export type TSaveAnswersRequest = Static<typeof ZSaveAnswersRequest>;
export const ZSaveAnswersResponse = Type.Object({ data: Type.Object({ revision: Type.Integer(), savedAt: Type.String() }) });
export const ZSubmitRequest = Type.Object({ revision: boundedInteger({ minimum: 0 }) });
export const ZReviewRequest = Type.Object({
  decision: Type.Union([Type.Literal("approve"), Type.Literal("return")]),
  comment: Type.Optional(Type.String({ maxLength: 5000 })),
  fieldComments: Type.Optional(Type.Record(ZKey, Type.String({ minLength: 1, maxLength: 2000 }), { maxProperties: FORM_LIMITS.fields })),
});
export type TReviewRequest = Static<typeof ZReviewRequest>;

/** A 409 `draft_conflict` carries the newer saved state, so the tab can show it instead of overwriting it. */
export const ZDraftConflict = Type.Object({
  error: Type.Object({
    code: Type.Literal("draft_conflict"),
    message: Type.String(),
    revision: Type.Integer(),
    savedAt: Type.String(),
  }),
});

/**
 * A 400 from Submit names every field at fault: `{ error: { code: "validation_error", message,
 * field: <first key>, fields: { <key>: <sentence> } } }`.
 */
export type TFieldErrors = Record<string, string>;

// ---- The rules both sides apply ----

const fieldsOf = (definition: TFormDefinition): TFormField[] => definition.sections.flatMap((s) => s.fields);

function isAnswered(field: TFormField, value: TAnswer | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (field.type === "checkbox") return value === true;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "string") return value.trim() !== "";
  return true;
}

function matches(field: TFormField | undefined, value: TAnswer | undefined, equals: string): boolean {
  if (!field || value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.includes(equals);
  if (typeof value === "boolean") return String(value) === equals;
  return String(value) === equals;
}

/**
 * The keys of the fields shown for these answers: a field with `showIf` is shown when the field
 * it names is itself shown and answered `equals`. A hidden field is neither required nor kept
 * in the submitted answers.
 */
export function visibleFieldKeys(definition: TFormDefinition, answers: TAnswers): Set<string> {
  const byKey = new Map(fieldsOf(definition).map((f) => [f.key, f]));
  const shown = new Set<string>();
  const decide = (field: TFormField, depth: number): boolean => {
    if (!field.showIf) return true;
    if (depth > FORM_LIMITS.fields) return false; // a cycle: the builder refuses it, never loop
    const parent = byKey.get(field.showIf.field);
    return !!parent && decide(parent, depth + 1) && matches(parent, answers[parent.key], field.showIf.equals);
  };
  for (const field of byKey.values()) if (decide(field, 0)) shown.add(field.key);
  return shown;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PHONE = /^\+?[0-9 ().-]{5,30}$/;

/** What is wrong with one answer, in a sentence naming the field; undefined when fine. */
export function answerProblem(field: TFormField, value: TAnswer | undefined, required: boolean): string | undefined {
  if (!isAnswered(field, value)) return required ? `${field.label} is required.` : undefined;
  const text = typeof value === "string" ? value.trim() : "";
  switch (field.type) {
    case "short_text":
    case "long_text":
      return typeof value === "string" ? undefined : `${field.label} must be text.`;
    case "email":
      return EMAIL.test(text) ? undefined : `${field.label} must be an email address, like name@example.com.`;
    case "phone":
      return PHONE.test(text) ? undefined : `${field.label} must be a phone number (digits, spaces, + - ( ) only).`;
    case "url":
      return /^https?:\/\/\S+\.\S+/.test(text) ? undefined : `${field.label} must be a web address starting with https://.`;
    case "date":
      return DATE.test(text) && !Number.isNaN(Date.parse(text)) ? undefined : `${field.label} must be a date (YYYY-MM-DD).`;
    case "number":
      return typeof value === "number" && Number.isFinite(value) ? undefined : `${field.label} must be a number.`;
    case "checkbox":
      return typeof value === "boolean" ? undefined : `${field.label} must be ticked or not.`;
    case "single_choice":
      return typeof value === "string" && field.options.includes(value) ? undefined : `${field.label}: choose one of the options.`;
    case "multiple_choice":
      return Array.isArray(value) && value.every((v) => field.options.includes(v))
        ? undefined
        : `${field.label}: choose from the options given.`;
    case "file":
      return Array.isArray(value) && value.length <= FORM_LIMITS.filesPerField
        ? undefined
        : `${field.label}: at most ${FORM_LIMITS.filesPerField} files.`;
    default: {
      const never: never = field.type;
      return never;
    }
  }
}

/**
 * Every problem with answers as submitted (required and well-formed, shown fields only), by
 * field key; empty when the submission may go. Drafts are saved whatever they hold.
 */
export function submissionProblems(definition: TFormDefinition, answers: TAnswers): TFieldErrors {
  const shown = visibleFieldKeys(definition, answers);
  const problems: TFieldErrors = {};
  for (const field of fieldsOf(definition)) {
    if (!shown.has(field.key)) continue;
    const problem = answerProblem(field, answers[field.key], field.required);
    if (problem) problems[field.key] = problem;
  }
  return problems;
}

/** One answer as text (CSV export, the review page): choices joined, a checkbox Yes/No, files by name. */
export function answerText(field: TFormField, value: TAnswer | undefined, fileNames: Record<string, string> = {}): string {
  if (value === null || value === undefined) return "";
  if (field.type === "file" && Array.isArray(value)) return value.map((id) => fileNames[id] ?? id).join("; ");
  if (Array.isArray(value)) return value.join("; ");
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return String(value);
}

// ---- Definitions (the builder's rules; the server refuses a save that breaks them) ----

/** The option types: the fields whose `options` are their choices. */
export const CHOICE_TYPES: readonly TFieldType[] = ["single_choice", "multiple_choice"];
export const isChoiceType = (type: TFieldType) => CHOICE_TYPES.includes(type);

/** One thing wrong with a definition: where (`definition.sections.0.fields.2.showIf`) and a sentence naming the section/field. */
export interface TDefinitionProblem {
  path: string;
  message: string;
}

/**
 * Every problem with a form definition, in form order; empty when it may be saved: keys unique
 * (sections among sections, fields across the whole form), a choice field has options (no
 * repeats), other types none, show-if names a field above it in the form (never itself or a
 * later one) with a value that field can have, and the form within FORM_LIMITS.
 */
export function definitionProblems(definition: TFormDefinition): TDefinitionProblem[] {
  const problems: TDefinitionProblem[] = [];
  const sectionKeys = new Set<string>();
  const earlier = new Map<string, TFormField>();
  const allKeys = new Set(fieldsOf(definition).map((f) => f.key));
  let count = 0;
  definition.sections.forEach((section, s) => {
    const at = `definition.sections.${s}`;
    const sectionName = `Section “${section.title}”`;
    if (sectionKeys.has(section.key)) {
      problems.push({ path: `${at}.key`, message: `${sectionName}: another section already uses the key “${section.key}”.` });
    }
    sectionKeys.add(section.key);
    section.fields.forEach((field, f) => {
      count += 1;
      const path = `${at}.fields.${f}`;
      const name = `${sectionName}, field “${field.label}”`;
      if (earlier.has(field.key)) {
        problems.push({ path: `${path}.key`, message: `${name}: another field already uses the key “${field.key}”.` });
      }
      if (isChoiceType(field.type)) {
        if (field.options.length === 0)
          problems.push({ path: `${path}.options`, message: `${name}: add at least one option to choose from.` });
        else if (new Set(field.options).size !== field.options.length) {
          problems.push({ path: `${path}.options`, message: `${name}: each option must be different.` });
        }
      } else if (field.options.length > 0) {
        problems.push({ path: `${path}.options`, message: `${name}: only single and multiple choice fields have options.` });
      }
      if (field.showIf) {
        const parent = earlier.get(field.showIf.field);
        if (field.showIf.field === field.key) {
          problems.push({ path: `${path}.showIf`, message: `${name}: a field cannot be shown depending on itself.` });
        } else if (!parent) {
          const why = allKeys.has(field.showIf.field) ? "comes later in the form" : "does not exist";
          problems.push({
            path: `${path}.showIf`,
            message: `${name}: “show if” must name a field above it; “${field.showIf.field}” ${why}.`,
          });
        } else {
          const possible = parent.type === "checkbox" ? ["true", "false"] : isChoiceType(parent.type) ? parent.options : undefined;
          if (parent.type === "file") {
            problems.push({ path: `${path}.showIf`, message: `${name}: “show if” cannot depend on a file upload (“${parent.label}”).` });
          } else if (possible && !possible.includes(field.showIf.equals)) {
            problems.push({
              path: `${path}.showIf`,
              message: `${name}: “${parent.label}” can never be “${field.showIf.equals}”; choose one of: ${possible.join(", ")}.`,
            });
          }
        }
      }
      if (!earlier.has(field.key)) earlier.set(field.key, field);
    });
  });
  if (count > FORM_LIMITS.fields) {
    problems.push({ path: "definition.sections", message: `A form can have at most ${FORM_LIMITS.fields} fields; this one has ${count}.` });
  }
  return problems;
}

/** How many fields a definition has. */
export const fieldCountOf = (definition: TFormDefinition): number => fieldsOf(definition).length;

/** Every field of a definition, in form order, with its section. */
export function fieldsWithSections(definition: TFormDefinition): { section: TFormSection; field: TFormField }[] {
  return definition.sections.flatMap((section) => section.fields.map((field) => ({ section, field })));
}

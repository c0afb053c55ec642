/** The onboarding module's tables (migration 20261205T1100-onboarding). */

/** An admin-built form: its working copy (what the builder edits) and whether it is the default. */
export interface OnboardingFormsTable {
  id: string;
  name: string;
  description: string;
  /** The working copy: TFormDefinition as JSON text. */
  definition: string;
  /** Goes up with every save of the working copy: a save naming an older one is refused (409). */
  revision: number;
  /** The latest published version, null when never published. */
  published_version: number | null;
  /** 1 when the working copy differs from the latest published version. */
  unpublished_changes: number;
  /** 1 on exactly one form: the one a client gets when nobody chose. */
  is_default: number;
  archived: number;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/** A published version of a form, frozen. */
export interface OnboardingFormVersionsTable {
  id: string;
  form_id: string;
  version: number;
  /** TFormDefinition as JSON text, never changed once written. */
  definition: string;
  field_count: number;
  published_at: string;
  /** null: published by the installation (the default form). */
  published_by: string | null;
}

export type OnboardingStatus = "in_progress" | "submitted" | "returned" | "approved";

/** One form version shared with one client account: the client's saved answers and where the review stands. */
export interface OnboardingSubmissionsTable {
  id: string;
  account_id: string;
  form_id: string;
  form_version_id: string;
  form_version: number;
  status: OnboardingStatus;
  /** The current answers (the draft), TAnswers as JSON text. */
  answers: string;
  /** Goes up with every save and submit: a save naming an older one is refused (409). */
  revision: number;
  saved_at: string;
  /** Rounds submitted so far. */
  round_count: number;
  shared_at: string;
  /** null: shared by the installation (the default form, on the client's first visit). */
  shared_by: string | null;
  submitted_at: string | null;
  approved_at: string | null;
  updated_at: string;
}

/** One Submit and the agency's decision on it. */
export interface OnboardingRoundsTable {
  id: string;
  submission_id: string;
  round: number;
  /** The answers as submitted (shown fields only), TAnswers as JSON text. */
  answers: string;
  submitted_at: string;
  submitted_by: string;
  decision: "approved" | "returned" | null;
  decided_at: string | null;
  decided_by: string | null;
  comment: string;
  /** Record<field key, comment> as JSON text. */
  field_comments: string;
}

export interface OnboardingTables {
  onboarding_forms: OnboardingFormsTable;
  onboarding_form_versions: OnboardingFormVersionsTable;
  onboarding_submissions: OnboardingSubmissionsTable;
  onboarding_rounds: OnboardingRoundsTable;
}

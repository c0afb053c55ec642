/** Onboarding: admin-built forms with versions, clients' drafts and submissions, the agent's review. */
import type { EventCatalogue } from "./catalogue";

/** What every event about a submission (object type "onboarding_submission") carries. */
interface SubmissionBase {
  submissionId: string;
  formName: string;
}

export interface OnboardingEventPayloads {
  /** A form's latest published version was shared with a client account (by staff, or the default on the client's first visit). */
  "onboarding.shared": SubmissionBase & { formId: string; formVersion: number };
  /** The client submitted round `round`: it waits for the agency's review. */
  "onboarding.submitted": SubmissionBase & { round: number };
  /** The agency returned round `round`; `fields` are the keys of the fields the client must fix. */
  "onboarding.returned": SubmissionBase & { round: number; fields: string[] };
  /** The agency approved round `round` (the journey's "Complete onboarding" step completes from it). */
  "onboarding.approved": SubmissionBase & { round: number };
  /** The form builder (object type "onboarding_form"): the agency's own bookkeeping. */
  "onboarding_form.created": { name: string; copyOf: string | null };
  "onboarding_form.published": { name: string; version: number };
  "onboarding_form.default_chosen": { name: string };
  "onboarding_form.archived": { name: string; archived: boolean };
}

export const ONBOARDING_EVENTS: EventCatalogue<OnboardingEventPayloads> = {
  "onboarding.shared": { label: "Onboarding form shared", audience: "client", notify: "onboarding.review", category: "work" },
  "onboarding.submitted": { label: "Onboarding form submitted", audience: "client", notify: "onboarding.review", category: "work" },
  "onboarding.returned": {
    label: "Onboarding form returned for changes",
    audience: "client",
    notify: "onboarding.review",
    category: "work",
  },
  "onboarding.approved": { label: "Onboarding form approved", audience: "client", notify: "onboarding.review", category: "work" },
  "onboarding_form.created": { label: "Onboarding form created", audience: "staff", category: "audit" },
  "onboarding_form.published": { label: "Onboarding form published", audience: "staff", category: "audit" },
  "onboarding_form.default_chosen": { label: "Default onboarding form chosen", audience: "staff", category: "audit" },
  "onboarding_form.archived": { label: "Onboarding form archived or restored", audience: "staff", category: "audit" },
};

import { allow, allowedOf, refuse } from "../../../common/decisions";
import type { TSubmissionStatus } from "../../../common/onboarding";
import type { Actor } from "../../platform/auth/sessions";

/**
 * Who may do what to a submission they can already see (seeing is the tenant scope's job: a
 * submission outside it is a 404 before any of this is asked):
 *   - the client of the account fills it in and submits it while it is in progress or returned;
 *   - the account's staff (admins, assigned agents) review it once it is submitted;
 *   - everyone who sees it may export its answers.
 */
export function submissionDecisions(actor: Actor, submission: { status: TSubmissionStatus }) {
  const client = actor.role === "client";
  const editable = submission.status === "in_progress" || submission.status === "returned";
  const fill = !client
    ? refuse("client_only", "Only the client fills in their onboarding form.")
    : editable
      ? allow
      : refuse(
          "onboarding_not_editable",
          submission.status === "approved"
            ? "This onboarding form is approved; it can no longer be changed."
            : "This onboarding form is waiting for review; it can be changed again if the agency returns it.",
        );
  return {
    edit: fill,
    submit: fill,
    review: client
      ? refuse("staff_only", "Only the agency's staff review onboarding forms.")
      : submission.status === "submitted"
        ? allow
        : refuse("onboarding_not_submitted", "Only a submitted onboarding form can be approved or returned."),
    export: allow,
  };
}

export const submissionPolicy = (actor: Actor, submission: { status: TSubmissionStatus }) =>
  allowedOf(submissionDecisions(actor, submission));

/** Forms are the admins' to build; agents only choose a published one to share. */
export const formPolicy = (actor: Actor) => ({ edit: actor.role === "admin", publish: actor.role === "admin" });

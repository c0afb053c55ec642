import { allow, allowedOf, refuse, type TDecision } from "../../../common/decisions";
import type { Actor } from "../../platform/auth/sessions";
import type { UpdatesTable, UpdateVersionsTable } from "../../platform/db/tables/updates";

/**
 * Who may do what to an update they can already see (seeing is the tenant scope's job: an update
 * outside it is a 404 before any of this is asked; for staff, seeing the account is handling it —
 * an admin, or an agent assigned to it):
 *   - staff post updates and drafts, and the next version of a draft;
 *   - a contact of the account decides on a draft's latest version, once: Approve or Request edits.
 */
export function updateDecisions(
  actor: Actor,
  update: Pick<UpdatesTable, "kind" | "latest_version">,
  version?: Pick<UpdateVersionsTable, "version" | "decision">,
): { decide: TDecision; postVersion: TDecision } {
  const staff = actor.role !== "client";
  const draft = update.kind === "draft";
  const target = version ?? { version: update.latest_version, decision: null };
  let decide: TDecision = allow;
  if (staff) decide = refuse("client_only", "Only the client decides on a draft.");
  else if (!draft) decide = refuse("not_a_draft", "This is a work update, not a draft: there is nothing to approve.");
  else if (target.decision) decide = refuse("version_decided", `Version ${target.version} has already been decided on.`);
  else if (target.version !== update.latest_version)
    decide = refuse(
      "not_latest_version",
      `Version ${target.version} has been replaced by version ${update.latest_version}. Decide on the latest one.`,
    );
  const postVersion = !staff
    ? refuse("staff_only", "Only the agency's staff post a new version of a draft.")
    : !draft
      ? refuse("not_a_draft", "Only a draft has versions. Post a new update instead.")
      : allow;
  return { decide, postVersion };
}

export const updatePolicy = (...args: Parameters<typeof updateDecisions>) => allowedOf(updateDecisions(...args));

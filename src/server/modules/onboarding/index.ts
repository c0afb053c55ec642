import { ONBOARDING_EVENTS } from "../../../common/events/onboarding";
import type { ModuleDescriptor } from "../module";
import { onboardingTopic } from "./notification-topic";
import { moveAccountSubmissions } from "./queries";
import { onboardingRoutes } from "./routes";
import { maySeeSubmissionFile, onboardingNextActions, SUBMISSION_FILE_OWNER } from "./service";

/** Onboarding: admin-built forms with versions, clients' drafts and submissions, the agent's review. */
export const onboardingModule: ModuleDescriptor = {
  name: "onboarding",
  routes: onboardingRoutes,
  events: ONBOARDING_EVENTS,
  notifications: [onboardingTopic],
  // The account scope (the account's client, its assigned staff, admins) is checked first by the files module.
  fileOwners: { [SUBMISSION_FILE_OWNER]: (db, _actor, file) => maySeeSubmissionFile(db, file) },
  accountMerge: moveAccountSubmissions,
  nextActions: onboardingNextActions,
};

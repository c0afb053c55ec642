import { UPDATE_EVENTS } from "../../../common/events/updates";
import type { ModuleDescriptor } from "../module";
import { updateTopic } from "./notification-topic";
import { moveAccountUpdates, VERSION_FILE_OWNER } from "./queries";
import { updateRoutes } from "./routes";
import { updatesNextActions } from "./service";

/** Agent updates, notes and drafts for review on a client's feed, and the deliverables they mark. */
export const updatesModule: ModuleDescriptor = {
  name: "updates",
  routes: updateRoutes,
  events: UPDATE_EVENTS,
  notifications: [updateTopic],
  accountMerge: moveAccountUpdates,
  fileOwners: {
    // An update version's files (and so its deliverables) are for whoever sees the account: its
    // contacts and the staff who handle it (the account scope, checked before this rule). The
    // files of staff notes on a client are comments' files: the conversations' rule keeps them from clients.
    [VERSION_FILE_OWNER]: async () => true,
  },
  nextActions: updatesNextActions,
};

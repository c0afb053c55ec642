import { ACCOUNT_EVENTS } from "../../../common/events/accounts";
import type { ModuleDescriptor } from "../module";
import { moveAccountContacts } from "./queries";
import { accountRoutes } from "./routes";

/** Register, activate, log in, sessions, password reset, invitations, the first admin, user management. */
export const accountsModule: ModuleDescriptor = {
  name: "accounts",
  routes: accountRoutes,
  events: ACCOUNT_EVENTS,
  accountMerge: moveAccountContacts,
};

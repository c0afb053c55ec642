import { ASK_EVENTS } from "../../../common/events/asks";
import type { ModuleDescriptor } from "../module";
import { askTopic } from "./notification-topic";
import { moveAccountAsks } from "./queries";
import { askRoutes } from "./routes";
import { askJobs, askNextActions } from "./service";

/** Time-boxed asks: a one-time code, a confirmation, a short answer or a file, by a deadline. */
export const asksModule: ModuleDescriptor = {
  name: "asks",
  routes: askRoutes,
  jobs: askJobs,
  events: ASK_EVENTS,
  notifications: [askTopic],
  accountMerge: moveAccountAsks,
  nextActions: askNextActions,
};

import { NOTICE_EVENTS } from "../../../common/events/notices";
import type { ModuleDescriptor } from "../module";
import { noticeTopic } from "./notification-topic";
import { moveAccountNotices } from "./queries";
import { noticeRoutes } from "./routes";
import { noticeNextActions } from "./service";

/** Notices from the agency to all clients or chosen accounts, dismissed and read per person. */
export const noticesModule: ModuleDescriptor = {
  name: "notices",
  routes: noticeRoutes,
  events: NOTICE_EVENTS,
  notifications: [noticeTopic],
  accountMerge: moveAccountNotices,
  nextActions: noticeNextActions,
};

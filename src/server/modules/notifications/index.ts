import type { ModuleDescriptor } from "../module";
import { moveAccountNotifications } from "./queries";
import { notificationRoutes } from "./routes";

/** In-app notifications and email preferences (the topics come from the modules that own the objects). */
export const notificationsModule: ModuleDescriptor = {
  name: "notifications",
  routes: notificationRoutes,
  accountMerge: moveAccountNotifications,
};

import type { ModuleDescriptor } from "../module";
import { dashboardRoutes } from "./routes";

/** The dashboard: a client's account and activity, or a staff member's overview. */
export const dashboardModule: ModuleDescriptor = { name: "dashboard", routes: dashboardRoutes };

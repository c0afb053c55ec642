import type { ModuleDescriptor } from "../module";
import { adminRoutes } from "./routes";

/** Settings, the built-in mailbox and the audit log. */
export const adminModule: ModuleDescriptor = { name: "admin", routes: adminRoutes };

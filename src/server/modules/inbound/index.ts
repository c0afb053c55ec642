import type { ModuleDescriptor } from "../module";
import { inboundRoutes } from "./routes";

/** Reply by email: the HTTP endpoint and the admin's log (the SMTP listener is started by main.ts). */
export const inboundModule: ModuleDescriptor = { name: "inbound", routes: inboundRoutes };

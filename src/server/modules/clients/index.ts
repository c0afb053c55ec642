import type { ModuleDescriptor } from "../module";
import { clientRoutes } from "./routes";

/** Client accounts, their contacts and assigned agents (events: src/common/events/accounts.ts). */
export const clientsModule: ModuleDescriptor = { name: "clients", routes: clientRoutes };

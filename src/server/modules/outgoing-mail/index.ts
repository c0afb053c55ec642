import { OUTGOING_MAIL_EVENTS } from "../../../common/outgoing-mail";
import type { ModuleDescriptor } from "../module";
import { outgoingMailRoutes } from "./routes";

/** Admin → Outgoing mail: what the mail jobs are doing, and the admin's Retry (its events are the audit trail). */
export const outgoingMailModule: ModuleDescriptor = { name: "outgoing-mail", routes: outgoingMailRoutes, events: OUTGOING_MAIL_EVENTS };

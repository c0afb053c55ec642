import { accountsModule } from "./accounts";
import { adminModule } from "./admin";
import { boardModule } from "./board";
import { clientsModule } from "./clients";
import { conversationsModule } from "./conversations";
import { dashboardModule } from "./dashboard";
import { filesModule } from "./files";
import { inboundModule } from "./inbound";
import type { ModuleDescriptor } from "./module";
import { notificationsModule } from "./notifications";
import { outgoingMailModule } from "./outgoing-mail";
import { ticketsModule } from "./tickets";

/** Every module of the app, in registration order. A new module is a folder and one line here. */
export const MODULES: readonly ModuleDescriptor[] = [
  accountsModule,
  dashboardModule,
  clientsModule,
  adminModule,
  notificationsModule,
  filesModule,
  conversationsModule,
  inboundModule,
  outgoingMailModule,
  ticketsModule,
  boardModule,
];

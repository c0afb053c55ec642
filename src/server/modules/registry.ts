import { accountsModule } from "./accounts";
import { adminModule } from "./admin";
import { asksModule } from "./asks";
import { billingModule } from "./billing";
import { boardModule } from "./board";
import { clientsModule } from "./clients";
import { conversationsModule } from "./conversations";
import { dashboardModule } from "./dashboard";
import { filesModule } from "./files";
import { helpModule } from "./help";
import { inboundModule } from "./inbound";
import { journeyModule } from "./journey";
import type { ModuleDescriptor } from "./module";
import { noticesModule } from "./notices";
import { notificationsModule } from "./notifications";
import { onboardingModule } from "./onboarding";
import { outgoingMailModule } from "./outgoing-mail";
import { pushModule } from "./push";
import { ticketsModule } from "./tickets";
import { updatesModule } from "./updates";

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
  journeyModule,
  onboardingModule,
  updatesModule,
  noticesModule,
  asksModule,
  billingModule,
  pushModule,
  helpModule,
];

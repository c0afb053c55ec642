import { BILLING_EVENTS } from "../../../common/events/billing";
import type { ModuleDescriptor } from "../module";
import { invoiceTopic } from "./notification-topic";
import { moveAccountInvoices } from "./queries";
import { billingJobs } from "./reminders";
import { billingRoutes } from "./routes";
import { billingNextActions } from "./service";

/** Billing: invoices from accepted quotes or by hand, credit notes, payments and refunds, PDFs, Stripe Checkout, reminders. */
export const billingModule: ModuleDescriptor = {
  name: "billing",
  routes: billingRoutes,
  events: BILLING_EVENTS,
  notifications: [invoiceTopic],
  accountMerge: moveAccountInvoices,
  nextActions: billingNextActions,
  jobs: billingJobs,
};

import type { TBranding, TSettings } from "./schemas";

/** The settings until an admin changes them: the server falls back to them, the web app shows them until the branding loads. */
export const DEFAULT_SETTINGS: TSettings = {
  agencyName: "Portico",
  requireApproval: false,
  registrationPlacement: "agency",
  archiveCompletedAfterDays: 30,
  defaultCurrency: "USD",
  accentColor: "#4263eb",
  logoFileId: null,
  senderName: "",
  supportEmail: "",
  supportPhone: "",
  supportHours: "",
  poweredBy: true,
  supportAddress: "",
  acknowledgeNewTickets: true,
  ticketPrefix: "SUP",
  taskPrefix: "WEB",
  invoicePrefix: "INV-",
  creditNotePrefix: "CN-",
  paymentTermsDays: 14,
  agencyTaxId: "",
  defaultTaxRateBasisPoints: 0,
  reminderDaysBefore: [3],
  reminderDaysAfter: [1, 7, 14],
};

/** The agency's public face, from its settings: what the log-in page, the navigation, emails and the Help page show. */
export function brandingOf(settings: TSettings): TBranding {
  return {
    agencyName: settings.agencyName,
    accentColor: settings.accentColor,
    logoUrl: settings.logoFileId ? `/api/branding/logo/${encodeURIComponent(settings.logoFileId)}` : null,
    support: { email: settings.supportEmail, phone: settings.supportPhone, hours: settings.supportHours },
    poweredBy: settings.poweredBy,
    ticketPrefix: settings.ticketPrefix,
    taskPrefix: settings.taskPrefix,
  };
}

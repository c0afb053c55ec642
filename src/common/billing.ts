/**
 * Billing (seed 000: "Whenever a payment is due … use the website features provided for payment
 * handling"): invoices for a client account, credit notes against them, payments and refunds the
 * agency records. Request and response schemas shared by server and web.
 *
 * Money is integer minor units with an ISO 4217 currency; quantities travel as numbers with at
 * most 2 decimals (hundredths on the server, as quote lines); a line's tax rate is in basis points
 * (1000 = 10.00 %). The totals are always the server's (see invoice-math.ts for the rounding rule).
 */
import { type Static, Type } from "typebox";
import { ZPersonRef } from "./conversations";
import { boundedInteger, ZPage } from "./integers";
import { ZId, ZSettings } from "./schemas";

/** The largest unit price, discount, payment or invoice total, in minor units (a billion dollars). */
export const MAX_INVOICE_MINOR = 100_000_000_000;
export const MAX_INVOICE_LINES = 100;
/** The largest quantity on a line; at most 2 decimals. */
export const MAX_INVOICE_QUANTITY = 1_000_000;
/** 100.00 %. */
export const MAX_TAX_RATE_BASIS_POINTS = 10_000;
export const MAX_LINE_DESCRIPTION = 200;
export const MAX_INVOICE_NOTES = 5_000;
export const MAX_VOID_REASON = 500;
export const MAX_PAYMENT_REFERENCE = 120;
export const INVOICE_PAGE_SIZE = 25;
/** The longest payment terms and the furthest a reminder day may be from the due date. */
export const MAX_PAYMENT_TERMS_DAYS = 365;
export const MAX_REMINDER_DAYS = 365;

export const INVOICE_KINDS = ["invoice", "credit_note"] as const;
export type TInvoiceKind = (typeof INVOICE_KINDS)[number];
export const ZInvoiceKind = Type.Union([Type.Literal("invoice"), Type.Literal("credit_note")]);
export const INVOICE_KIND_LABELS: Record<TInvoiceKind, string> = { invoice: "Invoice", credit_note: "Credit note" };

/**
 * The stored statuses: draft → sent → partially_paid → paid, or void. A credit note is issued at
 * once (`sent`). Overdue is not stored: see `displayStatus`.
 */
export const INVOICE_STATUSES = ["draft", "sent", "partially_paid", "paid", "void"] as const;
export type TInvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const ZInvoiceStatus = Type.Union([
  Type.Literal("draft"),
  Type.Literal("sent"),
  Type.Literal("partially_paid"),
  Type.Literal("paid"),
  Type.Literal("void"),
]);

/** What a person reads: the stored status, or `overdue` for a sent or partially paid invoice past its due date (UTC). */
export const INVOICE_DISPLAY_STATUSES = ["draft", "sent", "partially_paid", "overdue", "paid", "void"] as const;
export type TInvoiceDisplayStatus = (typeof INVOICE_DISPLAY_STATUSES)[number];
export const ZInvoiceDisplayStatus = Type.Union([
  Type.Literal("draft"),
  Type.Literal("sent"),
  Type.Literal("partially_paid"),
  Type.Literal("overdue"),
  Type.Literal("paid"),
  Type.Literal("void"),
]);
export const INVOICE_STATUS_LABELS: Record<TInvoiceDisplayStatus, string> = {
  draft: "Draft",
  sent: "Due",
  partially_paid: "Partially paid",
  overdue: "Overdue",
  paid: "Paid",
  void: "Void",
};
/** A credit note's one status as people read it. */
export const CREDIT_NOTE_STATUS_LABEL = "Issued";

/** Today's date in UTC, "YYYY-MM-DD": the day an invoice's due date is compared with. */
export const utcToday = (now: Date = new Date()): string => now.toISOString().slice(0, 10);

/** Sent or partially paid, and the due date is before today (UTC). */
export function isOverdue(invoice: { status: TInvoiceStatus; dueDate: string | null }, today: string = utcToday()): boolean {
  return (invoice.status === "sent" || invoice.status === "partially_paid") && invoice.dueDate !== null && invoice.dueDate < today;
}

export function displayStatusOf(
  invoice: { status: TInvoiceStatus; dueDate: string | null },
  today: string = utcToday(),
): TInvoiceDisplayStatus {
  return isOverdue(invoice, today) ? "overdue" : invoice.status;
}

/** How money reached the agency. `stripe` is the online path (Pay now), never recorded by hand. */
export const PAYMENT_METHODS = ["bank_transfer", "card_in_person", "cash", "stripe"] as const;
export type TPaymentMethod = (typeof PAYMENT_METHODS)[number];
export const ZPaymentMethod = Type.Union([
  Type.Literal("bank_transfer"),
  Type.Literal("card_in_person"),
  Type.Literal("cash"),
  Type.Literal("stripe"),
]);
/** The methods an admin may record by hand. */
export const MANUAL_PAYMENT_METHODS = ["bank_transfer", "card_in_person", "cash"] as const;
export type TManualPaymentMethod = (typeof MANUAL_PAYMENT_METHODS)[number];
export const ZManualPaymentMethod = Type.Union([Type.Literal("bank_transfer"), Type.Literal("card_in_person"), Type.Literal("cash")]);
export const PAYMENT_METHOD_LABELS: Record<TPaymentMethod, string> = {
  bank_transfer: "Bank transfer",
  card_in_person: "Card in person",
  cash: "Cash",
  stripe: "Card online (Stripe)",
};

export const PAYMENT_KINDS = ["payment", "refund"] as const;
export type TPaymentKind = (typeof PAYMENT_KINDS)[number];
export const ZPaymentKind = Type.Union([Type.Literal("payment"), Type.Literal("refund")]);
export const PAYMENT_KIND_LABELS: Record<TPaymentKind, string> = { payment: "Payment", refund: "Refund" };

/** A calendar date, "YYYY-MM-DD" (issue, due, received dates; compared in UTC). */
export const ZDate = Type.String({ format: "date", maxLength: 10, description: "A date, YYYY-MM-DD" });
const ZMinor = (description: string, minimum = 0) =>
  boundedInteger({ minimum, maximum: MAX_INVOICE_MINOR, beyond32Bit: true, description });
const ZCurrency = Type.String({ pattern: "^[A-Z]{3}$", description: "ISO 4217 code, e.g. AUD" });
export const ZTaxRate = boundedInteger({
  minimum: 0,
  maximum: MAX_TAX_RATE_BASIS_POINTS,
  description: "Tax rate in basis points: 1000 = 10.00 %",
});

/** A line as the agency writes it; its amounts are the server's. */
export const ZInvoiceLineInput = Type.Object({
  description: Type.String({ minLength: 1, maxLength: MAX_LINE_DESCRIPTION, description: "What this line is for" }),
  quantity: Type.Number({
    exclusiveMinimum: 0,
    maximum: MAX_INVOICE_QUANTITY,
    description: "More than 0, at most 2 decimals (e.g. 1.5 hours)",
  }),
  unitPriceMinor: ZMinor("Unit price in minor units (cents)"),
  /** Absent: 0 (no tax). */
  taxRateBasisPoints: Type.Optional(ZTaxRate),
});
export type TInvoiceLineInput = Static<typeof ZInvoiceLineInput>;

/** A draft invoice for a client account. Dates absent: the issue date is the day it is sent, the due date that plus the payment terms. */
export const ZCreateInvoiceRequest = Type.Object({
  accountId: ZId,
  /** Absent: the agency's default currency (Settings). */
  currency: Type.Optional(ZCurrency),
  lines: Type.Array(ZInvoiceLineInput, { minItems: 1, maxItems: MAX_INVOICE_LINES }),
  /** Before tax, shared among the lines in proportion to their amounts. At most the subtotal. */
  discountMinor: Type.Optional(ZMinor("Discount before tax, in minor units")),
  issueDate: Type.Optional(Type.Union([ZDate, Type.Null()])),
  dueDate: Type.Optional(Type.Union([ZDate, Type.Null()])),
  notes: Type.Optional(Type.String({ maxLength: MAX_INVOICE_NOTES, description: "Shown on the invoice (Markdown)" })),
});
export type TCreateInvoiceRequest = Static<typeof ZCreateInvoiceRequest>;

/** A change to a draft (only a draft: a sent invoice is voided and reissued, or credited). Absent fields stay. */
export const ZUpdateInvoiceRequest = Type.Object(
  {
    currency: Type.Optional(ZCurrency),
    lines: Type.Optional(Type.Array(ZInvoiceLineInput, { minItems: 1, maxItems: MAX_INVOICE_LINES })),
    discountMinor: Type.Optional(ZMinor("Discount before tax, in minor units")),
    issueDate: Type.Optional(Type.Union([ZDate, Type.Null()])),
    dueDate: Type.Optional(Type.Union([ZDate, Type.Null()])),
    notes: Type.Optional(Type.String({ maxLength: MAX_INVOICE_NOTES })),
  },
  { minProperties: 1 },
);
export type TUpdateInvoiceRequest = Static<typeof ZUpdateInvoiceRequest>;

export const ZVoidInvoiceRequest = Type.Object({
  reason: Type.String({ minLength: 1, maxLength: MAX_VOID_REASON, description: "Why the invoice is void (the client reads it)" }),
});
export type TVoidInvoiceRequest = Static<typeof ZVoidInvoiceRequest>;

/**
 * A credit note against a sent invoice: its own lines, or one amount (`amountMinor`, a single
 * line without tax) — exactly one of the two. Its total may not exceed the invoice's amount due.
 */
export const ZCreateCreditNoteRequest = Type.Object({
  reason: Type.String({ minLength: 1, maxLength: MAX_VOID_REASON, description: "Why the client is credited" }),
  lines: Type.Optional(Type.Array(ZInvoiceLineInput, { minItems: 1, maxItems: MAX_INVOICE_LINES })),
  amountMinor: Type.Optional(ZMinor("The credit in minor units, as one line without tax", 1)),
});
export type TCreateCreditNoteRequest = Static<typeof ZCreateCreditNoteRequest>;

/** Admin: money received by hand. At most the amount due. */
export const ZRecordPaymentRequest = Type.Object({
  amountMinor: ZMinor("The amount received, in minor units", 1),
  method: ZManualPaymentMethod,
  /** The day it was received; absent: today (UTC). */
  receivedOn: Type.Optional(ZDate),
  reference: Type.Optional(Type.String({ maxLength: MAX_PAYMENT_REFERENCE, description: "The bank's reference, a receipt number" })),
});
export type TRecordPaymentRequest = Static<typeof ZRecordPaymentRequest>;

/** Admin: money given back. At most what was paid, net of earlier refunds. */
export const ZRecordRefundRequest = Type.Object({
  amountMinor: ZMinor("The amount refunded, in minor units", 1),
  method: ZPaymentMethod,
  refundedOn: Type.Optional(ZDate),
  reference: Type.Optional(Type.String({ maxLength: MAX_PAYMENT_REFERENCE })),
  reason: Type.Optional(Type.String({ maxLength: MAX_VOID_REASON })),
});
export type TRecordRefundRequest = Static<typeof ZRecordRefundRequest>;

/** The invoice list's filters. `due`: sent or partially paid (overdue ones included); `all` (default): every status the viewer may see. */
export const INVOICE_LIST_FILTERS = ["due", "draft", "sent", "overdue", "paid", "void", "all"] as const;
export type TInvoiceListFilter = (typeof INVOICE_LIST_FILTERS)[number];
export const ZInvoiceListQuery = Type.Object({
  status: Type.Optional(
    Type.Union([
      Type.Literal("due"),
      Type.Literal("draft"),
      Type.Literal("sent"),
      Type.Literal("overdue"),
      Type.Literal("paid"),
      Type.Literal("void"),
      Type.Literal("all"),
    ]),
  ),
  accountId: Type.Optional(ZId),
  /** The invoices made from this task's accepted quote (the task page shows them). */
  taskId: Type.Optional(ZId),
  /** Absent: both kinds. */
  kind: Type.Optional(ZInvoiceKind),
  page: Type.Optional(ZPage),
});
export type TInvoiceListQuery = Static<typeof ZInvoiceListQuery>;

const nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
/** Another invoice named by its number (null while it is a draft). */
export const ZInvoiceRef = Type.Object({ id: ZId, kind: ZInvoiceKind, number: nullable(Type.String()) });
export type TInvoiceRef = Static<typeof ZInvoiceRef>;
/** The work request an invoice was made from. */
export const ZInvoiceTaskRef = Type.Object({ id: ZId, number: Type.Integer(), summary: Type.String() });

/** An invoice or credit note as a list shows it. All amounts in minor units of `currency`. */
export const ZInvoiceSummary = Type.Object({
  id: ZId,
  kind: ZInvoiceKind,
  /** "INV-1001" / "CN-1001": given when sent (a credit note at once); null for a draft. */
  number: nullable(Type.String()),
  account: Type.Object({ id: ZId, name: Type.String() }),
  status: ZInvoiceStatus,
  displayStatus: ZInvoiceDisplayStatus,
  overdue: Type.Boolean(),
  currency: Type.String(),
  /** The lines' amounts before discount and tax. */
  subtotalMinor: Type.Integer(),
  discountMinor: Type.Integer(),
  taxMinor: Type.Integer(),
  /** subtotal − discount + tax. */
  totalMinor: Type.Integer(),
  /** Payments net of refunds. */
  paidMinor: Type.Integer(),
  /** The credit notes issued against it (0 for a credit note). */
  creditedMinor: Type.Integer(),
  /** total − paid − credited for a sent or partially paid invoice; a draft's total; 0 once paid, void, and for a credit note. */
  amountDueMinor: Type.Integer(),
  issueDate: nullable(Type.String()),
  dueDate: nullable(Type.String()),
  sentAt: nullable(Type.String()),
  paidAt: nullable(Type.String()),
  voidedAt: nullable(Type.String()),
  createdAt: Type.String(),
  task: Type.Union([ZInvoiceTaskRef, Type.Null()]),
  /** A credit note's invoice. */
  creditFor: Type.Union([ZInvoiceRef, Type.Null()]),
});
export type TInvoiceSummary = Static<typeof ZInvoiceSummary>;

export const ZInvoiceLine = Type.Object({
  id: ZId,
  position: Type.Integer(),
  description: Type.String(),
  quantity: Type.Number(),
  unitPriceMinor: Type.Integer(),
  taxRateBasisPoints: Type.Integer(),
  /** round(quantity × unit price), half up. */
  amountMinor: Type.Integer(),
  /** This line's share of the invoice discount. */
  discountMinor: Type.Integer(),
  /** round((amount − discount share) × rate / 10000), half up. */
  taxMinor: Type.Integer(),
  /** amount − discount share + tax. */
  totalMinor: Type.Integer(),
});
export type TInvoiceLine = Static<typeof ZInvoiceLine>;

export const ZPayment = Type.Object({
  id: ZId,
  kind: ZPaymentKind,
  method: ZPaymentMethod,
  /** Always positive; a refund takes it back. */
  amountMinor: Type.Integer(),
  /** The day it was received or refunded. */
  date: Type.String(),
  reference: nullable(Type.String()),
  /** A refund's reason. */
  reason: nullable(Type.String()),
  /** Null for an online payment (nobody recorded it by hand). */
  recordedBy: Type.Union([ZPersonRef, Type.Null()]),
  recordedAt: Type.String(),
});
export type TPayment = Static<typeof ZPayment>;

/** What the viewer may do with the invoice now (the web app shows only these). */
export const ZInvoicePolicies = Type.Object({
  edit: Type.Boolean(),
  delete: Type.Boolean(),
  send: Type.Boolean(),
  void: Type.Boolean(),
  reissue: Type.Boolean(),
  creditNote: Type.Boolean(),
  recordPayment: Type.Boolean(),
  recordRefund: Type.Boolean(),
  /** Pay the amount due online (Stripe Checkout): only when online payments are configured. */
  payOnline: Type.Boolean(),
});
export type TInvoicePolicies = Static<typeof ZInvoicePolicies>;

export const ZInvoice = Type.Object({
  ...ZInvoiceSummary.properties,
  lines: Type.Array(ZInvoiceLine),
  notes: Type.String(),
  /** A void invoice's reason; a credit note's reason. */
  voidReason: nullable(Type.String()),
  creditReason: nullable(Type.String()),
  createdBy: Type.Union([ZPersonRef, Type.Null()]),
  /** The voided invoice this one reissues, and the invoice that reissued this one. */
  reissueOf: Type.Union([ZInvoiceRef, Type.Null()]),
  reissuedAs: Type.Union([ZInvoiceRef, Type.Null()]),
  /** Payments and refunds, oldest first. */
  payments: Type.Array(ZPayment),
  /** Credit notes issued against this invoice, oldest first. */
  creditNotes: Type.Array(ZInvoiceSummary),
  /** The invoice (or credit note) as a PDF to download. */
  pdfUrl: Type.String(),
  /** The receipt PDF (its payments and refunds) once anything was paid on it; null before. */
  receiptUrl: nullable(Type.String()),
});
export type TInvoice = Static<typeof ZInvoice>;

export const ZInvoiceDetail = Type.Object({ data: ZInvoice, policies: ZInvoicePolicies });
export type TInvoiceDetail = Static<typeof ZInvoiceDetail>;

/**
 * An invoice as the list shows it to this viewer: the summary, where its PDF downloads, and what
 * the viewer may do from the list (pay what is due online, the same decision as the invoice's
 * page: only when the agency configured Stripe and something is due).
 */
export const ZInvoiceListItem = Type.Object({
  ...ZInvoiceSummary.properties,
  /** The invoice (or credit note) as a PDF to download (the detail's `pdfUrl`). */
  pdfUrl: Type.String(),
  policies: Type.Object({ payOnline: ZInvoicePolicies.properties.payOnline }),
});
export type TInvoiceListItem = Static<typeof ZInvoiceListItem>;

export const ZInvoiceList = Type.Object({
  data: Type.Array(ZInvoiceListItem),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  /** Staff may create invoices. */
  policies: Type.Object({ create: Type.Boolean() }),
});
export type TInvoiceList = Static<typeof ZInvoiceList>;

/** The agency's billing page: per currency and per client account, over the accounts the viewer works. */
const ZBillingFigures = {
  currency: Type.String(),
  /** Amount due on sent and partially paid invoices (overdue ones included). */
  outstandingMinor: Type.Integer(),
  overdueMinor: Type.Integer(),
  /** Payments received this calendar month (UTC), net of refunds made this month. */
  paidThisMonthMinor: Type.Integer(),
  /** How many invoices are due, and how many of them overdue. */
  dueCount: Type.Integer(),
  overdueCount: Type.Integer(),
};
export const ZBillingSummary = Type.Object({
  data: Type.Object({
    /** One row per currency. */
    totals: Type.Array(Type.Object(ZBillingFigures)),
    /** One row per client account and currency with anything due or paid this month, most outstanding first. */
    accounts: Type.Array(Type.Object({ account: Type.Object({ id: ZId, name: Type.String() }), ...ZBillingFigures })),
    /** The month "paid this month" counts, "YYYY-MM". */
    month: Type.String(),
  }),
});
export type TBillingSummary = Static<typeof ZBillingSummary>;

export { ZInvoicePrefix } from "./schemas";

/**
 * Billing's settings (admin). The prefixes, terms, tax id, default tax rate and reminder days are
 * agency settings (ZSettings, stored as every setting is); the next numbers are the counters'.
 */
export const ZBillingSettings = Type.Object({
  invoicePrefix: ZSettings.properties.invoicePrefix,
  creditNotePrefix: ZSettings.properties.creditNotePrefix,
  /** The number the next sent invoice gets; may not go at or below the last one issued. */
  nextInvoiceNumber: boundedInteger({ minimum: 1, maximum: 999_999_999 }),
  nextCreditNoteNumber: boundedInteger({ minimum: 1, maximum: 999_999_999 }),
  /** Due date = issue date + this many days, when a draft sets none. */
  paymentTermsDays: ZSettings.properties.paymentTermsDays,
  /** The agency's tax id, printed on invoices ("ABN 12 345 678 901"); empty: none. */
  agencyTaxId: ZSettings.properties.agencyTaxId,
  /** The tax rate of lines copied from a quote (basis points). */
  defaultTaxRateBasisPoints: ZSettings.properties.defaultTaxRateBasisPoints,
  /** Reminder emails this many days before the due date, and after it. */
  reminderDaysBefore: ZSettings.properties.reminderDaysBefore,
  reminderDaysAfter: ZSettings.properties.reminderDaysAfter,
});
export type TBillingSettings = Static<typeof ZBillingSettings>;
/** Billing's settings until an admin changes them. */
export const DEFAULT_BILLING_SETTINGS: TBillingSettings = {
  invoicePrefix: "INV-",
  creditNotePrefix: "CN-",
  nextInvoiceNumber: 1001,
  nextCreditNoteNumber: 1001,
  paymentTermsDays: 14,
  agencyTaxId: "",
  defaultTaxRateBasisPoints: 0,
  reminderDaysBefore: [3],
  reminderDaysAfter: [1, 7, 14],
};
export const ZBillingSettingsResponse = Type.Object({
  data: ZBillingSettings,
  /** The last numbers issued (null: none yet): the next numbers may not go at or below them. */
  lastIssued: Type.Object({ invoice: Type.Union([Type.Integer(), Type.Null()]), creditNote: Type.Union([Type.Integer(), Type.Null()]) }),
});
export type TBillingSettingsResponse = Static<typeof ZBillingSettingsResponse>;
/** A change to some billing settings; a key that is not one is refused by name (as ZUpdateSettingsRequest does). */
export const ZUpdateBillingSettingsRequest = Type.Partial(ZBillingSettings, {
  minProperties: 1,
  additionalProperties: false,
  propertyNames: { enum: Object.keys(ZBillingSettings.properties) },
});
export type TUpdateBillingSettingsRequest = Static<typeof ZUpdateBillingSettingsRequest>;

/** POST /api/tasks/:taskId/invoice: the accepted quote becomes a draft; its dates and notes may be given now. */
export const ZInvoiceFromTaskRequest = Type.Object({
  dueDate: Type.Optional(Type.Union([ZDate, Type.Null()])),
  notes: Type.Optional(Type.String({ maxLength: MAX_INVOICE_NOTES })),
});
export type TInvoiceFromTaskRequest = Static<typeof ZInvoiceFromTaskRequest>;

/** POST /api/invoices/:id/checkout: where to send the client's browser to pay the amount due (Stripe Checkout). */
export const ZCheckoutResponse = Type.Object({ data: Type.Object({ url: Type.String() }) });
export type TCheckoutResponse = Static<typeof ZCheckoutResponse>;

/** Where an invoice opens in the portal. */
export const invoicePath = (invoiceId: string) => `/billing/invoices/${invoiceId}`;
/** "INV-" + 1001 → "INV-1001". */
export const invoiceNumberText = (prefix: string, number: number) => `${prefix}${number}`;

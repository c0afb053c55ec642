import {
  displayStatusOf,
  isOverdue,
  type TInvoice,
  type TInvoiceListItem,
  type TInvoiceSummary,
  type TPayment,
} from "../../../common/billing";
import { amountDueMinor } from "../../../common/invoice-math";
import { personRef } from "../../platform/presenters";
import type { InvoiceFacts } from "./policy";
import type { InvoiceLineRow, InvoiceView, PaymentRow } from "./queries";

/** Where an invoice's PDF and its receipt's are downloaded (routes.ts). */
export const invoicePdfPath = (id: string) => `/api/invoices/${id}/pdf`;
export const invoiceReceiptPath = (id: string) => `/api/invoices/${id}/receipt.pdf`;

/** What an invoice row's money says, as numbers (bigint columns are strings on PostgreSQL). */
export function moneyOf(row: InvoiceView) {
  const total = Number(row.total_minor);
  const paid = Number(row.paid_minor);
  const credited = Number(row.credited_minor);
  const due =
    row.kind !== "invoice" || row.status === "void" || row.status === "paid"
      ? 0
      : row.status === "draft"
        ? total
        : amountDueMinor(total, paid, credited);
  return { total, paid, credited, due };
}

export function factsOf(row: InvoiceView, reissued: boolean): InvoiceFacts {
  const money = moneyOf(row);
  return { kind: row.kind, status: row.status, reference: row.reference, paidMinor: money.paid, amountDueMinor: money.due, reissued };
}

export function presentSummary(row: InvoiceView, today: string): TInvoiceSummary {
  const money = moneyOf(row);
  const at = { status: row.status, dueDate: row.due_date };
  return {
    id: row.id,
    kind: row.kind,
    number: row.reference,
    account: { id: row.account_id, name: row.account_name },
    status: row.status,
    displayStatus: displayStatusOf(at, today),
    overdue: isOverdue(at, today),
    currency: row.currency,
    subtotalMinor: Number(row.subtotal_minor),
    discountMinor: Number(row.discount_minor),
    taxMinor: Number(row.tax_minor),
    totalMinor: money.total,
    paidMinor: money.paid,
    creditedMinor: money.credited,
    amountDueMinor: money.due,
    issueDate: row.issue_date,
    dueDate: row.due_date,
    sentAt: row.sent_at,
    paidAt: row.paid_at,
    voidedAt: row.voided_at,
    createdAt: row.created_at,
    task:
      row.task_id !== null && row.task_number !== null
        ? { id: row.task_id, number: row.task_number, summary: row.task_summary ?? "" }
        : null,
    creditFor: row.credit_for_id ? { id: row.credit_for_id, kind: "invoice", number: row.credit_for_reference } : null,
  };
}

/** A list's row: the summary, its PDF and what the viewer may do from the list (`payOnline`: invoicePolicy's answer). */
export const presentListItem = (row: InvoiceView, today: string, policies: TInvoiceListItem["policies"]): TInvoiceListItem => ({
  ...presentSummary(row, today),
  pdfUrl: invoicePdfPath(row.id),
  policies,
});

export const presentLine = (row: InvoiceLineRow): TInvoice["lines"][number] => ({
  id: row.id,
  position: row.position,
  description: row.description,
  quantity: Number(row.quantity_hundredths) / 100,
  unitPriceMinor: Number(row.unit_price_minor),
  taxRateBasisPoints: row.tax_rate_bp,
  amountMinor: Number(row.amount_minor),
  discountMinor: Number(row.discount_minor),
  taxMinor: Number(row.tax_minor),
  totalMinor: Number(row.total_minor),
});

export const presentPayment = (row: PaymentRow): TPayment => ({
  id: row.id,
  kind: row.kind,
  method: row.method,
  amountMinor: Number(row.amount_minor),
  date: row.paid_on,
  reference: row.reference,
  reason: row.reason,
  recordedBy: personRef(row.recorded_by, row.recorder_name, row.recorder_role),
  recordedAt: row.recorded_at,
});

export function presentInvoice(
  row: InvoiceView,
  parts: {
    lines: InvoiceLineRow[];
    payments: PaymentRow[];
    creditNotes: InvoiceView[];
    reissuedAs: { id: string; reference: string | null } | undefined;
    today: string;
  },
): TInvoice {
  return {
    ...presentSummary(row, parts.today),
    lines: parts.lines.map(presentLine),
    notes: row.notes,
    voidReason: row.void_reason,
    creditReason: row.credit_reason,
    createdBy: personRef(row.created_by, row.creator_name, row.creator_role),
    reissueOf: row.reissue_of_id ? { id: row.reissue_of_id, kind: "invoice", number: row.reissue_of_reference } : null,
    reissuedAs: parts.reissuedAs ? { id: parts.reissuedAs.id, kind: "invoice", number: parts.reissuedAs.reference } : null,
    payments: parts.payments.map(presentPayment),
    creditNotes: parts.creditNotes.map((note) => presentSummary(note, parts.today)),
    pdfUrl: invoicePdfPath(row.id),
    receiptUrl: parts.payments.length > 0 ? invoiceReceiptPath(row.id) : null,
  };
}

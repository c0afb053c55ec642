/**
 * Billing: invoices, credit notes, payments and refunds. Every change is an event.
 *
 * A draft is the agency's own work: its events (created, updated, deleted) are `staff`, so a
 * client never learns of an invoice before it is sent. Once sent, everything that happens to it
 * is the client's to see. Payloads carry amounts in minor units with the currency, never a card
 * or bank detail.
 */
import type { TInvoiceKind, TPaymentMethod } from "../billing";
import type { EventCatalogue } from "./catalogue";

export interface InvoiceRef {
  invoiceId: string;
  kind: TInvoiceKind;
  /** "INV-1001"; null while a draft. */
  number: string | null;
  currency: string;
  totalMinor: number;
}

export interface BillingEventPayloads {
  /** A draft was made: by hand, from a task's accepted quote (`taskId`), or reissuing a void invoice (`reissueOf`). */
  "invoice.created": InvoiceRef & { taskId: string | null; reissueOf: string | null };
  /** A draft changed; `changes` names the fields. */
  "invoice.updated": InvoiceRef & { changes: string[] };
  "invoice.deleted": InvoiceRef;
  /** Sent to the client: its number allocated, its amount due from now. */
  "invoice.sent": InvoiceRef & { number: string; dueDate: string };
  "invoice.voided": InvoiceRef & { reason: string };
  /** A credit note (its own `creditNoteId` and number) was issued against the invoice. */
  "invoice.credit_note_issued": InvoiceRef & { creditNoteId: string; creditNoteNumber: string; amountMinor: number; reason: string };
  "invoice.payment_recorded": InvoiceRef & { paymentId: string; amountMinor: number; method: TPaymentMethod; amountDueMinor: number };
  "invoice.refund_recorded": InvoiceRef & { paymentId: string; amountMinor: number; method: TPaymentMethod; amountDueMinor: number };
  /** Nothing is due any more (paid, or paid and credited). */
  "invoice.paid": InvoiceRef;
  /** A payment reminder went to the account's contacts: `days` before the due date, or after it (overdue). */
  "invoice.reminder_sent": InvoiceRef & {
    number: string;
    dueDate: string;
    amountDueMinor: number;
    days: number;
    timing: "before" | "after";
  };
  /** An admin set the number the next invoice or credit note gets (Billing settings). */
  "billing.numbering_changed": { kind: TInvoiceKind; before: number; next: number };
}

export const BILLING_EVENTS: EventCatalogue<BillingEventPayloads> = {
  "invoice.created": { label: "Invoice drafted", audience: "staff", category: "work" },
  "invoice.updated": { label: "Draft invoice changed", audience: "staff", category: "work" },
  "invoice.deleted": { label: "Draft invoice deleted", audience: "staff", category: "work" },
  "invoice.sent": { label: "Invoice sent", audience: "client", notify: "invoice.sent", category: "work" },
  "invoice.voided": { label: "Invoice void", audience: "client", category: "work" },
  "invoice.credit_note_issued": { label: "Credit note issued", audience: "client", notify: "invoice.sent", category: "work" },
  "invoice.payment_recorded": { label: "Payment recorded", audience: "client", notify: "invoice.payment", category: "work" },
  "invoice.refund_recorded": { label: "Refund recorded", audience: "client", notify: "invoice.payment", category: "work" },
  "invoice.paid": { label: "Invoice paid", audience: "client", category: "work" },
  "invoice.reminder_sent": { label: "Payment reminder sent", audience: "client", notify: "invoice.sent", category: "work" },
  "billing.numbering_changed": { label: "Invoice numbering changed", audience: "staff", category: "audit" },
};

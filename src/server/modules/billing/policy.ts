import { allow, allowedOf, refuse, type TDecision } from "../../../common/decisions";
import type { Actor } from "../../platform/auth/sessions";

/**
 * Who may do what to an invoice they can already see (seeing is the scope's job, `invoiceScope`
 * in queries.ts: another account's invoice, and for a client any draft, is a 404 before any of
 * this is asked).
 *   - clients: read their account's sent invoices and credit notes; nothing else here (paying
 *     online is the Stripe path's);
 *   - staff (agents on their accounts, admins): draft, edit and delete a draft, send it, void a
 *     sent invoice nothing is paid on, reissue a void one;
 *   - admins only: what moves money or what is owed — payments, refunds, credit notes;
 *   - anyone who sees it (the account's client, staff): pay what is due online, when the agency
 *     configured Stripe (`online`); the webhook records the money, never this decision.
 * A sent invoice is never edited in place: it is voided and reissued, or credited.
 */
export interface InvoiceFacts {
  kind: "invoice" | "credit_note";
  status: "draft" | "sent" | "partially_paid" | "paid" | "void";
  reference: string | null;
  /** Payments net of refunds. */
  paidMinor: number;
  amountDueMinor: number;
  /** A void invoice was already reissued. */
  reissued: boolean;
}

const name = (invoice: InvoiceFacts) => invoice.reference ?? "This invoice";

/** `online`: Stripe is configured (both keys): without it nobody pays online and checkout is a 404. */
export function invoiceDecisions(actor: Actor, invoice: InvoiceFacts, online = false) {
  const staff = actor.role !== "client";
  const admin = actor.role === "admin";
  const isInvoice = invoice.kind === "invoice";
  const staffOnly = refuse("staff_only", "Only the agency's staff can change invoices.");
  const moneyAdminOnly = refuse("payments_admin_only", "Only an admin can record payments, refunds and credit notes.");
  const creditNote = refuse("invoice_not_draft", "A credit note is issued once and never changed.");
  const sentAlready = refuse(
    "invoice_not_draft",
    `${name(invoice)} was sent, and a sent invoice is never changed: void and reissue it, or issue a credit note.`,
  );
  const due = invoice.status === "sent" || invoice.status === "partially_paid";

  const draftOnly: TDecision = !staff ? staffOnly : !isInvoice ? creditNote : invoice.status !== "draft" ? sentAlready : allow;

  const voidIt: TDecision = !staff
    ? staffOnly
    : !isInvoice
      ? creditNote
      : invoice.status === "draft"
        ? refuse("invoice_not_due", "A draft is not voided: delete it instead.")
        : invoice.status === "void"
          ? refuse("invoice_not_due", `${name(invoice)} is already void.`)
          : invoice.status === "paid" && invoice.paidMinor === 0
            ? refuse("invoice_not_due", `${name(invoice)} is settled by its credit notes: nothing is left to void.`)
            : invoice.paidMinor > 0
              ? refuse(
                  "invoice_has_payments",
                  `${name(invoice)} has payments on it: refund them before voiding it, or issue a credit note.`,
                )
              : allow;

  const reissue: TDecision = !staff
    ? staffOnly
    : !isInvoice
      ? creditNote
      : invoice.status !== "void"
        ? refuse("invoice_not_void", "Only a void invoice is reissued: void it first (with a reason).")
        : invoice.reissued
          ? refuse("invoice_reissued", `${name(invoice)} was already reissued: open the new invoice.`)
          : allow;

  const notDue = refuse(
    "invoice_not_due",
    invoice.status === "draft"
      ? "This invoice is still a draft: send it first."
      : invoice.status === "void"
        ? `${name(invoice)} is void: nothing is due on it.`
        : `${name(invoice)} is paid: nothing is due on it.`,
  );
  const owed: TDecision = !isInvoice ? creditNote : !due || invoice.amountDueMinor <= 0 ? notDue : allow;

  const recordPayment: TDecision = !staff ? staffOnly : !admin ? moneyAdminOnly : owed;
  const creditNoteDecision: TDecision = !staff ? staffOnly : !admin ? moneyAdminOnly : owed;
  const recordRefund: TDecision = !staff
    ? staffOnly
    : !admin
      ? moneyAdminOnly
      : !isInvoice
        ? creditNote
        : invoice.paidMinor <= 0
          ? refuse("refund_exceeds_paid", `Nothing has been paid on ${name(invoice)}: there is nothing to refund.`)
          : allow;

  const payOnline: TDecision = !online ? refuse("online_payments_off", "Online payment is not available.") : owed;

  return {
    edit: draftOnly,
    delete: draftOnly,
    send: draftOnly,
    void: voidIt,
    reissue,
    creditNote: creditNoteDecision,
    recordPayment,
    recordRefund,
    payOnline,
  };
}

/** The decisions as the web app gets them (`policies`): what to show. */
export const invoicePolicy = (actor: Actor, invoice: InvoiceFacts, online = false) => allowedOf(invoiceDecisions(actor, invoice, online));

/**
 * Does a payment reminder still go out? Only while something is due on a sent (or partially
 * paid) invoice: a paid, void or credited-in-full one, a draft or a credit note is skipped.
 */
export function reminderDecision(invoice: InvoiceFacts): TDecision {
  if (invoice.kind !== "invoice") return refuse("invoice_not_due", "A credit note is not paid: nothing to remind of.");
  if ((invoice.status !== "sent" && invoice.status !== "partially_paid") || invoice.amountDueMinor <= 0) {
    return refuse("invoice_not_due", `${name(invoice)} is ${invoice.status.replace("_", " ")}: nothing is due on it.`);
  }
  return allow;
}

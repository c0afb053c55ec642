import {
  DEFAULT_BILLING_SETTINGS,
  invoiceNumberText,
  MAX_LINE_DESCRIPTION,
  type TCreateCreditNoteRequest,
  type TInvoiceDetail,
  type TPaymentMethod,
  type TRecordPaymentRequest,
  type TRecordRefundRequest,
  utcToday,
} from "../../../common/billing";
import { amountDueMinor, settledStatus } from "../../../common/invoice-math";
import { formatMoney } from "../../../common/money";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import { nextNumber } from "../../platform/counters";
import type { Executor } from "../../platform/db/database";
import { assertAllowed, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import { getSettings } from "../../platform/settings";
import { addDays, assertRealDate, priceLines, totalsColumns } from "./lines";
import { factsOf, moneyOf } from "./presenters";
import * as q from "./queries";
import { CREDIT_NOTE_COUNTER, decisionsFor, invoiceDetail, loadLocked, refOf, refused } from "./service";

/*
 * Money on an invoice: payments and refunds an admin records by hand, payments the online
 * provider reports (recordOnlinePayment, for the Stripe webhook), and credit notes. Each is one
 * transaction with the invoice's row held (lockInvoice), so the amount due it checks against is
 * the one it changes: an overpayment, a refund beyond what was paid or a credit beyond what is
 * due is refused and nothing is written. The invoice's `paid_minor` (payments net of refunds)
 * and `credited_minor` move in the same transaction, and its status follows `settledStatus`.
 */

const money = (amount: number, currency: string) => formatMoney(amount, currency, "en");

/** A payment or refund's day: a real calendar day, not after tomorrow (UTC; a person a zone ahead may be in tomorrow). */
function dayOf(field: string, date: string | undefined): string {
  const day = date ?? utcToday();
  assertRealDate(field, day);
  if (day > addDays(utcToday(), 1)) throw validation(field, "That date is in the future: enter the day the money moved.");
  return day;
}

/**
 * Writes a payment or refund and moves the invoice's paid amount and status with it (recording
 * `invoice.paid` when nothing is due any more), in the caller's transaction, the row held.
 */
async function applyMoney(
  tx: Executor,
  row: q.InvoiceView,
  entry: {
    kind: "payment" | "refund";
    actorId: string | null;
    amountMinor: number;
    method: TPaymentMethod;
    day: string;
    reference: string | null;
    reason: string | null;
    providerEventId?: string;
    providerPaymentId?: string;
  },
): Promise<{ paymentId: string; written: boolean }> {
  const current = moneyOf(row);
  const paid = entry.kind === "payment" ? current.paid + entry.amountMinor : current.paid - entry.amountMinor;
  const status = settledStatus(current.total, paid, current.credited);
  const paymentId = newId();
  const now = nowIso();
  const payment = {
    id: paymentId,
    invoice_id: row.id,
    account_id: row.account_id,
    kind: entry.kind,
    method: entry.method,
    amount_minor: entry.amountMinor,
    paid_on: entry.day,
    reference: entry.reference,
    reason: entry.reason,
    provider_event_id: entry.providerEventId ?? null,
    provider_payment_id: entry.providerPaymentId ?? null,
    recorded_by: entry.actorId,
    recorded_at: now,
  };
  if (entry.providerEventId) {
    // Why: the provider's event is recorded once, even when two deliveries of it race here.
    if (!(await q.insertPaymentOnce(tx, payment))) return { paymentId, written: false };
  } else {
    await q.insertPayment(tx, payment);
  }
  await q.updateInvoice(tx, row.id, {
    paid_minor: paid,
    status,
    paid_at: status === "paid" ? (row.paid_at ?? now) : null,
    updated_at: now,
  });
  const amountDue = amountDueMinor(current.total, paid, current.credited);
  await recordEvent(tx, {
    actorId: entry.actorId,
    verb: entry.kind === "payment" ? "invoice.payment_recorded" : "invoice.refund_recorded",
    objectType: "invoice",
    objectId: row.id,
    accountId: row.account_id,
    payload: { ...refOf(row), paymentId, amountMinor: entry.amountMinor, method: entry.method, amountDueMinor: amountDue },
  });
  if (status === "paid" && row.status !== "paid") {
    await recordEvent(tx, {
      actorId: entry.actorId,
      verb: "invoice.paid",
      objectType: "invoice",
      objectId: row.id,
      accountId: row.account_id,
      payload: refOf(row),
    });
  }
  return { paymentId, written: true };
}

const overpayment = (amount: number, due: number, currency: string) =>
  refused("overpayment", `The payment of ${money(amount, currency)} is more than the ${money(due, currency)} due.`);

/** Admin: money received by hand (bank transfer, card in person, cash); at most the amount due. */
export async function recordPayment(ctx: AppContext, actor: Actor, id: string, input: TRecordPaymentRequest): Promise<TInvoiceDetail> {
  const day = dayOf("receivedOn", input.receivedOn);
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadLocked(tx, actor, id);
    assertAllowed((await decisionsFor(tx, actor, row)).recordPayment);
    const { due } = moneyOf(row);
    if (input.amountMinor > due) throw overpayment(input.amountMinor, due, row.currency);
    await applyMoney(tx, row, {
      kind: "payment",
      actorId: actor.id,
      amountMinor: input.amountMinor,
      method: input.method,
      day,
      reference: input.reference?.trim() || null,
      reason: null,
    });
    return invoiceDetail(ctx, tx, actor, id);
  });
}

/** Admin: money given back; at most what was paid net of earlier refunds. A paid invoice is due again. */
export async function recordRefund(ctx: AppContext, actor: Actor, id: string, input: TRecordRefundRequest): Promise<TInvoiceDetail> {
  const day = dayOf("refundedOn", input.refundedOn);
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadLocked(tx, actor, id);
    assertAllowed((await decisionsFor(tx, actor, row)).recordRefund);
    const { paid } = moneyOf(row);
    if (input.amountMinor > paid) {
      throw refused(
        "refund_exceeds_paid",
        `The refund of ${money(input.amountMinor, row.currency)} is more than the ${money(paid, row.currency)} paid.`,
      );
    }
    await applyMoney(tx, row, {
      kind: "refund",
      actorId: actor.id,
      amountMinor: input.amountMinor,
      method: input.method,
      day,
      reference: input.reference?.trim() || null,
      reason: input.reason?.trim() || null,
    });
    return invoiceDetail(ctx, tx, actor, id);
  });
}

/**
 * Admin: a credit note against a sent invoice — its own lines, or one amount as a single line
 * without tax — numbered at once from its own sequence and issued (`sent`). Its total may not
 * exceed the invoice's amount due; it lowers that amount, and can complete the invoice to paid.
 */
export async function issueCreditNote(ctx: AppContext, actor: Actor, id: string, input: TCreateCreditNoteRequest): Promise<TInvoiceDetail> {
  const reason = input.reason.trim();
  if (!reason) throw validation("reason", "Say why the client is credited: they read it on the credit note.");
  if ((input.lines === undefined) === (input.amountMinor === undefined)) {
    throw validation("lines", "Give the credit note its lines, or one amount (one of the two).");
  }
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadLocked(tx, actor, id);
    assertAllowed((await decisionsFor(tx, actor, row)).creditNote);
    const lines = input.lines ?? [
      {
        description: `Credit against ${row.reference ?? "the invoice"}: ${reason}`.slice(0, MAX_LINE_DESCRIPTION),
        quantity: 1,
        unitPriceMinor: input.amountMinor ?? 0,
      },
    ];
    const priced = priceLines(lines, 0, row.currency);
    const credit = priced.totals.totalMinor;
    const current = moneyOf(row);
    if (credit <= 0) throw validation(input.lines ? "lines" : "amountMinor", "A credit note must credit more than nothing.");
    if (credit > current.due) {
      throw refused(
        "credit_exceeds_due",
        `The credit note of ${money(credit, row.currency)} is more than the ${money(current.due, row.currency)} due on ${row.reference ?? "the invoice"}.`,
      );
    }
    const settings = await getSettings(tx);
    const number = await nextNumber(tx, CREDIT_NOTE_COUNTER, DEFAULT_BILLING_SETTINGS.nextCreditNoteNumber);
    const reference = invoiceNumberText(settings.creditNotePrefix, number);
    const noteId = newId();
    const now = nowIso();
    await q.insertInvoice(tx, {
      id: noteId,
      kind: "credit_note",
      account_id: row.account_id,
      number,
      reference,
      status: "sent",
      currency: row.currency,
      issue_date: utcToday(),
      due_date: null,
      ...totalsColumns(priced.totals),
      paid_minor: 0,
      credited_minor: 0,
      notes: "",
      void_reason: null,
      credit_reason: reason,
      credit_for_id: row.id,
      reissue_of_id: null,
      task_id: row.task_id,
      task_number: row.task_number,
      task_summary: row.task_summary,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
      sent_at: now,
      sent_by: actor.id,
      paid_at: null,
      voided_at: null,
      voided_by: null,
    });
    await q.replaceLines(tx, noteId, priced.rows(noteId));
    const credited = current.credited + credit;
    const status = settledStatus(current.total, current.paid, credited);
    await q.updateInvoice(tx, row.id, {
      credited_minor: credited,
      status,
      paid_at: status === "paid" ? now : row.paid_at,
      updated_at: now,
    });
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "invoice.credit_note_issued",
      objectType: "invoice",
      objectId: row.id,
      accountId: row.account_id,
      payload: { ...refOf(row), creditNoteId: noteId, creditNoteNumber: reference, amountMinor: credit, reason },
    });
    if (status === "paid") {
      await recordEvent(tx, {
        actorId: actor.id,
        verb: "invoice.paid",
        objectType: "invoice",
        objectId: row.id,
        accountId: row.account_id,
        payload: refOf(row),
      });
    }
    return invoiceDetail(ctx, tx, actor, row.id);
  });
}

export type OnlinePaymentResult =
  | { recorded: true; paymentId: string; status: "sent" | "partially_paid" | "paid" }
  | {
      recorded: false;
      /** `duplicate`: this provider event was recorded before (nothing to do); the others: nothing was recorded, and the money needs a person. */
      reason: "duplicate" | "not_found" | "not_payable" | "overpayment";
      message: string;
      paymentId?: string;
    };

/**
 * The online path (the Stripe webhook calls this): records a payment the provider confirmed.
 * Idempotent on `providerEventId` (a unique column): a second delivery of the same event records
 * nothing and answers `duplicate`. An invoice that is not due any more (paid, void) or an amount
 * above what is due is not recorded either: the answer says why, for the caller to log and refund.
 */
export async function recordOnlinePayment(
  ctx: AppContext,
  input: { invoiceId: string; amountMinor: number; providerEventId: string; providerPaymentId: string },
): Promise<OnlinePaymentResult> {
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) {
    return { recorded: false, reason: "overpayment", message: `The amount ${input.amountMinor} is not a payment in minor units.` };
  }
  return ctx.db.transaction().execute(async (tx): Promise<OnlinePaymentResult> => {
    if (!(await q.findInvoice(tx, input.invoiceId))) return { recorded: false, reason: "not_found", message: "No such invoice." };
    await q.lockInvoice(tx, input.invoiceId);
    // After the lock: a delivery racing this one has committed (or not) by now.
    const earlier = await q.paymentByProviderEvent(tx, input.providerEventId);
    if (earlier)
      return { recorded: false, reason: "duplicate", message: "This payment event was already recorded.", paymentId: earlier.id };
    // Why: two events of one payment (a completed session, then its async success) are one payment.
    if ((await q.providerPaymentTotals(tx, input.providerPaymentId)).paidMinor > 0)
      return { recorded: false, reason: "duplicate", message: "This payment was already recorded." };
    const row = await q.findInvoice(tx, input.invoiceId);
    if (!row) return { recorded: false, reason: "not_found", message: "No such invoice." };
    const facts = factsOf(row, false);
    if (row.kind !== "invoice" || (row.status !== "sent" && row.status !== "partially_paid") || facts.amountDueMinor <= 0) {
      return {
        recorded: false,
        reason: "not_payable",
        message: `${row.reference ?? "The invoice"} is ${row.status}: nothing is due on it.`,
      };
    }
    if (input.amountMinor > facts.amountDueMinor) {
      return {
        recorded: false,
        reason: "overpayment",
        message: `The payment of ${money(input.amountMinor, row.currency)} is more than the ${money(facts.amountDueMinor, row.currency)} due.`,
      };
    }
    const { paymentId, written } = await applyMoney(tx, row, {
      kind: "payment",
      actorId: null,
      amountMinor: input.amountMinor,
      method: "stripe",
      day: utcToday(),
      reference: input.providerPaymentId,
      reason: null,
      providerEventId: input.providerEventId,
      providerPaymentId: input.providerPaymentId,
    });
    if (!written) return { recorded: false, reason: "duplicate", message: "This payment event was already recorded." };
    const after = moneyOf({ ...row, paid_minor: Number(row.paid_minor) + input.amountMinor });
    return { recorded: true, paymentId, status: settledStatus(after.total, after.paid, after.credited) };
  });
}

export type OnlineRefundResult =
  | { recorded: true; paymentId: string; amountMinor: number }
  | {
      recorded: false;
      /** `up_to_date`: every refund this event reports is recorded already (a duplicate or an older event). */
      reason: "up_to_date" | "not_found" | "exceeds_paid";
      message: string;
    };

/**
 * The online path's refunds (Stripe's charge.refunded): the provider reports the running total
 * refunded on a payment, so what is recorded is the difference between that total and the
 * refunds already recorded for the same provider payment — a duplicate or an older event finds
 * nothing left to record. Keyed on the event id too, so one event is recorded once.
 */
export async function recordOnlineRefund(
  ctx: AppContext,
  input: { providerPaymentId: string; refundedTotalMinor: number; providerEventId: string },
): Promise<OnlineRefundResult> {
  return ctx.db.transaction().execute(async (tx): Promise<OnlineRefundResult> => {
    const first = await q.providerPaymentTotals(tx, input.providerPaymentId);
    if (!first.invoiceId) return { recorded: false, reason: "not_found", message: "No payment of this provider payment is recorded." };
    await q.lockInvoice(tx, first.invoiceId);
    // After the lock: the refunds a racing delivery recorded are counted.
    const totals = await q.providerPaymentTotals(tx, input.providerPaymentId);
    const row = await q.findInvoice(tx, first.invoiceId);
    if (!row) return { recorded: false, reason: "not_found", message: "No such invoice." };
    const amount = Math.min(input.refundedTotalMinor, totals.paidMinor) - totals.refundedMinor;
    if (amount <= 0) return { recorded: false, reason: "up_to_date", message: "These refunds are recorded already." };
    if (amount > moneyOf(row).paid) {
      return {
        recorded: false,
        reason: "exceeds_paid",
        message: `The refund of ${money(amount, row.currency)} is more than the ${money(moneyOf(row).paid, row.currency)} paid on ${row.reference ?? "the invoice"}.`,
      };
    }
    const { paymentId, written } = await applyMoney(tx, row, {
      kind: "refund",
      actorId: null,
      amountMinor: amount,
      method: "stripe",
      day: utcToday(),
      reference: input.providerPaymentId,
      reason: null,
      providerEventId: input.providerEventId,
      providerPaymentId: input.providerPaymentId,
    });
    if (!written) return { recorded: false, reason: "up_to_date", message: "This refund event was already recorded." };
    return { recorded: true, paymentId, amountMinor: amount };
  });
}

import {
  DEFAULT_BILLING_SETTINGS,
  INVOICE_KIND_LABELS,
  INVOICE_STATUS_LABELS,
  type TBillingSettingsResponse,
  type TBillingSummary,
  type TInvoiceListQuery,
  type TUpdateBillingSettingsRequest,
  utcToday,
} from "../../../common/billing";
import { minorDigits } from "../../../common/money";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import { forbidden, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { getSettings, saveSettings } from "../../platform/settings";
import { csvLine } from "../onboarding/csv";
import { presentSummary } from "./presenters";
import * as q from "./queries";
import { CREDIT_NOTE_COUNTER, INVOICE_COUNTER } from "./service";

/*
 * The agency's billing page (outstanding, overdue, paid this month, per client account, over the
 * accounts the viewer works — the tenant scope), its CSV export, and Billing settings.
 */

type Figures = Omit<TBillingSummary["data"]["totals"][number], "currency">;
const empty = (): Figures => ({ outstandingMinor: 0, overdueMinor: 0, paidThisMonthMinor: 0, dueCount: 0, overdueCount: 0 });

/** The first day of this month and of the next, "YYYY-MM-DD" (UTC). */
function monthOf(today: string): { month: string; from: string; to: string } {
  const [year, month] = today.split("-").map(Number) as [number, number];
  const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, "0")}`;
  return { month: today.slice(0, 7), from: `${today.slice(0, 7)}-01`, to: `${next}-01` };
}

/** Staff: what is owed and what came in this month, per currency and per client account (two grouped reads). */
export async function billingSummary(ctx: AppContext, actor: Actor): Promise<TBillingSummary> {
  if (actor.role === "client") throw forbidden("Only the agency's staff can see the billing summary.");
  const today = utcToday();
  const { month, from, to } = monthOf(today);
  const [owed, paid] = await Promise.all([q.outstandingByAccount(ctx.db, actor, today), q.paidByAccount(ctx.db, actor, from, to)]);
  const rows = new Map<string, { account: { id: string; name: string }; currency: string } & Figures>();
  const rowOf = (accountId: string, name: string, currency: string) => {
    const key = `${accountId}\u0000${currency}`;
    let row = rows.get(key);
    if (!row) {
      row = { account: { id: accountId, name }, currency, ...empty() };
      rows.set(key, row);
    }
    return row;
  };
  for (const r of owed) {
    const row = rowOf(r.account_id, r.account_name, r.currency);
    row.outstandingMinor = Number(r.outstanding);
    row.overdueMinor = Number(r.overdue);
    row.dueCount = Number(r.due_count);
    row.overdueCount = Number(r.overdue_count);
  }
  for (const r of paid) rowOf(r.account_id, r.account_name, r.currency).paidThisMonthMinor = Number(r.paid);
  const accounts = [...rows.values()].sort(
    (a, b) =>
      b.outstandingMinor - a.outstandingMinor || a.account.name.localeCompare(b.account.name) || a.currency.localeCompare(b.currency),
  );
  const totals = new Map<string, { currency: string } & Figures>();
  for (const row of accounts) {
    const total = totals.get(row.currency) ?? { currency: row.currency, ...empty() };
    total.outstandingMinor += row.outstandingMinor;
    total.overdueMinor += row.overdueMinor;
    total.paidThisMonthMinor += row.paidThisMonthMinor;
    total.dueCount += row.dueCount;
    total.overdueCount += row.overdueCount;
    totals.set(row.currency, total);
  }
  return { data: { totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)), accounts, month } };
}

/** The most rows one export holds. */
export const MAX_EXPORT_ROWS = 50_000;

/** 125050 AUD → "1250.50": an amount as a spreadsheet reads it (no symbol, no grouping). */
function decimal(amountMinor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = amountMinor < 0 ? "-" : "";
  const text = String(Math.abs(amountMinor)).padStart(digits + 1, "0");
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Staff: the invoices and credit notes of the list's filters in the viewer's scope, as CSV (UTF-8 with a BOM, CRLF). */
export async function exportInvoicesCsv(
  ctx: AppContext,
  actor: Actor,
  query: TInvoiceListQuery,
): Promise<{ csv: string; fileName: string }> {
  if (actor.role === "client") throw forbidden("Only the agency's staff can export invoices.");
  const today = utcToday();
  const rows = await q.exportRows(
    ctx.db,
    actor,
    { status: query.status ?? "all", accountId: query.accountId, taskId: query.taskId, kind: query.kind, today },
    MAX_EXPORT_ROWS,
  );
  const header = [
    "Number",
    "Kind",
    "Client",
    "Status",
    "Currency",
    "Issue date",
    "Due date",
    "Subtotal",
    "Discount",
    "Tax",
    "Total",
    "Paid",
    "Credited",
    "Amount due",
    "Credit for",
    "Work request",
    "Sent at",
    "Paid at",
  ];
  const lines = [csvLine(header)];
  for (const row of rows) {
    const s = presentSummary(row, today);
    const m = (amount: number) => decimal(amount, s.currency);
    lines.push(
      csvLine([
        s.number ?? "(draft)",
        INVOICE_KIND_LABELS[s.kind],
        s.account.name,
        INVOICE_STATUS_LABELS[s.displayStatus],
        s.currency,
        s.issueDate ?? "",
        s.dueDate ?? "",
        m(s.subtotalMinor),
        m(s.discountMinor),
        m(s.taxMinor),
        m(s.totalMinor),
        m(s.paidMinor),
        m(s.creditedMinor),
        m(s.amountDueMinor),
        s.creditFor?.number ?? "",
        s.task ? `#${s.task.number} ${s.task.summary}` : "",
        s.sentAt ?? "",
        s.paidAt ?? "",
      ]),
    );
  }
  return { csv: `\uFEFF${lines.join("\r\n")}\r\n`, fileName: `invoices-${today}.csv` };
}

const COUNTERS = [
  { field: "nextInvoiceNumber", counter: INVOICE_COUNTER, kind: "invoice", first: DEFAULT_BILLING_SETTINGS.nextInvoiceNumber },
  {
    field: "nextCreditNoteNumber",
    counter: CREDIT_NOTE_COUNTER,
    kind: "credit_note",
    first: DEFAULT_BILLING_SETTINGS.nextCreditNoteNumber,
  },
] as const;

async function readBillingSettings(db: Executor): Promise<TBillingSettingsResponse> {
  const settings = await getSettings(db);
  const [invoiceCounter, creditCounter, lastInvoice, lastCredit] = await Promise.all([
    q.counterValue(db, INVOICE_COUNTER),
    q.counterValue(db, CREDIT_NOTE_COUNTER),
    q.lastIssuedNumber(db, "invoice"),
    q.lastIssuedNumber(db, "credit_note"),
  ]);
  return {
    data: {
      invoicePrefix: settings.invoicePrefix,
      creditNotePrefix: settings.creditNotePrefix,
      nextInvoiceNumber: invoiceCounter === undefined ? DEFAULT_BILLING_SETTINGS.nextInvoiceNumber : invoiceCounter + 1,
      nextCreditNoteNumber: creditCounter === undefined ? DEFAULT_BILLING_SETTINGS.nextCreditNoteNumber : creditCounter + 1,
      paymentTermsDays: settings.paymentTermsDays,
      agencyTaxId: settings.agencyTaxId,
      defaultTaxRateBasisPoints: settings.defaultTaxRateBasisPoints,
      reminderDaysBefore: settings.reminderDaysBefore,
      reminderDaysAfter: settings.reminderDaysAfter,
    },
    lastIssued: { invoice: lastInvoice, creditNote: lastCredit },
  };
}

const requireAdminActor = (actor: Actor) => {
  if (actor.role !== "admin") throw forbidden("Only an admin can see and change billing settings.");
};

export async function getBillingSettings(ctx: AppContext, actor: Actor): Promise<TBillingSettingsResponse> {
  requireAdminActor(actor);
  return readBillingSettings(ctx.db);
}

/**
 * Admin: changes billing settings. A next number may go anywhere above the last number issued of
 * its kind (a sequence never repeats a number; raising it skips numbers on purpose), checked and
 * set with the counter's row held, so a send in flight cannot slip a number in between.
 */
export async function updateBillingSettings(
  ctx: AppContext,
  actor: Actor,
  patch: TUpdateBillingSettingsRequest,
): Promise<TBillingSettingsResponse> {
  requireAdminActor(actor);
  const { nextInvoiceNumber, nextCreditNoteNumber, ...settingsPatch } = patch;
  const next = { nextInvoiceNumber, nextCreditNoteNumber };
  return ctx.db.transaction().execute(async (tx) => {
    const before = await readBillingSettings(tx);
    const prefixes = {
      invoice: settingsPatch.invoicePrefix ?? before.data.invoicePrefix,
      credit: settingsPatch.creditNotePrefix ?? before.data.creditNotePrefix,
    };
    if (prefixes.invoice === prefixes.credit) {
      throw validation(
        settingsPatch.creditNotePrefix ? "creditNotePrefix" : "invoicePrefix",
        "Invoices and credit notes need different prefixes, or their numbers could be confused.",
      );
    }
    for (const { field, counter, kind, first } of COUNTERS) {
      const wanted = next[field];
      if (wanted === undefined || wanted === before.data[field]) continue;
      await q.lockCounter(tx, counter, first);
      const last = await q.lastIssuedNumber(tx, kind);
      if (last !== null && wanted <= last) {
        throw validation(field, `The next number must be above ${last}, the last one issued: numbers are never reused.`);
      }
      await q.setCounter(tx, counter, wanted);
      await recordEvent(tx, {
        actorId: actor.id,
        verb: "billing.numbering_changed",
        objectType: "settings",
        objectId: "settings",
        payload: { kind, before: before.data[field], next: wanted },
      });
    }
    if (Object.keys(settingsPatch).length > 0) {
      const settingsBefore = await getSettings(tx);
      await saveSettings(tx, settingsPatch);
      await recordEvent(tx, {
        actorId: actor.id,
        verb: "settings.updated",
        objectType: "settings",
        objectId: "settings",
        payload: { before: settingsBefore, after: await getSettings(tx) },
      });
    }
    return readBillingSettings(tx);
  });
}

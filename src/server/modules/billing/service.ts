import {
  DEFAULT_BILLING_SETTINGS,
  INVOICE_PAGE_SIZE,
  invoiceNumberText,
  invoicePath,
  type TCreateInvoiceRequest,
  type TInvoiceDetail,
  type TInvoiceFromTaskRequest,
  type TInvoiceLineInput,
  type TInvoiceList,
  type TInvoiceListQuery,
  type TUpdateInvoiceRequest,
  type TVoidInvoiceRequest,
  utcToday,
} from "../../../common/billing";
import { singleLineDescription } from "../../../common/board";
import type { TPolicyCode } from "../../../common/decisions";
import type { InvoiceRef } from "../../../common/events/billing";
import { formatMoney } from "../../../common/money";
import type { TNextAction, TNextActionSide } from "../../../common/next-actions";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import { nextNumber } from "../../platform/counters";
import type { Executor } from "../../platform/db/database";
import { AppError, assertAllowed, forbidden, notFound, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import { canSeeAccount } from "../../platform/policy";
import { getSettings } from "../../platform/settings";
import { currentQuote, findVisibleTask, quoteLinesOf } from "../board/queries";
import { findAccountRow, lockAccount } from "../clients/queries";
import { onlinePaymentsOn } from "./gateway";
import { addDays, assertRealDate, type PricedLines, priceLines, totalsColumns } from "./lines";
import { invoiceDecisions, invoicePolicy } from "./policy";
import { factsOf, moneyOf, presentInvoice, presentListItem } from "./presenters";
import * as q from "./queries";
import { scheduleReminders } from "./reminders";

/*
 * Invoices (issue 13): the agency drafts an invoice for a client account — by hand, or in one
 * click from a work request's accepted quote — and sends it; sending gives it the next number of
 * a gap-free sequence (counters, in the send's transaction: a send that rolls back gives its
 * number back) and tells the account's contacts. A sent invoice is never edited: it is voided
 * (with a reason, only while nothing is paid on it) and reissued as a new draft, or credited
 * (payments.ts). Totals are always computed by src/common/invoice-math.ts.
 */

/** The counters' kinds: one gap-free sequence each. */
export const INVOICE_COUNTER = "invoice";
export const CREDIT_NOTE_COUNTER = "credit_note";
const NEXT_ACTIONS_LIMIT = 20;

/** A refusal found in the service (a state only known here): the same shape as a policy's. */
export const refused = (code: TPolicyCode, reason: string) => new AppError(code, reason);

export async function loadVisible(db: Executor, actor: Actor, id: string): Promise<q.InvoiceView> {
  const row = await q.findVisibleInvoice(db, actor, id);
  if (!row) throw notFound("Invoice");
  return row;
}

/** Loads an invoice in the actor's scope with its row held for the rest of the transaction (see lockInvoice). */
export async function loadLocked(tx: Executor, actor: Actor, id: string): Promise<q.InvoiceView> {
  await loadVisible(tx, actor, id);
  await q.lockInvoice(tx, id);
  return loadVisible(tx, actor, id);
}

/** What an event says of an invoice. */
export const refOf = (row: q.InvoiceView): InvoiceRef => ({
  invoiceId: row.id,
  kind: row.kind,
  number: row.reference,
  currency: row.currency,
  totalMinor: Number(row.total_minor),
});

/** The decisions on an invoice for this actor (with whether a void one was already reissued). */
export async function decisionsFor(db: Executor, actor: Actor, row: q.InvoiceView) {
  const reissued = row.status === "void" ? (await q.reissueOf(db, row.id)) !== undefined : false;
  return invoiceDecisions(actor, factsOf(row, reissued));
}

/** One invoice as its page shows it: lines, payments, credit notes, links and what the viewer may do. */
export async function invoiceDetail(ctx: AppContext, db: Executor, actor: Actor, id: string): Promise<TInvoiceDetail> {
  const row = await loadVisible(db, actor, id);
  const [lines, payments, creditNotes, reissuedAs] = await Promise.all([
    q.linesOf(db, id),
    q.paymentsOf(db, id),
    q.creditNotesOf(db, id),
    q.reissueOf(db, id),
  ]);
  const reissued = reissuedAs !== undefined;
  return {
    data: presentInvoice(row, { lines, payments, creditNotes, reissuedAs, today: utcToday() }),
    policies: invoicePolicy(actor, factsOf(row, reissued), onlinePaymentsOn(ctx)),
  };
}

interface DraftInput {
  accountId: string;
  currency: string;
  priced: PricedLines;
  issueDate: string | null;
  dueDate: string | null;
  notes: string;
  task: { id: string; number: number; summary: string } | null;
  reissueOf: string | null;
}

function assertDates(issueDate: string | null | undefined, dueDate: string | null | undefined): void {
  assertRealDate("issueDate", issueDate);
  assertRealDate("dueDate", dueDate);
  if (issueDate && dueDate && dueDate < issueDate) throw validation("dueDate", "The due date is before the issue date.");
}

/** Writes a draft, its lines and its `invoice.created` event, in the caller's transaction. */
async function insertDraft(tx: Executor, actor: Actor, input: DraftInput): Promise<string> {
  const id = newId();
  const now = nowIso();
  await q.insertInvoice(tx, {
    id,
    kind: "invoice",
    account_id: input.accountId,
    number: null,
    reference: null,
    status: "draft",
    currency: input.currency,
    issue_date: input.issueDate,
    due_date: input.dueDate,
    ...totalsColumns(input.priced.totals),
    paid_minor: 0,
    credited_minor: 0,
    notes: input.notes,
    void_reason: null,
    credit_reason: null,
    credit_for_id: null,
    reissue_of_id: input.reissueOf,
    task_id: input.task?.id ?? null,
    task_number: input.task?.number ?? null,
    task_summary: input.task?.summary ?? null,
    created_by: actor.id,
    created_at: now,
    updated_at: now,
    sent_at: null,
    sent_by: null,
    paid_at: null,
    voided_at: null,
    voided_by: null,
  });
  await q.replaceLines(tx, id, input.priced.rows(id));
  await recordEvent(tx, {
    actorId: actor.id,
    verb: "invoice.created",
    objectType: "invoice",
    objectId: id,
    accountId: input.accountId,
    payload: {
      invoiceId: id,
      kind: "invoice",
      number: null,
      currency: input.currency,
      totalMinor: input.priced.totals.totalMinor,
      taskId: input.task?.id ?? null,
      reissueOf: input.reissueOf,
    },
  });
  return id;
}

const staffOnly = () => forbidden("Only the agency's staff can create invoices.");

/** Staff draft an invoice for a client account they work. */
export async function createInvoice(ctx: AppContext, actor: Actor, input: TCreateInvoiceRequest): Promise<TInvoiceDetail> {
  if (actor.role === "client") throw staffOnly();
  assertDates(input.issueDate, input.dueDate);
  return ctx.db.transaction().execute(async (tx) => {
    // Why 404, not 400: an agent naming an account not assigned to them learns nothing of it.
    if (!(await canSeeAccount(tx, actor, input.accountId)) || !(await findAccountRow(tx, input.accountId)))
      throw notFound("Client account");
    const currency = input.currency ?? (await getSettings(tx)).defaultCurrency;
    const priced = priceLines(input.lines, input.discountMinor ?? 0, currency);
    const id = await insertDraft(tx, actor, {
      accountId: input.accountId,
      currency,
      priced,
      issueDate: input.issueDate ?? null,
      dueDate: input.dueDate ?? null,
      notes: input.notes ?? "",
      task: null,
      reissueOf: null,
    });
    return invoiceDetail(ctx, tx, actor, id);
  });
}

/** A stored line as the line input it came from (re-pricing a draft whose discount or currency changed). */
const asInput = (line: q.InvoiceLineRow): TInvoiceLineInput => ({
  description: line.description,
  quantity: Number(line.quantity_hundredths) / 100,
  unitPriceMinor: Number(line.unit_price_minor),
  taxRateBasisPoints: line.tax_rate_bp,
});

/** Changes a draft (only a draft: a sent invoice answers 409). */
export async function updateInvoice(ctx: AppContext, actor: Actor, id: string, input: TUpdateInvoiceRequest): Promise<TInvoiceDetail> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadLocked(tx, actor, id);
    assertAllowed((await decisionsFor(tx, actor, row)).edit);
    const issueDate = input.issueDate === undefined ? row.issue_date : input.issueDate;
    const dueDate = input.dueDate === undefined ? row.due_date : input.dueDate;
    assertDates(issueDate, dueDate);
    const currency = input.currency ?? row.currency;
    const lines = input.lines ?? (await q.linesOf(tx, id)).map(asInput);
    const priced = priceLines(lines, input.discountMinor ?? Number(row.discount_minor), currency);
    await q.updateInvoice(tx, id, {
      currency,
      issue_date: issueDate,
      due_date: dueDate,
      notes: input.notes ?? row.notes,
      ...totalsColumns(priced.totals),
      updated_at: nowIso(),
    });
    await q.replaceLines(tx, id, priced.rows(id));
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "invoice.updated",
      objectType: "invoice",
      objectId: id,
      accountId: row.account_id,
      payload: { ...refOf(row), totalMinor: priced.totals.totalMinor, changes: Object.keys(input) },
    });
    return invoiceDetail(ctx, tx, actor, id);
  });
}

/** Deletes a draft (a sent invoice is voided instead). */
export async function deleteInvoice(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const row = await loadLocked(tx, actor, id);
    assertAllowed((await decisionsFor(tx, actor, row)).delete);
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "invoice.deleted",
      objectType: "invoice",
      objectId: id,
      accountId: row.account_id,
      payload: refOf(row),
    });
    if (!(await q.deleteDraft(tx, id))) throw new Error("deleteInvoice: the locked draft was not deleted");
  });
}

/**
 * Sends a draft inside the caller's transaction: the next invoice number (gap-free — allocated
 * here, so a rollback returns it), the issue date (today unless set) and the due date (the
 * issue date plus the payment terms unless set), status sent; the `invoice.sent` event tells
 * the account's contacts (notification-topic.ts). Exported for the test that rolls a send back.
 */
export async function sendInTransaction(tx: Executor, actor: Actor, id: string): Promise<void> {
  const row = await loadLocked(tx, actor, id);
  assertAllowed((await decisionsFor(tx, actor, row)).send);
  const { total } = moneyOf(row);
  if (total <= 0) {
    throw refused(
      "invoice_empty",
      `An invoice of ${formatMoney(0, row.currency, "en")} is not sent: give a line a price, or delete the draft.`,
    );
  }
  const settings = await getSettings(tx);
  const issueDate = row.issue_date ?? utcToday();
  const dueDate = row.due_date ?? addDays(issueDate, settings.paymentTermsDays);
  if (dueDate < issueDate)
    throw validation("dueDate", `The due date (${dueDate}) is before the issue date (${issueDate}): change it first.`);
  const number = await nextNumber(tx, INVOICE_COUNTER, DEFAULT_BILLING_SETTINGS.nextInvoiceNumber);
  const reference = invoiceNumberText(settings.invoicePrefix, number);
  const now = nowIso();
  await q.updateInvoice(tx, id, {
    status: "sent",
    number,
    reference,
    issue_date: issueDate,
    due_date: dueDate,
    sent_at: now,
    sent_by: actor.id,
    updated_at: now,
  });
  await recordEvent(tx, {
    actorId: actor.id,
    verb: "invoice.sent",
    objectType: "invoice",
    objectId: id,
    accountId: row.account_id,
    payload: { ...refOf(row), number: reference, dueDate },
  });
  // The "invoice sent" email carries the PDF (notification-topic.ts); the reminders are queued now.
  await scheduleReminders(tx, { id, dueDate }, settings);
}

export async function sendInvoice(ctx: AppContext, actor: Actor, id: string): Promise<TInvoiceDetail> {
  return ctx.db.transaction().execute(async (tx) => {
    await sendInTransaction(tx, actor, id);
    return invoiceDetail(ctx, tx, actor, id);
  });
}

/** Voids a sent invoice nothing is paid on (net of refunds), with the reason the client reads. */
export async function voidInvoice(ctx: AppContext, actor: Actor, id: string, input: TVoidInvoiceRequest): Promise<TInvoiceDetail> {
  const reason = input.reason.trim();
  if (!reason) throw validation("reason", "Say why the invoice is void: the client reads it.");
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadLocked(tx, actor, id);
    assertAllowed((await decisionsFor(tx, actor, row)).void);
    const now = nowIso();
    await q.updateInvoice(tx, id, { status: "void", void_reason: reason, voided_at: now, voided_by: actor.id, updated_at: now });
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "invoice.voided",
      objectType: "invoice",
      objectId: id,
      accountId: row.account_id,
      payload: { ...refOf(row), reason },
    });
    return invoiceDetail(ctx, tx, actor, id);
  });
}

/** A void invoice becomes a new draft with the same lines, linked to it (once). */
export async function reissueInvoice(ctx: AppContext, actor: Actor, id: string): Promise<TInvoiceDetail> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await loadLocked(tx, actor, id);
    assertAllowed((await decisionsFor(tx, actor, row)).reissue);
    const lines = (await q.linesOf(tx, id)).map(asInput);
    const newId = await insertDraft(tx, actor, {
      accountId: row.account_id,
      currency: row.currency,
      priced: priceLines(lines, Number(row.discount_minor), row.currency),
      issueDate: null,
      dueDate: null,
      notes: row.notes,
      task:
        row.task_id !== null && row.task_number !== null
          ? { id: row.task_id, number: row.task_number, summary: row.task_summary ?? "" }
          : null,
      reissueOf: row.id,
    });
    return invoiceDetail(ctx, tx, actor, newId);
  });
}

/**
 * "An accepted quote becomes a draft invoice in one click": the task's accepted quote's lines
 * (description, quantity, unit price; the default tax rate of Settings) in its currency, linked
 * both ways (the invoice names the task; GET /api/invoices?taskId= gives the task its invoice).
 * A task is invoiced once: while a non-void invoice exists for it, a second click is a 409
 * naming it.
 */
export async function invoiceFromTask(
  ctx: AppContext,
  actor: Actor,
  taskId: string,
  input: TInvoiceFromTaskRequest,
): Promise<TInvoiceDetail> {
  if (actor.role === "client") throw staffOnly();
  assertDates(null, input.dueDate);
  return ctx.db.transaction().execute(async (tx) => {
    const task = await findVisibleTask(tx, actor, taskId);
    if (!task) throw notFound("Work request");
    // Why: two clicks at once must not make two invoices; the account's row orders them.
    await lockAccount(tx, task.account_id);
    const existing = await q.liveInvoiceOfTask(tx, taskId);
    if (existing) {
      const name = existing.reference ?? "a draft invoice";
      throw refused("invoice_exists", `This work request already has ${name}: open it, or void it before invoicing again.`);
    }
    const quote = await currentQuote(tx, taskId);
    if (quote?.status !== "accepted") {
      throw refused("quote_not_accepted", "This work request has no accepted quote to invoice: the client accepts a quote first.");
    }
    const settings = await getSettings(tx);
    const rate = settings.defaultTaxRateBasisPoints;
    const quoted = await quoteLinesOf(tx, [quote.id]);
    const lines: TInvoiceLineInput[] =
      quoted.length > 0
        ? quoted.map((line) => ({
            description: line.description,
            quantity: Number(line.quantity_hundredths) / 100,
            unitPriceMinor: Number(line.unit_price_minor),
            taxRateBasisPoints: rate,
          }))
        : [
            {
              description: singleLineDescription(quote.scope),
              quantity: 1,
              unitPriceMinor: Number(quote.amount_minor),
              taxRateBasisPoints: rate,
            },
          ];
    const id = await insertDraft(tx, actor, {
      accountId: task.account_id,
      currency: quote.currency,
      priced: priceLines(lines, 0, quote.currency),
      issueDate: null,
      dueDate: input.dueDate ?? null,
      notes: input.notes ?? "",
      task: { id: task.id, number: task.number, summary: task.summary },
      reissueOf: null,
    });
    return invoiceDetail(ctx, tx, actor, id);
  });
}

/** The invoices in the actor's scope (a client's: their account's, never a draft). */
export async function listInvoices(ctx: AppContext, actor: Actor, query: TInvoiceListQuery): Promise<TInvoiceList> {
  const page = query.page ?? 1;
  const today = utcToday();
  const online = onlinePaymentsOn(ctx);
  const { rows, total } = await q.listVisibleInvoices(
    ctx.db,
    actor,
    { status: query.status ?? "all", accountId: query.accountId, taskId: query.taskId, kind: query.kind, today },
    { offset: (page - 1) * INVOICE_PAGE_SIZE, limit: INVOICE_PAGE_SIZE },
  );
  return {
    // Paying online does not depend on whether a void invoice was reissued: `false` is exact here.
    data: rows.map((row) => presentListItem(row, today, { payOnline: invoicePolicy(actor, factsOf(row, false), online).payOnline })),
    total,
    page,
    pageSize: INVOICE_PAGE_SIZE,
    policies: { create: actor.role !== "client" },
  };
}

export const getInvoice = (ctx: AppContext, actor: Actor, id: string) => invoiceDetail(ctx, ctx.db, actor, id);

/** "18 Dec 2026": a due date in an item's words (UTC, the day the invoice is compared on). */
const DAY_FORMAT = new Intl.DateTimeFormat("en-AU", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const dayText = (date: string) => DAY_FORMAT.format(new Date(`${date}T00:00:00.000Z`));

/**
 * Billing's next actions: for the client side, each sent or partially paid invoice waiting to be
 * paid (soonest due first, at most 20 — one indexed read). `dueAt` is the moment it turns overdue
 * (the day after its due date, 00:00 UTC) when that is past or within three days, so overdue
 * invoices top the list and the ones about to be are counted down; later ones wait in order.
 */
export async function billingNextActions(ctx: AppContext, actor: Actor, side: TNextActionSide): Promise<TNextAction[]> {
  if (side !== "client") return [];
  const rows = await q.dueInvoices(ctx.db, actor, NEXT_ACTIONS_LIMIT);
  const today = utcToday();
  const soon = addDays(today, 3);
  return rows.map((row) => {
    const { due } = moneyOf(row);
    const dueDate = row.due_date ?? today;
    const overdue = dueDate < today;
    const detail = `${formatMoney(due, row.currency, "en")} ${overdue ? "overdue since" : "due"} ${dayText(dueDate)}`;
    return {
      key: `invoice:${row.id}`,
      kind: "invoice",
      title: `Pay invoice ${row.reference ?? ""}`.trim(),
      detail,
      actionLabel: "Open the invoice",
      url: invoicePath(row.id),
      since: row.sent_at ?? row.created_at,
      ...(dueDate < soon ? { dueAt: `${addDays(dueDate, 1)}T00:00:00.000Z` } : {}),
      accountId: row.account_id,
      accountName: row.account_name,
    };
  });
}

import { type Insertable, type SqlBool, sql, type Updateable } from "kysely";
import type { TInvoiceKind, TInvoiceListFilter } from "../../../common/billing";
import type { Actor } from "../../platform/auth/sessions";
import type { Executor } from "../../platform/db/database";
import type { InvoiceLinesTable, InvoicePaymentsTable, InvoicesTable } from "../../platform/db/tables/billing";
import { accountScope } from "../../platform/policy";
import { joinablePeople } from "../accounts/queries";
import { joinableAccounts } from "../clients/queries";

/*
 * The billing module owns `invoices`, `invoice_lines` and `invoice_payments`. Names of people and
 * accounts come from the accounts and clients modules' joinable sources.
 *
 * AN INVOICE'S SCOPE (`invoiceScope`): its account's tenant scope, and for a client never a
 * draft — a draft is the agency's work in progress, a 404 for the client like anything outside
 * their account. Every read of invoices for a person goes through it.
 */

type Db = Executor;

/** The account's tenant scope; a client additionally never sees a draft. */
export function invoiceScope(actor: Actor) {
  const scope = accountScope(actor, "invoices.account_id");
  // Why: a client learns of an invoice when it is sent, never while the agency drafts it.
  return actor.role === "client" ? sql<SqlBool>`(${scope} and invoices.status <> 'draft')` : scope;
}

/** Every invoice column with the account's and the creator's names and the linked invoices' references. */
function invoicesWithNames(db: Db) {
  return db
    .selectFrom("invoices")
    .innerJoin(joinableAccounts(db).as("account"), "account.id", "invoices.account_id")
    .leftJoin(joinablePeople(db).as("creator"), "creator.id", "invoices.created_by")
    .leftJoin("invoices as credit_for", "credit_for.id", "invoices.credit_for_id")
    .leftJoin("invoices as reissue_of", "reissue_of.id", "invoices.reissue_of_id")
    .selectAll("invoices")
    .select([
      "account.name as account_name",
      "creator.name as creator_name",
      "creator.role as creator_role",
      "credit_for.reference as credit_for_reference",
      "reissue_of.reference as reissue_of_reference",
    ]);
}
export type InvoiceView = Awaited<ReturnType<ReturnType<typeof invoicesWithNames>["executeTakeFirstOrThrow"]>>;

/** One invoice in the actor's scope; undefined (→ 404) otherwise. */
export function findVisibleInvoice(db: Db, actor: Actor, id: string): Promise<InvoiceView | undefined> {
  return invoicesWithNames(db).where("invoices.id", "=", id).where(invoiceScope(actor)).executeTakeFirst();
}

/** One invoice by id, whatever the scope (the payment provider's webhook, jobs). */
export function findInvoice(db: Db, id: string): Promise<InvoiceView | undefined> {
  return invoicesWithNames(db).where("invoices.id", "=", id).executeTakeFirst();
}

/**
 * Holds the invoice's row until the transaction ends (a no-op update: the one row lock both
 * databases take the same way), so two payments, a payment and a void, or two sends of one
 * invoice run one after the other and each reads what the other wrote. Read the row after it.
 */
export async function lockInvoice(tx: Db, id: string): Promise<void> {
  await tx
    .updateTable("invoices")
    .set({ updated_at: sql.ref("updated_at") })
    .where("id", "=", id)
    .execute();
}

export interface InvoiceListFilter {
  status: TInvoiceListFilter;
  accountId?: string | undefined;
  taskId?: string | undefined;
  kind?: TInvoiceKind | undefined;
  today: string;
}

function filtered(db: Db, actor: Actor, filter: InvoiceListFilter) {
  let q = invoicesWithNames(db).where(invoiceScope(actor));
  switch (filter.status) {
    case "due":
      q = q.where("invoices.status", "in", ["sent", "partially_paid"]).where("invoices.kind", "=", "invoice");
      break;
    case "overdue":
      q = q
        .where("invoices.status", "in", ["sent", "partially_paid"])
        .where("invoices.kind", "=", "invoice")
        .where("invoices.due_date", "<", filter.today);
      break;
    case "draft":
    case "sent":
    case "paid":
    case "void":
      q = q.where("invoices.status", "=", filter.status);
      break;
    case "all":
      break;
    default: {
      const exhaustive: never = filter.status;
      throw new Error(`unknown invoice filter ${exhaustive}`);
    }
  }
  if (filter.accountId) q = q.where("invoices.account_id", "=", filter.accountId);
  if (filter.taskId) q = q.where("invoices.task_id", "=", filter.taskId);
  if (filter.kind) q = q.where("invoices.kind", "=", filter.kind);
  return q;
}

/** A page of invoices in the actor's scope: what is due soonest first for `due`/`overdue`, else newest first (a hot query: sql/snapshots). */
export function invoiceListQuery(db: Db, actor: Actor, filter: InvoiceListFilter, page: { offset: number; limit: number }) {
  const byDue = filter.status === "due" || filter.status === "overdue";
  const list = filtered(db, actor, filter);
  return (byDue ? list.orderBy("invoices.due_date").orderBy("invoices.id") : list.orderBy("invoices.id", "desc"))
    .limit(page.limit)
    .offset(page.offset);
}

export async function listVisibleInvoices(
  db: Db,
  actor: Actor,
  filter: InvoiceListFilter,
  page: { offset: number; limit: number },
): Promise<{ rows: InvoiceView[]; total: number }> {
  const [rows, total] = await Promise.all([
    invoiceListQuery(db, actor, filter, page).execute(),
    filtered(db, actor, filter)
      .clearSelect()
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Every invoice of the filter in the actor's scope, oldest first, at most `limit` (the CSV export). */
export function exportRows(db: Db, actor: Actor, filter: InvoiceListFilter, limit: number): Promise<InvoiceView[]> {
  return filtered(db, actor, filter).orderBy("invoices.id").limit(limit).execute();
}

/** The sent and partially paid invoices in the actor's scope, soonest due first (next actions; a hot query: sql/snapshots). */
export function dueInvoicesQuery(db: Db, actor: Actor, limit: number) {
  return invoicesWithNames(db)
    .where(invoiceScope(actor))
    .where("invoices.status", "in", ["sent", "partially_paid"])
    .where("invoices.kind", "=", "invoice")
    .orderBy("invoices.due_date")
    .orderBy("invoices.id")
    .limit(limit);
}

export const dueInvoices = (db: Db, actor: Actor, limit: number): Promise<InvoiceView[]> => dueInvoicesQuery(db, actor, limit).execute();

export async function insertInvoice(tx: Db, row: Insertable<InvoicesTable>): Promise<void> {
  await tx.insertInto("invoices").values(row).execute();
}

export async function updateInvoice(tx: Db, id: string, patch: Updateable<InvoicesTable>): Promise<void> {
  await tx.updateTable("invoices").set(patch).where("id", "=", id).execute();
}

/** Deletes a draft and its lines (only a draft: a numbered invoice is never deleted). Returns whether it was deleted. */
export async function deleteDraft(tx: Db, id: string): Promise<boolean> {
  await tx.deleteFrom("invoice_lines").where("invoice_id", "=", id).execute();
  const result = await tx.deleteFrom("invoices").where("id", "=", id).where("status", "=", "draft").executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Replaces an invoice's lines. */
export async function replaceLines(tx: Db, invoiceId: string, rows: InvoiceLinesTable[]): Promise<void> {
  await tx.deleteFrom("invoice_lines").where("invoice_id", "=", invoiceId).execute();
  if (rows.length > 0) await tx.insertInto("invoice_lines").values(rows).execute();
}

/** The lines of one invoice, in order. */
export function linesOf(db: Db, invoiceId: string) {
  return db.selectFrom("invoice_lines").selectAll().where("invoice_id", "=", invoiceId).orderBy("position").execute();
}
export type InvoiceLineRow = Awaited<ReturnType<typeof linesOf>>[number];

/** The payments and refunds of one invoice, oldest first, with who recorded them. */
export function paymentsOf(db: Db, invoiceId: string) {
  return db
    .selectFrom("invoice_payments")
    .leftJoin(joinablePeople(db).as("recorder"), "recorder.id", "invoice_payments.recorded_by")
    .select([
      "invoice_payments.id",
      "invoice_payments.kind",
      "invoice_payments.method",
      "invoice_payments.amount_minor",
      "invoice_payments.paid_on",
      "invoice_payments.reference",
      "invoice_payments.reason",
      "invoice_payments.recorded_by",
      "invoice_payments.recorded_at",
      "recorder.name as recorder_name",
      "recorder.role as recorder_role",
    ])
    .where("invoice_payments.invoice_id", "=", invoiceId)
    .orderBy("invoice_payments.id")
    .execute();
}
export type PaymentRow = Awaited<ReturnType<typeof paymentsOf>>[number];

export async function insertPayment(tx: Db, row: InvoicePaymentsTable): Promise<void> {
  await tx.insertInto("invoice_payments").values(row).execute();
}

/** Records an online payment unless its provider event is already recorded; returns whether this call wrote it. */
export async function insertPaymentOnce(tx: Db, row: InvoicePaymentsTable): Promise<boolean> {
  const result = await tx
    .insertInto("invoice_payments")
    .values(row)
    .onConflict((oc) => oc.column("provider_event_id").doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** The payment recorded for a provider event, if any (a webhook delivered again). */
export function paymentByProviderEvent(db: Db, providerEventId: string) {
  return db.selectFrom("invoice_payments").select(["id", "invoice_id"]).where("provider_event_id", "=", providerEventId).executeTakeFirst();
}

/** The credit notes issued against an invoice, oldest first. */
export function creditNotesOf(db: Db, invoiceId: string): Promise<InvoiceView[]> {
  return invoicesWithNames(db).where("invoices.credit_for_id", "=", invoiceId).orderBy("invoices.id").execute();
}

/** The invoice that reissued this void one, if any. */
export function reissueOf(db: Db, invoiceId: string) {
  return db
    .selectFrom("invoices")
    .select(["id", "kind", "reference"])
    .where("reissue_of_id", "=", invoiceId)
    .orderBy("id")
    .executeTakeFirst();
}

/** A task's invoice that is not void (a task is invoiced once, unless the invoice was voided). */
export function liveInvoiceOfTask(db: Db, taskId: string) {
  return db
    .selectFrom("invoices")
    .select(["id", "reference", "status"])
    .where("task_id", "=", taskId)
    .where("kind", "=", "invoice")
    .where("status", "<>", "void")
    .orderBy("id")
    .executeTakeFirst();
}

/** The highest number issued of a kind (null: none yet). */
export async function lastIssuedNumber(db: Db, kind: TInvoiceKind): Promise<number | null> {
  const row = await db
    .selectFrom("invoices")
    .select((eb) => eb.fn.max("number").as("n"))
    .where("kind", "=", kind)
    .executeTakeFirst();
  return row?.n === null || row?.n === undefined ? null : Number(row.n);
}

/** The counter's current value of a kind (the last number handed out or set), or undefined before any. */
export async function counterValue(db: Db, kind: string): Promise<number | undefined> {
  const row = await db.selectFrom("counters").select("value").where("kind", "=", kind).executeTakeFirst();
  return row ? Number(row.value) : undefined;
}

/**
 * Sets a counter so the next number it hands out is `next`: with the row held (the upsert locks
 * it, so a send in flight finishes first) — the caller has checked `next` is above every number
 * issued.
 */
export async function setCounter(tx: Db, kind: string, next: number): Promise<void> {
  await sql`
    insert into counters (kind, value) values (${kind}, ${next - 1})
    on conflict (kind) do update set value = ${next - 1}`.execute(tx);
}

/** Holds the counter's row (creating it at `first - 1` if missing) so the check and the change of the next number are one step. */
export async function lockCounter(tx: Db, kind: string, first: number): Promise<void> {
  await sql`
    insert into counters (kind, value) values (${kind}, ${first - 1})
    on conflict (kind) do update set value = counters.value`.execute(tx);
}

/** Per account and currency in the actor's scope: what is due and overdue on sent invoices. */
export function outstandingByAccount(db: Db, actor: Actor, today: string) {
  return db
    .selectFrom("invoices")
    .innerJoin(joinableAccounts(db).as("account"), "account.id", "invoices.account_id")
    .select([
      "invoices.account_id",
      "account.name as account_name",
      "invoices.currency",
      sql<number | string>`sum(invoices.total_minor - invoices.paid_minor - invoices.credited_minor)`.as("outstanding"),
      sql<
        number | string
      >`sum(case when invoices.due_date < ${today} then invoices.total_minor - invoices.paid_minor - invoices.credited_minor else 0 end)`.as(
        "overdue",
      ),
      sql<number | string>`count(*)`.as("due_count"),
      sql<number | string>`sum(case when invoices.due_date < ${today} then 1 else 0 end)`.as("overdue_count"),
    ])
    .where(accountScope(actor, "invoices.account_id"))
    .where("invoices.kind", "=", "invoice")
    .where("invoices.status", "in", ["sent", "partially_paid"])
    .groupBy(["invoices.account_id", "account.name", "invoices.currency"])
    .execute();
}

/** Per account and currency in the actor's scope: payments net of refunds dated in [from, to). */
export function paidByAccount(db: Db, actor: Actor, from: string, to: string) {
  return db
    .selectFrom("invoice_payments")
    .innerJoin("invoices", "invoices.id", "invoice_payments.invoice_id")
    .innerJoin(joinableAccounts(db).as("account"), "account.id", "invoice_payments.account_id")
    .select([
      "invoice_payments.account_id",
      "account.name as account_name",
      "invoices.currency",
      sql<
        number | string
      >`sum(case when invoice_payments.kind = 'refund' then -invoice_payments.amount_minor else invoice_payments.amount_minor end)`.as(
        "paid",
      ),
    ])
    .where(accountScope(actor, "invoice_payments.account_id"))
    .where("invoice_payments.paid_on", ">=", from)
    .where("invoice_payments.paid_on", "<", to)
    .groupBy(["invoice_payments.account_id", "account.name", "invoices.currency"])
    .execute();
}

/** Two client accounts merged: this module's rows of `fromId` now belong to `intoId`. */
export async function moveAccountInvoices(tx: Db, fromId: string, intoId: string): Promise<Record<string, number>> {
  const invoices = await tx.updateTable("invoices").set({ account_id: intoId }).where("account_id", "=", fromId).executeTakeFirst();
  const payments = await tx.updateTable("invoice_payments").set({ account_id: intoId }).where("account_id", "=", fromId).executeTakeFirst();
  return { invoices: Number(invoices.numUpdatedRows), invoicePayments: Number(payments.numUpdatedRows) };
}

/** The reminders already recorded for an invoice (its `invoice.reminder_sent` events), as { timing, days }. */
export async function remindersSent(db: Db, invoiceId: string): Promise<{ timing: unknown; days: unknown }[]> {
  const rows = await db
    .selectFrom("events")
    .select("payload")
    .where("object_type", "=", "invoice")
    .where("object_id", "=", invoiceId)
    .where("verb", "=", "invoice.reminder_sent")
    .execute();
  return rows.map((r) => {
    const payload = (typeof r.payload === "string" ? JSON.parse(r.payload) : r.payload) as { timing?: unknown; days?: unknown } | null;
    return { timing: payload?.timing, days: payload?.days };
  });
}

/** What the provider's payment (a Stripe payment intent) recorded: its payments' and refunds' totals, and the invoice. */
export async function providerPaymentTotals(
  db: Db,
  providerPaymentId: string,
): Promise<{ invoiceId: string | undefined; paidMinor: number; refundedMinor: number }> {
  const rows = await db
    .selectFrom("invoice_payments")
    .select(["invoice_id", "kind", (eb) => eb.fn.sum<number | string>("amount_minor").as("total")])
    .where("provider_payment_id", "=", providerPaymentId)
    .groupBy(["invoice_id", "kind"])
    .execute();
  const of = (kind: "payment" | "refund") => rows.filter((r) => r.kind === kind).reduce((sum, r) => sum + Number(r.total), 0);
  return { invoiceId: rows.find((r) => r.kind === "payment")?.invoice_id, paidMinor: of("payment"), refundedMinor: of("refund") };
}

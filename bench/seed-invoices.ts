import type { Insertable } from "kysely";
import { DEFAULT_BILLING_SETTINGS, invoiceNumberText, type TInvoiceStatus, type TPaymentMethod } from "../src/common/billing";
import { computeInvoiceTotals, type InvoiceMathLine } from "../src/common/invoice-math";
import type { Db } from "../src/server/platform/db/database";
import type { Database } from "../src/server/platform/db/schema";
import { newId } from "../src/server/platform/ids";
import { getSettings } from "../src/server/platform/settings";

export interface SeedInvoicesOptions {
  /** The account whose invoice list is measured: the first seeded client's. */
  accountId: string;
  /** Invoices of that account, every status. */
  invoices: number;
  /** Invoices in every other client account (alternately paid and due). */
  perOtherAccount: number;
}

export interface SeededInvoices {
  accountId: string;
  /** The measured account's invoices per stored status. */
  statuses: Record<TInvoiceStatus, number>;
  /** Invoices seeded in all, the measured account's included. */
  invoices: number;
  lines: number;
  payments: number;
  /** The last number issued (the counter's value); the next send gets the one after. */
  lastNumber: number;
  seconds: number;
}

/** The measured account's mix: of 5,000, ~4,000 paid, 600 due, 250 partially paid, 100 void, 50 drafts. */
const MIX: [TInvoiceStatus, number][] = [
  ["paid", 0.8],
  ["sent", 0.12],
  ["partially_paid", 0.05],
  ["void", 0.02],
  ["draft", 0.01],
];

const WORK = [
  { description: "Website care plan (monthly)", unitPriceMinor: 14_900, quantities: [100] },
  { description: "Design and build: landing page", unitPriceMinor: 120_000, quantities: [100] },
  { description: "Content updates (hours)", unitPriceMinor: 9_500, quantities: [50, 100, 150, 225, 300] },
  { description: "Hosting and domain renewal", unitPriceMinor: 24_000, quantities: [100] },
  { description: "Search engine optimisation audit", unitPriceMinor: 45_000, quantities: [100] },
  { description: "Photography for the team page (hours)", unitPriceMinor: 12_500, quantities: [200, 350] },
  { description: "Email newsletter template", unitPriceMinor: 38_000, quantities: [100] },
  { description: "Bug fixing (hours)", unitPriceMinor: 9_500, quantities: [25, 75, 125] },
];
const METHODS: TPaymentMethod[] = ["bank_transfer", "bank_transfer", "bank_transfer", "card_in_person", "stripe", "cash"];
const VOID_REASONS = ["Issued to the wrong account", "Duplicate of another invoice", "The work was cancelled before it started"];
/** Tax in basis points, as the agency sets it per line (10 % GST; some lines zero-rated). */
const TAX_RATES = [1000, 1000, 1000, 0];

const DAY = 24 * 3600 * 1000;
/** The measured account's invoices are spread over this much history, oldest first. */
const HISTORY_DAYS = 3 * 365;
const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);

/**
 * Interleaves the mix so every stretch of history has its share of each status: position k
 * takes the status furthest behind its target, so the counts come out exact (drafts excepted:
 * they are the newest invoices, not yet sent).
 */
function statusSequence(total: number): TInvoiceStatus[] {
  const drafts = Math.round(total * MIX.find(([s]) => s === "draft")![1]);
  const numbered = MIX.filter(([s]) => s !== "draft");
  const share = numbered.reduce((sum, [, p]) => sum + p, 0);
  const sent = total - drafts;
  const placed = new Map<TInvoiceStatus, number>(numbered.map(([s]) => [s, 0]));
  const out: TInvoiceStatus[] = [];
  for (let k = 0; k < sent; k++) {
    let best: TInvoiceStatus = "paid";
    let behind = Number.NEGATIVE_INFINITY;
    for (const [status, p] of numbered) {
      const lag = ((k + 1) * p) / share - placed.get(status)!;
      if (lag > behind) {
        behind = lag;
        best = status;
      }
    }
    placed.set(best, placed.get(best)! + 1);
    out.push(best);
  }
  return [...out, ...Array<TInvoiceStatus>(drafts).fill("draft")];
}

interface Planned {
  accountId: string;
  status: TInvoiceStatus;
  createdMs: number;
  /** Picks its lines, discount and payments, so two runs seed the same invoices. */
  k: number;
}

/**
 * Billing history: `invoices` invoices for one client account (a mix of paid, due, partially
 * paid, void and a few drafts over three years, 1–5 lines each, payments for the paid and
 * partially paid ones) and `perOtherAccount` in every other account. The rows are what the
 * service writes (service.ts insertDraft/sendInTransaction, payments.ts applyMoney, voidInvoice):
 * totals by src/common/invoice-math.ts, numbers 1001… consecutive in send order over the whole
 * agency, drafts unnumbered, and the `invoice` counter set to the last number issued. No events
 * or reminder jobs are written (the tasks' seed writes none either): the other scenarios measure
 * the usual timeline.
 */
export async function seedInvoices(db: Db, options: SeedInvoicesOptions): Promise<SeededInvoices> {
  const started = Date.now();
  const settings = await getSettings(db);
  const staff = await db.selectFrom("users").select(["id", "role"]).where("role", "in", ["admin", "agent"]).orderBy("id").execute();
  const admin = staff.find((u) => u.role === "admin")?.id;
  if (!admin) throw new Error("seedInvoices: no admin seeded");
  const accounts = await db.selectFrom("client_accounts").select("id").orderBy("id").execute();
  // seed.ts assigns account i to agent i % agents; whoever works the account drafts its invoices.
  const agentOf = new Map(
    (await db.selectFrom("account_agents").select(["account_id", "user_id"]).execute()).map((a) => [a.account_id, a.user_id]),
  );

  const now = Date.now();
  const planned: Planned[] = [];
  const statuses = statusSequence(options.invoices);
  const step = (HISTORY_DAYS * DAY) / Math.max(1, options.invoices);
  statuses.forEach((status, k) => {
    planned.push({ accountId: options.accountId, status, createdMs: Math.floor(now - HISTORY_DAYS * DAY + k * step), k });
  });
  accounts.forEach(({ id }, a) => {
    if (id === options.accountId) return;
    for (let j = 0; j < options.perOtherAccount; j++) {
      // An older paid invoice and a recent one still due, spread so the agency's sequence interleaves accounts.
      const due = j % 2 === 1;
      const ageDays = due ? 2 + ((a * 7 + j) % 25) : 40 + ((a * 13 + j) % 600);
      planned.push({ accountId: id, status: due ? "sent" : "paid", createdMs: Math.floor(now - ageDays * DAY - a * 1000), k: a * 31 + j });
    }
  });
  planned.sort((x, y) => x.createdMs - y.createdMs);

  const invoices: Insertable<Database["invoices"]>[] = [];
  const lines: Insertable<Database["invoice_lines"]>[] = [];
  const payments: Insertable<Database["invoice_payments"]>[] = [];
  const counts = Object.fromEntries(MIX.map(([s]) => [s, 0])) as Record<TInvoiceStatus, number>;
  let number = DEFAULT_BILLING_SETTINGS.nextInvoiceNumber - 1;
  for (const plan of planned) {
    const { k, status, createdMs } = plan;
    if (plan.accountId === options.accountId) counts[status]++;
    const author = agentOf.get(plan.accountId) ?? admin;
    const picked = Array.from({ length: 1 + (k % 5) }, (_, n) => {
      const work = WORK[(k + n * 3) % WORK.length]!;
      return { work, quantity: work.quantities[(k + n) % work.quantities.length]!, rate: TAX_RATES[(k + n) % TAX_RATES.length]! };
    });
    const mathLines: InvoiceMathLine[] = picked.map((p) => ({
      quantityHundredths: p.quantity,
      unitPriceMinor: p.work.unitPriceMinor,
      taxRateBasisPoints: p.rate,
    }));
    const undiscounted = computeInvoiceTotals(mathLines, 0);
    if (!undiscounted.ok) throw new Error("seedInvoices: lines without a subtotal");
    // One invoice in ten has a loyalty discount of 5 % of its subtotal.
    const discount = k % 10 === 3 ? Math.floor(undiscounted.totals.subtotalMinor / 20) : 0;
    const priced = computeInvoiceTotals(mathLines, discount);
    if (!priced.ok) throw new Error("seedInvoices: a discount above the subtotal");
    const { totals } = priced;

    const id = newId(createdMs);
    const draft = status === "draft";
    // Sent the day after it was drafted (a draft, not yet); due after the payment terms.
    const sentMs = draft ? null : Math.min(now - 60_000, createdMs + DAY);
    const issueDate = sentMs === null ? null : day(sentMs);
    const dueMs = sentMs === null ? null : sentMs + settings.paymentTermsDays * DAY;
    if (!draft) number++;

    // Payments: a paid invoice in one payment, or (one in four) a deposit and the rest; a
    // partially paid one has its deposit only (40 %). Each received before today, after sending.
    const paid: { amount: number; atMs: number }[] = [];
    if ((status === "paid" || status === "partially_paid") && sentMs !== null && dueMs !== null) {
      const received = (ms: number) => Math.min(now - 30_000, Math.max(sentMs, ms));
      const payBy = dueMs + ((k % 9) - 4) * DAY;
      const firstMs = received(Math.min(payBy, sentMs + ((k % 6) + 1) * DAY));
      const deposit = Math.floor((totals.totalMinor * 2) / 5);
      if (status === "partially_paid") paid.push({ amount: deposit, atMs: firstMs });
      else if (k % 4 === 1 && deposit > 0) {
        paid.push({ amount: deposit, atMs: firstMs });
        paid.push({ amount: totals.totalMinor - deposit, atMs: received(Math.max(firstMs + 3600_000, payBy)) });
      } else paid.push({ amount: totals.totalMinor, atMs: received(payBy) });
    }
    paid.forEach((p, n) => {
      const method = METHODS[(k + n) % METHODS.length]!;
      const paymentId = newId(p.atMs);
      const online = method === "stripe";
      payments.push({
        id: paymentId,
        invoice_id: id,
        account_id: plan.accountId,
        kind: "payment",
        method,
        amount_minor: p.amount,
        paid_on: day(p.atMs),
        reference: online ? `pi_bench_${paymentId.slice(-12)}` : method === "bank_transfer" ? `EFT ${100_000 + k * 7 + n}` : null,
        reason: null,
        provider_event_id: online ? `evt_bench_${paymentId}` : null,
        provider_payment_id: online ? `pi_bench_${paymentId.slice(-12)}` : null,
        // The webhook records an online payment (no person); an admin records the rest by hand.
        recorded_by: online ? null : admin,
        recorded_at: iso(p.atMs),
      });
    });
    const paidMinor = paid.reduce((sum, p) => sum + p.amount, 0);
    const lastPaidMs = paid.length > 0 ? paid[paid.length - 1]!.atMs : null;
    const voidedMs = status === "void" && sentMs !== null ? Math.min(now - 60_000, sentMs + 2 * DAY) : null;
    const updatedMs = Math.max(createdMs, sentMs ?? 0, lastPaidMs ?? 0, voidedMs ?? 0);

    invoices.push({
      id,
      kind: "invoice",
      account_id: plan.accountId,
      number: draft ? null : number,
      reference: draft ? null : invoiceNumberText(settings.invoicePrefix, number),
      status,
      currency: settings.defaultCurrency,
      issue_date: issueDate,
      due_date: dueMs === null ? null : day(dueMs),
      subtotal_minor: totals.subtotalMinor,
      discount_minor: totals.discountMinor,
      tax_minor: totals.taxMinor,
      total_minor: totals.totalMinor,
      paid_minor: paidMinor,
      credited_minor: 0,
      notes: k % 3 === 0 ? "Payment by bank transfer to the account on the invoice, please quote the invoice number." : "",
      void_reason: voidedMs === null ? null : VOID_REASONS[k % VOID_REASONS.length]!,
      credit_reason: null,
      credit_for_id: null,
      reissue_of_id: null,
      task_id: null,
      task_number: null,
      task_summary: null,
      created_by: author,
      created_at: iso(createdMs),
      updated_at: iso(updatedMs),
      sent_at: sentMs === null ? null : iso(sentMs),
      sent_by: sentMs === null ? null : author,
      paid_at: status === "paid" && lastPaidMs !== null ? iso(lastPaidMs) : null,
      voided_at: voidedMs === null ? null : iso(voidedMs),
      voided_by: voidedMs === null ? null : admin,
    });
    totals.lines.forEach((line, position) => {
      lines.push({
        id: newId(createdMs),
        invoice_id: id,
        position,
        description: picked[position]!.work.description,
        quantity_hundredths: mathLines[position]!.quantityHundredths,
        unit_price_minor: mathLines[position]!.unitPriceMinor,
        tax_rate_bp: mathLines[position]!.taxRateBasisPoints,
        amount_minor: line.amountMinor,
        discount_minor: line.discountMinor,
        tax_minor: line.taxMinor,
        total_minor: line.totalMinor,
      });
    });
  }

  await db.transaction().execute(async (tx) => {
    // ~30 columns a row: 300 rows stay under both databases' bound-parameter limits.
    for (let i = 0; i < invoices.length; i += 300)
      await tx
        .insertInto("invoices")
        .values(invoices.slice(i, i + 300))
        .execute();
    for (let i = 0; i < lines.length; i += 500)
      await tx
        .insertInto("invoice_lines")
        .values(lines.slice(i, i + 500))
        .execute();
    for (let i = 0; i < payments.length; i += 500)
      await tx
        .insertInto("invoice_payments")
        .values(payments.slice(i, i + 500))
        .execute();
    // What nextNumber would hold after these sends: the next send gets the number after.
    if (number >= DEFAULT_BILLING_SETTINGS.nextInvoiceNumber)
      await tx.insertInto("counters").values({ kind: "invoice", value: number }).execute();
  });
  return {
    accountId: options.accountId,
    statuses: counts,
    invoices: invoices.length,
    lines: lines.length,
    payments: payments.length,
    lastNumber: number,
    seconds: (Date.now() - started) / 1000,
  };
}

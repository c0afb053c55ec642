/**
 * An invoice's totals, in exact integer arithmetic (BigInt inside, safe integers out). The one
 * statement of the rounding rule; the server stores what this computes and the web app previews
 * a draft with the same function.
 *
 * The rule:
 *   1. Each line's amount (net) = round half up of quantity × unit price (`lineAmountMinor`).
 *   2. subtotal = the sum of the lines' amounts.
 *   3. The invoice discount is taken before tax and shared among the lines in proportion to their
 *      amounts, by largest remainder: each line first gets floor(discount × amount / subtotal), then
 *      the minor units left over go one each to the lines with the largest remainders (the earlier
 *      line on a tie), so the shares always add up to the discount exactly.
 *   4. Each line's tax = round half up of (amount − its discount share) × rate / 10000 (rate in
 *      basis points); the invoice's tax is the sum of the lines' taxes (tax is rounded per line).
 *   5. total = subtotal − discount + tax.
 * A discount larger than the subtotal is refused.
 */
import { lineAmountMinor } from "./money";

export interface InvoiceMathLine {
  quantityHundredths: number;
  unitPriceMinor: number;
  taxRateBasisPoints: number;
}

export interface LineTotals {
  amountMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
}

export interface InvoiceTotals {
  lines: LineTotals[];
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
}

export type InvoiceMathResult = { ok: true; totals: InvoiceTotals } | { ok: false; reason: "discount_exceeds_subtotal" };

/**
 * Shares `amount` among `weights` in proportion, by largest remainder: the shares sum to `amount`
 * exactly. All weights 0 (or none): everything is 0 (the caller refuses a positive amount there).
 */
export function allocateProRata(amount: number, weights: readonly number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + BigInt(weight), 0n);
  if (total === 0n) return weights.map(() => 0);
  const whole = BigInt(amount);
  const shares = weights.map((weight) => (whole * BigInt(weight)) / total);
  const remainders = weights.map((weight, index) => ({ index, remainder: (whole * BigInt(weight)) % total }));
  let left = whole - shares.reduce((sum, share) => sum + share, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (left <= 0n) break;
    shares[index] = (shares[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return shares.map(Number);
}

/** round half up of amount × rate / 10000, for amount ≥ 0. */
export function lineTaxMinor(taxableMinor: number, taxRateBasisPoints: number): number {
  return Number((BigInt(taxableMinor) * BigInt(taxRateBasisPoints) + 5000n) / 10000n);
}

/** The totals of lines with an invoice-level discount (see the rule above). */
export function computeInvoiceTotals(lines: readonly InvoiceMathLine[], discountMinor = 0): InvoiceMathResult {
  const amounts = lines.map((line) => lineAmountMinor(line.quantityHundredths, line.unitPriceMinor));
  const subtotalMinor = amounts.reduce((sum, amount) => sum + amount, 0);
  if (discountMinor > subtotalMinor) return { ok: false, reason: "discount_exceeds_subtotal" };
  const shares = allocateProRata(discountMinor, amounts);
  const lineTotals = lines.map((line, index): LineTotals => {
    const amountMinor = amounts[index] ?? 0;
    const share = shares[index] ?? 0;
    const taxMinor = lineTaxMinor(amountMinor - share, line.taxRateBasisPoints);
    return { amountMinor, discountMinor: share, taxMinor, totalMinor: amountMinor - share + taxMinor };
  });
  const taxMinor = lineTotals.reduce((sum, line) => sum + line.taxMinor, 0);
  return {
    ok: true,
    totals: { lines: lineTotals, subtotalMinor, discountMinor, taxMinor, totalMinor: subtotalMinor - discountMinor + taxMinor },
  };
}

/** What is left to pay: total − payments net of refunds − credit notes, never below 0. */
export function amountDueMinor(totalMinor: number, paidNetMinor: number, creditedMinor: number): number {
  return Math.max(0, totalMinor - paidNetMinor - creditedMinor);
}

/**
 * The stored status of a sent invoice after money moved: nothing left due → paid; else some paid
 * net of refunds → partially_paid; else sent. (A credit note lowers the amount due but is not a
 * payment: it can complete an invoice to paid, never make it "partially paid" by itself.)
 */
export function settledStatus(totalMinor: number, paidNetMinor: number, creditedMinor: number): "sent" | "partially_paid" | "paid" {
  if (amountDueMinor(totalMinor, paidNetMinor, creditedMinor) === 0) return "paid";
  return paidNetMinor > 0 ? "partially_paid" : "sent";
}

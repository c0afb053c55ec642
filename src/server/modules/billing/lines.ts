import { MAX_INVOICE_MINOR, type TInvoiceLineInput } from "../../../common/billing";
import { computeInvoiceTotals, type InvoiceTotals } from "../../../common/invoice-math";
import { formatMoney, quantityHundredths } from "../../../common/money";
import type { InvoiceLinesTable } from "../../platform/db/tables/billing";
import { validation } from "../../platform/errors";
import { newId } from "../../platform/ids";

/** Lines checked and priced, ready to store; the totals the invoice row keeps. */
export interface PricedLines {
  rows: (invoiceId: string) => InvoiceLinesTable[];
  totals: InvoiceTotals;
}

/**
 * Checks each line (a description that is not blank, a quantity with at most 2 decimals, an amount
 * within bounds) and prices them with the invoice's discount by the one rule (common/invoice-math.ts).
 * Every refusal is a 400 naming the field (`lines.2.quantity`, `discountMinor`).
 */
export function priceLines(lines: readonly TInvoiceLineInput[], discountMinor: number, currency: string): PricedLines {
  const checked = lines.map((line, index) => {
    const description = line.description.trim();
    if (!description) throw validation(`lines.${index}.description`, `Line ${index + 1} needs a description.`);
    const hundredths = quantityHundredths(line.quantity);
    if (hundredths === undefined) {
      throw validation(`lines.${index}.quantity`, `Line ${index + 1}'s quantity must be more than 0, with at most 2 decimals (e.g. 1.5).`);
    }
    return {
      description,
      quantityHundredths: hundredths,
      unitPriceMinor: line.unitPriceMinor,
      taxRateBasisPoints: line.taxRateBasisPoints ?? 0,
    };
  });
  const result = computeInvoiceTotals(checked, discountMinor);
  if (!result.ok) {
    const subtotal = computeInvoiceTotals(checked, 0);
    const text = subtotal.ok ? formatMoney(subtotal.totals.subtotalMinor, currency, "en") : "the subtotal";
    throw validation("discountMinor", `The discount is more than the lines add up to (${text}).`);
  }
  const { totals } = result;
  totals.lines.forEach((line, index) => {
    if (line.amountMinor > MAX_INVOICE_MINOR) {
      throw validation(
        `lines.${index}.unitPriceMinor`,
        `Line ${index + 1} comes to more than ${formatMoney(MAX_INVOICE_MINOR, currency, "en")}.`,
      );
    }
  });
  if (totals.totalMinor > MAX_INVOICE_MINOR) {
    throw validation("lines", `The invoice comes to more than ${formatMoney(MAX_INVOICE_MINOR, currency, "en")}: split it.`);
  }
  return {
    totals,
    rows: (invoiceId) =>
      checked.map((line, index) => {
        const priced = totals.lines[index];
        if (!priced) throw new Error("priceLines: a line was not priced");
        return {
          id: newId(),
          invoice_id: invoiceId,
          position: index,
          description: line.description,
          quantity_hundredths: line.quantityHundredths,
          unit_price_minor: line.unitPriceMinor,
          tax_rate_bp: line.taxRateBasisPoints,
          amount_minor: priced.amountMinor,
          discount_minor: priced.discountMinor,
          tax_minor: priced.taxMinor,
          total_minor: priced.totalMinor,
        };
      }),
  };
}

/** The totals columns of an invoice row. */
export const totalsColumns = (totals: InvoiceTotals) => ({
  subtotal_minor: totals.subtotalMinor,
  discount_minor: totals.discountMinor,
  tax_minor: totals.taxMinor,
  total_minor: totals.totalMinor,
});

/** "2026-12-04" + 14 → "2026-12-18" (calendar days, UTC). */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00.000Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/** A date the schema let through ("YYYY-MM-DD" shaped) that is also a real day (not 2026-02-30). */
export function assertRealDate(field: string, date: string | null | undefined): void {
  if (date === null || date === undefined) return;
  const at = new Date(`${date}T00:00:00.000Z`);
  if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== date)
    throw validation(field, `${date} is not a day of the calendar.`);
}

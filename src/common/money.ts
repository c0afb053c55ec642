/** Money is integer minor units with an ISO 4217 currency code; these turn it into words and back. */

/**
 * Why cached: building an Intl.NumberFormat costs tens of microseconds, and a list of invoices
 * formats every amount; the (locale, currency) pairs in use are few.
 */
const formats = new Map<string, Intl.NumberFormat | null>();
const digitsOf = new Map<string, number>();

/** How many minor units a currency has after the decimal point (JPY 0, AUD 2, BHD 3). */
export function minorDigits(currency: string): number {
  let digits = digitsOf.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    if (digitsOf.size < 500) digitsOf.set(currency, digits);
  }
  return digits;
}

function currencyFormat(currency: string, locale: string | undefined, digits: number): Intl.NumberFormat | null {
  const key = `${locale ?? ""} ${currency}`;
  let format = formats.get(key);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat(locale, { style: "currency", currency, minimumFractionDigits: digits });
    } catch {
      format = null;
    }
    // Bounded: locales come from requests (Accept-Language).
    if (formats.size < 500) formats.set(key, format);
  }
  return format;
}

/** 125000 AUD → "A$1,250.00" (in the viewer's locale when one is given). */
export function formatMoney(amountMinor: number, currency: string, locale?: string): string {
  const digits = minorDigits(currency);
  const amount = amountMinor / 10 ** digits;
  return currencyFormat(currency, locale, digits)?.format(amount) ?? `${currency} ${amount.toFixed(digits)}`;
}

/** "1,250.5" → 125050 for AUD; undefined when it is not an amount (negative, too precise, not a number). */
export function parseMoney(text: string, currency: string): number | undefined {
  const cleaned = text.replace(/[\s,]/g, "");
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return undefined;
  const digits = minorDigits(currency);
  const [whole, fraction = ""] = cleaned.split(".");
  if (fraction.length > digits) return undefined;
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/**
 * A quantity of a quote line in hundredths (1.5 → 150), or undefined when it is not more than 0
 * with at most 2 decimals. Quantities travel as JSON numbers; hundredths keep the sums exact.
 */
export function quantityHundredths(quantity: number): number | undefined {
  if (!Number.isFinite(quantity) || quantity <= 0) return undefined;
  const hundredths = Math.round(quantity * 100);
  // 0.07 * 100 is 7.000000000000001: a small tolerance, but 1.005 (three decimals) is refused.
  if (Math.abs(quantity * 100 - hundredths) > 1e-6 || hundredths <= 0 || !Number.isSafeInteger(hundredths)) return undefined;
  return hundredths;
}

/** One line's amount: round(quantity × unit price), half up, in exact integer arithmetic. */
export function lineAmountMinor(quantityInHundredths: number, unitPriceMinor: number): number {
  const product = BigInt(quantityInHundredths) * BigInt(unitPriceMinor);
  return Number((product + 50n) / 100n);
}

/** "1.5" → 1.5 for a quote line's quantity; undefined unless more than 0 with at most 2 decimals. */
export function parseQuantity(text: string): number | undefined {
  const cleaned = text.replace(/[\s,]/g, "");
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return undefined;
  const quantity = Number(cleaned);
  return quantityHundredths(quantity) === undefined ? undefined : quantity;
}

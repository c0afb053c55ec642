/** Billing's words and numbers as people read them: statuses, money in the viewer's locale, tax rates, quantities. */
import {
  CREDIT_NOTE_STATUS_LABEL,
  INVOICE_STATUS_LABELS,
  MAX_TAX_RATE_BASIS_POINTS,
  type TInvoiceDisplayStatus,
  type TInvoiceKind,
} from "../../../common/billing";
import { formatMoney } from "../../../common/money";

/** The viewer's own locale (the browser's), so A$1,250.00 reads as 1.250,00 A$ to a German reader. */
const viewerLocale = (): string | undefined => (typeof navigator === "undefined" ? undefined : navigator.language || undefined);

/** 125000 AUD → "A$1,250.00" in the viewer's locale. */
export const money = (amountMinor: number, currency: string): string => formatMoney(amountMinor, currency, viewerLocale());

export const STATUS_COLORS: Record<TInvoiceDisplayStatus, string> = {
  draft: "gray",
  sent: "blue",
  partially_paid: "violet",
  overdue: "red",
  paid: "green",
  void: "gray",
};

/** "Due", "Overdue", "Paid"…; a credit note is "Issued". */
export function statusLabel(kind: TInvoiceKind, status: TInvoiceDisplayStatus): string {
  return kind === "credit_note" && status !== "void" ? CREDIT_NOTE_STATUS_LABEL : INVOICE_STATUS_LABELS[status];
}

/** "INV-1001", or "Draft" before it is sent. */
export const invoiceTitle = (invoice: { number: string | null; kind: TInvoiceKind }): string =>
  invoice.number ?? (invoice.kind === "credit_note" ? "Credit note" : "Draft");

/** 1000 basis points → "10%"; 1250 → "12.5%". */
export const taxRateText = (basisPoints: number): string =>
  `${(basisPoints / 100).toLocaleString(viewerLocale(), { maximumFractionDigits: 2 })}%`;

/** "10" or "12.5" (a percentage as typed) → basis points; undefined unless 0–100 with at most 2 decimals. */
export function parseTaxRate(text: string): number | undefined {
  const cleaned = text.replace(/[\s%]/g, "");
  if (cleaned === "") return 0;
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return undefined;
  const [whole = "0", fraction = ""] = cleaned.split(".");
  const basisPoints = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return basisPoints <= MAX_TAX_RATE_BASIS_POINTS ? basisPoints : undefined;
}

/** Basis points → the percentage as the editor shows it ("10", "12.5"). */
export const taxRateInput = (basisPoints: number): string => String(basisPoints / 100);

/** 1.5 → "1.5" in the viewer's locale. */
export const quantityText = (quantity: number): string => quantity.toLocaleString(viewerLocale(), { maximumFractionDigits: 2 });

/** Minor units → the amount as an input shows it ("1250.00"), in plain digits the parser reads back. */
export function moneyInput(amountMinor: number, digits: number): string {
  return digits === 0 ? String(amountMinor) : (amountMinor / 10 ** digits).toFixed(digits);
}

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/**
 * A calendar date ("2026-12-18": issue, due, received) as the viewer writes it. Read as that day
 * itself, never as UTC midnight: west of Greenwich that would show the day before.
 */
export function formatDay(day: string | null | undefined): string {
  if (!day) return "—";
  const [y, m, d] = day.slice(0, 10).split("-").map(Number);
  return y && m && d ? dayFormat.format(new Date(y, m - 1, d)) : day;
}

import { displayStatusOf, INVOICE_STATUS_LABELS, PAYMENT_METHOD_LABELS, utcToday } from "../../../common/billing";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import { notFound } from "../../platform/errors";
import { type MailAttachment, mailAttachment } from "../../platform/mail";
import { getSettings } from "../../platform/settings";
import { activeClientContacts } from "../accounts/queries";
import { readAgencyFile } from "../files/service";
import { type InvoicePdfInput, type InvoicePdfKind, renderInvoicePdf } from "./pdf";
import { moneyOf } from "./presenters";
import * as q from "./queries";
import { loadVisible } from "./service";

/*
 * An invoice's documents: the invoice (or credit note) and its receipt as PDFs (pdf.ts renders
 * them), for the download routes and the emails' attachments. The agency's side comes from
 * Settings → Branding (name, accent colour, logo, support email and phone) and billing's tax id.
 */

/** Only these logo types are drawn (pdfkit reads PNG and JPEG); any other is left out. */
const PDF_LOGO_TYPES = new Set(["image/png", "image/jpeg"]);

/** The first language tag of an Accept-Language header that Intl knows, else "en". */
export function localeOf(acceptLanguage: string | undefined): string {
  const first = acceptLanguage?.split(",")[0]?.split(";")[0]?.trim();
  if (!first || first === "*") return "en";
  try {
    return Intl.getCanonicalLocales(first)[0] ?? "en";
  } catch {
    return "en";
  }
}

/** "INV-1001.pdf", "CN-1001.pdf", "Receipt-INV-1001.pdf"; a draft has no number: "Draft-invoice.pdf". */
export function pdfFileName(row: Pick<q.InvoiceView, "reference">, kind: InvoicePdfKind): string {
  const base = row.reference ?? "Draft-invoice";
  return kind === "receipt" ? `Receipt-${base}.pdf` : `${base}.pdf`;
}

/** What pdf.ts needs of one invoice, read in `db` (a transaction's, for an email queued inside it). */
async function pdfInputOf(
  ctx: Pick<AppContext, "storage">,
  db: Executor,
  row: q.InvoiceView,
  kind: InvoicePdfKind,
  locale: string,
): Promise<InvoicePdfInput> {
  const [settings, lines, payments, contacts] = await Promise.all([
    getSettings(db),
    q.linesOf(db, row.id),
    q.paymentsOf(db, row.id),
    activeClientContacts(db, row.account_id),
  ]);
  const logoFile = settings.logoFileId ? await readAgencyFile(db, ctx.storage, settings.logoFileId) : undefined;
  const money = moneyOf(row);
  const today = utcToday();
  const contact = contacts[0];
  const lastPayment = payments.at(-1);
  return {
    kind,
    number: row.reference ?? "Draft",
    statusLabel: INVOICE_STATUS_LABELS[displayStatusOf({ status: row.status, dueDate: row.due_date }, today)],
    // A receipt is dated by the last money that moved; an invoice by its issue (a draft's: today).
    issueDate: kind === "receipt" && lastPayment ? lastPayment.paid_on : (row.issue_date ?? today),
    dueDate: row.due_date,
    currency: row.currency,
    locale,
    agency: {
      name: settings.agencyName,
      addressLines: [],
      taxId: settings.agencyTaxId,
      email: settings.supportEmail,
      phone: settings.supportPhone,
      logo: logoFile && PDF_LOGO_TYPES.has(logoFile.contentType) ? logoFile.bytes : null,
      accentColor: settings.accentColor,
    },
    billTo: { accountName: row.account_name, contactName: contact?.name ?? "", email: contact?.email ?? "" },
    lines: lines.map((line) => ({
      description: line.description,
      quantityHundredths: Number(line.quantity_hundredths),
      unitPriceMinor: Number(line.unit_price_minor),
      taxRateBasisPoints: line.tax_rate_bp,
      netMinor: Number(line.amount_minor),
      taxMinor: Number(line.tax_minor),
    })),
    subtotalMinor: Number(row.subtotal_minor),
    discountMinor: Number(row.discount_minor),
    taxMinor: Number(row.tax_minor),
    totalMinor: money.total,
    paidMinor: money.paid,
    dueMinor: money.due,
    notes: row.notes,
    // A refund is money going back: it shows as a negative row.
    payments: payments.map((p) => ({
      date: p.paid_on,
      methodLabel: p.kind === "refund" ? `Refund (${PAYMENT_METHOD_LABELS[p.method]})` : PAYMENT_METHOD_LABELS[p.method],
      reference: p.reference ?? "",
      amountMinor: p.kind === "refund" ? -Number(p.amount_minor) : Number(p.amount_minor),
    })),
    creditNoteFor: row.kind === "credit_note" ? row.credit_for_reference : null,
  };
}

/**
 * The invoice's PDF, or its receipt's, for someone who may see the invoice (the scope: another
 * account's, and for a client a draft, is a 404). A receipt exists once money moved on it.
 */
export async function invoicePdfFor(
  ctx: AppContext,
  actor: Actor,
  id: string,
  kind: "document" | "receipt",
  locale: string,
): Promise<{ bytes: Buffer; fileName: string }> {
  const row = await loadVisible(ctx.db, actor, id);
  const pdfKind: InvoicePdfKind = kind === "receipt" ? "receipt" : row.kind;
  if (pdfKind === "receipt" && (row.kind !== "invoice" || (await q.paymentsOf(ctx.db, id)).length === 0)) throw notFound("Receipt");
  const bytes = await renderInvoicePdf(await pdfInputOf(ctx, ctx.db, row, pdfKind, locale));
  return { bytes, fileName: pdfFileName(row, pdfKind) };
}

/**
 * The PDF an email about the invoice carries, made in the event's transaction: the invoice when
 * it is sent, the receipt when money is recorded. None when the invoice is gone.
 */
export async function invoicePdfAttachment(
  ctx: Pick<AppContext, "storage">,
  tx: Executor,
  invoiceId: string,
  kind: "invoice" | "receipt",
): Promise<MailAttachment[]> {
  const row = await q.findInvoice(tx, invoiceId);
  if (!row) return [];
  const pdfKind: InvoicePdfKind = kind === "receipt" ? "receipt" : row.kind;
  const bytes = await renderInvoicePdf(await pdfInputOf(ctx, tx, row, pdfKind, "en"));
  return [mailAttachment(pdfFileName(row, pdfKind), "application/pdf", bytes)];
}

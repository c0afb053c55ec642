import { formatMoney } from "../../../common/money";

/*
 * The invoice, credit note and receipt as a PDF (A4, pdfkit's built-in Helvetica). Plain data in,
 * bytes out: the billing module maps its rows and the agency's branding (Settings → Branding:
 * name, accent colour, logo file, support email/phone/address) to InvoicePdfInput. The same input
 * always gives the same bytes: the creation date comes from the issue date, and pdfkit derives the
 * file ID from the document info.
 */

export type InvoicePdfKind = "invoice" | "credit_note" | "receipt";

export interface InvoicePdfLine {
  description: string;
  /** 150 → 1.5 */
  quantityHundredths: number;
  unitPriceMinor: number;
  /** 1000 → 10% */
  taxRateBasisPoints: number;
  /** The line's amount before tax (shown in the Amount column). */
  netMinor: number;
  taxMinor: number;
}

export interface InvoicePdfPayment {
  /** YYYY-MM-DD (or an ISO timestamp) */
  date: string;
  /** "Card (Stripe)", "Bank transfer"… */
  methodLabel: string;
  reference: string;
  amountMinor: number;
}

export interface InvoicePdfInput {
  kind: InvoicePdfKind;
  /** "INV-1001" */
  number: string;
  /** "Paid", "Overdue", "Sent"… as the portal shows it. */
  statusLabel: string;
  /** YYYY-MM-DD (or an ISO timestamp); also the PDF's creation date, which keeps output deterministic. */
  issueDate: string;
  dueDate: string | null;
  /** ISO 4217 ("AUD") */
  currency: string;
  /** For amounts, quantities and dates ("en-AU"). */
  locale: string;
  agency: {
    name: string;
    /** Settings → Branding → support address, one entry per line. */
    addressLines: string[];
    taxId: string;
    email: string;
    phone: string;
    /** The logo file's bytes (PNG or JPEG); anything else is left out rather than failing the PDF. */
    logo: Buffer | null;
    /** #rrggbb */
    accentColor: string;
  };
  billTo: { accountName: string; contactName: string; email: string };
  lines: InvoicePdfLine[];
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
  paidMinor: number;
  dueMinor: number;
  notes: string;
  payments: InvoicePdfPayment[];
  /** For a credit note: the number of the invoice it credits ("INV-1001"). */
  creditNoteFor: string | null;
}

const TITLES: Record<InvoicePdfKind, string> = { invoice: "Invoice", credit_note: "Credit note", receipt: "Receipt" };

// A4 in points, and the frame everything is laid out in.
const PAGE = { width: 595.28, height: 841.89 };
const LEFT = 50;
const RIGHT = PAGE.width - 50;
const WIDTH = RIGHT - LEFT;
/** Content stops here; the footer lives below. */
const CONTENT_BOTTOM = PAGE.height - 80;
const INK = "#1f2933";
const MUTED = "#6b7280";
const RULE = "#dfe3e8";
const STRIPE = "#f5f7fa";
const FONT = "Helvetica";
const BOLD = "Helvetica-Bold";

/** Letters that Unicode does not decompose into a base letter and an accent. */
const UNACCENTED: Record<string, string> = {
  Ł: "L",
  ł: "l",
  Đ: "D",
  đ: "d",
  Ħ: "H",
  ħ: "h",
  ı: "i",
  Ŧ: "T",
  ŧ: "t",
  Ŋ: "N",
  ŋ: "n",
  ĸ: "k",
  ſ: "s",
};

/** Code points the standard fonts' WinAnsi encoding has beyond Latin-1 (pdfkit's WIN_ANSI_MAP). */
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

/**
 * Makes text safe for the built-in fonts. Helvetica here is WinAnsi-encoded: Latin-1 ("Café Zoë")
 * and a few extras ("€", curly quotes, dashes) render; anything else would come out as a blank
 * .notdef glyph. So: Intl's narrow and thin spaces become plain ones, the minus sign a hyphen,
 * letters outside Latin-1 lose their accent ("ő" → "o", "Ł" → "L"), and what is left ("大", "✓")
 * becomes "?" — visibly replaced rather than silently blank, and never an exception.
 * Full Unicode would need an embedded TTF font; this keeps the PDF dependency-free.
 */
export function pdfSafeText(text: string): string {
  let out = "";
  for (const char of text.replace(/[\u2000-\u200a\u202f\u205f]/g, " ").replace(/[\u2010\u2011\u2212]/g, "-")) {
    const code = char.codePointAt(0) ?? 0;
    if (char === "\n" || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char)) {
      out += char;
      continue;
    }
    if (code < 0x20 || (code >= 0x7f && code < 0xa0)) continue; // control characters: drop
    if (UNACCENTED[char]) {
      out += UNACCENTED[char];
      continue;
    }
    const stripped = char.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
    out += stripped !== "" && [...stripped].every((c) => (c.codePointAt(0) ?? 0) <= 0xff) ? stripped : "?";
  }
  return out;
}

function parseDate(value: string): Date {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) throw new Error(`renderInvoicePdf: "${value}" is not a date`);
  return date;
}

/** Picks white or dark text for a fill, so a pale accent colour keeps the table header readable. */
function textOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.6 ? INK : "#ffffff";
}

type Doc = PDFKit.PDFDocument;
type Align = "left" | "right" | "center";
interface OpenedImage {
  width: number;
  height: number;
}

/** Renders an invoice, credit note or receipt to PDF bytes (async: a bad date rejects rather than throws). */
export async function renderInvoicePdf(input: InvoicePdfInput): Promise<Buffer> {
  const issued = parseDate(input.issueDate);
  const title = TITLES[input.kind];
  const accent = /^#[0-9a-fA-F]{6}$/.test(input.agency.accentColor) ? input.agency.accentColor : "#4263eb";
  const money = (minor: number) => pdfSafeText(formatMoney(minor, input.currency, input.locale));
  const quantity = new Intl.NumberFormat(input.locale, { maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(input.locale, { style: "percent", maximumFractionDigits: 2 });
  const dates = new Intl.DateTimeFormat(input.locale, { dateStyle: "medium", timeZone: "UTC" });
  const day = (value: string) => pdfSafeText(dates.format(parseDate(value)));

  // Loaded when the first PDF is drawn, not at start-up: most processes never draw one.
  const { default: PDFDocument } = await import("pdfkit");
  const doc: Doc = new PDFDocument({
    size: "A4",
    margins: { top: 50, bottom: 50, left: LEFT, right: PAGE.width - RIGHT },
    bufferPages: true,
    info: {
      Title: pdfSafeText(`${title} ${input.number}`),
      Author: pdfSafeText(input.agency.name),
      Subject: pdfSafeText(`${title} ${input.number} for ${input.billTo.accountName}`),
      CreationDate: issued,
      ModDate: issued,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  /** One piece of text in a box; returns its height. Callers keep it above CONTENT_BOTTOM, so pdfkit never adds a page itself. */
  const put = (
    text: string,
    x: number,
    y: number,
    width: number,
    o: { font?: string; size?: number; color?: string; align?: Align; maxHeight?: number } = {},
  ) => {
    const options = { width, align: o.align ?? "left", lineGap: 1.5, ...(o.maxHeight ? { height: o.maxHeight, ellipsis: true } : {}) };
    doc
      .font(o.font ?? FONT)
      .fontSize(o.size ?? 9.5)
      .fillColor(o.color ?? INK);
    const safe = pdfSafeText(text);
    doc.text(safe, x, y, options);
    return doc.heightOfString(safe, options);
  };
  const rule = (y: number, color = RULE, width = 0.75) => doc.moveTo(LEFT, y).lineTo(RIGHT, y).lineWidth(width).strokeColor(color).stroke();

  // ── Header: logo and agency on the left, document title and number on the right ──
  let left = 50;
  if (input.agency.logo) {
    try {
      // pdfkit's openImage (untyped in @types/pdfkit) reads the size, so the name sits right under the logo.
      const image = (doc as unknown as { openImage(src: Buffer): OpenedImage }).openImage(input.agency.logo);
      // Scaled to fit 140 × 48 pt either way, so a small logo file does not shrink to a speck.
      const scale = Math.min(140 / image.width, 48 / image.height);
      doc.image(image as unknown as Buffer, LEFT, left, { width: image.width * scale, height: image.height * scale });
      left += image.height * scale + 10;
    } catch {
      // Not a PNG or JPEG pdfkit can read: the invoice is still worth more than the logo.
    }
  }
  left += put(input.agency.name, LEFT, left, 270, { font: BOLD, size: 16, color: accent }) + 4;
  for (const line of input.agency.addressLines.filter((l) => l.trim() !== ""))
    left += put(line, LEFT, left, 270, { size: 9, color: MUTED });

  let right = 50;
  right += put(title, 320, right, WIDTH - 270, { font: BOLD, size: 24, align: "right" }) + 2;
  right += put(input.number, 320, right, WIDTH - 270, { font: BOLD, size: 12, color: MUTED, align: "right" }) + 4;
  if (input.kind === "credit_note" && input.creditNoteFor) {
    right += put(`Credit note for ${input.creditNoteFor}`, 320, right, WIDTH - 270, { size: 9.5, align: "right" });
  }
  let y = Math.max(left, right) + 16;
  rule(y, accent, 1.5);
  y += 18;

  // ── Bill to and the document's facts ──
  let billY = y + put("BILL TO", LEFT, y, 250, { font: BOLD, size: 8, color: MUTED }) + 3;
  billY += put(input.billTo.accountName, LEFT, billY, 250, { font: BOLD, size: 11 }) + 1;
  if (input.billTo.contactName) billY += put(input.billTo.contactName, LEFT, billY, 250);
  if (input.billTo.email) billY += put(input.billTo.email, LEFT, billY, 250, { color: MUTED });

  const facts: [string, string][] = [[input.kind === "receipt" ? "Receipt date" : "Issue date", day(input.issueDate)]];
  if (input.dueDate && input.kind === "invoice") facts.push(["Due date", day(input.dueDate)]);
  facts.push(["Status", input.statusLabel]);
  if (input.kind === "invoice") facts.push(["Amount due", money(input.dueMinor)]);
  let factY = y;
  for (const [label, value] of facts) {
    const strong = label === "Amount due";
    put(label, 340, factY, 90, { size: 9.5, color: MUTED });
    factY += Math.max(12, put(value, 430, factY, RIGHT - 430, { font: strong ? BOLD : FONT, size: 9.5, align: "right" })) + 4;
  }
  y = Math.max(billY, factY) + 24;

  // ── Lines: the description wraps; a row that does not fit starts a new page under a repeated header ──
  const columns: { label: string; width: number; align: Align }[] = [
    { label: "Description", width: WIDTH - 60 - 90 - 55 - 95, align: "left" },
    { label: "Qty", width: 60, align: "right" },
    { label: "Unit price", width: 90, align: "right" },
    { label: "Tax", width: 55, align: "right" },
    { label: "Amount", width: 95, align: "right" },
  ];
  const PAD = 6;
  const row = (cells: string[], top: number, font: string, color: string, maxHeight?: number) => {
    let x = LEFT;
    cells.forEach((cell, i) => {
      const column = columns[i]!;
      put(cell, x + PAD, top, column.width - 2 * PAD, {
        font,
        size: 9,
        color,
        align: column.align,
        maxHeight: i === 0 ? maxHeight : undefined,
      });
      x += column.width;
    });
  };
  const tableHeader = (top: number) => {
    doc.rect(LEFT, top, WIDTH, 22).fill(accent);
    row(
      columns.map((c) => c.label),
      top + 7,
      BOLD,
      textOn(accent),
    );
    return top + 22;
  };
  /** Continues on a new page: a slim running head, so a loose page 2 still says whose it is. */
  const newPage = () => {
    doc.addPage();
    put(`${input.agency.name} · ${title} ${input.number} (continued)`, LEFT, 50, WIDTH, { size: 9, color: MUTED });
    rule(66);
    return 80;
  };

  /** What one row may take on a continuation page, below the running head and table header. */
  const MAX_DESCRIPTION_HEIGHT = CONTENT_BOTTOM - 80 - 22 - 2 * PAD;
  const rows = input.lines.map((line) => {
    doc.font(FONT).fontSize(9);
    const textHeight = doc.heightOfString(pdfSafeText(line.description), { width: columns[0]!.width - 2 * PAD, lineGap: 1.5 });
    // A description longer than a whole page is cut with an ellipsis: a row never splits across pages.
    return { line, clipped: textHeight > MAX_DESCRIPTION_HEIGHT, height: Math.min(textHeight, MAX_DESCRIPTION_HEIGHT) + 2 * PAD };
  });
  // The header never stands alone at the foot of a page: it goes where its first row goes.
  if (y + 22 + (rows[0]?.height ?? 0) > CONTENT_BOTTOM) y = newPage();
  y = tableHeader(y);
  rows.forEach(({ line, clipped, height }, index) => {
    const cells = [
      line.description,
      quantity.format(line.quantityHundredths / 100),
      money(line.unitPriceMinor),
      percent.format(line.taxRateBasisPoints / 10000),
      money(line.netMinor),
    ];
    if (y + height > CONTENT_BOTTOM) y = tableHeader(newPage());
    if (index % 2 === 1) doc.rect(LEFT, y, WIDTH, height).fill(STRIPE);
    row(cells, y + PAD + 2, FONT, INK, clipped ? MAX_DESCRIPTION_HEIGHT : undefined);
    y += height;
  });
  rule(y);
  y += 14;

  // ── Totals, right-aligned and kept together ──
  const totals: { label: string; value: string; strong?: boolean }[] = [{ label: "Subtotal", value: money(input.subtotalMinor) }];
  if (input.discountMinor !== 0) totals.push({ label: "Discount", value: money(-Math.abs(input.discountMinor)) });
  totals.push({ label: "Tax", value: money(input.taxMinor) });
  totals.push({ label: input.kind === "credit_note" ? "Total credit" : "Total", value: money(input.totalMinor), strong: true });
  if (input.kind !== "credit_note" && (input.paidMinor !== 0 || input.kind === "receipt")) {
    totals.push({ label: "Paid", value: money(input.paidMinor) });
    totals.push({ label: input.kind === "receipt" ? "Balance due" : "Amount due", value: money(input.dueMinor), strong: true });
  }
  const TOTALS_X = RIGHT - 250;
  if (y + totals.length * 20 + 10 > CONTENT_BOTTOM) y = newPage();
  for (const total of totals) {
    if (total.strong) {
      doc
        .moveTo(TOTALS_X, y - 4)
        .lineTo(RIGHT, y - 4)
        .lineWidth(0.75)
        .strokeColor(RULE)
        .stroke();
      y += 2;
    }
    const size = total.strong ? 11 : 9.5;
    put(total.label, TOTALS_X, y, 120, { font: total.strong ? BOLD : FONT, size, color: total.strong ? INK : MUTED });
    put(total.value, TOTALS_X + 120, y, 130 - PAD, { font: total.strong ? BOLD : FONT, size, align: "right" });
    y += total.strong ? 22 : 17;
  }

  // ── Payments received (receipts, and invoices paid in part) ──
  if (input.payments.length > 0) {
    y += 12;
    if (y + 40 + input.payments.length * 16 > CONTENT_BOTTOM) y = newPage();
    y += put("Payments", LEFT, y, WIDTH, { font: BOLD, size: 11 }) + 8;
    // Lined up with the lines table above: text inset by PAD, amounts ending where its amounts end.
    const payColumns: [number, Align][] = [
      [LEFT + PAD, "left"],
      [LEFT + 110, "left"],
      [LEFT + 250, "left"],
      [RIGHT - 130, "right"],
    ];
    const payRow = (cells: string[], font: string, color: string) => {
      cells.forEach((cell, i) => {
        const [x, align] = payColumns[i]!;
        const next = payColumns[i + 1]?.[0] ?? RIGHT;
        put(cell, x, y, next - x - PAD, { font, size: 9, color, align });
      });
      y += 16;
    };
    payRow(["Date", "Method", "Reference", "Amount"], BOLD, MUTED);
    rule(y - 4);
    for (const payment of input.payments) {
      if (y + 16 > CONTENT_BOTTOM) y = newPage();
      payRow([day(payment.date), payment.methodLabel, payment.reference, money(payment.amountMinor)], FONT, INK);
    }
  }

  // ── Notes, which may run long: paragraph by paragraph, starting a page when one does not fit ──
  if (input.notes.trim() !== "") {
    y += 16;
    if (y + 40 > CONTENT_BOTTOM) y = newPage();
    y += put("Notes", LEFT, y, WIDTH, { font: BOLD, size: 11 }) + 4;
    for (const paragraph of input.notes.trim().split(/\n/)) {
      doc.font(FONT).fontSize(9.5);
      const height = doc.heightOfString(pdfSafeText(paragraph) || " ", { width: WIDTH, lineGap: 1.5 });
      if (y + height > CONTENT_BOTTOM) y = newPage();
      y += put(paragraph || " ", LEFT, y, WIDTH, { color: MUTED });
    }
  }

  // ── Footer on every page: who issued it, and "Page n of N" once N is known ──
  const { start, count } = doc.bufferedPageRange();
  const contact = [input.agency.name, input.agency.taxId && `Tax ID ${input.agency.taxId}`, input.agency.email, input.agency.phone]
    .filter((part) => part !== "")
    .join("  ·  ");
  for (let page = start; page < start + count; page++) {
    doc.switchToPage(page);
    // Writing below the bottom margin would make pdfkit add a page: lift the margin while we do.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const footerY = PAGE.height - 58;
    rule(footerY);
    put(contact, LEFT, footerY + 9, WIDTH - 90, { size: 8, color: MUTED });
    put(`Page ${page - start + 1} of ${count}`, RIGHT - 90, footerY + 9, 90, { size: 8, color: MUTED, align: "right" });
    doc.page.margins.bottom = margin;
  }
  doc.end();
  return done;
}

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatMoney } from "../../../common/money";
import { type InvoicePdfInput, type InvoicePdfLine, pdfSafeText, renderInvoicePdf } from "./pdf";

/*
 * The PDF is read back the way a person's tools read it: poppler's pdftotext for the words (so
 * text must be extractable, not drawn) and pdftoppm for a picture of page 1 to look at.
 */

let work: string;
beforeAll(() => {
  for (const tool of ["pdftotext", "pdftoppm"]) {
    try {
      execFileSync(tool, ["-v"], { stdio: "pipe" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        throw new Error(`${tool} is not installed: these tests read the PDF with poppler (apt-get install poppler-utils)`);
      }
    }
  }
  work = mkdtempSync(path.join(tmpdir(), "portico-pdf-"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

let files = 0;
function pdfPath(pdf: Buffer): string {
  const file = path.join(work, `doc-${++files}.pdf`);
  writeFileSync(file, pdf);
  return file;
}

/** The PDF's text as `pdftotext -layout` lays it out, with every kind of space made plain. */
function textOf(pdf: Buffer): string {
  return execFileSync("pdftotext", ["-layout", pdfPath(pdf), "-"], { encoding: "utf8" }).replace(/[^\S\n]+/g, " ");
}
const plain = (text: string) => text.replace(/\s+/g, " ");
const pageCount = (pdf: Buffer) => (pdf.toString("latin1").match(/\/Type \/Page\b/g) ?? []).length;

/** A 48 × 16 RGBA PNG: a blue disc and three bars, as an agency logo would be. */
const LOGO = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAADAAAAAQCAYAAABQrvyxAAAAaElEQVR42mP4//8/w1DGBBXI1F37P+Q8AHI0LjzoPYDP8YQ8YWLl8J+eGMMDxDgenycG1AOkOB6XJ4a8BwY0DwzmGCDoAXIcj80TA+aBIR8Do3mAzqUQzopsqNQDQ74mHt5toaHWGgUAES55hFOVRVcAAAAASUVORK5CYII=",
  "base64",
);

const LINES: InvoicePdfLine[] = [
  {
    description: "Website redesign — discovery workshop, wireframes and two rounds of revisions for the home, pricing and contact pages",
    quantityHundredths: 100,
    unitPriceMinor: 240000,
    taxRateBasisPoints: 1000,
    netMinor: 240000,
    taxMinor: 24000,
  },
  {
    description: "Hosting (monthly)",
    quantityHundredths: 300,
    unitPriceMinor: 4500,
    taxRateBasisPoints: 1000,
    netMinor: 13500,
    taxMinor: 1350,
  },
  {
    description: "Café Zoë photo shoot",
    quantityHundredths: 150,
    unitPriceMinor: 18000,
    taxRateBasisPoints: 0,
    netMinor: 27000,
    taxMinor: 0,
  },
];

function invoice(overrides: Partial<InvoicePdfInput> = {}): InvoicePdfInput {
  return {
    kind: "invoice",
    number: "INV-1001",
    statusLabel: "Sent",
    issueDate: "2026-11-20",
    dueDate: "2026-12-04",
    currency: "AUD",
    locale: "en-AU",
    agency: {
      name: "Northwind Studio",
      addressLines: ["Level 2, 18 Harbour Street", "Sydney NSW 2000", "Australia"],
      taxId: "ABN 51 824 753 556",
      email: "accounts@northwind.example",
      phone: "+61 2 9000 1234",
      logo: null,
      accentColor: "#1c7ed6",
    },
    billTo: { accountName: "Café Zoë Pty Ltd", contactName: "Zoë Martin", email: "zoe@cafezoe.example" },
    lines: LINES,
    subtotalMinor: 280500,
    discountMinor: 10000,
    taxMinor: 25350,
    totalMinor: 295850,
    paidMinor: 0,
    dueMinor: 295850,
    notes: "Please pay by bank transfer to BSB 062-000, account 1234 5678, quoting INV-1001.\nThank you for your business!",
    payments: [],
    creditNoteFor: null,
    ...overrides,
  };
}

const aud = (minor: number) => plain(formatMoney(minor, "AUD", "en-AU"));

describe("renderInvoicePdf", () => {
  it("puts every fact of a 3-line invoice in extractable text", async () => {
    const text = textOf(await renderInvoicePdf(invoice({ agency: { ...invoice().agency, logo: LOGO } })));
    const words = plain(text);
    for (const expected of [
      "Invoice",
      "INV-1001",
      "Northwind Studio",
      "Café Zoë Pty Ltd",
      "Zoë Martin",
      "zoe@cafezoe.example",
      "Hosting (monthly)",
      "Café Zoë photo shoot",
      "Tax ID ABN 51 824 753 556",
      "accounts@northwind.example",
      "Page 1 of 1",
      "Due date",
    ]) {
      expect(words).toContain(expected);
    }
    // The long description wraps inside its column: its words are all there, over two lines.
    expect(words).toContain("Website redesign — discovery workshop");
    expect(words).toContain("contact pages");
    for (const line of LINES) {
      expect(words).toContain(aud(line.unitPriceMinor));
      expect(words).toContain(aud(line.netMinor));
    }
    // Row by row, as laid out: description, quantity, unit price, tax rate, amount.
    expect(text).toContain(`Hosting (monthly) 3 ${aud(4500)} 10% ${aud(13500)}`);
    expect(text).toContain(`Café Zoë photo shoot 1.5 ${aud(18000)} 0% ${aud(27000)}`);
    expect(text).toContain(`Subtotal ${aud(280500)}`);
    expect(text).toContain(`Discount ${aud(-10000)}`);
    expect(text).toContain(`Tax ${aud(25350)}`);
    expect(text).toContain(`Total ${aud(295850)}`);
    expect(text).toContain(`Amount due ${aud(295850)}`);
    expect(aud(295850)).toBe("$2,958.50"); // en-AU writes its own dollars plainly
  });

  it("renders the same bytes for the same input, dated by the issue date", async () => {
    const [first, second] = await Promise.all([renderInvoicePdf(invoice()), renderInvoicePdf(invoice())]);
    expect(first.equals(second)).toBe(true);
    expect(first.toString("latin1")).toContain("(D:20261120000000Z)");
    const other = await renderInvoicePdf(invoice({ issueDate: "2026-11-21" }));
    expect(other.toString("latin1")).toContain("(D:20261121000000Z)");
  });

  it("flows a 60-line invoice onto more pages, repeating the table header and numbering the pages", async () => {
    const lines = Array.from({ length: 60 }, (_, i) => ({
      description: `Support hours, week ${i + 1}${i % 7 === 0 ? ": incident follow-up, post-mortem write-up and monitoring changes" : ""}`,
      quantityHundredths: 250,
      unitPriceMinor: 15000,
      taxRateBasisPoints: 1000,
      netMinor: 37500,
      taxMinor: 3750,
    }));
    const pdf = await renderInvoicePdf(invoice({ lines, subtotalMinor: 2250000, discountMinor: 0, taxMinor: 225000, totalMinor: 2475000 }));
    const pages = pageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(2);
    const text = textOf(pdf);
    expect(text).toContain(`Page 2 of ${pages}`);
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text.match(/Description Qty Unit price Tax Amount/g)?.length).toBeGreaterThanOrEqual(2);
    expect(text).toContain("INV-1001 (continued)");
    for (const week of [1, 30, 60]) expect(text).toContain(`Support hours, week ${week}`);
    expect(text).toContain(`Total ${aud(2475000)}`);
  });

  it("cuts a description longer than a page instead of splitting its row", async () => {
    const essay = Array.from({ length: 400 }, (_, i) => `word${i}`).join(" ");
    const pdf = await renderInvoicePdf(invoice({ lines: [{ ...LINES[1]!, description: essay }, LINES[2]!] }));
    const text = textOf(pdf);
    expect(text).toContain("word0 word1");
    expect(text).not.toContain("word399");
    expect(text).toContain("Café Zoë photo shoot");
    expect(text).toContain(`Page 1 of ${pageCount(pdf)}`);
  });

  it("draws page 1 as a picture to look at (e2e/screenshots/invoice-pdf-page1.png)", async () => {
    const pdf = await renderInvoicePdf(invoice({ agency: { ...invoice().agency, logo: LOGO } }));
    const prefix = path.join(work, "page");
    execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", pdfPath(pdf), prefix]);
    const png = readFileSync(`${prefix}.png`);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    // 60 dpi A4 (595 × 842 pt): about 496 × 702 pixels.
    expect(Math.abs(png.readUInt32BE(16) - 496)).toBeLessThanOrEqual(1);
    expect(Math.abs(png.readUInt32BE(20) - 702)).toBeLessThanOrEqual(1);
    const screenshots = path.resolve("e2e/screenshots");
    mkdirSync(screenshots, { recursive: true });
    writeFileSync(path.join(screenshots, "invoice-pdf-page1.png"), png);
  });

  it("draws the agency's logo", async () => {
    const without = await renderInvoicePdf(invoice());
    const withLogo = await renderInvoicePdf(invoice({ agency: { ...invoice().agency, logo: LOGO } }));
    expect(without.toString("latin1")).not.toContain("/Subtype /Image");
    expect(withLogo.toString("latin1")).toContain("/Subtype /Image");
    expect(withLogo.toString("latin1")).toMatch(/\/Width 48\s[\s\S]*\/Height 16/);
    // A logo file that is not an image leaves the logo out instead of failing the invoice.
    const broken = await renderInvoicePdf(invoice({ agency: { ...invoice().agency, logo: Buffer.from("not an image") } }));
    expect(plain(textOf(broken))).toContain("Northwind Studio");
  });

  it("shows a receipt's payments and that it is paid", async () => {
    const text = textOf(
      await renderInvoicePdf(
        invoice({
          kind: "receipt",
          statusLabel: "Paid",
          paidMinor: 295850,
          dueMinor: 0,
          payments: [
            { date: "2026-11-25", methodLabel: "Bank transfer", reference: "NW-88213", amountMinor: 100000 },
            { date: "2026-12-01", methodLabel: "Card (Stripe)", reference: "pi_3QabcXYZ", amountMinor: 195850 },
          ],
        }),
      ),
    );
    expect(text).toContain("Receipt");
    expect(text).toMatch(/Status Paid/);
    expect(text).toContain(`Paid ${aud(295850)}`);
    expect(text).toContain(`Balance due ${aud(0)}`);
    expect(text).toContain("Date Method Reference Amount");
    expect(text).toContain(`25 Nov 2026 Bank transfer NW-88213 ${aud(100000)}`);
    expect(text).toContain(`1 Dec 2026 Card (Stripe) pi_3QabcXYZ ${aud(195850)}`);
  });

  it("says a credit note is one, and for which invoice", async () => {
    const text = textOf(
      await renderInvoicePdf(invoice({ kind: "credit_note", number: "CN-0007", statusLabel: "Issued", creditNoteFor: "INV-1001" })),
    );
    expect(text).toContain("Credit note");
    expect(text).toContain("CN-0007");
    expect(text).toContain("Credit note for INV-1001");
    expect(text).toContain(`Total credit ${aud(295850)}`);
    expect(text).not.toContain("Amount due");
  });

  it("renders Latin-1 and the euro sign, and replaces what the standard fonts cannot encode", async () => {
    const text = textOf(
      await renderInvoicePdf(
        invoice({
          currency: "EUR",
          locale: "fr-FR",
          billTo: { accountName: "Café Zoë — Ōsaka 大阪", contactName: "Łukasz Żółć", email: "z@example.com" },
        }),
      ),
    );
    // fr-FR groups with a narrow no-break space, which the fonts lack: it becomes a plain space.
    expect(text).toContain("2 958,50 €");
    expect(text).toContain("Café Zoë — Osaka ??");
    expect(text).toContain("Lukasz Zólc");
    expect(pdfSafeText("€ “quoted” – ok ✓")).toBe("€ “quoted” – ok ?");
  });
});

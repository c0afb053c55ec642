import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignAgent, buildAccount, buildInvoice, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, drainJobs, type TestApp, upload } from "../../test/harness";
import { startSmtpService } from "../../test/smtp-service";

/*
 * The invoice's and the receipt's PDFs as the portal serves and emails them: the words read back
 * with pdftotext (as pdf.test.ts does), who may download them (the invoice's scope), and the PDF
 * attached to the "invoice sent" and the payment emails.
 */
let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtpService>>;
let work: string;
let account: { id: string };
let other: { id: string };
let agentPerson: Person;
let adminPerson: Person;
let client: Session;
let otherClient: Session;
let agent: Session;
let stranger: Session;
let admin: Session;

beforeAll(async () => {
  smtp = await startSmtpService();
  t = await createTestApp({ SMTP_URL: smtp.url });
  work = mkdtempSync(path.join(tmpdir(), "portico-invoice-pdf-"));
  account = await buildAccount(t, { name: "Alpha Plumbing" });
  other = await buildAccount(t, { name: "Beta Bakery" });
  const anna = await buildUser(t, { accountId: account.id, name: "Anna Alpha", email: "anna@alpha.test" });
  const bea = await buildUser(t, { accountId: other.id, name: "Bea Beta" });
  agentPerson = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  const otherAgent = await buildUser(t, { role: "agent", name: "Otto Other" });
  adminPerson = await buildUser(t, { role: "admin", name: "Ada Admin" });
  await assignAgent(t, account.id, agentPerson.id);
  await assignAgent(t, other.id, otherAgent.id);
  client = await login(t, anna.username);
  otherClient = await login(t, bea.username);
  agent = await login(t, agentPerson.username);
  stranger = await login(t, otherAgent.username);
  admin = await login(t, adminPerson.username);
  const settings = await admin.inject({ method: "PUT", url: "/api/billing/settings", payload: { agencyTaxId: "ABN 12 345 678 901" } });
  expect(settings.statusCode, settings.body).toBe(200);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
  rmSync(work, { recursive: true, force: true });
});

let files = 0;
/** The PDF's words as pdftotext reads them, every run of spaces one space. */
function textOf(pdf: Buffer): string {
  const file = path.join(work, `doc-${++files}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
}

const download = (s: Session, url: string, headers: Record<string, string> = {}) => s.inject({ method: "GET", url, headers });

describe("the invoice PDF", () => {
  it("downloads as INV-….pdf with the number, the amount due and the agency's tax id", async () => {
    const invoice = await buildInvoice(t, agentPerson, account.id, { send: true });
    expect(invoice.number).toMatch(/^INV-\d+$/);
    const detail = (await download(client, `/api/invoices/${invoice.id}`)).json() as {
      data: { pdfUrl: string; receiptUrl: string | null };
    };
    expect(detail.data.pdfUrl).toBe(`/api/invoices/${invoice.id}/pdf`);
    expect(detail.data.receiptUrl).toBeNull();

    const res = await download(client, detail.data.pdfUrl, { "accept-language": "en-AU,en;q=0.8" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.headers["content-disposition"]).toContain(`filename="${invoice.number}.pdf"`);
    const text = textOf(res.rawPayload);
    expect(text).toContain(invoice.number ?? "");
    expect(text).toContain("Alpha Plumbing");
    expect(text).toContain("ABN 12 345 678 901");
    // One A$100.00 line at 10 %: A$110.00 due (en-AU writes it "$110.00").
    expect(text).toMatch(/Amount due \$110\.00/);
  });

  it("is the same document for the staff; a draft is staff-only, as Draft-invoice.pdf", async () => {
    const draft = await buildInvoice(t, agentPerson, account.id);
    const res = await download(agent, `/api/invoices/${draft.id}/pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-disposition"]).toContain('filename="Draft-invoice.pdf"');
    expect(textOf(res.rawPayload)).toContain("Draft");
    // Why 404: a client never learns of a draft.
    expect((await download(client, `/api/invoices/${draft.id}/pdf`)).statusCode).toBe(404);
  });

  it("is a 404 for another account's client and an agent not assigned to the account", async () => {
    const invoice = await buildInvoice(t, agentPerson, account.id, { send: true });
    expect((await download(otherClient, `/api/invoices/${invoice.id}/pdf`)).statusCode).toBe(404);
    expect((await download(stranger, `/api/invoices/${invoice.id}/pdf`)).statusCode).toBe(404);
    expect((await download(otherClient, `/api/invoices/${invoice.id}/receipt.pdf`)).statusCode).toBe(404);
    expect((await t.app.inject({ method: "GET", url: `/api/invoices/${invoice.id}/pdf` })).statusCode).toBe(401);
  });
});

describe("the receipt PDF", () => {
  it("exists once money was paid, with the payment rows", async () => {
    const invoice = await buildInvoice(t, agentPerson, account.id, { send: true });
    expect((await download(client, `/api/invoices/${invoice.id}/receipt.pdf`)).statusCode).toBe(404);
    const paid = await admin.inject({
      method: "POST",
      url: `/api/invoices/${invoice.id}/payments`,
      payload: { amountMinor: 4_000, method: "bank_transfer", reference: "TRANSFER-77" },
    });
    expect(paid.statusCode, paid.body).toBe(201);
    expect((paid.json() as { data: { receiptUrl: string } }).data.receiptUrl).toBe(`/api/invoices/${invoice.id}/receipt.pdf`);
    const res = await download(client, `/api/invoices/${invoice.id}/receipt.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers["content-disposition"]).toContain(`filename="Receipt-${invoice.number}.pdf"`);
    const text = textOf(res.rawPayload);
    expect(text).toContain("Receipt");
    expect(text).toContain("TRANSFER-77");
    expect(text).toContain("Bank transfer");
    expect(text).toMatch(/Balance due A?\$70\.00/);
  });
});

describe("the emails' attachments", () => {
  it("the invoice-sent email carries INV-….pdf, the payment email the receipt", async () => {
    smtp.received.length = 0;
    const invoice = await buildInvoice(t, agentPerson, account.id, { send: true });
    await drainJobs(t);
    const sent = smtp.received.find((m) => m.subject?.includes(invoice.number ?? "?"));
    expect(sent, smtp.received.map((m) => m.subject).join(" | ")).toBeDefined();
    const pdf = sent?.attachments.find((a) => a.filename === `${invoice.number}.pdf`);
    expect(pdf?.contentType).toBe("application/pdf");
    expect(textOf(pdf?.content ?? Buffer.alloc(0))).toContain(invoice.number ?? "?");

    smtp.received.length = 0;
    const paid = await admin.inject({
      method: "POST",
      url: `/api/invoices/${invoice.id}/payments`,
      payload: { amountMinor: 11_000, method: "cash" },
    });
    expect(paid.statusCode, paid.body).toBe(201);
    await drainJobs(t);
    const receipt = smtp.received.find((m) => m.subject?.startsWith("Payment of"));
    expect(receipt?.attachments.map((a) => a.filename)).toEqual([`Receipt-${invoice.number}.pdf`]);
  });
});

/** A 48 × 16 RGBA PNG (pdf.test.ts's logo). */
const LOGO = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAADAAAAAQCAYAAABQrvyxAAAAaElEQVR42mP4//8/w1DGBBXI1F37P+Q8AHI0LjzoPYDP8YQ8YWLl8J+eGMMDxDgenycG1AOkOB6XJ4a8BwY0DwzmGCDoAXIcj80TA+aBIR8Do3mAzqUQzopsqNQDQ74mHt5toaHWGgUAES55hFOVRVcAAAAASUVORK5CYII=",
  "base64",
);

describe("the branding on the PDF", () => {
  it("carries the agency's name, support contact and logo from Settings → Branding", async () => {
    const logo = (await upload(admin, "logo.png", LOGO, "image/png")).json().data as { id: string };
    const saved = await admin.inject({
      method: "PATCH",
      url: "/api/admin/settings",
      payload: { logoFileId: logo.id, agencyName: "Acme Web Studio", supportEmail: "help@acme.test", supportPhone: "+61 2 5550 1234" },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const invoice = await buildInvoice(t, agentPerson, account.id, { send: true });
    const pdf = (await download(client, `/api/invoices/${invoice.id}/pdf`)).rawPayload;
    const text = textOf(pdf);
    expect(text).toContain("Acme Web Studio");
    expect(text).toContain("help@acme.test");
    expect(text).toContain("+61 2 5550 1234");
    const file = path.join(work, "branded.pdf");
    writeFileSync(file, pdf);
    // pdfimages -list: two header lines, then one line per image: the logo (48 × 16) and its alpha mask.
    const images = execFileSync("pdfimages", ["-list", file], { encoding: "utf8" }).trim().split("\n").slice(2);
    expect(images.map((line) => line.split(/\s+/)[3])).toEqual(["image", "smask"]);
    expect(images[0]).toMatch(/\b48\s+16\b/);
  });
});

import type { AddressInfo } from "node:net";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignAgent, buildAccount, buildInvoice, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, drainJobs, lastEmailTo, type TestApp } from "../../test/harness";
import { type FormValue, type StripeStandIn, startStripeService } from "../../test/stripe-service";

/*
 * Paying online through the Stripe stand-in on 127.0.0.1 (never the network): Checkout for the
 * amount due, the webhook recording the payment once per event and per payment, refunds by the
 * running total, a bad signature refused with nothing written — and without the keys, nothing.
 */
const webhookSecret = "whsec_test_portico_billing";
let stand: StripeStandIn;
let t: TestApp;
let account: { id: string };
let agentPerson: Person;
let client: Session;
let agent: Session;
let clientEmail: string;
/** What the app logged at warn and above, one JSON line each. */
const warnings: { msg: string; reason?: string }[] = [];

type Json = Record<string, unknown>;
const payments = (invoiceId: string) => t.ctx.db.selectFrom("invoice_payments").selectAll().where("invoice_id", "=", invoiceId).execute();
const invoiceRow = (id: string) => t.ctx.db.selectFrom("invoices").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

beforeAll(async () => {
  stand = await startStripeService({ webhookSecret });
  const logger = pino({ level: "warn" }, { write: (line: string) => void warnings.push(JSON.parse(line)) });
  t = await createTestApp(
    { STRIPE_SECRET_KEY: "sk_test_portico", STRIPE_WEBHOOK_SECRET: webhookSecret, STRIPE_API_BASE: stand.origin },
    { logger },
  );
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  stand.setWebhookUrl(`http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/billing/stripe/webhook`);
  account = await buildAccount(t, { name: "Alpha Plumbing" });
  const anna = await buildUser(t, { accountId: account.id, name: "Anna Alpha", email: "anna@alpha.test" });
  clientEmail = "anna@alpha.test";
  agentPerson = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  await assignAgent(t, account.id, agentPerson.id);
  client = await login(t, anna.username);
  agent = await login(t, agentPerson.username);
});
afterAll(async () => {
  await t.close();
  await stand.close();
});

/** Starts Checkout as the client; the stand-in's session for it. */
async function checkout(invoiceId: string) {
  const res = await client.inject({ method: "POST", url: `/api/invoices/${invoiceId}/checkout` });
  expect(res.statusCode, res.body).toBe(200);
  const url = (res.json() as { data: { url: string } }).data.url;
  const id = url.split("/pay/")[1] ?? "";
  const session = stand.sessions.get(id);
  if (!session) throw new Error(`no stand-in session for ${url}`);
  return session;
}

/** The session's checkout.session.completed event, paid, as Stripe would send it again. */
function completedEvent(sessionId: string) {
  const session = stand.sessions.get(sessionId);
  if (!session) throw new Error("no session");
  const { payment_intent_metadata: _, ...object } = session;
  return stand.buildEvent("checkout.session.completed", object);
}

describe("Checkout", () => {
  it("offers payOnline and opens a session for the amount due, currency and invoice in its metadata", async () => {
    const invoice = await buildInvoice(t, agentPerson, account.id, { send: true });
    const detail = (await client.inject({ method: "GET", url: `/api/invoices/${invoice.id}` })).json() as { policies: Json };
    expect(detail.policies.payOnline).toBe(true);
    // The client's Billing list offers it on the same terms, with the PDF's link.
    const list = (await client.inject({ method: "GET", url: "/api/invoices?status=due&kind=invoice" })).json() as { data: Json[] };
    expect(list.data.find((item) => item.id === invoice.id)).toMatchObject({
      pdfUrl: `/api/invoices/${invoice.id}/pdf`,
      policies: { payOnline: true },
    });
    const session = await checkout(invoice.id);
    expect(session).toMatchObject({
      amount_total: 11_000,
      currency: "aud",
      client_reference_id: invoice.id,
      metadata: { invoiceId: invoice.id, invoiceNumber: invoice.number },
      customer_email: clientEmail,
      success_url: `http://portal.test/billing/invoices/${invoice.id}?paid=1`,
      cancel_url: `http://portal.test/billing/invoices/${invoice.id}`,
    });
    const created = stand.requests.filter((r) => r.method === "POST" && r.path === "/v1/checkout/sessions").at(-1);
    expect(created?.idempotencyKey).toContain(invoice.id);
    const lineItems = created?.form.line_items as FormValue[];
    expect(lineItems[0]).toMatchObject({ price_data: { unit_amount: "11000", currency: "aud" } });
  });

  it("a changed amount due gets a new session; the same amount the same one", async () => {
    const invoice = await buildInvoice(t, agentPerson, account.id, { send: true });
    const first = await checkout(invoice.id);
    expect((await checkout(invoice.id)).id).toBe(first.id);
    const admin = await login(t, (await buildUser(t, { role: "admin" })).username);
    const part = await admin.inject({
      method: "POST",
      url: `/api/invoices/${invoice.id}/payments`,
      payload: { amountMinor: 4_000, method: "cash" },
    });
    expect(part.statusCode, part.body).toBe(201);
    const second = await checkout(invoice.id);
    expect(second.id).not.toBe(first.id);
    expect(second.amount_total).toBe(7_000);
    await stand.pay(second.id);
    // Paid in full: nothing is due, no checkout.
    const after = await client.inject({ method: "POST", url: `/api/invoices/${invoice.id}/checkout` });
    expect(after.statusCode).toBe(409);
  });

  it("is refused for a draft (404 for the client) and for a paid invoice", async () => {
    const draft = await buildInvoice(t, agentPerson, account.id);
    expect((await client.inject({ method: "POST", url: `/api/invoices/${draft.id}/checkout` })).statusCode).toBe(404);
    expect((await agent.inject({ method: "POST", url: `/api/invoices/${draft.id}/checkout` })).statusCode).toBe(409);
  });
});

describe("the webhook", () => {
  it("pay → webhook → the invoice is paid, once, and the receipt is emailed", async () => {
    const invoice = await buildInvoice(t, agentPerson, account.id, { send: true });
    const session = await checkout(invoice.id);
    const delivery = await stand.pay(session.id);
    expect(delivery.status, delivery.body).toBe(200);
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "paid" });
    // Paid: the list no longer offers to pay it.
    const list = (await client.inject({ method: "GET", url: "/api/invoices?status=paid" })).json() as { data: Json[] };
    expect(list.data.find((item) => item.id === invoice.id)).toMatchObject({ policies: { payOnline: false } });
    const rows = await payments(invoice.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "payment", method: "stripe", provider_payment_id: session.payment_intent });
    expect(Number(rows[0]?.amount_minor)).toBe(11_000);
    await drainJobs(t);
    const mail = await lastEmailTo(t, clientEmail);
    expect(mail.subject).toContain(`Payment of`);
    expect(mail.subject).toContain(invoice.number ?? "?");
  });

  it("the same event delivered twice records one payment", async () => {
    const invoice = await buildInvoice(t, agentPerson, account.id, { send: true });
    const session = await checkout(invoice.id);
    // Mark the session paid the way pay() does, then deliver one event twice.
    await stand.pay(session.id);
    const event = completedEvent(session.id);
    expect((await stand.sendEvent(event)).status).toBe(200);
    expect((await stand.sendEvent(event)).status).toBe(200);
    expect(await payments(invoice.id)).toHaveLength(1);
    expect(Number((await invoiceRow(invoice.id)).paid_minor)).toBe(11_000);
  });

  it("refunds record the difference of the running total: a late older event changes nothing", async () => {
    const invoice = await buildInvoice(t, agentPerson, account.id, { send: true });
    const session = await checkout(invoice.id);
    await stand.pay(session.id);
    expect((await stand.refund(session.id, 3_000)).status).toBe(200);
    expect((await stand.refund(session.id, 5_000)).status).toBe(200);
    // An older event (3,000 refunded so far) delivered late, and the newest again.
    expect((await stand.refund(session.id, 3_000)).status).toBe(200);
    expect((await stand.refund(session.id, 5_000)).status).toBe(200);
    const refunds = (await payments(invoice.id)).filter((p) => p.kind === "refund");
    expect(refunds.map((r) => Number(r.amount_minor))).toEqual([3_000, 2_000]);
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "partially_paid" });
    expect(Number((await invoiceRow(invoice.id)).paid_minor)).toBe(6_000);
  });

  it("a tampered body or a wrong secret is a 400 and nothing is written", async () => {
    const invoice = await buildInvoice(t, agentPerson, account.id, { send: true });
    const session = await checkout(invoice.id);
    stand.sessions.set(session.id, { ...session, status: "complete", payment_status: "paid", payment_intent: "pi_tampered" });
    const event = completedEvent(session.id);
    const tampered = await stand.sendEvent(event, {
      tamperedBody: JSON.stringify({ ...event, data: { object: { ...event.data.object, amount_total: 1 } } }),
    });
    expect(tampered.status).toBe(400);
    expect((await stand.sendEvent(event, { secret: "whsec_someone_else" })).status).toBe(400);
    expect((await stand.sendEvent(event, { header: null })).status).toBe(400);
    expect(await payments(invoice.id)).toHaveLength(0);
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "sent" });
  });

  it("an event for no known invoice, or more than is due, is answered 200 and writes nothing", async () => {
    const invoice = await buildInvoice(t, agentPerson, account.id, { send: true });
    const session = await checkout(invoice.id);
    const { payment_intent_metadata: _, ...object } = session;
    const unknown = stand.buildEvent("checkout.session.completed", {
      ...object,
      payment_status: "paid",
      payment_intent: "pi_unknown",
      metadata: { invoiceId: "01900000-0000-7000-8000-000000000000" },
      client_reference_id: null,
    });
    expect((await stand.sendEvent(unknown)).status).toBe(200);
    const over = stand.buildEvent("checkout.session.completed", {
      ...object,
      payment_status: "paid",
      payment_intent: "pi_over",
      amount_total: 99_999,
    });
    warnings.length = 0;
    expect((await stand.sendEvent(over)).status).toBe(200);
    // The money arrived but cannot be taken: a person is told to refund it.
    expect(warnings.some((w) => w.reason === "overpayment")).toBe(true);
    expect(await payments(invoice.id)).toHaveLength(0);
    expect(await invoiceRow(invoice.id)).toMatchObject({ status: "sent" });
  });

  it("a session completed but unpaid (a bank debit) records nothing until it succeeds", async () => {
    const invoice = await buildInvoice(t, agentPerson, account.id, { send: true });
    const session = await checkout(invoice.id);
    const { payment_intent_metadata: _, ...object } = session;
    const pending = { ...object, status: "complete", payment_status: "unpaid", payment_intent: "pi_async" };
    expect((await stand.sendEvent(stand.buildEvent("checkout.session.completed", pending))).status).toBe(200);
    expect(await payments(invoice.id)).toHaveLength(0);
    const cleared = stand.buildEvent("checkout.session.async_payment_succeeded", { ...pending, payment_status: "paid" });
    expect((await stand.sendEvent(cleared)).status).toBe(200);
    expect(await payments(invoice.id)).toHaveLength(1);
  });
});

describe("without Stripe keys", () => {
  it("no invoice offers payOnline, and checkout and the webhook are 404s", async () => {
    const plain = await createTestApp();
    try {
      const acc = await buildAccount(plain, { name: "Gamma" });
      const person = await buildUser(plain, { accountId: acc.id });
      const staff = await buildUser(plain, { role: "admin" });
      const invoice = await buildInvoice(plain, staff, acc.id, { send: true });
      const session = await login(plain, person.username);
      const detail = (await session.inject({ method: "GET", url: `/api/invoices/${invoice.id}` })).json() as { policies: Json };
      expect(detail.policies.payOnline).toBe(false);
      const list = (await session.inject({ method: "GET", url: "/api/invoices" })).json() as { data: Json[] };
      expect(list.data.map((item) => item.policies)).toEqual([{ payOnline: false }]);
      expect((await session.inject({ method: "POST", url: `/api/invoices/${invoice.id}/checkout` })).statusCode).toBe(404);
      const hook = await plain.app.inject({
        method: "POST",
        url: "/api/billing/stripe/webhook",
        headers: { "content-type": "application/json", "stripe-signature": "t=1,v1=00" },
        payload: "{}",
      });
      expect(hook.statusCode).toBe(404);
    } finally {
      await plain.close();
    }
  });
});

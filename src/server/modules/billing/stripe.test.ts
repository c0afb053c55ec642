import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StripeStandIn, startStripeService } from "../../test/stripe-service";
import { createStripeGateway, type StripeGateway } from "./stripe";

const webhookSecret = "whsec_test_portico_webhook_secret";
let stand: StripeStandIn;
let gateway: StripeGateway;
let webhook: Server;
/** What the webhook endpoint below parsed, per delivery. */
const parsed: ReturnType<StripeGateway["parseWebhook"]>[] = [];

beforeAll(async () => {
  stand = await startStripeService({ webhookSecret });
  const made = createStripeGateway({ stripeSecretKey: "sk_test_portico", stripeWebhookSecret: webhookSecret, stripeApiBase: stand.origin });
  if (!made) throw new Error("expected a gateway");
  gateway = made;
  // A webhook endpoint as billing will have one: raw body in, parseWebhook, 200 or 400.
  webhook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const header = req.headers["stripe-signature"];
      const result = gateway.parseWebhook(Buffer.concat(chunks), typeof header === "string" ? header : undefined);
      parsed.push(result);
      res.writeHead(result.ok ? 200 : 400).end(result.ok ? "ok" : result.reason);
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, "127.0.0.1", resolve));
  stand.setWebhookUrl(`http://127.0.0.1:${(webhook.address() as AddressInfo).port}/api/billing/stripe/webhook`);
});

afterAll(async () => {
  await stand.close();
  webhook.closeAllConnections();
  await new Promise<void>((resolve) => webhook.close(() => resolve()));
});

const request = {
  invoiceId: "inv_01",
  invoiceNumber: "INV-1001",
  amountMinor: 125050,
  currency: "AUD",
  customerEmail: "zoe@client.example",
  successUrl: "http://portal.example/invoices/inv_01?paid=1",
  cancelUrl: "http://portal.example/invoices/inv_01",
  idempotencyKey: "checkout-inv_01-attempt-1",
};

/** A body signed as Stripe signs it. */
function signed(event: object, options: { secret?: string; timestamp?: number } = {}) {
  const payload = JSON.stringify(event);
  const header = Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: options.secret ?? webhookSecret,
    timestamp: options.timestamp,
  });
  return { body: Buffer.from(payload), header };
}

describe("createStripeGateway", () => {
  it("is undefined unless both the secret key and the webhook secret are set", () => {
    const none = { stripeSecretKey: undefined, stripeWebhookSecret: undefined, stripeApiBase: undefined };
    expect(createStripeGateway(none)).toBeUndefined();
    expect(createStripeGateway({ ...none, stripeSecretKey: "sk_test_x" })).toBeUndefined();
    expect(createStripeGateway({ ...none, stripeWebhookSecret: webhookSecret })).toBeUndefined();
  });
});

describe("createCheckoutSession", () => {
  it("opens a payment session for the invoice's amount and currency, tagged with the invoice, sending the idempotency key", async () => {
    const session = await gateway.createCheckoutSession(request);
    expect(session.id).toMatch(/^cs_test_/);
    expect(session.url).toBe(`${stand.origin}/pay/${session.id}`);

    const sent = stand.requests.find((r) => r.method === "POST" && r.path === "/v1/checkout/sessions");
    expect(sent?.idempotencyKey).toBe("checkout-inv_01-attempt-1");
    expect(sent?.authorization).toBe("Bearer sk_test_portico");
    expect(sent?.form).toMatchObject({
      mode: "payment",
      client_reference_id: "inv_01",
      customer_email: "zoe@client.example",
      success_url: request.successUrl,
      cancel_url: request.cancelUrl,
      metadata: { invoiceId: "inv_01", invoiceNumber: "INV-1001" },
      payment_intent_data: { metadata: { invoiceId: "inv_01" } },
      line_items: [{ quantity: "1", price_data: { currency: "aud", unit_amount: "125050", product_data: { name: "Invoice INV-1001" } } }],
    });
    expect(stand.sessions.get(session.id)).toMatchObject({ amount_total: 125050, currency: "aud", payment_status: "unpaid" });
  });

  it("gets the same session back when the same idempotency key is sent again", async () => {
    const first = await gateway.createCheckoutSession({ ...request, idempotencyKey: "same-key" });
    const again = await gateway.createCheckoutSession({ ...request, idempotencyKey: "same-key" });
    expect(again.id).toBe(first.id);
  });

  it("rejects when Stripe refuses the request", async () => {
    await expect(gateway.createCheckoutSession({ ...request, amountMinor: -5, idempotencyKey: "bad-amount" })).rejects.toThrow(
      /unit_amount/,
    );
  });
});

describe("parseWebhook", () => {
  const completed = (paymentStatus: string) =>
    stand.buildEvent(
      "checkout.session.completed",
      {
        id: "cs_test_1",
        object: "checkout.session",
        amount_total: 125050,
        currency: "aud",
        client_reference_id: "inv_01",
        metadata: { invoiceId: "inv_01" },
        payment_intent: "pi_test_1",
        payment_status: paymentStatus,
      },
      1_700_000_000,
    );

  it("maps a paid checkout.session.completed to the plain shape", () => {
    const event = completed("paid");
    const { body, header } = signed(event);
    expect(gateway.parseWebhook(body, header)).toEqual({
      ok: true,
      event: {
        id: event.id,
        type: "checkout.session.completed",
        created: 1_700_000_000,
        action: "payment_succeeded",
        invoiceId: "inv_01",
        amountMinor: 125050,
        currency: "AUD",
        paymentIntentId: "pi_test_1",
        checkoutSessionId: "cs_test_1",
        paymentStatus: "paid",
      },
    });
  });

  it("ignores a completed session whose payment has not cleared, and takes async_payment_succeeded as the payment", () => {
    const unpaid = signed(completed("unpaid"));
    expect(gateway.parseWebhook(unpaid.body, unpaid.header)).toMatchObject({
      ok: true,
      event: { action: "ignored", paymentStatus: "unpaid" },
    });
    const later = { ...completed("paid"), type: "checkout.session.async_payment_succeeded" };
    const cleared = signed(later);
    expect(gateway.parseWebhook(cleared.body, cleared.header)).toMatchObject({
      ok: true,
      event: { type: "checkout.session.async_payment_succeeded", action: "payment_succeeded", invoiceId: "inv_01", amountMinor: 125050 },
    });
  });

  it("maps charge.refunded to the amount refunded so far", () => {
    const event = stand.buildEvent("charge.refunded", {
      id: "ch_test_1",
      object: "charge",
      amount: 125050,
      amount_refunded: 50000,
      currency: "aud",
      payment_intent: "pi_test_1",
      metadata: { invoiceId: "inv_01" },
    });
    const { body, header } = signed(event);
    expect(gateway.parseWebhook(body, header)).toEqual({
      ok: true,
      event: {
        id: event.id,
        type: "charge.refunded",
        created: event.created,
        action: "refunded",
        invoiceId: "inv_01",
        amountMinor: 50000,
        currency: "AUD",
        paymentIntentId: "pi_test_1",
      },
    });
  });

  it("returns other event types with their type, to be ignored", () => {
    const { body, header } = signed(stand.buildEvent("customer.created", { id: "cus_1", object: "customer" }));
    expect(gateway.parseWebhook(body, header)).toMatchObject({ ok: true, event: { type: "customer.created", action: "ignored" } });
  });

  it("refuses a tampered body, a wrong secret, a missing header and an old timestamp — without throwing", () => {
    const event = completed("paid");
    const good = signed(event);
    const tampered = Buffer.from(good.body.toString().replace("125050", "1"));
    expect(gateway.parseWebhook(tampered, good.header)).toMatchObject({ ok: false });
    const wrong = signed(event, { secret: "whsec_someone_else" });
    expect(gateway.parseWebhook(wrong.body, wrong.header)).toMatchObject({ ok: false });
    expect(gateway.parseWebhook(good.body, undefined)).toEqual({ ok: false, reason: "missing Stripe-Signature header" });
    expect(gateway.parseWebhook(good.body, "")).toMatchObject({ ok: false });
    expect(gateway.parseWebhook(good.body, "t=1,v1=nonsense")).toMatchObject({ ok: false });
    // Stripe's default tolerance is 300 s: a captured webhook replayed ten minutes later is refused.
    const old = signed(event, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    const refused = gateway.parseWebhook(old.body, old.header);
    expect(refused).toMatchObject({ ok: false });
    expect(refused.ok === false && refused.reason).toMatch(/tolerance/i);
  });
});

describe("the stand-in, end to end", () => {
  it("pays a session: a signed checkout.session.completed reaches the webhook and parses", async () => {
    const session = await gateway.createCheckoutSession({ ...request, idempotencyKey: "e2e-pay" });
    const delivery = await stand.pay(session.id);
    expect(delivery).toMatchObject({ type: "checkout.session.completed", status: 200 });
    expect(parsed.at(-1)).toMatchObject({
      ok: true,
      event: { action: "payment_succeeded", invoiceId: "inv_01", amountMinor: 125050, currency: "AUD", checkoutSessionId: session.id },
    });
    const paymentIntentId = stand.sessions.get(session.id)?.payment_intent;
    expect(paymentIntentId).toMatch(/^pi_test_/);

    await stand.refund(session.id, 25000);
    expect(parsed.at(-1)).toMatchObject({
      ok: true,
      event: { action: "refunded", amountMinor: 25000, paymentIntentId, invoiceId: "inv_01" },
    });
  });

  it("serves a Checkout page whose Pay button pays and returns to the success URL", async () => {
    const session = await gateway.createCheckoutSession({ ...request, idempotencyKey: "e2e-page" });
    const page = await fetch(session.url);
    expect(await page.text()).toContain(`<form method="post" action="/pay/${session.id}">`);
    const clicked = await fetch(session.url, { method: "POST", redirect: "manual" });
    expect(clicked.status).toBe(303);
    expect(clicked.headers.get("location")).toBe(request.successUrl);
    expect(stand.deliveries.at(-1)).toMatchObject({ status: 200 });
    const retrieved = await fetch(`${stand.origin}/v1/checkout/sessions/${session.id}`, {
      headers: { authorization: "Bearer sk_test_portico" },
    });
    expect(await retrieved.json()).toMatchObject({ payment_status: "paid", status: "complete" });
  });

  it("sends badly signed events, which the endpoint answers 400", async () => {
    const event = stand.buildEvent("checkout.session.completed", { id: "cs_x", object: "checkout.session", payment_status: "paid" });
    expect((await stand.sendEvent(event, { secret: "whsec_wrong" })).status).toBe(400);
    expect((await stand.sendEvent(event, { header: null })).status).toBe(400);
    expect((await stand.sendEvent(event, { tamperedBody: JSON.stringify({ ...event, id: "evt_other" }) })).status).toBe(400);
    expect((await stand.sendEvent(event)).status).toBe(200);
  });
});

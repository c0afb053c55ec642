import { createRequire } from "node:module";
import type Stripe from "stripe";
import type { Config } from "../../platform/config";

/*
 * The one place Portico talks to Stripe: start a Checkout session for an invoice, and read a
 * webhook after checking its signature. Nothing of the SDK's types leaves this file, so the
 * billing module works with plain data and its tests need no Stripe at all.
 */

export type StripeSettings = Pick<Config, "stripeSecretKey" | "stripeWebhookSecret" | "stripeApiBase">;

export interface CheckoutSessionRequest {
  invoiceId: string;
  /** Shown on Stripe's payment page ("Invoice INV-1001"). */
  invoiceNumber: string;
  /** What the client pays now, in minor units of `currency`. */
  amountMinor: number;
  /** ISO 4217, any case ("AUD"). */
  currency: string;
  /** Prefills Checkout's email field; Stripe sends its receipt there. */
  customerEmail?: string | null;
  successUrl: string;
  cancelUrl: string;
  /** Same key → Stripe answers with the same session instead of making a second one. */
  idempotencyKey: string;
}

export interface CheckoutSession {
  id: string;
  /** Where to send the client's browser. */
  url: string;
}

/**
 * What a webhook means for billing:
 * - `payment_succeeded`: the invoice got `amountMinor` (checkout.session.completed with
 *   payment_status "paid", or checkout.session.async_payment_succeeded after a bank debit cleared);
 * - `refunded`: charge.refunded — `amountMinor` is the charge's amount_refunded, the running
 *   total refunded so far (not this refund alone), so replaying it is harmless;
 * - `ignored`: any other event, or a completed session still waiting for its money.
 */
export type StripeEventAction = "payment_succeeded" | "refunded" | "ignored";

export interface StripeWebhookEvent {
  /** evt_…: the key that makes handling a redelivered event a no-op. */
  id: string;
  type: string;
  /** Unix seconds, when Stripe created the event (events can arrive out of order). */
  created: number;
  action: StripeEventAction;
  /**
   * From the session's metadata or client_reference_id. A charge carries it only when Stripe
   * copied it there: for refunds, match on `paymentIntentId` recorded with the payment.
   */
  invoiceId?: string;
  amountMinor?: number;
  /** ISO 4217, upper case ("AUD"); Stripe sends lower case. */
  currency?: string;
  paymentIntentId?: string;
  checkoutSessionId?: string;
  /** The session's payment_status: "paid", "unpaid" or "no_payment_required". */
  paymentStatus?: string;
}

export type ParsedWebhook = { ok: true; event: StripeWebhookEvent } | { ok: false; reason: string };

export interface StripeGateway {
  /** Starts a Stripe Checkout payment of one invoice (mode "payment", one line for the amount due). */
  createCheckoutSession(request: CheckoutSessionRequest): Promise<CheckoutSession>;
  /**
   * Checks the `Stripe-Signature` header against the webhook secret (and its timestamp against
   * the SDK's 5-minute tolerance) and reads the event. Never throws: anything that does not
   * check out is `{ ok: false }`, to be answered 400.
   */
  parseWebhook(rawBody: Buffer, signatureHeader: string | undefined): ParsedWebhook;
}

/** "http://127.0.0.1:4010" → the SDK's host/port/protocol options; unset → api.stripe.com. */
function apiLocation(apiBase: string | undefined): { host?: string; port?: number; protocol?: "http" | "https" } {
  if (apiBase === undefined) return {};
  const url = new URL(apiBase);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === "http" ? 80 : 443, protocol };
}

const idOf = (value: string | { id: string } | null | undefined): string | undefined =>
  value === null || value === undefined ? undefined : typeof value === "string" ? value : value.id;

/** Turns a verified Stripe event into the plain shape billing reads. */
function plainEvent(event: Stripe.Event): StripeWebhookEvent {
  const base = { id: event.id, type: event.type, created: event.created };
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = event.data.object;
      // A completed session may still be "unpaid" (a bank debit that has not cleared): its
      // money arrives later with async_payment_succeeded, so only "paid" counts as a payment.
      const paid = session.payment_status === "paid";
      return {
        ...base,
        action: paid ? "payment_succeeded" : "ignored",
        invoiceId: session.metadata?.invoiceId ?? session.client_reference_id ?? undefined,
        amountMinor: session.amount_total ?? undefined,
        currency: session.currency?.toUpperCase() ?? undefined,
        paymentIntentId: idOf(session.payment_intent),
        checkoutSessionId: session.id,
        paymentStatus: session.payment_status,
      };
    }
    case "charge.refunded": {
      const charge = event.data.object;
      return {
        ...base,
        action: "refunded",
        invoiceId: charge.metadata?.invoiceId,
        amountMinor: charge.amount_refunded,
        currency: charge.currency.toUpperCase(),
        paymentIntentId: idOf(charge.payment_intent),
      };
    }
    default:
      return { ...base, action: "ignored" };
  }
}

/** The Stripe gateway, or undefined when online payment is not configured (both keys are needed). */
export function createStripeGateway(config: StripeSettings): StripeGateway | undefined {
  const { stripeSecretKey: secretKey, stripeWebhookSecret: webhookSecret } = config;
  if (secretKey === undefined || webhookSecret === undefined) return undefined;
  // Loaded only when online payment is configured: the library is a tenth of a cold start.
  const StripeLibrary = createRequire(import.meta.url)("stripe") as typeof Stripe;
  const stripe = new StripeLibrary(secretKey, {
    ...apiLocation(config.stripeApiBase),
    telemetry: false,
    timeout: 30_000,
    maxNetworkRetries: 2,
  });

  return {
    async createCheckoutSession(request) {
      const metadata = { invoiceId: request.invoiceId, invoiceNumber: request.invoiceNumber };
      const session = await stripe.checkout.sessions.create(
        {
          mode: "payment",
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: request.currency.toLowerCase(),
                unit_amount: request.amountMinor,
                product_data: { name: `Invoice ${request.invoiceNumber}` },
              },
            },
          ],
          customer_email: request.customerEmail ?? undefined,
          client_reference_id: request.invoiceId,
          metadata,
          // Copied onto the PaymentIntent too, so the payment is traceable from Stripe's dashboard.
          payment_intent_data: { metadata },
          success_url: request.successUrl,
          cancel_url: request.cancelUrl,
        },
        // Why: a retried request (ours or the SDK's) must not open a second session for one attempt.
        { idempotencyKey: request.idempotencyKey },
      );
      if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a URL`);
      return { id: session.id, url: session.url };
    },

    parseWebhook(rawBody, signatureHeader) {
      if (signatureHeader === undefined || signatureHeader.trim() === "") return { ok: false, reason: "missing Stripe-Signature header" };
      let event: Stripe.Event;
      try {
        // Security: the signature (HMAC of the exact raw bytes with the webhook secret) is what
        // proves Stripe sent this; the timestamp tolerance stops a captured webhook being replayed.
        event = stripe.webhooks.constructEvent(rawBody, signatureHeader, webhookSecret);
      } catch (error) {
        return { ok: false, reason: error instanceof Error ? error.message : "invalid webhook" };
      }
      return { ok: true, event: plainEvent(event) };
    },
  };
}

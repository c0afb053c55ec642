import { invoicePath, type TCheckoutResponse } from "../../../common/billing";
import type { Actor } from "../../platform/auth/sessions";
import { type AppContext, link } from "../../platform/context";
import { assertAllowed, notFound } from "../../platform/errors";
import { stripeGatewayOf } from "./gateway";
import { recordOnlinePayment, recordOnlineRefund } from "./payments";
import { invoiceDecisions } from "./policy";
import { factsOf, moneyOf } from "./presenters";
import * as q from "./queries";
import { loadVisible } from "./service";
import type { StripeWebhookEvent } from "./stripe";

/*
 * Paying online (issue 13): "Pay now" opens a Stripe Checkout session for the amount due, and
 * Stripe's webhook tells us the money arrived (or went back). Only the webhook records money:
 * the browser coming back to `?paid=1` proves nothing. Without both Stripe keys none of this
 * exists: checkout is a 404, and no invoice offers it.
 */

/** Starts a Checkout session for what is due now on an invoice the actor may see and pay. */
export async function startCheckout(ctx: AppContext, actor: Actor, id: string): Promise<TCheckoutResponse> {
  const gateway = stripeGatewayOf(ctx);
  if (!gateway) throw notFound("Online payment");
  const row = await loadVisible(ctx.db, actor, id);
  assertAllowed(invoiceDecisions(actor, factsOf(row, false), true).payOnline);
  const { due } = moneyOf(row);
  const moves = (await q.paymentsOf(ctx.db, id)).length;
  const session = await gateway.createCheckoutSession({
    invoiceId: row.id,
    invoiceNumber: row.reference ?? "",
    amountMinor: due,
    currency: row.currency,
    customerEmail: actor.role === "client" ? actor.email || null : null,
    successUrl: link(ctx, invoicePath(row.id), { paid: "1" }),
    cancelUrl: link(ctx, invoicePath(row.id)),
    // Why: a double click gets the same session; once the amount due changed (a payment, a
    // refund, a credit note) the next click gets a new session for the new amount.
    idempotencyKey: `checkout:${row.id}:${due}:${Number(row.paid_minor)}:${Number(row.credited_minor)}:${moves}`,
  });
  return { data: { url: session.url } };
}

export type WebhookAnswer =
  | { status: 200; body: { received: true } }
  | { status: 400 | 404; body: { error: { code: string; message: string } } };

const received: WebhookAnswer = { status: 200, body: { received: true } };

/**
 * One webhook delivery: its signature checked against the raw bytes (a bad one is a 400 and
 * nothing is written), then what the event means. Every verified event is answered 200 — Stripe
 * retries anything else for days — including those recorded before (a redelivery), for no known
 * invoice, or that cannot be recorded (an overpayment): those are logged for a person to look at.
 */
export async function handleStripeWebhook(ctx: AppContext, rawBody: Buffer, signature: string | undefined): Promise<WebhookAnswer> {
  const gateway = stripeGatewayOf(ctx);
  if (!gateway) return { status: 404, body: { error: { code: "not_found", message: "Online payment is not configured." } } };
  const parsed = gateway.parseWebhook(rawBody, signature);
  if (!parsed.ok) {
    ctx.log.warn({ reason: parsed.reason }, "stripe webhook refused: bad signature");
    return { status: 400, body: { error: { code: "invalid_signature", message: "The webhook's signature does not check out." } } };
  }
  const event = parsed.event;
  switch (event.action) {
    case "payment_succeeded":
      await onPayment(ctx, event);
      return received;
    case "refunded":
      await onRefund(ctx, event);
      return received;
    case "ignored":
      return received;
    default: {
      const exhaustive: never = event.action;
      throw new Error(`unknown stripe action ${exhaustive}`);
    }
  }
}

async function onPayment(ctx: AppContext, event: StripeWebhookEvent): Promise<void> {
  const log = ctx.log.child({ stripeEvent: event.id, type: event.type, invoiceId: event.invoiceId });
  const paymentId = event.paymentIntentId ?? event.checkoutSessionId;
  if (!event.invoiceId || event.amountMinor === undefined || !paymentId) {
    log.warn("stripe payment without an invoice, amount or payment id: nothing recorded");
    return;
  }
  const invoice = await q.findInvoice(ctx.db, event.invoiceId);
  if (!invoice) {
    log.info("stripe payment for no known invoice: nothing recorded");
    return;
  }
  if (event.currency && event.currency !== invoice.currency.toUpperCase()) {
    log.warn(
      { currency: event.currency, invoiceCurrency: invoice.currency },
      "stripe payment in another currency: nothing recorded, refund it",
    );
    return;
  }
  const result = await recordOnlinePayment(ctx, {
    invoiceId: event.invoiceId,
    amountMinor: event.amountMinor,
    providerEventId: event.id,
    providerPaymentId: paymentId,
  });
  if (result.recorded) log.info({ paymentId: result.paymentId, status: result.status }, "stripe payment recorded");
  else if (result.reason === "duplicate" || result.reason === "not_found") log.info({ reason: result.reason }, result.message);
  // Money arrived that the invoice cannot take (paid already, void, more than due): a person refunds it.
  else log.warn({ reason: result.reason, amountMinor: event.amountMinor }, `stripe payment not recorded: ${result.message}`);
}

async function onRefund(ctx: AppContext, event: StripeWebhookEvent): Promise<void> {
  const log = ctx.log.child({ stripeEvent: event.id, type: event.type, paymentIntent: event.paymentIntentId });
  if (!event.paymentIntentId || event.amountMinor === undefined) {
    log.warn("stripe refund without a payment intent or amount: nothing recorded");
    return;
  }
  const result = await recordOnlineRefund(ctx, {
    providerPaymentId: event.paymentIntentId,
    refundedTotalMinor: event.amountMinor,
    providerEventId: event.id,
  });
  if (result.recorded) log.info({ paymentId: result.paymentId, amountMinor: result.amountMinor }, "stripe refund recorded");
  else if (result.reason === "exceeds_paid") log.warn({ reason: result.reason }, `stripe refund not recorded: ${result.message}`);
  else log.info({ reason: result.reason }, result.message);
}

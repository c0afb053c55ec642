import type { AppContext } from "../../platform/context";
import { createStripeGateway, type StripeGateway } from "./stripe";

/*
 * The app's Stripe gateway, built once per app from its config (STRIPE_SECRET_KEY and
 * STRIPE_WEBHOOK_SECRET): undefined when online payment is not configured — then no invoice
 * offers "Pay now", checkout answers 404 and the webhook route refuses every delivery.
 */
const built = new WeakMap<AppContext["config"], StripeGateway | null>();

export function stripeGatewayOf(ctx: Pick<AppContext, "config">): StripeGateway | undefined {
  let gateway = built.get(ctx.config);
  if (gateway === undefined) {
    gateway = createStripeGateway(ctx.config) ?? null;
    built.set(ctx.config, gateway);
  }
  return gateway ?? undefined;
}

/** Whether clients may pay online here. */
export const onlinePaymentsOn = (ctx: Pick<AppContext, "config">): boolean => stripeGatewayOf(ctx) !== undefined;

import { randomBytes } from "node:crypto";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

/*
 * A Stripe stand-in for tests: an HTTP server on 127.0.0.1 that speaks the small part of Stripe's
 * API Portico uses (creating and reading Checkout sessions, form-encoded as the SDK sends them),
 * serves a one-button "Checkout" page a browser test can click through, and delivers webhooks
 * signed the way Stripe signs them. Point STRIPE_API_BASE at `origin`. It records every request so
 * a test can assert on what went over the wire.
 */

/** A form body parsed back into objects: `line_items[0][price_data][currency]=aud` → nested. */
export type FormValue = string | FormValue[] | { [key: string]: FormValue };

export interface ReceivedStripeRequest {
  method: string;
  path: string;
  form: Record<string, FormValue>;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
}

export interface WebhookDelivery {
  eventId: string;
  type: string;
  /** The webhook endpoint's answer, or 0 when it could not be reached. */
  status: number;
  body: string;
}

export interface StandInSession {
  id: string;
  object: "checkout.session";
  mode: string;
  status: "open" | "complete";
  payment_status: "unpaid" | "paid";
  amount_subtotal: number;
  amount_total: number;
  currency: string;
  customer_email: string | null;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  payment_intent: string | null;
  success_url: string;
  cancel_url: string;
  url: string;
  created: number;
  expires_at: number;
  livemode: false;
  /** Not Stripe's: what the payment intent's metadata was asked to be (payment_intent_data.metadata). */
  payment_intent_metadata: Record<string, string>;
}

export interface SendEventOptions {
  /** Sign with this secret instead of the configured one (a wrong secret). */
  secret?: string;
  /** Unix seconds to sign with (an old one is outside the tolerance). */
  timestamp?: number;
  /** Send exactly this Stripe-Signature header (null: none at all) instead of signing. */
  header?: string | null;
  /** Send this body instead of the event's JSON (after signing the JSON: a tampered body). */
  tamperedBody?: string;
}

export interface StripeStandIn {
  /** `http://127.0.0.1:<port>`: what STRIPE_API_BASE must be. */
  origin: string;
  /** Every API and /pay request received, oldest first. */
  requests: ReceivedStripeRequest[];
  /** Every webhook posted, oldest first. */
  deliveries: WebhookDelivery[];
  sessions: Map<string, StandInSession>;
  /** Where webhooks go (set it once the app under test listens). */
  setWebhookUrl(url: string): void;
  /** The client pays: marks the session paid and posts a signed checkout.session.completed. */
  pay(sessionId: string): Promise<WebhookDelivery>;
  /** Refunds (part of) a paid session's charge and posts a signed charge.refunded. */
  refund(sessionId: string, amountRefundedMinor: number): Promise<WebhookDelivery>;
  /** An event as Stripe would send it: `{ id: "evt_…", object: "event", type, data: { object } }`. */
  buildEvent(type: string, object: object, created?: number): StripeTestEvent;
  /** Posts any event to the webhook URL, signed with the webhook secret unless told otherwise. */
  sendEvent(event: StripeTestEvent, options?: SendEventOptions): Promise<WebhookDelivery>;
  close(): Promise<void>;
}

export interface StripeTestEvent {
  id: string;
  object: "event";
  type: string;
  created: number;
  data: { object: object };
  [key: string]: unknown;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const newId = (prefix: string) => `${prefix}_test_${randomBytes(12).toString("hex")}`;
const now = () => Math.floor(Date.now() / 1000);

/** Parses `a[b][0][c]=v&…` (what the SDK sends) into nested objects and arrays. */
export function parseStripeForm(body: string): Record<string, FormValue> {
  const root: Record<string, FormValue> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.split(/\[|\]\[|\]/).filter((part) => part !== "");
    let node: Record<string, FormValue> | FormValue[] = root;
    parts.forEach((part, index) => {
      const last = index === parts.length - 1;
      const slot = Array.isArray(node) ? Number(part) : part;
      const container = node as Record<string | number, FormValue>;
      if (last) {
        container[slot] = value;
        return;
      }
      if (container[slot] === undefined) container[slot] = /^\d+$/.test(parts[index + 1] ?? "") ? [] : {};
      node = container[slot] as Record<string, FormValue> | FormValue[];
    });
  }
  return root;
}

function text(value: FormValue | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function record(value: FormValue | undefined): Record<string, string> {
  if (value === undefined || typeof value === "string" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

function stripeError(res: ServerResponse, status: number, message: string, param?: string) {
  res
    .writeHead(status, { "content-type": "application/json" })
    .end(JSON.stringify({ error: { type: "invalid_request_error", message, param } }));
}

/** Starts the stand-in; `webhookSecret` is what the app under test has as STRIPE_WEBHOOK_SECRET. */
export async function startStripeService(options: { webhookSecret: string; webhookUrl?: string }): Promise<StripeStandIn> {
  const requests: ReceivedStripeRequest[] = [];
  const deliveries: WebhookDelivery[] = [];
  const sessions = new Map<string, StandInSession>();
  // Stripe replays the first answer to a repeated idempotency key instead of acting twice.
  const replays = new Map<string, string>();
  let webhookUrl = options.webhookUrl;
  let origin = "";

  function createSession(form: Record<string, FormValue>): StandInSession | string {
    const lines = Array.isArray(form.line_items) ? form.line_items : [];
    if (lines.length === 0) return "line_items";
    let total = 0;
    let currency: string | undefined;
    for (const line of lines) {
      if (typeof line === "string" || Array.isArray(line)) return "line_items";
      const price = line.price_data;
      if (price === undefined || typeof price === "string" || Array.isArray(price)) return "line_items[price_data]";
      const amount = Number(text(price.unit_amount));
      const quantity = Number(text(line.quantity) ?? "1");
      if (!Number.isInteger(amount) || amount < 0) return "line_items[price_data][unit_amount]";
      currency = text(price.currency);
      total += amount * quantity;
    }
    const success = text(form.success_url);
    if (text(form.mode) !== "payment" || currency === undefined || success === undefined) return "mode";
    const paymentIntentData = form.payment_intent_data;
    const id = newId("cs");
    const created = now();
    return {
      id,
      object: "checkout.session",
      mode: "payment",
      status: "open",
      payment_status: "unpaid",
      amount_subtotal: total,
      amount_total: total,
      currency,
      customer_email: text(form.customer_email) ?? null,
      client_reference_id: text(form.client_reference_id) ?? null,
      metadata: record(form.metadata),
      payment_intent: null,
      success_url: success,
      cancel_url: text(form.cancel_url) ?? success,
      url: `${origin}/pay/${id}`,
      created,
      expires_at: created + 24 * 3600,
      livemode: false,
      payment_intent_metadata:
        paymentIntentData && typeof paymentIntentData !== "string" && !Array.isArray(paymentIntentData)
          ? record(paymentIntentData.metadata)
          : {},
    };
  }

  const buildEvent = (type: string, object: object, created = now()): StripeTestEvent => ({
    id: newId("evt"),
    object: "event",
    api_version: Stripe.API_VERSION,
    created,
    type,
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
  });

  async function sendEvent(event: StripeTestEvent, send: SendEventOptions = {}): Promise<WebhookDelivery> {
    if (webhookUrl === undefined) throw new Error("Stripe stand-in: setWebhookUrl() before sending events");
    const payload = JSON.stringify(event);
    const header =
      send.header !== undefined
        ? send.header
        : Stripe.webhooks.generateTestHeaderString({ payload, secret: send.secret ?? options.webhookSecret, timestamp: send.timestamp });
    const delivery: WebhookDelivery = { eventId: event.id, type: event.type, status: 0, body: "" };
    try {
      const response = await fetch(webhookUrl, {
        method: "POST",
        headers: { "content-type": "application/json; charset=utf-8", ...(header === null ? {} : { "stripe-signature": header }) },
        body: send.tamperedBody ?? payload,
      });
      delivery.status = response.status;
      delivery.body = await response.text();
    } catch (error) {
      delivery.body = (error as Error).message;
    }
    deliveries.push(delivery);
    return delivery;
  }

  async function pay(sessionId: string): Promise<WebhookDelivery> {
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`Stripe stand-in: no checkout session ${sessionId}`);
    session.status = "complete";
    session.payment_status = "paid";
    session.payment_intent ??= newId("pi");
    const { payment_intent_metadata: _, ...object } = session;
    return sendEvent(buildEvent("checkout.session.completed", object));
  }

  async function refund(sessionId: string, amountRefundedMinor: number): Promise<WebhookDelivery> {
    const session = sessions.get(sessionId);
    if (!session?.payment_intent) throw new Error(`Stripe stand-in: session ${sessionId} is not paid`);
    const charge = {
      id: `ch_${session.payment_intent.slice(3)}`,
      object: "charge",
      amount: session.amount_total,
      amount_captured: session.amount_total,
      amount_refunded: amountRefundedMinor,
      currency: session.currency,
      paid: true,
      refunded: amountRefundedMinor >= session.amount_total,
      payment_intent: session.payment_intent,
      metadata: session.payment_intent_metadata,
      status: "succeeded",
      created: session.created,
      livemode: false,
    };
    return sendEvent(buildEvent("charge.refunded", charge));
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", origin);
      const method = req.method ?? "GET";
      const body = Buffer.concat(chunks).toString("utf8");
      const idempotencyKey = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : undefined;
      const authorization = req.headers.authorization;
      requests.push({ method, path: url.pathname, form: parseStripeForm(body), idempotencyKey, authorization });

      const payPage = url.pathname.match(/^\/pay\/([\w-]+)$/);
      if (payPage) {
        const session = sessions.get(payPage[1] ?? "");
        if (!session) return void res.writeHead(404, { "content-type": "text/plain" }).end("No such checkout session");
        if (method === "POST") {
          pay(session.id).then(
            () => res.writeHead(303, { location: session.success_url }).end(),
            (error: Error) => res.writeHead(500, { "content-type": "text/plain" }).end(error.message),
          );
          return;
        }
        const amount = `${(session.amount_total / 100).toFixed(2)} ${session.currency.toUpperCase()}`;
        res
          .writeHead(200, { "content-type": "text/html; charset=utf-8" })
          .end(
            `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stripe Checkout (test stand-in)</title></head>` +
              `<body><main><h1>Pay ${amount}</h1><form method="post" action="/pay/${session.id}">` +
              `<button type="submit">Pay</button></form><p><a href="${escapeHtml(session.cancel_url)}">Cancel</a></p></main></body></html>`,
          );
        return;
      }

      if (!authorization?.startsWith("Bearer sk_") && !authorization?.startsWith("Bearer rk_")) {
        return stripeError(res, 401, "Invalid API Key provided");
      }
      const replayKey = idempotencyKey && `${method} ${url.pathname} ${idempotencyKey}`;
      const replay = replayKey ? replays.get(replayKey) : undefined;
      if (replay !== undefined) return void res.writeHead(200, { "content-type": "application/json" }).end(replay);

      if (method === "POST" && url.pathname === "/v1/checkout/sessions") {
        const session = createSession(parseStripeForm(body));
        if (typeof session === "string") return stripeError(res, 400, `Invalid or missing parameter: ${session}`, session);
        sessions.set(session.id, session);
        const { payment_intent_metadata: _, ...json } = session;
        const answer = JSON.stringify(json);
        if (replayKey) replays.set(replayKey, answer);
        return void res.writeHead(200, { "content-type": "application/json", "request-id": newId("req") }).end(answer);
      }
      const retrieve = url.pathname.match(/^\/v1\/checkout\/sessions\/([\w-]+)$/);
      if (method === "GET" && retrieve) {
        const session = sessions.get(retrieve[1] ?? "");
        if (!session) return stripeError(res, 404, `No such checkout.session: '${retrieve[1]}'`, "id");
        const { payment_intent_metadata: _, ...json } = session;
        return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(json));
      }
      stripeError(res, 404, `Unrecognized request URL (${method}: ${url.pathname}).`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    requests,
    deliveries,
    sessions,
    setWebhookUrl: (url) => {
      webhookUrl = url;
    },
    pay,
    refund,
    buildEvent,
    sendEvent,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

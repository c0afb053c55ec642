import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import { Type } from "typebox";
import * as B from "../../../common/billing";
import { ZId } from "../../../common/schemas";
import type { AppContext } from "../../platform/context";
import { requireActor } from "../../platform/http";
import { contentDisposition } from "../files/names";
import { handleStripeWebhook, startCheckout } from "./checkout";
import { invoicePdfFor, localeOf } from "./documents";
import { issueCreditNote, recordPayment, recordRefund } from "./payments";
import { billingSummary, exportInvoicesCsv, getBillingSettings, updateBillingSettings } from "./reports";
import * as service from "./service";

const tags = ["billing"];

/** A PDF download: the file's name, never cached by a shared cache (it is someone's invoice). */
const sendPdf = (reply: FastifyReply, pdf: { bytes: Buffer; fileName: string }) =>
  reply
    .header("content-type", "application/pdf")
    .header("content-disposition", contentDisposition("attachment", pdf.fileName))
    .header("cache-control", "private, no-cache")
    .send(pdf.bytes);
const ZIdParams = Type.Object({ id: ZId });
const ZTaskParams = Type.Object({ taskId: ZId });

/**
 * Invoices, credit notes, payments and refunds; the agency's billing summary, CSV export and
 * settings. Who may do what is the policy's (policy.ts) and the scope's (queries.ts `invoiceScope`):
 * routes only authenticate, validate and call the service.
 */
export function billingRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get("/api/invoices", { schema: { tags, querystring: B.ZInvoiceListQuery, response: { 200: B.ZInvoiceList } } }, async (request) =>
      service.listInvoices(ctx, requireActor(request), request.query),
    );
    app.post(
      "/api/invoices",
      { schema: { tags, body: B.ZCreateInvoiceRequest, response: { 201: B.ZInvoiceDetail } } },
      async (request, reply) => reply.code(201).send(await service.createInvoice(ctx, requireActor(request), request.body)),
    );
    app.get("/api/invoices/:id", { schema: { tags, params: ZIdParams, response: { 200: B.ZInvoiceDetail } } }, async (request) =>
      service.getInvoice(ctx, requireActor(request), request.params.id),
    );
    app.put(
      "/api/invoices/:id",
      { schema: { tags, params: ZIdParams, body: B.ZUpdateInvoiceRequest, response: { 200: B.ZInvoiceDetail } } },
      async (request) => service.updateInvoice(ctx, requireActor(request), request.params.id, request.body),
    );
    app.delete(
      "/api/invoices/:id",
      { schema: { tags, params: ZIdParams, description: "Deletes a draft (204)." } },
      async (request, reply) => {
        await service.deleteInvoice(ctx, requireActor(request), request.params.id);
        return reply.code(204).send();
      },
    );
    app.post("/api/invoices/:id/send", { schema: { tags, params: ZIdParams, response: { 200: B.ZInvoiceDetail } } }, async (request) =>
      service.sendInvoice(ctx, requireActor(request), request.params.id),
    );
    app.post(
      "/api/invoices/:id/void",
      { schema: { tags, params: ZIdParams, body: B.ZVoidInvoiceRequest, response: { 200: B.ZInvoiceDetail } } },
      async (request) => service.voidInvoice(ctx, requireActor(request), request.params.id, request.body),
    );
    app.post(
      "/api/invoices/:id/reissue",
      { schema: { tags, params: ZIdParams, description: "A void invoice's new draft (201).", response: { 201: B.ZInvoiceDetail } } },
      async (request, reply) => reply.code(201).send(await service.reissueInvoice(ctx, requireActor(request), request.params.id)),
    );
    app.post(
      "/api/invoices/:id/credit-notes",
      {
        schema: {
          tags,
          params: ZIdParams,
          body: B.ZCreateCreditNoteRequest,
          description: "Admin: issues a credit note; answers the invoice (201), the new note in `creditNotes`.",
          response: { 201: B.ZInvoiceDetail },
        },
      },
      async (request, reply) => reply.code(201).send(await issueCreditNote(ctx, requireActor(request), request.params.id, request.body)),
    );
    app.post(
      "/api/invoices/:id/payments",
      { schema: { tags, params: ZIdParams, body: B.ZRecordPaymentRequest, response: { 201: B.ZInvoiceDetail } } },
      async (request, reply) => reply.code(201).send(await recordPayment(ctx, requireActor(request), request.params.id, request.body)),
    );
    app.post(
      "/api/invoices/:id/refunds",
      { schema: { tags, params: ZIdParams, body: B.ZRecordRefundRequest, response: { 201: B.ZInvoiceDetail } } },
      async (request, reply) => reply.code(201).send(await recordRefund(ctx, requireActor(request), request.params.id, request.body)),
    );
    app.post(
      "/api/tasks/:taskId/invoice",
      {
        schema: {
          tags,
          params: ZTaskParams,
          body: B.ZInvoiceFromTaskRequest,
          description:
            "The task's accepted quote becomes a draft invoice (201); 409 when the task already has one that is not void. The body is optional.",
          response: { 201: B.ZInvoiceDetail },
        },
        // One click sends no body: it reads as an empty one.
        preValidation: async (request) => {
          request.body ??= {};
        },
      },
      async (request, reply) =>
        reply.code(201).send(await service.invoiceFromTask(ctx, requireActor(request), request.params.taskId, request.body)),
    );
    app.get(
      "/api/invoices/:id/pdf",
      { schema: { tags, params: ZIdParams, description: "The invoice (or credit note) as a PDF download; a draft for staff only." } },
      async (request, reply) => {
        const pdf = await invoicePdfFor(
          ctx,
          requireActor(request),
          request.params.id,
          "document",
          localeOf(request.headers["accept-language"]),
        );
        return sendPdf(reply, pdf);
      },
    );
    app.get(
      "/api/invoices/:id/receipt.pdf",
      { schema: { tags, params: ZIdParams, description: "The receipt (payments and refunds) as a PDF; 404 before any payment." } },
      async (request, reply) => {
        const pdf = await invoicePdfFor(
          ctx,
          requireActor(request),
          request.params.id,
          "receipt",
          localeOf(request.headers["accept-language"]),
        );
        return sendPdf(reply, pdf);
      },
    );
    app.post(
      "/api/invoices/:id/checkout",
      {
        schema: {
          tags,
          params: ZIdParams,
          description:
            "A Stripe Checkout session for the amount due: where to send the browser. 404 when online payment is not configured.",
          response: { 200: B.ZCheckoutResponse },
        },
      },
      async (request) => startCheckout(ctx, requireActor(request), request.params.id),
    );
    // Its own plugin: only here is a JSON body kept as raw bytes, which the signature is computed over.
    await app.register(async (webhook) => {
      webhook.addContentTypeParser("application/json", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
      webhook.post(
        "/api/billing/stripe/webhook",
        {
          schema: {
            tags,
            description:
              "Stripe's webhook. No session and no CSRF token: the Stripe-Signature header over the raw body is the authentication; 400 when it does not check out.",
          },
        },
        async (request, reply) => {
          const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
          const signature = request.headers["stripe-signature"];
          const answer = await handleStripeWebhook(ctx, raw, typeof signature === "string" ? signature : undefined);
          return reply.code(answer.status).send(answer.body);
        },
      );
    });
    app.get("/api/billing/summary", { schema: { tags, response: { 200: B.ZBillingSummary } } }, async (request) =>
      billingSummary(ctx, requireActor(request)),
    );
    app.get(
      "/api/billing/export.csv",
      { schema: { tags, querystring: B.ZInvoiceListQuery, description: "Staff: the invoices of the list's filters, as CSV." } },
      async (request, reply) => {
        const { csv, fileName } = await exportInvoicesCsv(ctx, requireActor(request), request.query);
        return reply
          .header("content-type", "text/csv; charset=utf-8")
          .header("content-disposition", contentDisposition("attachment", fileName))
          .header("cache-control", "private, no-cache")
          .send(csv);
      },
    );
    app.get("/api/billing/settings", { schema: { tags, response: { 200: B.ZBillingSettingsResponse } } }, async (request) =>
      getBillingSettings(ctx, requireActor(request)),
    );
    app.put(
      "/api/billing/settings",
      { schema: { tags, body: B.ZUpdateBillingSettingsRequest, response: { 200: B.ZBillingSettingsResponse } } },
      async (request) => updateBillingSettings(ctx, requireActor(request), request.body),
    );
  };
}

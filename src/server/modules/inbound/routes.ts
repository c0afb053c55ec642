import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import {
  ZAddSenderAsContactRequest,
  ZCreateTicketFromInboundRequest,
  ZInboundList,
  ZInboundListQuery,
  ZInboundMessageResponse,
  ZInboundResult,
} from "../../../common/inbound";
import { ZId } from "../../../common/schemas";
import { safeEqual } from "../../platform/auth/tokens";
import type { AppContext } from "../../platform/context";
import { AppError, notFound, validation } from "../../platform/errors";
import { requireAdmin } from "../../platform/http";
import { addSenderAsContact, createTicketFromQuarantine, discardQuarantined, presentInbound } from "./quarantine";
import { findInbound, listInbound, PAGE_SIZE } from "./queries";
import { receiveEmail } from "./service";

const tags = ["inbound"];

/** Raw MIME in over HTTP (for a mail provider's webhook or a forwarding script) and the admin's inbound log. */
export function inboundRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(async (raw) => {
      // Only this route takes a raw message body, and nothing else (JSON, forms: 415).
      raw.removeAllContentTypeParsers();
      raw.addContentTypeParser(
        ["message/rfc822", "text/plain"],
        { parseAs: "buffer", bodyLimit: ctx.config.inboundMaxBytes },
        (_r, body, done) => done(null, body),
      );
      raw.post(
        "/api/inbound/email",
        {
          schema: {
            tags,
            description:
              "Deliver one raw email (content-type message/rfc822 or text/plain) with the x-inbound-secret header equal to INBOUND_SECRET. Answers 404 when INBOUND_SECRET is not set.",
            response: { 200: ZInboundResult },
          },
          onRequest: async (request) => {
            const secret = ctx.config.inboundSecret;
            // Switched off: the route answers exactly like one that does not exist.
            if (!secret) throw new AppError("not_found", `No API route ${request.method} ${request.url.split("?")[0]}.`);
            const sent = request.headers["x-inbound-secret"];
            if (typeof sent !== "string" || !safeEqual(sent, secret)) {
              throw new AppError("authentication_required", "The x-inbound-secret header is missing or wrong.");
            }
          },
        },
        async (request) => {
          const body = request.body;
          if (!Buffer.isBuffer(body) || body.length === 0) {
            throw validation("body", "Send the raw email as the request body (content-type message/rfc822).");
          }
          return { data: await receiveEmail(ctx, body) };
        },
      );
    });

    app.get(
      "/api/admin/inbound",
      { schema: { tags, querystring: ZInboundListQuery, response: { 200: ZInboundList } } },
      async (request) => {
        requireAdmin(request);
        const { rows, total } = await listInbound(ctx.db, { status: request.query.status, page: request.query.page ?? 1 });
        return { data: rows.map(presentInbound), total, pageSize: PAGE_SIZE };
      },
    );

    // The quarantine's three ways out (admins): each answers with the message as the log now shows it.
    const params = Type.Object({ id: ZId });
    app.post(
      "/api/admin/inbound/:id/create-ticket",
      {
        schema: {
          tags,
          params,
          body: ZCreateTicketFromInboundRequest,
          response: { 200: ZInboundMessageResponse },
          description:
            "A quarantined email becomes a new ticket in the client account named, raised by the admin on its behalf (the sender's address at the top, its files attached). 409 when the email is not quarantined.",
        },
      },
      async (request) => ({ data: await createTicketFromQuarantine(ctx, requireAdmin(request), request.params.id, request.body) }),
    );
    app.post(
      "/api/admin/inbound/:id/add-contact",
      {
        schema: {
          tags,
          params,
          body: ZAddSenderAsContactRequest,
          response: { 200: ZInboundMessageResponse },
          description:
            "The sender of a quarantined email becomes a client contact of the account named (invited by email), and the email is posted as them: into the ticket or task it named, else as a new ticket. 409 when the email is not quarantined or the address already has an account.",
        },
      },
      async (request) => ({ data: await addSenderAsContact(ctx, requireAdmin(request), request.params.id, request.body) }),
    );
    app.post(
      "/api/admin/inbound/:id/discard",
      {
        schema: {
          tags,
          params,
          response: { 200: ZInboundMessageResponse },
          description: "Discards a quarantined email: nothing is posted, it stays in the log as discarded. 409 when it is not quarantined.",
        },
      },
      async (request) => ({ data: await discardQuarantined(ctx, requireAdmin(request), request.params.id) }),
    );

    app.get(
      "/api/admin/inbound/:id/raw",
      { schema: { tags, params: Type.Object({ id: ZId }), description: "The message exactly as it arrived (.eml)." } },
      async (request, reply) => {
        requireAdmin(request);
        const message = await findInbound(ctx.db, request.params.id);
        if (!message?.storage_key) throw notFound("That inbound email");
        const stream = await ctx.storage.get(message.storage_key);
        return reply
          .header("content-type", "message/rfc822")
          .header("content-disposition", `attachment; filename="inbound-${message.id}.eml"`)
          .header("x-content-type-options", "nosniff")
          .header("content-security-policy", "default-src 'none'; sandbox")
          .header("cache-control", "private, no-cache")
          .send(stream);
      },
    );
  };
}

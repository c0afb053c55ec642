import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { ZInboundList, ZInboundListQuery, ZInboundResult } from "../../../common/inbound";
import { ZId } from "../../../common/schemas";
import { safeEqual } from "../../platform/auth/tokens";
import type { AppContext } from "../../platform/context";
import { AppError, notFound, validation } from "../../platform/errors";
import { requireAdmin } from "../../platform/http";
import { findInbound, listInbound, PAGE_SIZE } from "./queries";
import { inboundObject, receiveEmail } from "./service";

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
        return {
          data: rows.map((r) => ({
            id: r.id,
            from: r.from_address,
            subject: r.subject,
            status: r.status,
            reason: r.reason,
            ...inboundObject(r),
            hasRaw: r.storage_key !== null,
            createdAt: r.created_at,
          })),
          total,
          pageSize: PAGE_SIZE,
        };
      },
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

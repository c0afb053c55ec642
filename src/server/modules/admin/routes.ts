import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import * as S from "../../../common/schemas";
import type { AppContext } from "../../platform/context";
import { notFound } from "../../platform/errors";
import { requireAdmin } from "../../platform/http";
import { getSettings } from "../../platform/settings";
import { listUsersForAdmin, updateUserAsAdmin } from "../accounts/admin-users";
import { inviteUser, resendInvitation } from "../accounts/invitations";
import { openAgencyFile } from "../files/service";
import { presentAuditEntry } from "./audit";
import { findMail, listEvents, listMail, PAGE_SIZE } from "./queries";
import { getBranding, updateSettings } from "./service";

const tags = ["admin"];
const ZIdParams = Type.Object({ id: S.ZId });

/** The admin's pages: users and invitations, settings, the built-in mailbox, the audit log. */
export function adminRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get("/api/admin/users", { schema: { tags, querystring: S.ZUserListQuery, response: { 200: S.ZUserList } } }, async (request) => {
      requireAdmin(request);
      return listUsersForAdmin(ctx, request.query);
    });

    app.post(
      "/api/admin/users/invitations",
      { schema: { tags, body: S.ZInviteRequest, response: { 201: S.ZUserResponse } } },
      async (request, reply) => reply.code(201).send({ data: await inviteUser(ctx, requireAdmin(request), request.body) }),
    );

    app.post(
      "/api/admin/users/:id/invitation",
      { schema: { tags, params: ZIdParams, response: { 200: S.ZUserResponse } } },
      async (request) => ({
        data: await resendInvitation(ctx, requireAdmin(request), request.params.id),
      }),
    );

    app.patch(
      "/api/admin/users/:id",
      { schema: { tags, params: ZIdParams, body: S.ZUpdateUserRequest, response: { 200: S.ZUserResponse } } },
      async (request) => ({ data: await updateUserAsAdmin(ctx, requireAdmin(request), request.params.id, request.body) }),
    );

    app.get(
      "/api/branding",
      {
        schema: {
          tags,
          response: { 200: S.ZBrandingResponse },
          description: "The agency's name, colour, logo and support contact (no log-in needed).",
        },
      },
      // Why no-cache: an admin who just changed the brand must read the new one, not a cached copy.
      async (_request, reply) => reply.header("cache-control", "no-cache").send({ data: await getBranding(ctx.db) }),
    );

    app.get(
      "/api/branding/logo/:id",
      { schema: { tags, params: ZIdParams, description: "The agency's logo (no log-in needed)." } },
      async (request, reply) => {
        const { file, stream } = await openAgencyFile(ctx, request.params.id);
        return (
          reply
            .header("content-type", file.contentType)
            .header("content-length", String(file.size))
            // Why: a new logo gets a new id, so an old one may be cached for a day.
            .header("cache-control", "public, max-age=86400")
            .header("content-security-policy", "default-src 'none'; sandbox")
            .send(stream)
        );
      },
    );

    app.get("/api/admin/settings", { schema: { tags, response: { 200: S.ZSettingsResponse } } }, async (request) => {
      requireAdmin(request);
      return { data: await getSettings(ctx.db) };
    });

    app.patch(
      "/api/admin/settings",
      { schema: { tags, body: S.ZUpdateSettingsRequest, response: { 200: S.ZSettingsResponse } } },
      async (request) => ({ data: await updateSettings(ctx, requireAdmin(request), request.body) }),
    );

    app.get("/api/admin/mailbox", { schema: { tags, querystring: S.ZMailListQuery, response: { 200: S.ZMailList } } }, async (request) => {
      requireAdmin(request);
      const { rows, total } = await listMail(ctx.db, { to: request.query.to, page: request.query.page ?? 1 });
      return {
        data: rows.map((r) => ({ id: r.id, to: r.to_address, subject: r.subject, createdAt: r.created_at })),
        total,
        pageSize: PAGE_SIZE,
      };
    });

    app.get("/api/admin/mailbox/:id", { schema: { tags, params: ZIdParams, response: { 200: S.ZMail } } }, async (request) => {
      requireAdmin(request);
      const mail = await findMail(ctx.db, request.params.id);
      if (!mail) throw notFound("Email");
      return {
        data: {
          id: mail.id,
          to: mail.to_address,
          from: mail.from_address,
          subject: mail.subject,
          text: mail.text_body,
          html: mail.html_body,
          headers: JSON.parse(mail.headers) as Record<string, string>,
          createdAt: mail.created_at,
        },
      };
    });

    app.get("/api/admin/events", { schema: { tags, querystring: S.ZEventListQuery, response: { 200: S.ZEventList } } }, async (request) => {
      requireAdmin(request);
      const { verb, objectType, actor, page } = request.query;
      const [{ rows, total }, settings] = await Promise.all([
        listEvents(ctx.db, { verb, objectType, actor, page: page ?? 1 }),
        getSettings(ctx.db),
      ]);
      return { data: rows.map((row) => presentAuditEntry(row, settings)), total, pageSize: PAGE_SIZE };
    });
  };
}

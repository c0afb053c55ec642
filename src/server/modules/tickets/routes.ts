import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { ZId } from "../../../common/schemas";
import * as T from "../../../common/tickets";
import type { AppContext } from "../../platform/context";
import { requireActor, requireAdmin, requireStaff } from "../../platform/http";
import * as catalog from "./catalog";
import { addMessage, closeTicket, createTicket, getTicket, listTickets, reopenTicket, updateTicket } from "./service";

const tags = ["tickets"];
const ZIdParams = Type.Object({ id: ZId });

/** Support tickets, and the admin-managed categories and canned replies they use. */
export function ticketRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get("/api/tickets", { schema: { tags, querystring: T.ZTicketListQuery, response: { 200: T.ZTicketList } } }, async (request) =>
      listTickets(ctx, requireActor(request), request.query),
    );
    app.post(
      "/api/tickets",
      { schema: { tags, body: T.ZCreateTicketRequest, response: { 201: T.ZTicketResponse } } },
      async (request, reply) => reply.code(201).send({ data: await createTicket(ctx, requireActor(request), request.body) }),
    );
    app.get("/api/tickets/:id", { schema: { tags, params: ZIdParams, response: { 200: T.ZTicketDetail } } }, async (request) =>
      getTicket(ctx, requireActor(request), request.params.id),
    );
    app.post(
      "/api/tickets/:id/messages",
      { schema: { tags, params: ZIdParams, body: T.ZAddMessageRequest, response: { 201: T.ZTicketResponse } } },
      async (request, reply) =>
        reply.code(201).send({ data: await addMessage(ctx, requireActor(request), request.params.id, request.body) }),
    );
    app.post(
      "/api/tickets/:id/close",
      { schema: { tags, params: ZIdParams, body: T.ZCloseRequest, response: { 200: T.ZTicketResponse } } },
      async (request) => ({
        data: await closeTicket(ctx, requireActor(request), request.params.id, request.body),
      }),
    );
    app.post(
      "/api/tickets/:id/reopen",
      { schema: { tags, params: ZIdParams, body: T.ZReopenRequest, response: { 200: T.ZTicketResponse } } },
      async (request) => ({
        data: await reopenTicket(ctx, requireActor(request), request.params.id, request.body),
      }),
    );
    app.patch(
      "/api/tickets/:id",
      { schema: { tags, params: ZIdParams, body: T.ZUpdateTicketRequest, response: { 200: T.ZTicketResponse } } },
      async (request) => ({ data: await updateTicket(ctx, requireActor(request), request.params.id, request.body) }),
    );

    app.get("/api/ticket-categories", { schema: { tags, response: { 200: T.ZCategoryList } } }, async (request) => {
      requireActor(request);
      return { data: await catalog.listCategories(ctx, false) };
    });
    app.get("/api/admin/ticket-categories", { schema: { tags, response: { 200: T.ZCategoryList } } }, async (request) => {
      requireAdmin(request);
      return { data: await catalog.listCategories(ctx, true) };
    });
    app.post(
      "/api/admin/ticket-categories",
      { schema: { tags, body: T.ZCreateCategoryRequest, response: { 201: T.ZCategoryResponse } } },
      async (request, reply) =>
        reply.code(201).send({ data: await catalog.categories.create(ctx.db, requireAdmin(request), request.body.name) }),
    );
    app.patch(
      "/api/admin/ticket-categories/:id",
      { schema: { tags, params: ZIdParams, body: T.ZUpdateCategoryRequest, response: { 200: T.ZCategoryResponse } } },
      async (request) => ({ data: await catalog.categories.update(ctx.db, requireAdmin(request), request.params.id, request.body) }),
    );

    app.get("/api/canned-replies", { schema: { tags, response: { 200: T.ZCannedReplyList } } }, async (request) => {
      requireStaff(request);
      return { data: await catalog.listCannedReplies(ctx) };
    });
    app.post(
      "/api/admin/canned-replies",
      { schema: { tags, body: T.ZCannedReplyRequest, response: { 201: T.ZCannedReplyResponse } } },
      async (request, reply) =>
        reply.code(201).send({ data: await catalog.saveCannedReply(ctx, requireAdmin(request), undefined, request.body) }),
    );
    app.patch(
      "/api/admin/canned-replies/:id",
      { schema: { tags, params: ZIdParams, body: T.ZUpdateCannedReplyRequest, response: { 200: T.ZCannedReplyResponse } } },
      async (request) => ({ data: await catalog.saveCannedReply(ctx, requireAdmin(request), request.params.id, request.body) }),
    );
    app.delete("/api/admin/canned-replies/:id", { schema: { tags, params: ZIdParams, response: { 204: {} } } }, async (request, reply) => {
      await catalog.deleteCannedReply(ctx, requireAdmin(request), request.params.id);
      return reply.code(204).send();
    });
  };
}

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import * as T from "../../../common/notices";
import { ZId } from "../../../common/schemas";
import type { AppContext } from "../../platform/context";
import { requireActor, requireStaff } from "../../platform/http";
import { endNotice, getNotice, listNotices, markNotice, postNotice, updateNotice } from "./service";

const tags = ["notices"];
const ZIdParams = Type.Object({ id: ZId });

/** Notices: staff post, edit and end them; clients read and dismiss theirs; everyone lists what reaches them. */
export function noticeRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get("/api/notices", { schema: { tags, querystring: T.ZNoticeListQuery, response: { 200: T.ZNoticeList } } }, async (request) =>
      listNotices(ctx, requireActor(request), request.query),
    );
    app.post(
      "/api/notices",
      { schema: { tags, body: T.ZCreateNoticeRequest, response: { 201: T.ZNoticeResponse } } },
      async (request, reply) => reply.code(201).send(await postNotice(ctx, requireStaff(request), request.body)),
    );
    app.get("/api/notices/:id", { schema: { tags, params: ZIdParams, response: { 200: T.ZNoticeDetail } } }, async (request) =>
      getNotice(ctx, requireActor(request), request.params.id),
    );
    app.patch(
      "/api/notices/:id",
      { schema: { tags, params: ZIdParams, body: T.ZUpdateNoticeRequest, response: { 200: T.ZNoticeResponse } } },
      async (request) => updateNotice(ctx, requireActor(request), request.params.id, request.body),
    );
    app.post("/api/notices/:id/end", { schema: { tags, params: ZIdParams, response: { 200: T.ZNoticeResponse } } }, async (request) =>
      endNotice(ctx, requireActor(request), request.params.id),
    );
    app.post("/api/notices/:id/read", { schema: { tags, params: ZIdParams, response: { 200: T.ZNoticeResponse } } }, async (request) =>
      markNotice(ctx, requireActor(request), request.params.id, false),
    );
    app.post("/api/notices/:id/dismiss", { schema: { tags, params: ZIdParams, response: { 200: T.ZNoticeResponse } } }, async (request) =>
      markNotice(ctx, requireActor(request), request.params.id, true),
    );
  };
}

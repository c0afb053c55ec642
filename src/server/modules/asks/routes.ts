import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import * as T from "../../../common/asks";
import { ZId } from "../../../common/schemas";
import type { AppContext } from "../../platform/context";
import { requireActor, requireStaff } from "../../platform/http";
import { answerAsk, cancelAsk, createAsk, getAsk, listAsks, markUsed, reask, responseTimes, revealSecret } from "./service";

const tags = ["asks"];
const ZIdParams = Type.Object({ id: ZId });

/** Time-boxed asks: staff ask, clients answer, the asker reveals a secret answer and marks it used. */
export function askRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get("/api/asks", { schema: { tags, querystring: T.ZAskListQuery, response: { 200: T.ZAskList } } }, async (request) =>
      listAsks(ctx, requireActor(request), request.query),
    );
    app.post("/api/asks", { schema: { tags, body: T.ZCreateAskRequest, response: { 201: T.ZAskResponse } } }, async (request, reply) =>
      reply.code(201).send(await createAsk(ctx, requireStaff(request), request.body)),
    );
    app.get("/api/asks/response-times", { schema: { tags, response: { 200: T.ZAskResponseTimes } } }, async (request) =>
      responseTimes(ctx, requireStaff(request)),
    );
    app.get("/api/asks/:id", { schema: { tags, params: ZIdParams, response: { 200: T.ZAskDetail } } }, async (request) =>
      getAsk(ctx, requireActor(request), request.params.id),
    );
    app.post(
      "/api/asks/:id/answer",
      { schema: { tags, params: ZIdParams, body: T.ZAnswerAskRequest, response: { 200: T.ZAskResponse } } },
      async (request) => answerAsk(ctx, requireActor(request), request.params.id, request.body),
    );
    app.post("/api/asks/:id/cancel", { schema: { tags, params: ZIdParams, response: { 200: T.ZAskResponse } } }, async (request) =>
      cancelAsk(ctx, requireActor(request), request.params.id),
    );
    app.post(
      "/api/asks/:id/reask",
      { schema: { tags, params: ZIdParams, body: T.ZReaskRequest, response: { 201: T.ZAskResponse } } },
      async (request, reply) => reply.code(201).send(await reask(ctx, requireActor(request), request.params.id, request.body)),
    );
    app.post("/api/asks/:id/reveal", { schema: { tags, params: ZIdParams, response: { 200: T.ZAskSecret } } }, async (request, reply) => {
      const secret = await revealSecret(ctx, requireActor(request), request.params.id);
      // The secret must never sit in a cache, a proxy's or the browser's.
      return reply.header("cache-control", "no-store").send(secret);
    });
    app.post("/api/asks/:id/used", { schema: { tags, params: ZIdParams, response: { 200: T.ZAskResponse } } }, async (request) =>
      markUsed(ctx, requireActor(request), request.params.id),
    );
  };
}

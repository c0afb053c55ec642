import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { ZId } from "../../../common/schemas";
import * as U from "../../../common/updates";
import type { AppContext } from "../../platform/context";
import { requireActor } from "../../platform/http";
import { contentDisposition } from "../files/names";
import * as service from "./service";

const tags = ["updates"];
const ZIdParams = Type.Object({ id: ZId });
const ZVersionParams = Type.Object({ id: ZId, version: Type.Integer({ minimum: 1, maximum: 100_000 }) });

/** The feed of updates and drafts, decisions on draft versions, deliverables (and their zip), staff notes on a client. */
export function updateRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get("/api/updates", { schema: { tags, querystring: U.ZUpdateListQuery, response: { 200: U.ZUpdateList } } }, async (request) =>
      service.listUpdates(ctx, requireActor(request), request.query),
    );
    app.post(
      "/api/accounts/:id/updates",
      { schema: { tags, params: ZIdParams, body: U.ZCreateUpdateRequest, response: { 201: U.ZUpdateDetail } } },
      async (request, reply) =>
        reply.code(201).send(await service.createUpdate(ctx, requireActor(request), request.params.id, request.body)),
    );
    app.get(
      "/api/updates/:id",
      {
        schema: {
          tags,
          params: ZIdParams,
          response: { 200: U.ZUpdateDetail },
          description: "The update with its versions; marks it read for you.",
        },
      },
      async (request) => service.getUpdate(ctx, requireActor(request), request.params.id),
    );
    app.post(
      "/api/updates/:id/versions",
      { schema: { tags, params: ZIdParams, body: U.ZPostVersionRequest, response: { 201: U.ZUpdateDetail } } },
      async (request, reply) =>
        reply.code(201).send(await service.postVersion(ctx, requireActor(request), request.params.id, request.body)),
    );
    app.post(
      "/api/updates/:id/versions/:version/decision",
      { schema: { tags, params: ZVersionParams, body: U.ZDecisionRequest, response: { 200: U.ZUpdateDetail } } },
      async (request) => service.decideVersion(ctx, requireActor(request), request.params.id, request.params.version, request.body),
    );

    app.get(
      "/api/deliverables",
      { schema: { tags, querystring: U.ZDeliverableQuery, response: { 200: U.ZDeliverableList } } },
      async (request) => service.listDeliverables(ctx, requireActor(request), request.query.accountId),
    );
    app.get(
      "/api/accounts/:id/deliverables",
      { schema: { tags, params: ZIdParams, response: { 200: U.ZDeliverableList } } },
      async (request) => service.listDeliverables(ctx, requireActor(request), request.params.id),
    );
    const sendZip = async (zip: Awaited<ReturnType<typeof service.deliverablesZip>>, reply: import("fastify").FastifyReply) =>
      reply
        .header("content-type", "application/zip")
        .header("content-disposition", contentDisposition("attachment", zip.fileName))
        .header("x-content-type-options", "nosniff")
        .header("cache-control", "private, no-cache")
        .send(zip.stream);
    app.get(
      "/api/deliverables.zip",
      { schema: { tags, querystring: U.ZDeliverableQuery, description: "The latest version of each deliverable, as one zip." } },
      async (request, reply) => sendZip(await service.deliverablesZip(ctx, requireActor(request), request.query.accountId), reply),
    );
    app.get(
      "/api/accounts/:id/deliverables.zip",
      { schema: { tags, params: ZIdParams, description: "The latest version of each deliverable, as one zip." } },
      async (request, reply) => sendZip(await service.deliverablesZip(ctx, requireActor(request), request.params.id), reply),
    );

    app.get(
      "/api/accounts/:id/notes",
      { schema: { tags, params: ZIdParams, response: { 200: U.ZClientNoteList }, description: "Staff-only notes on a client." } },
      async (request) => service.listNotes(ctx, requireActor(request), request.params.id),
    );
    app.post(
      "/api/accounts/:id/notes",
      { schema: { tags, params: ZIdParams, body: U.ZAddClientNoteRequest, response: { 201: U.ZClientNoteResponse } } },
      async (request, reply) =>
        reply.code(201).send({ data: await service.addNote(ctx, requireActor(request), request.params.id, request.body) }),
    );
  };
}

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import * as B from "../../../common/board";
import { ZId } from "../../../common/schemas";
import { etagMatches, preferredEncoding } from "../../platform/answer-cache";
import type { AppContext } from "../../platform/context";
import { requireActor, requireAdmin } from "../../platform/http";
import { listAssignees } from "./assignees";
import { boardAnswer } from "./board-answer";
import { getTemplate, listTemplates, requestTypes, saveTemplate } from "./catalog";
import { commentOnTask, createTask, getTask, listArchive, listWaitingForClient, updateTask } from "./tasks";
import { approveTask, archiveTask, decideQuote, moveTask, quoteTask, requestChanges } from "./workflow";

const tags = ["board"];
const ZIdParams = Type.Object({ id: ZId });
const ZQuoteParams = Type.Object({ id: ZId, quoteId: ZId });

/** Website Work Requests: the board, its tasks and workflow, request types and templates. */
export function boardRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const boardResponses = { 200: B.ZBoard, 304: Type.Null({ description: "Not modified: the board is still the one its ETag names." }) };
    app.get("/api/board", { schema: { tags, querystring: B.ZBoardQuery, response: boardResponses } }, async (request, reply) => {
      const answer = await boardAnswer(ctx, requireActor(request), request.query);
      // Why no-cache: the browser keeps the board but asks each time; an unchanged board is a 304.
      reply.header("cache-control", "private, no-cache").header("etag", answer.etag).header("vary", "accept-encoding");
      if (etagMatches(request.headers["if-none-match"], answer.etag)) return reply.code(304).send(null);
      // Why a buffer: the board is kept serialized (and compressed) per version; the presenter
      // already decides every field, and a test checks the answer against ZBoard. The answer
      // carries its own Content-Encoding, so the app's compression leaves it alone.
      const cached = await answer.load();
      const encoding = preferredEncoding(request.headers["accept-encoding"]);
      if (encoding !== "identity") reply.header("content-encoding", encoding);
      // (The type provider expects the schema's shape; the buffer is that shape, already encoded.)
      return reply.type("application/json; charset=utf-8").send((await cached.body(encoding)) as unknown as B.TBoard);
    });
    app.get(
      "/api/board/assignees",
      {
        schema: {
          tags,
          querystring: B.ZAssigneeQuery,
          response: { 200: B.ZAssigneeList },
          description:
            "Staff only. With accountId: who may handle that client's work requests (its agents and the admins). Without: the staff assigned to cards on the board.",
        },
      },
      async (request) => listAssignees(ctx, requireActor(request), request.query),
    );
    app.get("/api/tasks/archive", { schema: { tags, querystring: B.ZArchiveQuery, response: { 200: B.ZArchiveList } } }, async (request) =>
      listArchive(ctx, requireActor(request), request.query),
    );
    app.get(
      "/api/tasks/waiting",
      {
        schema: {
          tags,
          response: { 200: B.ZWaitingList },
          description:
            "Tasks waiting for the client — in CLIENT APPROVAL, or with a quote to accept (at most 20) — and what each waits for.",
        },
      },
      async (request) => ({ data: await listWaitingForClient(ctx, requireActor(request)) }),
    );
    app.post("/api/tasks", { schema: { tags, body: B.ZCreateTaskRequest, response: { 201: B.ZTaskResponse } } }, async (request, reply) =>
      reply.code(201).send({ data: await createTask(ctx, requireActor(request), request.body) }),
    );
    app.get("/api/tasks/:id", { schema: { tags, params: ZIdParams, response: { 200: B.ZTaskDetail } } }, async (request) =>
      getTask(ctx, requireActor(request), request.params.id),
    );
    app.patch(
      "/api/tasks/:id",
      { schema: { tags, params: ZIdParams, body: B.ZUpdateTaskRequest, response: { 200: B.ZTaskResponse } } },
      async (request) => ({ data: await updateTask(ctx, requireActor(request), request.params.id, request.body) }),
    );
    app.post(
      "/api/tasks/:id/move",
      {
        schema: {
          tags,
          params: ZIdParams,
          body: B.ZMoveTaskRequest,
          response: { 200: B.ZTaskResponse },
          description:
            "Move a card to a stage (or within its column). The agency's move to CLIENT APPROVAL carries `review` (what the client should review: a note, a preview link, files, and optionally `item`, one of the account's drafts for review or deliverables — another account's is a 400 on `review.item`). Illegal moves answer 403 or 409 and change nothing.",
        },
      },
      async (request) => ({ data: await moveTask(ctx, requireActor(request), request.params.id, request.body) }),
    );
    app.post(
      "/api/tasks/:id/approve",
      { schema: { tags, params: ZIdParams, body: B.ZDecisionRequest, response: { 200: B.ZTaskResponse } } },
      async (request) => ({ data: await approveTask(ctx, requireActor(request), request.params.id, request.body.comment) }),
    );
    app.post(
      "/api/tasks/:id/request-changes",
      { schema: { tags, params: ZIdParams, body: B.ZRequestChangesRequest, response: { 200: B.ZTaskResponse } } },
      async (request) => ({ data: await requestChanges(ctx, requireActor(request), request.params.id, request.body.comment) }),
    );
    app.post(
      "/api/tasks/:id/comments",
      { schema: { tags, params: ZIdParams, body: B.ZTaskCommentRequest, response: { 201: B.ZTaskResponse } } },
      async (request, reply) =>
        reply.code(201).send({ data: await commentOnTask(ctx, requireActor(request), request.params.id, request.body) }),
    );
    app.post(
      "/api/tasks/:id/quotes",
      {
        schema: {
          tags,
          params: ZIdParams,
          body: B.ZCreateQuoteRequest,
          response: { 201: B.ZTaskResponse },
          description:
            "Staff: send a scope and quote with its lines (description, quantity with up to 2 decimals, unit price in minor units). The total is computed from the lines. Replaces any earlier quote and unlocks the scope until this one is accepted.",
        },
      },
      async (request, reply) =>
        reply.code(201).send({ data: await quoteTask(ctx, requireActor(request), request.params.id, request.body) }),
    );
    for (const [path, decision] of [
      ["accept", "accepted"],
      ["decline", "declined"],
    ] as const) {
      app.post(
        `/api/tasks/:id/quotes/:quoteId/${path}`,
        { schema: { tags, params: ZQuoteParams, body: B.ZDecisionRequest, response: { 200: B.ZTaskResponse } } },
        async (request) => ({
          data: await decideQuote(ctx, requireActor(request), request.params.id, request.params.quoteId, decision, request.body.comment),
        }),
      );
    }
    for (const [path, archived] of [
      ["archive", true],
      ["unarchive", false],
    ] as const) {
      app.post(`/api/tasks/:id/${path}`, { schema: { tags, params: ZIdParams, response: { 200: B.ZTaskResponse } } }, async (request) => ({
        data: await archiveTask(ctx, requireActor(request), request.params.id, archived),
      }));
    }

    // Request types and templates: everyone reads the enabled ones; admins manage them.
    app.get("/api/request-types", { schema: { tags, response: { 200: B.ZRequestTypeList } } }, async (request) => {
      requireActor(request);
      return { data: await requestTypes.list(ctx.db, false) };
    });
    app.get("/api/admin/request-types", { schema: { tags, response: { 200: B.ZRequestTypeList } } }, async (request) => {
      requireAdmin(request);
      return { data: await requestTypes.list(ctx.db, true) };
    });
    app.post(
      "/api/admin/request-types",
      { schema: { tags, body: B.ZCreateRequestTypeRequest, response: { 201: B.ZRequestTypeResponse } } },
      async (request, reply) => reply.code(201).send({ data: await requestTypes.create(ctx.db, requireAdmin(request), request.body.name) }),
    );
    app.patch(
      "/api/admin/request-types/:id",
      { schema: { tags, params: ZIdParams, body: B.ZUpdateRequestTypeRequest, response: { 200: B.ZRequestTypeResponse } } },
      async (request) => ({ data: await requestTypes.update(ctx.db, requireAdmin(request), request.params.id, request.body) }),
    );

    app.get(
      "/api/task-templates/:id",
      { schema: { tags, params: ZIdParams, response: { 200: B.ZTaskTemplateResponse } } },
      async (request) => {
        requireActor(request);
        return { data: await getTemplate(ctx.db, request.params.id, false) };
      },
    );
    app.get("/api/admin/task-templates", { schema: { tags, response: { 200: B.ZTaskTemplateList } } }, async (request) => {
      requireAdmin(request);
      return { data: await listTemplates(ctx.db, true) };
    });
    app.post(
      "/api/admin/task-templates",
      { schema: { tags, body: B.ZSaveTaskTemplateRequest, response: { 201: B.ZTaskTemplateResponse } } },
      async (request, reply) => reply.code(201).send({ data: await saveTemplate(ctx, requireAdmin(request), undefined, request.body) }),
    );
    app.patch(
      "/api/admin/task-templates/:id",
      { schema: { tags, params: ZIdParams, body: B.ZUpdateTaskTemplateRequest, response: { 200: B.ZTaskTemplateResponse } } },
      async (request) => ({ data: await saveTemplate(ctx, requireAdmin(request), request.params.id, request.body) }),
    );
  };
}

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import * as T from "../../../common/help";
import { ZId } from "../../../common/schemas";
import type { AppContext } from "../../platform/context";
import { requireActor } from "../../platform/http";
import { createHelpCategory, deleteHelpCategory, listHelpCategories, updateHelpCategory } from "./categories";
import { askQuestion, recordSignal, suggestArticles } from "./questions";
import { createArticle, getArticle, listArticles, updateArticle, voteOnArticle } from "./service";

const tags = ["help"];
const ZIdParams = Type.Object({ id: ZId });

/** Help: everyone signed in reads, searches and rates articles and asks questions; admins write them. */
export function helpRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get("/api/help/categories", { schema: { tags, response: { 200: T.ZHelpCategoryList } } }, async (request) =>
      listHelpCategories(ctx, requireActor(request)),
    );
    app.post(
      "/api/help/categories",
      { schema: { tags, body: T.ZCreateHelpCategoryRequest, response: { 201: T.ZHelpCategoryResponse } } },
      async (request, reply) => reply.code(201).send(await createHelpCategory(ctx, requireActor(request), request.body)),
    );
    app.patch(
      "/api/help/categories/:id",
      { schema: { tags, params: ZIdParams, body: T.ZUpdateHelpCategoryRequest, response: { 200: T.ZHelpCategoryResponse } } },
      async (request) => updateHelpCategory(ctx, requireActor(request), request.params.id, request.body),
    );
    app.delete("/api/help/categories/:id", { schema: { tags, params: ZIdParams } }, async (request, reply) => {
      await deleteHelpCategory(ctx, requireActor(request), request.params.id);
      return reply.code(204).send();
    });

    app.get(
      "/api/help/articles",
      { schema: { tags, querystring: T.ZHelpArticleListQuery, response: { 200: T.ZHelpArticleList } } },
      async (request) => listArticles(ctx, requireActor(request), request.query),
    );
    app.post(
      "/api/help/articles",
      { schema: { tags, body: T.ZCreateHelpArticleRequest, response: { 201: T.ZHelpArticleResponse } } },
      async (request, reply) => reply.code(201).send(await createArticle(ctx, requireActor(request), request.body)),
    );
    app.get("/api/help/articles/:id", { schema: { tags, params: ZIdParams, response: { 200: T.ZHelpArticleResponse } } }, async (request) =>
      getArticle(ctx, requireActor(request), request.params.id),
    );
    app.patch(
      "/api/help/articles/:id",
      { schema: { tags, params: ZIdParams, body: T.ZUpdateHelpArticleRequest, response: { 200: T.ZHelpArticleResponse } } },
      async (request) => updateArticle(ctx, requireActor(request), request.params.id, request.body),
    );
    app.put(
      "/api/help/articles/:id/vote",
      { schema: { tags, params: ZIdParams, body: T.ZHelpVoteRequest, response: { 200: T.ZHelpArticleResponse } } },
      async (request) => voteOnArticle(ctx, requireActor(request), request.params.id, request.body),
    );

    app.get(
      "/api/help/suggestions",
      {
        schema: {
          tags,
          description: "Up to three published articles matching a new ticket's summary.",
          querystring: T.ZHelpSuggestionQuery,
          response: { 200: T.ZHelpSuggestionList },
        },
      },
      async (request) => {
        requireActor(request);
        return suggestArticles(ctx, request.query.q);
      },
    );
    app.post(
      "/api/help/signals",
      {
        schema: {
          tags,
          description:
            "What the web app saw: an article read, suggestions shown, opened, left without a ticket, or a ticket raised anyway.",
          body: T.ZHelpSignalRequest,
        },
      },
      async (request, reply) => {
        await recordSignal(ctx, requireActor(request), request.body);
        return reply.code(204).send();
      },
    );
    app.post(
      "/api/help/questions",
      { schema: { tags, body: T.ZHelpQuestionRequest, response: { 201: T.ZHelpQuestionResponse } } },
      async (request, reply) => reply.code(201).send(await askQuestion(ctx, requireActor(request), request.body)),
    );
  };
}

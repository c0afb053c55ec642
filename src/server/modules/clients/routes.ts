import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import * as S from "../../../common/schemas";
import type { AppContext } from "../../platform/context";
import { requireActor, requireAdmin } from "../../platform/http";
import {
  assignAgentToAccount,
  createAccountAsAdmin,
  getAccountDetail,
  listAccounts,
  mergeAccounts,
  unassignAgentFromAccount,
  updateAccount,
} from "./service";

const tags = ["clients"];
const ZAccountParams = Type.Object({ id: S.ZId });
const ZAgentParams = Type.Object({ id: S.ZId, userId: S.ZId });

export function clientRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get("/api/accounts", { schema: { tags, querystring: S.ZAccountListQuery, response: { 200: S.ZAccountList } } }, async (request) =>
      listAccounts(ctx, requireActor(request), { q: request.query.q, page: request.query.page ?? 1 }),
    );

    app.get("/api/accounts/:id", { schema: { tags, params: ZAccountParams, response: { 200: S.ZAccountDetail } } }, async (request) =>
      getAccountDetail(ctx, requireActor(request), request.params.id),
    );

    app.post(
      "/api/admin/accounts",
      { schema: { tags, body: S.ZCreateAccountRequest, response: { 201: S.ZAccountResponse } } },
      async (request, reply) => reply.code(201).send({ data: await createAccountAsAdmin(ctx, requireAdmin(request), request.body) }),
    );

    app.patch(
      "/api/admin/accounts/:id",
      { schema: { tags, params: ZAccountParams, body: S.ZUpdateAccountRequest, response: { 200: S.ZAccountResponse } } },
      async (request) => ({ data: await updateAccount(ctx, requireAdmin(request), request.params.id, request.body) }),
    );

    app.post(
      "/api/admin/accounts/:id/merge",
      {
        schema: {
          tags,
          params: ZAccountParams,
          body: S.ZMergeAccountRequest,
          response: { 200: S.ZAccountResponse },
          description:
            "Merges this account into intoAccountId: contacts, tickets, work requests, files and history move; this account is deleted.",
        },
      },
      async (request) => ({ data: await mergeAccounts(ctx, requireAdmin(request), request.params.id, request.body.intoAccountId) }),
    );

    app.put(
      "/api/admin/accounts/:id/agents/:userId",
      { schema: { tags, params: ZAgentParams, response: { 200: S.ZAccountResponse } } },
      async (request) => ({
        data: await assignAgentToAccount(ctx, requireAdmin(request), request.params.id, request.params.userId),
      }),
    );

    app.delete(
      "/api/admin/accounts/:id/agents/:userId",
      { schema: { tags, params: ZAgentParams, response: { 200: S.ZAccountResponse } } },
      async (request) => ({
        data: await unassignAgentFromAccount(ctx, requireAdmin(request), request.params.id, request.params.userId),
      }),
    );
  };
}

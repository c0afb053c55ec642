import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { ZOutgoingMailList, ZOutgoingMailListQuery, ZOutgoingMailResponse, ZRetryFailedResult } from "../../../common/outgoing-mail";
import { ZId } from "../../../common/schemas";
import type { AppContext } from "../../platform/context";
import { requireAdmin } from "../../platform/http";
import { listOutgoingMail, retryAllFailedMail, retryOutgoingMail } from "./service";

const tags = ["outgoing-mail"];

/** Admin → Outgoing mail: the lists of email being sent, retried, given up on and accepted, and Retry. */
export function outgoingMailRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/admin/outgoing-mail",
      {
        schema: {
          tags,
          querystring: ZOutgoingMailListQuery,
          response: { 200: ZOutgoingMailList },
          description: "One page of queued, retrying, failed (the default) or sent email, with each list's count. Admins only.",
        },
      },
      async (request) => {
        requireAdmin(request);
        return listOutgoingMail(ctx, request.query);
      },
    );

    app.post(
      "/api/admin/outgoing-mail/retry-failed",
      {
        schema: {
          tags,
          response: { 200: ZRetryFailedResult },
          description: "Queues every failed email to be tried now, with a fresh retry window. Admins only.",
        },
      },
      async (request) => retryAllFailedMail(ctx, requireAdmin(request)),
    );

    app.post(
      "/api/admin/outgoing-mail/:id/retry",
      {
        schema: {
          tags,
          params: Type.Object({ id: ZId }),
          response: { 200: ZOutgoingMailResponse },
          description: "Queues one failed or retrying email to be tried now. 409 while it is being sent or once it was accepted.",
        },
      },
      async (request) => ({ data: await retryOutgoingMail(ctx, requireAdmin(request), request.params.id) }),
    );
  };
}

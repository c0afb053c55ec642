import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ZNextActions } from "../../../common/next-actions";
import * as S from "../../../common/schemas";
import type { AppContext } from "../../platform/context";
import { requireActor } from "../../platform/http";
import { nextActions } from "./next-actions";
import { getDashboard } from "./service";

export function dashboardRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get("/api/dashboard", { schema: { tags: ["dashboard"], response: { 200: S.ZDashboard } } }, async (request) => ({
      data: await getDashboard(ctx, requireActor(request)),
    }));
    app.get("/api/dashboard/next-actions", { schema: { tags: ["dashboard"], response: { 200: ZNextActions } } }, async (request) => ({
      data: await nextActions(ctx, requireActor(request)),
    }));
  };
}

import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import * as S from "../../../common/schemas";
import type { AppContext } from "../../platform/context";
import { requireActor } from "../../platform/http";
import { getDashboard } from "./service";

export function dashboardRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get("/api/dashboard", { schema: { tags: ["dashboard"], response: { 200: S.ZDashboard } } }, async (request) => ({
      data: await getDashboard(ctx, requireActor(request)),
    }));
  };
}

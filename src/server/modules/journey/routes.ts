import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import * as J from "../../../common/journey";
import { ZId } from "../../../common/schemas";
import type { AppContext } from "../../platform/context";
import { requireActor, requireAdmin, requireStaff } from "../../platform/http";
import * as journey from "./service";

const tags = ["journey"];
const ZIdParams = Type.Object({ id: ZId });
const ZStepParams = Type.Object({ id: ZId, stepId: ZId });

/** The client journey: a client's own, a client's for staff, the overview, and the admin's steps. */
export function journeyRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get("/api/journey", { schema: { tags, response: { 200: J.ZClientJourneyResponse } } }, async (request) => ({
      data: await journey.getOwnJourney(ctx, requireActor(request)),
    }));
    app.get(
      "/api/journey/overview",
      { schema: { tags, querystring: J.ZJourneyOverviewQuery, response: { 200: J.ZJourneyOverview } } },
      async (request) => journey.journeyOverview(ctx, requireStaff(request), request.query),
    );
    app.get(
      "/api/accounts/:id/journey",
      { schema: { tags, params: ZIdParams, response: { 200: J.ZClientJourneyResponse } } },
      async (request) => ({
        data: await journey.getAccountJourney(ctx, requireActor(request), request.params.id),
      }),
    );
    app.post(
      "/api/accounts/:id/journey/steps/:stepId",
      { schema: { tags, params: ZStepParams, body: J.ZMoveJourneyStepRequest, response: { 200: J.ZClientJourneyResponse } } },
      async (request) => ({
        data: await journey.moveStep(ctx, requireActor(request), request.params.id, request.params.stepId, request.body),
      }),
    );

    app.get("/api/admin/journey-steps", { schema: { tags, response: { 200: J.ZJourneyStepList } } }, async (request) => {
      requireAdmin(request);
      return { data: await journey.listAdminSteps(ctx) };
    });
    app.post(
      "/api/admin/journey-steps",
      { schema: { tags, body: J.ZCreateJourneyStepRequest, response: { 201: J.ZJourneyStepResponse } } },
      async (request, reply) => reply.code(201).send({ data: await journey.createStep(ctx, requireAdmin(request), request.body) }),
    );
    // Before `/:id`, so "order" is never read as an id.
    app.put(
      "/api/admin/journey-steps/order",
      { schema: { tags, body: J.ZReorderJourneyStepsRequest, response: { 200: J.ZJourneyStepList } } },
      async (request) => ({ data: await journey.reorderSteps(ctx, requireAdmin(request), request.body.ids) }),
    );
    app.patch(
      "/api/admin/journey-steps/:id",
      { schema: { tags, params: ZIdParams, body: J.ZUpdateJourneyStepRequest, response: { 200: J.ZJourneyStepResponse } } },
      async (request) => ({ data: await journey.updateStep(ctx, requireAdmin(request), request.params.id, request.body) }),
    );
    app.delete("/api/admin/journey-steps/:id", { schema: { tags, params: ZIdParams, response: { 204: {} } } }, async (request, reply) => {
      await journey.deleteStep(ctx, requireAdmin(request), request.params.id);
      return reply.code(204).send();
    });
  };
}

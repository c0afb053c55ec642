import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { boundedInteger } from "../../../common/integers";
import * as O from "../../../common/onboarding";
import { ZId } from "../../../common/schemas";
import type { AppContext } from "../../platform/context";
import { requireActor, requireStaff } from "../../platform/http";
import { contentDisposition } from "../files/names";
import * as service from "./service";

const tags = ["onboarding"];
const ZIdParams = Type.Object({ id: ZId });
const ZVersionParams = Type.Object({ id: ZId, version: boundedInteger({ minimum: 1 }) });
const ZAccountParams = Type.Object({ accountId: ZId });
const ZArchiveRequest = Type.Object({ archived: Type.Boolean() });

/** Onboarding ("Complete setup"): the admin's form builder, the client's form, the agency's review. See docs in common/onboarding.ts. */
export function onboardingRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Forms (admins build them; agents list the published ones to share).
    app.get("/api/onboarding/forms", { schema: { tags, response: { 200: O.ZFormList } } }, async (request) =>
      service.listForms(ctx, requireStaff(request)),
    );
    app.post(
      "/api/onboarding/forms",
      { schema: { tags, body: O.ZCreateFormRequest, response: { 201: O.ZFormDetail } } },
      async (request, reply) => reply.code(201).send(await service.createForm(ctx, requireActor(request), request.body)),
    );
    app.get("/api/onboarding/forms/:id", { schema: { tags, params: ZIdParams, response: { 200: O.ZFormDetail } } }, async (request) =>
      service.getForm(ctx, requireActor(request), request.params.id),
    );
    app.put(
      "/api/onboarding/forms/:id",
      { schema: { tags, params: ZIdParams, body: O.ZSaveFormRequest, response: { 200: O.ZSaveFormResponse } } },
      async (request) => service.saveForm(ctx, requireActor(request), request.params.id, request.body),
    );
    app.post(
      "/api/onboarding/forms/:id/publish",
      { schema: { tags, params: ZIdParams, response: { 200: O.ZFormDetail } } },
      async (request) => service.publishForm(ctx, requireActor(request), request.params.id),
    );
    app.post(
      "/api/onboarding/forms/:id/default",
      { schema: { tags, params: ZIdParams, response: { 200: O.ZFormDetail } } },
      async (request) => service.makeDefault(ctx, requireActor(request), request.params.id),
    );
    app.post(
      "/api/onboarding/forms/:id/archive",
      { schema: { tags, params: ZIdParams, body: ZArchiveRequest, response: { 200: O.ZFormDetail } } },
      async (request) => service.archiveForm(ctx, requireActor(request), request.params.id, request.body.archived),
    );
    app.get(
      "/api/onboarding/forms/:id/versions/:version",
      { schema: { tags, params: ZVersionParams, response: { 200: O.ZFormVersionDetail } } },
      async (request) => {
        requireStaff(request);
        return service.getVersion(ctx, request.params.id, request.params.version);
      },
    );

    // Submissions.
    app.get(
      "/api/onboarding/submissions",
      { schema: { tags, querystring: O.ZSubmissionListQuery, response: { 200: O.ZSubmissionList } } },
      async (request) => service.listSubmissions(ctx, requireActor(request), request.query),
    );
    app.get("/api/onboarding/current", { schema: { tags, response: { 200: O.ZSubmissionDetail } } }, async (request) =>
      service.currentSubmission(ctx, requireActor(request)),
    );
    app.post(
      "/api/accounts/:accountId/onboarding",
      { schema: { tags, params: ZAccountParams, body: O.ZShareFormRequest, response: { 201: O.ZSubmissionDetail } } },
      async (request, reply) =>
        reply.code(201).send(await service.shareForm(ctx, requireActor(request), request.params.accountId, request.body.formId)),
    );
    app.get(
      "/api/onboarding/submissions/:id",
      { schema: { tags, params: ZIdParams, response: { 200: O.ZSubmissionDetail } } },
      async (request) => service.getSubmission(ctx, requireActor(request), request.params.id),
    );
    app.put(
      "/api/onboarding/submissions/:id/answers",
      { schema: { tags, params: ZIdParams, body: O.ZSaveAnswersRequest, response: { 200: O.ZSaveAnswersResponse } } },
      async (request) => service.saveAnswers(ctx, requireActor(request), request.params.id, request.body),
    );
    app.post(
      "/api/onboarding/submissions/:id/submit",
      { schema: { tags, params: ZIdParams, body: O.ZSubmitRequest, response: { 200: O.ZSubmissionDetail } } },
      async (request) => service.submitSubmission(ctx, requireActor(request), request.params.id, request.body),
    );
    app.post(
      "/api/onboarding/submissions/:id/review",
      { schema: { tags, params: ZIdParams, body: O.ZReviewRequest, response: { 200: O.ZSubmissionDetail } } },
      async (request) => service.reviewSubmission(ctx, requireActor(request), request.params.id, request.body),
    );
    app.get(
      "/api/onboarding/submissions/:id/export.csv",
      { schema: { tags, params: ZIdParams, description: "Every round's answers and the current ones, as CSV." } },
      async (request, reply) => {
        const { csv, fileName } = await service.exportSubmissionCsv(ctx, requireActor(request), request.params.id);
        return reply
          .header("content-type", "text/csv; charset=utf-8")
          .header("content-disposition", contentDisposition("attachment", fileName))
          .header("cache-control", "private, no-cache")
          .send(csv);
      },
    );
  };
}

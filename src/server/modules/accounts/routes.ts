import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply } from "fastify";
import * as S from "../../../common/schemas";
import { inspectToken } from "../../platform/auth/tokens";
import type { AppContext } from "../../platform/context";
import { clearSessionCookie, csrfTokenFor, requestMeta, requireActor, setSessionCookie } from "../../platform/http";
import { getSettings } from "../../platform/settings";
import { acceptInvitation } from "./invitations";
import { changePassword, logIn, logOut, requestPasswordReset, resetPassword, type startSession } from "./login";
import { presentMe } from "./presenters";
import { findUserById } from "./queries";
import { activateAccount, registerClient, resendActivation } from "./registration";
import { completeSetup, setupRequired } from "./setup";

const tags = ["accounts"];

/** The answer to every way of logging in (password, setup, invitation): the session cookie, who they are, their CSRF token. */
function loggedIn(ctx: AppContext, reply: FastifyReply, { session, user }: Awaited<ReturnType<typeof startSession>>) {
  setSessionCookie(ctx, reply, session.token, session.expiresAt);
  return { data: { user, csrfToken: csrfTokenFor(ctx, session.sessionId) } };
}

/** Sign-in, registration and one-time links. Routes are glue: validate → service → present. */
export function accountRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get("/api/auth/session", { schema: { tags, response: { 200: S.ZSessionResponse } } }, async (request) => {
      const settings = await getSettings(ctx.db);
      const actor = request.actor;
      const user = actor ? await findUserById(ctx.db, actor.id) : undefined;
      return {
        data: {
          user: user ? presentMe(user) : null,
          csrfToken: actor ? csrfTokenFor(ctx, actor.sessionId) : null,
          setupRequired: await setupRequired(ctx),
          requireApproval: settings.requireApproval,
          agencyName: settings.agencyName,
          defaultCurrency: settings.defaultCurrency,
        },
      };
    });

    app.post(
      "/api/auth/login",
      {
        schema: { tags, body: S.ZLoginRequest, response: { 200: S.ZLoginResponse } },
        // Brute-force guard per address and username; same answer for known and unknown names.
        config: {
          rateLimit: {
            max: 10,
            timeWindow: "5 minutes",
            // After body parsing, so the key can include the username.
            hook: "preValidation",
            keyGenerator: (req: { ip: string; body?: unknown }) =>
              `${req.ip}:${String((req.body as { username?: string } | undefined)?.username ?? "").toLowerCase()}`,
          },
        },
      },
      async (request, reply) => loggedIn(ctx, reply, await logIn(ctx, request.body, requestMeta(request))),
    );

    app.post("/api/auth/logout", { schema: { tags, response: { 204: {} } } }, async (request, reply) => {
      if (request.actor) await logOut(ctx, request.actor);
      clearSessionCookie(ctx, reply);
      return reply.code(204).send();
    });

    app.post(
      "/api/auth/register",
      {
        schema: { tags, body: S.ZRegisterRequest, response: { 201: S.ZRegisterResponse } },
        config: { rateLimit: { max: 20, timeWindow: "1 hour" } },
      },
      async (request, reply) => reply.code(201).send({ data: await registerClient(ctx, request.body) }),
    );

    // Inspecting never spends: mail scanners follow links, only the page's button spends.
    app.get(
      "/api/auth/tokens",
      { schema: { tags, querystring: S.ZInspectTokenQuery, response: { 200: S.ZInspectTokenResponse } } },
      async (request) => {
        const row = await inspectToken(ctx.db, request.query.kind, request.query.token);
        const user = row?.user_id ? await findUserById(ctx.db, row.user_id) : undefined;
        if (!row) return { data: { valid: false } };
        return { data: { valid: true, ...(user ? { email: user.email, name: user.name, username: user.username } : {}) } };
      },
    );

    app.post(
      "/api/auth/activate",
      { schema: { tags, body: S.ZActivateRequest, response: { 200: S.ZActivateResponse } } },
      async (request) => ({
        data: await activateAccount(ctx, request.body.token),
      }),
    );

    app.post(
      "/api/auth/activation/resend",
      {
        schema: {
          tags,
          body: S.ZResendActivationRequest,
          response: { 202: S.ZOk },
          description: "Emails a new activation link to a registration not yet activated; answers the same for any address.",
        },
        // Per IP, as the forgot-password form; the service also sends one mailbox at most one link a minute.
        config: { rateLimit: { max: 5, timeWindow: "15 minutes" } },
      },
      async (request, reply) => {
        await resendActivation(ctx, request.body.email);
        return reply.code(202).send({ data: { ok: true } });
      },
    );

    app.post(
      "/api/auth/password/forgot",
      {
        schema: { tags, body: S.ZForgotPasswordRequest, response: { 202: S.ZOk } },
        config: { rateLimit: { max: 5, timeWindow: "15 minutes" } },
      },
      async (request, reply) => {
        await requestPasswordReset(ctx, request.body.email);
        return reply.code(202).send({ data: { ok: true } });
      },
    );

    app.post("/api/auth/password/reset", { schema: { tags, body: S.ZResetPasswordRequest, response: { 200: S.ZOk } } }, async (request) => {
      await resetPassword(ctx, request.body);
      return { data: { ok: true } };
    });

    app.post(
      "/api/auth/invitation/accept",
      { schema: { tags, body: S.ZAcceptInvitationRequest, response: { 200: S.ZLoginResponse } } },
      async (request, reply) => loggedIn(ctx, reply, await acceptInvitation(ctx, request.body, requestMeta(request))),
    );

    app.post("/api/setup", { schema: { tags, body: S.ZSetupRequest, response: { 200: S.ZLoginResponse } } }, async (request, reply) =>
      loggedIn(ctx, reply, await completeSetup(ctx, request.body, requestMeta(request))),
    );

    app.post("/api/account/password", { schema: { tags, body: S.ZChangePasswordRequest, response: { 200: S.ZOk } } }, async (request) => {
      await changePassword(ctx, requireActor(request), request.body);
      return { data: { ok: true } };
    });
  };
}

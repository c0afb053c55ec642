import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { SessionCache } from "./auth/session-cache";
import { type Actor, SESSION_COOKIE } from "./auth/sessions";
import { hmac, safeEqual } from "./auth/tokens";
import type { AppContext } from "./context";
import { AppError, forbidden } from "./errors";

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor | undefined;
  }
}

export const CSRF_HEADER = "x-csrf-token";

/** The CSRF token is bound to the session: a token from another session is worthless. */
export function csrfTokenFor(ctx: AppContext, sessionId: string): string {
  return hmac(ctx.config.sessionSecret, `csrf:${sessionId}`);
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Resolves the session cookie to `request.actor` on every API request, and defends
 * cookie-authenticated writes against CSRF: SameSite=Lax already stops most cross-site posts;
 * the per-session token in a header stops the rest (a cross-site form cannot set headers).
 * Sessions resolve through a short-lived cache that ctx.bus empties on logout, suspension and
 * the like (auth/session-cache.ts).
 */
export function registerAuth(app: FastifyInstance, ctx: AppContext): void {
  const sessions = new SessionCache({ db: ctx.db, ttlSeconds: ctx.config.sessionTtlSeconds, bus: ctx.bus });
  app.decorateRequest("actor", undefined);
  app.addHook("preHandler", async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token || !request.url.startsWith("/api/")) return;
    request.actor = await sessions.resolve(token);
    if (request.actor && UNSAFE.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== "string" || !safeEqual(sent, csrfTokenFor(ctx, request.actor.sessionId))) {
        throw new AppError("csrf_failed", "Your session's security token is missing or stale. Reload the page and try again.");
      }
    }
  });
}

export function setSessionCookie(ctx: AppContext, reply: FastifyReply, token: string, expiresAt: Date): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true, // not readable by scripts: an XSS cannot steal the session
    sameSite: "lax",
    secure: ctx.config.publicUrl.startsWith("https:"),
    expires: expiresAt,
  });
}

export function clearSessionCookie(ctx: AppContext, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "lax", secure: ctx.config.publicUrl.startsWith("https:") });
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError("authentication_required", "Please log in to continue.");
  return request.actor;
}

export function requireStaff(request: FastifyRequest): Actor {
  const actor = requireActor(request);
  if (actor.role === "client") throw forbidden("This page is for agency staff.");
  return actor;
}

export function requireAdmin(request: FastifyRequest): Actor {
  const actor = requireActor(request);
  if (actor.role !== "admin") throw forbidden("Only admins can do that.");
  return actor;
}

export function requestMeta(request: FastifyRequest) {
  return { ip: request.ip, userAgent: request.headers["user-agent"] };
}

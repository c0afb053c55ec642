import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import * as T from "../../../common/push";
import { ZId } from "../../../common/schemas";
import type { AppContext } from "../../platform/context";
import { requireActor } from "../../platform/http";
import { ICON_PATH, MASKABLE_ICON_PATH } from "./manifest";
import { iconFor, listDevices, manifestFor, pushKey, removeDevice, subscribeDevice } from "./service";

const tags = ["push"];
const ZIdParams = Type.Object({ id: ZId });
const ZListHeaders = Type.Object({ [T.PUSH_ENDPOINT_HEADER]: Type.Optional(Type.String({ maxLength: 2048 })) });

/** Why a short cache: an admin who changes the brand sees installs pick it up within minutes. */
const BRAND_CACHE = "public, max-age=300";

/**
 * Web Push devices (each signed-in person their own) and the installable portal's manifest and
 * icon (public: browsers fetch them without the session cookie).
 */
export function pushRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get("/api/push/key", { schema: { tags, response: { 200: T.ZPushKeyResponse } } }, async (request) => {
      requireActor(request);
      return pushKey(ctx);
    });
    app.get(
      "/api/push/subscriptions",
      { schema: { tags, headers: ZListHeaders, response: { 200: T.ZPushDeviceList } } },
      // Why a header, not the query string: the endpoint is a capability, and URLs are logged.
      async (request) => listDevices(ctx, requireActor(request), request.headers[T.PUSH_ENDPOINT_HEADER]),
    );
    app.post(
      "/api/push/subscriptions",
      { schema: { tags, body: T.ZCreatePushSubscriptionRequest, response: { 201: T.ZPushDeviceResponse } } },
      async (request, reply) =>
        reply.code(201).send(await subscribeDevice(ctx, requireActor(request), request.body, request.headers["user-agent"])),
    );
    app.delete("/api/push/subscriptions/:id", { schema: { tags, params: ZIdParams } }, async (request, reply) => {
      await removeDevice(ctx, requireActor(request), request.params.id);
      return reply.code(204).send();
    });

    app.get("/manifest.webmanifest", { schema: { hide: true } }, async (_request, reply) =>
      reply
        .header("content-type", "application/manifest+json; charset=utf-8")
        .header("cache-control", BRAND_CACHE)
        .send(JSON.stringify(await manifestFor(ctx))),
    );
    for (const [path, maskable] of [
      [ICON_PATH, false],
      [MASKABLE_ICON_PATH, true],
    ] as const) {
      app.get(path, { schema: { hide: true } }, async (_request, reply) =>
        reply
          .header("content-type", "image/svg+xml; charset=utf-8")
          .header("cache-control", BRAND_CACHE)
          // An image, never a document: opened on its own it runs nothing.
          .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
          .send(await iconFor(ctx, maskable)),
      );
    }
  };
}

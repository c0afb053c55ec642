import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import * as N from "../../../common/notifications";
import { ZId } from "../../../common/schemas";
import type { AppContext } from "../../platform/context";
import { requireActor } from "../../platform/http";
import {
  getPreferences,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  markObjectNotificationsRead,
  updatePreferences,
} from "./service";

const tags = ["notifications"];

/** A person's own in-app notifications and email preferences. */
export function notificationRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/notifications",
      { schema: { tags, querystring: N.ZNotificationListQuery, response: { 200: N.ZNotificationList } } },
      async (request) => listNotifications(ctx, requireActor(request), request.query),
    );

    app.post(
      "/api/notifications/:id/read",
      { schema: { tags, params: Type.Object({ id: ZId }), response: { 200: N.ZUnreadCount } } },
      async (request) => markNotificationRead(ctx, requireActor(request), request.params.id),
    );

    app.post("/api/notifications/read-all", { schema: { tags, response: { 200: N.ZUnreadCount } } }, async (request) =>
      markAllNotificationsRead(ctx, requireActor(request)),
    );

    app.post(
      "/api/notifications/read-object",
      {
        schema: {
          tags,
          body: N.ZMarkObjectReadRequest,
          response: { 200: N.ZUnreadCount },
          description: "Marks read the caller's notifications about one object (as they open a ticket or task).",
        },
      },
      async (request) =>
        markObjectNotificationsRead(ctx, requireActor(request), { type: request.body.objectType, id: request.body.objectId }),
    );

    app.get("/api/notifications/preferences", { schema: { tags, response: { 200: N.ZNotificationPreferences } } }, async (request) =>
      getPreferences(ctx, requireActor(request)),
    );

    app.put(
      "/api/notifications/preferences",
      { schema: { tags, body: N.ZUpdatePreferencesRequest, response: { 200: N.ZNotificationPreferences } } },
      async (request) => updatePreferences(ctx, requireActor(request), request.body.preferences),
    );
  };
}

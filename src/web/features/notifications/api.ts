/** The bell's notifications and the person's email preferences. */

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { TNotificationList, TNotificationPreferences } from "../../../common/notifications";
import { useInvalidate } from "../../api/cache";
import { api } from "../../api/client";

export const notificationKeys = {
  list: ["notifications"] as const,
  preferences: ["notification-preferences"] as const,
};

/** The latest notifications and the unread count. The live stream refreshes it; polling is the fallback. */
export function useNotifications() {
  return useQuery({
    queryKey: notificationKeys.list,
    queryFn: () => api<TNotificationList>("/api/notifications", { query: { limit: 15 } }),
    refetchInterval: 120_000,
  });
}

export function useMarkNotificationRead() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => api(`/api/notifications/${encodeURIComponent(id)}/read`, { method: "POST" }),
    onSuccess: () => invalidate(notificationKeys.list),
  });
}

export function useMarkAllNotificationsRead() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: () => api("/api/notifications/read-all", { method: "POST" }),
    onSuccess: () => invalidate(notificationKeys.list),
  });
}

/**
 * Opening a ticket or a task reads what the bell said about it: while the page is open and the
 * bell has anything unread, the person's notifications about this object are marked read (a
 * reply that arrives while they look at it is read too). Nothing is sent while nothing is unread.
 */
export function useMarkReadOnOpen(objectType: "ticket" | "task", objectId: string | undefined) {
  const queryClient = useQueryClient();
  const unread = useNotifications().data?.unreadCount ?? 0;
  useEffect(() => {
    if (!objectId || unread === 0) return;
    void api<{ unreadCount: number }>("/api/notifications/read-object", { method: "POST", body: { objectType, objectId } })
      .then((body) => {
        if (body && body.unreadCount !== unread) void queryClient.invalidateQueries({ queryKey: notificationKeys.list });
      })
      // Why swallowed: marking read is a courtesy; a failure must not get in the way of reading.
      .catch(() => undefined);
  }, [objectType, objectId, unread, queryClient]);
}

export function useNotificationPreferences() {
  return useQuery({
    queryKey: notificationKeys.preferences,
    queryFn: () => api<TNotificationPreferences>("/api/notifications/preferences"),
  });
}

export function useUpdateNotificationPreferences() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (preferences: Array<{ kind: string; email: boolean }>) =>
      api<TNotificationPreferences>("/api/notifications/preferences", { method: "PUT", body: { preferences } }),
    onSuccess: (body) => {
      if (body?.data) queryClient.setQueryData(notificationKeys.preferences, body);
      return invalidate(notificationKeys.preferences);
    },
  });
}

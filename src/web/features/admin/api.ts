/** The admin's settings and audit log. */
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import type { TEventList, TSettings } from "../../../common/schemas";
import { brandingKey } from "../../api/branding";
import { useInvalidate } from "../../api/cache";
import { api } from "../../api/client";
import { sessionKey } from "../../api/session";

export const adminKeys = {
  settings: ["settings"] as const,
  /** The audit log: every write records an event, so most writes refresh it. */
  events: ["events"] as const,
};

export function useSettings() {
  return useQuery({
    queryKey: adminKeys.settings,
    queryFn: () => api<{ data: TSettings }>("/api/admin/settings"),
  });
}

export function useUpdateSettings() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: Partial<TSettings>) => api<{ data: TSettings }>("/api/admin/settings", { method: "PATCH", body: input }),
    // The agency name and approval rule also live in the session answer; the brand in its own.
    onSuccess: () => invalidate(adminKeys.settings, sessionKey, brandingKey, adminKeys.events),
  });
}

/** The audit log, newest first: each entry names its object and lists what changed. */
export function useEvents(params: { verb?: string; objectType?: string; actor?: string; page?: number }) {
  return useQuery({
    queryKey: [...adminKeys.events, params],
    queryFn: () =>
      api<TEventList>("/api/admin/events", {
        query: { verb: params.verb, objectType: params.objectType, actor: params.actor, page: params.page },
      }),
    placeholderData: keepPreviousData,
  });
}

/**
 * Time-boxed asks: reads and writes. The live stream (`LiveUpdates`) invalidates the same keys
 * when an ask is created, answered, expires, is cancelled or has its secret purged, so a client's
 * dashboard shows a new ask at once and the agent sees the answer arrive without a reload.
 *
 * The revealed secret is never cached: `useRevealSecret` is a mutation whose result lives only in
 * the component that asked for it.
 */
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import type {
  TAnswerAskRequest,
  TAskDetail,
  TAskList,
  TAskListQuery,
  TAskResponse,
  TAskResponseTimes,
  TAskSecret,
  TCreateAskRequest,
  TReaskRequest,
} from "../../../common/asks";
import { type LiveKeys, useInvalidate } from "../../api/cache";
import { api } from "../../api/client";
import { dashboardKeys } from "../dashboard/api";
import { notificationKeys } from "../notifications/api";

export type AskListParams = Required<Pick<TAskListQuery, "status" | "page">> & Pick<TAskListQuery, "accountId">;

export const askKeys = {
  /** Every ask list, whatever its filter and page. */
  lists: ["asks"] as const,
  list: (params: AskListParams) => ["asks", params] as const,
  /** Every open ask page. */
  details: ["ask"] as const,
  detail: (id: string) => ["ask", id] as const,
  responseTimes: ["ask-response-times"] as const,
};

/**
 * What a pushed change to an ask makes stale: the lists, the response times, the dashboard (next
 * actions) and every open ask page, not only that ask's: "ask again" creates a new ask, and the
 * old one's page must learn it was asked again (a tab shows one ask page at most: cheap).
 */
export const askLiveKeys: LiveKeys = {
  ask: () => [askKeys.lists, askKeys.details, askKeys.responseTimes, dashboardKeys.all],
};

export function useAsks(params: AskListParams, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: askKeys.list(params),
    queryFn: () => api<TAskList>("/api/asks", { query: params }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

export function useAsk(id: string) {
  return useQuery({
    queryKey: askKeys.detail(id),
    queryFn: () => api<TAskDetail>(askApiPath(id)),
    enabled: Boolean(id),
  });
}

/** Staff: how fast each client account answers. */
export function useResponseTimes(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: askKeys.responseTimes,
    queryFn: () => api<TAskResponseTimes>("/api/asks/response-times"),
    enabled: options.enabled ?? true,
  });
}

const askApiPath = (id: string, rest = "") => `/api/asks/${encodeURIComponent(id)}${rest}`;

/** Every write refreshes the lists, the ask, the response times, the dashboard and the bell. */
function useAskWrite<I>(write: (input: I) => Promise<TAskResponse>) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: write,
    onSuccess: (body) =>
      invalidate(askKeys.lists, askKeys.detail(body.data.id), askKeys.responseTimes, dashboardKeys.all, notificationKeys.list),
  });
}

export function useCreateAsk() {
  return useAskWrite((input: TCreateAskRequest) => api<TAskResponse>("/api/asks", { method: "POST", body: input }));
}

export function useAnswerAsk(id: string) {
  return useAskWrite((input: TAnswerAskRequest) => api<TAskResponse>(askApiPath(id, "/answer"), { method: "POST", body: input }));
}

export function useCancelAsk(id: string) {
  return useAskWrite(() => api<TAskResponse>(askApiPath(id, "/cancel"), { method: "POST" }));
}

/** Ask again: the answer is the new ask (the old one now points to it). */
export function useReask(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: TReaskRequest) => api<TAskResponse>(askApiPath(id, "/reask"), { method: "POST", body: input }),
    onSuccess: () => invalidate(askKeys.lists, askKeys.detail(id), askKeys.responseTimes, dashboardKeys.all),
  });
}

/** Reveals a secret answer (recorded as a view): the ask is refetched so the list of views shows it. */
export function useRevealSecret(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: () => api<TAskSecret>(askApiPath(id, "/reveal"), { method: "POST" }),
    onSuccess: () => invalidate(askKeys.detail(id)),
  });
}

/** The secret was used: it is purged now. */
export function useMarkUsed(id: string) {
  return useAskWrite(() => api<TAskResponse>(askApiPath(id, "/used"), { method: "POST" }));
}

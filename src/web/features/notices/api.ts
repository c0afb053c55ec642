/**
 * Notices: reads and writes. The live stream (`LiveUpdates`) invalidates the same keys when a
 * notice reaching this person is posted, changed or ended, so a new one appears without a reload.
 */
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import type {
  TCreateNoticeRequest,
  TNoticeDetail,
  TNoticeList,
  TNoticeListQuery,
  TNoticeResponse,
  TUpdateNoticeRequest,
} from "../../../common/notices";
import { type LiveKeys, useInvalidate } from "../../api/cache";
import { api } from "../../api/client";
import { dashboardKeys } from "../dashboard/api";
import { notificationKeys } from "../notifications/api";

export type NoticeListParams = Required<Pick<TNoticeListQuery, "status" | "page">>;

export const noticeKeys = {
  /** Every notice list, whatever its tab and page. */
  lists: ["notices"] as const,
  list: (params: NoticeListParams) => ["notices", params] as const,
  detail: (id: string) => ["notice", id] as const,
};

/** What a pushed change to a notice makes stale: the lists, the notice, the dashboard (next actions). */
export const noticeLiveKeys: LiveKeys = {
  notice: (id) => [noticeKeys.lists, id ? noticeKeys.detail(id) : ["notice"], dashboardKeys.all],
};

export function useNotices(params: NoticeListParams, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: noticeKeys.list(params),
    queryFn: () => api<TNoticeList>("/api/notices", { query: params }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
    // An end date passes without an event: look again now and then.
    refetchInterval: 5 * 60_000,
  });
}

export function useNotice(id: string | null) {
  return useQuery({
    queryKey: noticeKeys.detail(id ?? ""),
    queryFn: () => api<TNoticeDetail>(`/api/notices/${encodeURIComponent(id ?? "")}`),
    enabled: Boolean(id),
  });
}

const noticePath = (id: string, rest = "") => `/api/notices/${encodeURIComponent(id)}${rest}`;

/** Every write refreshes the lists, the notice, the dashboard and the bell. */
function useNoticeWrite<I>(write: (input: I) => Promise<TNoticeResponse>) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: write,
    onSuccess: (body) => invalidate(noticeKeys.lists, noticeKeys.detail(body.data.id), dashboardKeys.all, notificationKeys.list),
  });
}

export function usePostNotice() {
  return useNoticeWrite((input: TCreateNoticeRequest) => api<TNoticeResponse>("/api/notices", { method: "POST", body: input }));
}

export function useUpdateNotice() {
  return useNoticeWrite(({ id, patch }: { id: string; patch: TUpdateNoticeRequest }) =>
    api<TNoticeResponse>(noticePath(id), { method: "PATCH", body: patch }),
  );
}

export function useEndNotice() {
  return useNoticeWrite((id: string) => api<TNoticeResponse>(noticePath(id, "/end"), { method: "POST" }));
}

export function useReadNotice() {
  return useNoticeWrite((id: string) => api<TNoticeResponse>(noticePath(id, "/read"), { method: "POST" }));
}

export function useDismissNotice() {
  return useNoticeWrite((id: string) => api<TNoticeResponse>(noticePath(id, "/dismiss"), { method: "POST" }));
}

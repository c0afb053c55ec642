/** Admin → Outgoing mail: the lists of email Portico is sending, and Retry. */
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import type { TOutgoingMailList, TOutgoingMailResponse, TOutgoingMailStatus, TRetryFailedResult } from "../../../common/outgoing-mail";
import { useInvalidate } from "../../api/cache";
import { api } from "../../api/client";
import { adminKeys } from "../admin/api";

export const outgoingMailKeys = { list: ["outgoing-mail"] as const };

/** While email is waiting or being retried the lists change by themselves: look again every few seconds. */
const BUSY_POLL_MS = 4000;
const IDLE_POLL_MS = 30_000;

export function useOutgoingMail(params: { status: TOutgoingMailStatus; page?: number }) {
  return useQuery({
    queryKey: [...outgoingMailKeys.list, params],
    queryFn: () => api<TOutgoingMailList>("/api/admin/outgoing-mail", { query: { status: params.status, page: params.page } }),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => {
      const counts = query.state.data?.counts;
      return counts && counts.queued + counts.retrying > 0 ? BUSY_POLL_MS : IDLE_POLL_MS;
    },
  });
}

/** Retry on one email; the lists and the audit log refresh. */
export function useRetryMail() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => api<TOutgoingMailResponse>(`/api/admin/outgoing-mail/${encodeURIComponent(id)}/retry`, { method: "POST" }),
    onSuccess: () => invalidate(outgoingMailKeys.list, adminKeys.events),
  });
}

/** Retry all failed. */
export function useRetryAllFailed() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: () => api<TRetryFailedResult>("/api/admin/outgoing-mail/retry-failed", { method: "POST" }),
    onSuccess: () => invalidate(outgoingMailKeys.list, adminKeys.events),
  });
}

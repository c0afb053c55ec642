/**
 * "Stay informed": the updates feed, drafts and their decisions, deliverables, and the staff-only
 * notes on a client. The live stream invalidates the same keys when an update changes.
 */

import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import type { TCommentKind } from "../../../common/conversations";
import type {
  TAddClientNoteRequest,
  TClientNote,
  TClientNoteList,
  TCreateUpdateRequest,
  TDecisionRequest,
  TDeliverableList,
  TPostVersionRequest,
  TUpdateDetail,
  TUpdateKind,
  TUpdateList,
} from "../../../common/updates";
import { type LiveKeys, useInvalidate } from "../../api/cache";
import { api } from "../../api/client";
import { dashboardKeys } from "../dashboard/api";
import { notificationKeys } from "../notifications/api";

export const updateKeys = {
  all: ["updates"] as const,
  list: (params: UpdateListParams) => ["updates", "list", params] as const,
  detail: (id: string) => ["updates", "detail", id] as const,
  deliverables: (accountId: string | undefined) => ["updates", "deliverables", accountId ?? "mine"] as const,
  notes: (accountId: string) => ["updates", "notes", accountId] as const,
};

/** What a pushed change to this module's objects makes stale. */
export const updateLiveKeys: LiveKeys = {
  update: (id) => [id ? updateKeys.detail(id) : updateKeys.all, ["updates", "list"], ["updates", "deliverables"], dashboardKeys.all],
  client_notes: (accountId) => [accountId ? updateKeys.notes(accountId) : ["updates", "notes"]],
};

const dependents = [dashboardKeys.all, notificationKeys.list] as const;

export interface UpdateListParams {
  accountId?: string;
  kind?: TUpdateKind;
  page?: number;
}

export function useUpdates(params: UpdateListParams) {
  return useQuery({
    queryKey: updateKeys.list(params),
    queryFn: () => api<TUpdateList>("/api/updates", { query: { ...params } }),
    placeholderData: keepPreviousData,
  });
}

/** Opening an update marks it read on the server: the feed's dot and the next actions change too. */
export function useUpdate(id: string) {
  const invalidate = useInvalidate();
  return useQuery({
    queryKey: updateKeys.detail(id),
    queryFn: async () => {
      const detail = await api<TUpdateDetail>(`/api/updates/${encodeURIComponent(id)}`);
      void invalidate(["updates", "list"], dashboardKeys.all);
      // What the bell said about it is read too. Why swallowed: a courtesy that must not get in the way of reading.
      void api("/api/notifications/read-object", { method: "POST", body: { objectType: "update", objectId: id } })
        .then(() => invalidate(notificationKeys.list))
        .catch(() => undefined);
      return detail;
    },
  });
}

export function useCreateUpdate(accountId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: TCreateUpdateRequest) =>
      api<TUpdateDetail>(`/api/accounts/${encodeURIComponent(accountId)}/updates`, { method: "POST", body: input }),
    onSuccess: () => invalidate(updateKeys.all, ...dependents),
  });
}

export function usePostVersion(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: TPostVersionRequest) =>
      api<TUpdateDetail>(`/api/updates/${encodeURIComponent(id)}/versions`, { method: "POST", body: input }),
    onSuccess: () => invalidate(updateKeys.all, ...dependents),
  });
}

export function useDecideVersion(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ version, ...input }: TDecisionRequest & { version: number }) =>
      api<TUpdateDetail>(`/api/updates/${encodeURIComponent(id)}/versions/${version}/decision`, { method: "POST", body: input }),
    onSuccess: () => invalidate(updateKeys.all, ...dependents),
  });
}

/** A client's own deliverables (no account), or staff's view of one client's. */
export function useDeliverables(accountId: string | undefined, options: { enabled?: boolean } = {}) {
  return useQuery({
    enabled: options.enabled ?? true,
    queryKey: updateKeys.deliverables(accountId),
    queryFn: () => api<TDeliverableList>(accountId ? `/api/accounts/${encodeURIComponent(accountId)}/deliverables` : "/api/deliverables"),
  });
}

export function useClientNotes(accountId: string) {
  return useQuery({
    queryKey: updateKeys.notes(accountId),
    queryFn: () => api<TClientNoteList>(`/api/accounts/${encodeURIComponent(accountId)}/notes`),
  });
}

export function useAddClientNote(accountId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    // The comment box sends `kind` too: a note on a client is always a note.
    mutationFn: ({ body, fileIds }: TAddClientNoteRequest & { kind?: TCommentKind }): Promise<unknown> =>
      api<{ data: TClientNote }>(`/api/accounts/${encodeURIComponent(accountId)}/notes`, {
        method: "POST",
        body: { body, ...(fileIds?.length ? { fileIds } : {}) },
      }),
    onSuccess: () => invalidate(updateKeys.notes(accountId)),
  });
}

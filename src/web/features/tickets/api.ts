/**
 * Support tickets: reads and writes. The live stream (`LiveUpdates`) invalidates the same keys
 * when someone else changes a ticket, so every screen shows the server's current answer.
 */

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import type {
  TAddMessageRequest,
  TCannedReply,
  TCategory,
  TCreateTicketRequest,
  TTicketDetail,
  TTicketList,
  TTicketListQuery,
  TTicketSummary,
  TUpdateTicketRequest,
} from "../../../common/tickets";
import { type LiveKeys, useInvalidate } from "../../api/cache";
import { api } from "../../api/client";
import { adminKeys } from "../admin/api";
import { dashboardKeys } from "../dashboard/api";
import { notificationKeys } from "../notifications/api";

export const ticketKeys = {
  /** Every ticket list, whatever its filters. */
  lists: ["tickets"] as const,
  list: (params: TicketListParams) => ["tickets", params] as const,
  detail: (id: string) => ["ticket", id] as const,
  categories: ["ticket-categories"] as const,
  adminCategories: ["admin", "ticket-categories"] as const,
  cannedReplies: ["canned-replies"] as const,
};

/** What else a ticket change can move: the dashboard's recent tickets and activity, the bell. */
const dependents = [dashboardKeys.all, notificationKeys.list, adminKeys.events] as const;

/** What a pushed change to the tickets module's objects makes stale. */
export const ticketLiveKeys: LiveKeys = {
  ticket: (id) => [id ? ticketKeys.detail(id) : ["ticket"], ticketKeys.lists, dashboardKeys.all],
  ticket_category: () => [ticketKeys.categories, ticketKeys.adminCategories],
  canned_reply: () => [ticketKeys.cannedReplies],
};

// Tickets ------------------------------------------------------------------------------------

export type TicketListParams = Omit<TTicketListQuery, "cursor">;

/** Newest first, 25 at a time; `fetchNextPage` follows the keyset cursor ("Load more"). */
export function useTickets(params: TicketListParams) {
  return useInfiniteQuery({
    queryKey: ticketKeys.list(params),
    queryFn: ({ pageParam }) => api<TTicketList>("/api/tickets", { query: { ...params, cursor: pageParam } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

export function useTicket(id: string) {
  return useQuery({
    queryKey: ticketKeys.detail(id),
    queryFn: () => api<TTicketDetail>(`/api/tickets/${encodeURIComponent(id)}`),
  });
}

export function useCreateTicket() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: TCreateTicketRequest) => api<{ data: TTicketSummary }>("/api/tickets", { method: "POST", body: input }),
    onSuccess: () => invalidate(ticketKeys.lists, ...dependents),
  });
}

/** Replies, notes, closing, reopening and staff changes all refresh the ticket and the lists. */
function useTicketWrite<I>(id: string, write: (input: I) => Promise<unknown>) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: write,
    onSuccess: () => invalidate(ticketKeys.detail(id), ticketKeys.lists, ...dependents),
  });
}

const ticketPath = (id: string, rest = "") => `/api/tickets/${encodeURIComponent(id)}${rest}`;

export function useAddMessage(id: string) {
  return useTicketWrite(id, (input: TAddMessageRequest) => api(ticketPath(id, "/messages"), { method: "POST", body: input }));
}

export function useCloseTicket(id: string) {
  return useTicketWrite(id, (input: { body?: string }) => api(ticketPath(id, "/close"), { method: "POST", body: input }));
}

export function useReopenTicket(id: string) {
  return useTicketWrite(id, (input: { body: string; fileIds?: string[] }) =>
    api(ticketPath(id, "/reopen"), { method: "POST", body: input }),
  );
}

export function useUpdateTicket(id: string) {
  return useTicketWrite(id, (input: TUpdateTicketRequest) =>
    api<{ data: TTicketSummary }>(ticketPath(id), { method: "PATCH", body: input }),
  );
}

// Categories ---------------------------------------------------------------------------------

/** The enabled categories, in the admin's order. */
export function useCategories() {
  return useQuery({
    queryKey: ticketKeys.categories,
    queryFn: () => api<{ data: TCategory[] }>("/api/ticket-categories"),
    staleTime: 5 * 60_000,
  });
}

export function useAdminCategories() {
  return useQuery({
    queryKey: ticketKeys.adminCategories,
    queryFn: () => api<{ data: TCategory[] }>("/api/admin/ticket-categories"),
  });
}

export function useCreateCategory() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (name: string) => api<{ data: TCategory }>("/api/admin/ticket-categories", { method: "POST", body: { name } }),
    onSuccess: () => invalidate(ticketKeys.adminCategories, ticketKeys.categories),
  });
}

export function useUpdateCategory() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ...input }: { id: string; name?: string; position?: number; disabled?: boolean }) =>
      api<{ data: TCategory }>(`/api/admin/ticket-categories/${encodeURIComponent(id)}`, { method: "PATCH", body: input }),
    // Category names also show on tickets.
    onSuccess: () => invalidate(ticketKeys.adminCategories, ticketKeys.categories, ticketKeys.lists, ["ticket"]),
  });
}

// Canned replies -----------------------------------------------------------------------------

export function useCannedReplies(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: ticketKeys.cannedReplies,
    queryFn: () => api<{ data: TCannedReply[] }>("/api/canned-replies"),
    enabled: options.enabled ?? true,
  });
}

export function useSaveCannedReply() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ...input }: { id?: string; title: string; body: string }) =>
      id
        ? api<{ data: TCannedReply }>(`/api/admin/canned-replies/${encodeURIComponent(id)}`, { method: "PATCH", body: input })
        : api<{ data: TCannedReply }>("/api/admin/canned-replies", { method: "POST", body: input }),
    onSuccess: () => invalidate(ticketKeys.cannedReplies),
  });
}

export function useDeleteCannedReply() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/admin/canned-replies/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => invalidate(ticketKeys.cannedReplies),
  });
}

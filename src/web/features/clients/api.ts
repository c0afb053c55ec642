/** Client accounts: the list, one account with its contacts and agents, and the admin's writes. */
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import type { TAccount, TAccountDetail, TAccountList, TCreateAccountRequest } from "../../../common/schemas";
import { type LiveKeys, useInvalidate } from "../../api/cache";
import { api } from "../../api/client";
import { adminKeys } from "../admin/api";
import { dashboardKeys } from "../dashboard/api";

export const clientKeys = {
  lists: ["accounts"] as const,
  /** Every open account page. */
  details: ["account"] as const,
  detail: (id: string) => ["account", id] as const,
};

/** An account's change refreshes the client list, that client (every one when unnamed) and the dashboard. */
export const clientLiveKeys: LiveKeys = {
  account: (id) => [clientKeys.lists, id ? clientKeys.detail(id) : clientKeys.details, dashboardKeys.all],
};

export interface AccountListParams {
  q?: string;
  page?: number;
}

export function useAccounts(params: AccountListParams) {
  return useQuery({
    queryKey: [...clientKeys.lists, params],
    queryFn: () => api<TAccountList>("/api/accounts", { query: { q: params.q, page: params.page } }),
    placeholderData: keepPreviousData,
  });
}

export function useAccount(id: string) {
  return useQuery({
    queryKey: clientKeys.detail(id),
    queryFn: () => api<TAccountDetail>(`/api/accounts/${encodeURIComponent(id)}`),
    enabled: Boolean(id),
  });
}

export function useCreateAccount() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: TCreateAccountRequest) => api<{ data: TAccount }>("/api/admin/accounts", { method: "POST", body: input }),
    onSuccess: () => invalidate(clientKeys.lists, dashboardKeys.all, adminKeys.events),
  });
}

export function useUpdateAccount(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: Partial<TCreateAccountRequest>) =>
      api<{ data: TAccount }>(`/api/admin/accounts/${encodeURIComponent(id)}`, { method: "PATCH", body: input }),
    onSuccess: () => invalidate(clientKeys.lists, clientKeys.detail(id), dashboardKeys.all, adminKeys.events),
  });
}

export function useAgentAssignment(accountId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ userId, assign }: { userId: string; assign: boolean }) =>
      api<{ data: TAccount }>(`/api/admin/accounts/${encodeURIComponent(accountId)}/agents/${encodeURIComponent(userId)}`, {
        method: assign ? "PUT" : "DELETE",
      }),
    onSuccess: () => invalidate(clientKeys.lists, clientKeys.detail(accountId), dashboardKeys.all, adminKeys.events),
  });
}

/**
 * Merges this account into another; the emptied account is gone, so every account read is
 * refreshed — without waiting: the page of the deleted account must first move to the one that
 * remains, or its refetch (a 404) would unmount it before it can.
 */
export function useMergeAccount(fromId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (intoAccountId: string) =>
      api<{ data: TAccount }>(`/api/admin/accounts/${encodeURIComponent(fromId)}/merge`, { method: "POST", body: { intoAccountId } }),
    onSuccess: () => {
      void invalidate(
        clientKeys.lists,
        clientKeys.details,
        dashboardKeys.all,
        adminKeys.events,
        ["tickets"],
        ["ticket"],
        ["board"],
        ["task"],
      );
    },
  });
}

/**
 * Reads (queries) and writes (mutations) for the logged-in app. One query key per resource;
 * each write invalidates the resources it can change.
 */

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TInboundList, TInboundStatus } from "../../common/inbound";
import type {
  TAccount,
  TAccountDetail,
  TAccountList,
  TCreateAccountRequest,
  TDashboard,
  TEventList,
  TInviteRequest,
  TMail,
  TMailList,
  TRole,
  TSettings,
  TUpdateUserRequest,
  TUser,
  TUserList,
  TUserState,
} from "../../common/schemas";
import { api } from "./client";
import { sessionKey } from "./session";

export const keys = {
  dashboard: ["dashboard"] as const,
  accounts: ["accounts"] as const,
  account: (id: string) => ["account", id] as const,
  users: ["users"] as const,
  settings: ["settings"] as const,
  mailbox: ["mailbox"] as const,
  mail: (id: string) => ["mail", id] as const,
  events: ["events"] as const,
  inbound: ["inbound"] as const,
};

function useInvalidate() {
  const queryClient = useQueryClient();
  return (...prefixes: ReadonlyArray<readonly string[]>) =>
    Promise.all(prefixes.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

// Dashboard ---------------------------------------------------------------------------------

export function useDashboard() {
  return useQuery({ queryKey: keys.dashboard, queryFn: () => api<TDashboard>("/api/dashboard") });
}

// Client accounts ---------------------------------------------------------------------------

export interface AccountListParams {
  q?: string;
  page?: number;
}

export function useAccounts(params: AccountListParams) {
  return useQuery({
    queryKey: [...keys.accounts, params],
    queryFn: () => api<TAccountList>("/api/accounts", { query: { q: params.q, page: params.page } }),
    placeholderData: keepPreviousData,
  });
}

export function useAccount(id: string) {
  return useQuery({
    queryKey: keys.account(id),
    queryFn: () => api<TAccountDetail>(`/api/accounts/${encodeURIComponent(id)}`),
    enabled: Boolean(id),
  });
}

export function useCreateAccount() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: TCreateAccountRequest) => api<{ data: TAccount }>("/api/admin/accounts", { method: "POST", body: input }),
    onSuccess: () => invalidate(keys.accounts, keys.dashboard, keys.events),
  });
}

export function useUpdateAccount(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: Partial<TCreateAccountRequest>) =>
      api<{ data: TAccount }>(`/api/admin/accounts/${encodeURIComponent(id)}`, { method: "PATCH", body: input }),
    onSuccess: () => invalidate(keys.accounts, keys.account(id), keys.dashboard, keys.events),
  });
}

export function useAgentAssignment(accountId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ userId, assign }: { userId: string; assign: boolean }) =>
      api<{ data: TAccount }>(`/api/admin/accounts/${encodeURIComponent(accountId)}/agents/${encodeURIComponent(userId)}`, {
        method: assign ? "PUT" : "DELETE",
      }),
    onSuccess: () => invalidate(keys.accounts, keys.account(accountId), keys.dashboard, keys.events),
  });
}

// Users -------------------------------------------------------------------------------------

export interface UserListParams {
  q?: string;
  role?: TRole;
  state?: TUserState;
  page?: number;
}

export function useUsers(params: UserListParams, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...keys.users, params],
    queryFn: () =>
      api<TUserList>("/api/admin/users", {
        query: { q: params.q, role: params.role, state: params.state, page: params.page },
      }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

/** Any change to a person can move counts, contacts lists, the mailbox and the audit log. */
const userDependents = [keys.users, keys.accounts, ["account"], keys.dashboard, keys.events, keys.mailbox] as const;

export function useInviteUser() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: TInviteRequest) => api<{ data: TUser }>("/api/admin/users/invitations", { method: "POST", body: input }),
    onSuccess: () => invalidate(...userDependents),
  });
}

export function useResendInvitation() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (userId: string) => api<{ data: TUser }>(`/api/admin/users/${encodeURIComponent(userId)}/invitation`, { method: "POST" }),
    onSuccess: () => invalidate(...userDependents),
  });
}

export function useUpdateUser() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ...input }: TUpdateUserRequest & { id: string }) =>
      api<{ data: TUser }>(`/api/admin/users/${encodeURIComponent(id)}`, { method: "PATCH", body: input }),
    onSuccess: () => invalidate(...userDependents),
  });
}

// Settings ----------------------------------------------------------------------------------

export function useSettings() {
  return useQuery({
    queryKey: keys.settings,
    queryFn: () => api<{ data: TSettings }>("/api/admin/settings"),
  });
}

export function useUpdateSettings() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: Partial<TSettings>) => api<{ data: TSettings }>("/api/admin/settings", { method: "PATCH", body: input }),
    // The agency name and approval rule also live in the session answer.
    onSuccess: () => invalidate(keys.settings, sessionKey, keys.events),
  });
}

// Mailbox -----------------------------------------------------------------------------------

export function useMailList(params: { to?: string; page?: number }) {
  return useQuery({
    queryKey: [...keys.mailbox, params],
    queryFn: () => api<TMailList>("/api/admin/mailbox", { query: { to: params.to, page: params.page } }),
    placeholderData: keepPreviousData,
  });
}

export function useMail(id: string | null) {
  return useQuery({
    queryKey: keys.mail(id ?? ""),
    queryFn: () => api<TMail>(`/api/admin/mailbox/${encodeURIComponent(id ?? "")}`),
    enabled: Boolean(id),
  });
}

// Inbound email -----------------------------------------------------------------------------

export function useInboundList(params: { status: TInboundStatus; page?: number }) {
  return useQuery({
    queryKey: [...keys.inbound, params],
    queryFn: () => api<TInboundList>("/api/admin/inbound", { query: { status: params.status, page: params.page } }),
    placeholderData: keepPreviousData,
  });
}

/** Where the browser downloads an inbound message exactly as it arrived (.eml). */
export function inboundRawUrl(id: string): string {
  return `/api/admin/inbound/${encodeURIComponent(id)}/raw`;
}

// Audit log ---------------------------------------------------------------------------------

export function useEvents(params: { verb?: string; page?: number }) {
  return useQuery({
    queryKey: [...keys.events, params],
    queryFn: () => api<TEventList>("/api/admin/events", { query: { verb: params.verb, page: params.page } }),
    placeholderData: keepPreviousData,
  });
}

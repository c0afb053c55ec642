/** People: the admin's user list, invitations and changes to a person. */
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import type { TInviteRequest, TRole, TUpdateUserRequest, TUser, TUserList, TUserState } from "../../../common/schemas";
import { useInvalidate } from "../../api/cache";
import { api } from "../../api/client";
import { adminKeys } from "../admin/api";
import { clientKeys } from "../clients/api";
import { dashboardKeys } from "../dashboard/api";
import { mailKeys } from "../mailbox/api";

export const userKeys = { lists: ["users"] as const };

export interface UserListParams {
  q?: string;
  role?: TRole;
  state?: TUserState;
  page?: number;
}

export function useUsers(params: UserListParams, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...userKeys.lists, params],
    queryFn: () =>
      api<TUserList>("/api/admin/users", {
        query: { q: params.q, role: params.role, state: params.state, page: params.page },
      }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

/** Any change to a person can move counts, contacts lists, the mailbox and the audit log. */
const userDependents = [userKeys.lists, clientKeys.lists, clientKeys.details, dashboardKeys.all, adminKeys.events, mailKeys.list] as const;

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

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TLoginRequest, TLoginResponse, TMe, TSessionResponse } from "../../common/schemas";
import { api, setCsrfToken } from "./client";

export type Session = TSessionResponse["data"];

export const sessionKey = ["session"] as const;

async function fetchSession(): Promise<Session> {
  const body = await api<TSessionResponse>("/api/auth/session");
  setCsrfToken(body.data.csrfToken);
  return body.data;
}

export const sessionQuery = { queryKey: sessionKey, queryFn: fetchSession, staleTime: 60_000 };

/** Who is logged in, the CSRF token, and the install-wide facts public pages need. */
export function useSession() {
  return useQuery(sessionQuery);
}

/** The logged-in person; only call below a route guard that has ensured there is one. */
export function useMe(): TMe {
  const { data } = useSession();
  if (!data?.user) throw new Error("useMe() used outside an authenticated route");
  return data.user;
}

export function isStaff(user: Pick<TMe, "role">): boolean {
  return user.role === "agent" || user.role === "admin";
}

export const isAdmin = (user: Pick<TMe, "role">): boolean => user.role === "admin";

/**
 * After logging in (or setting up, or accepting an invitation), put the new person into the
 * cached session at once so the guarded pages can render immediately, then refresh the rest of
 * the session in the background.
 */
export function useAdoptLogin() {
  const queryClient = useQueryClient();
  return (body: TLoginResponse) => {
    setCsrfToken(body.data.csrfToken);
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
    queryClient.setQueryData<Session>(sessionKey, (old) =>
      old ? { ...old, user: body.data.user, csrfToken: body.data.csrfToken, setupRequired: false } : old,
    );
    void queryClient.invalidateQueries({ queryKey: sessionKey });
  };
}

export function useLogin() {
  const adopt = useAdoptLogin();
  return useMutation({
    mutationFn: (input: TLoginRequest) => api<TLoginResponse>("/api/auth/login", { method: "POST", body: input }),
    onSuccess: adopt,
  });
}

export interface SetupInput {
  token: string;
  email: string;
  username: string;
  name: string;
  password: string;
}

export function useSetup() {
  const adopt = useAdoptLogin();
  return useMutation({
    mutationFn: (input: SetupInput) => api<TLoginResponse>("/api/setup", { method: "POST", body: input }),
    onSuccess: adopt,
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>("/api/auth/logout", { method: "POST" }),
    onSettled: async () => {
      setCsrfToken(null);
      // Forget the person at once (guards redirect right away), then confirm with the server.
      queryClient.setQueryData<Session>(sessionKey, (old) => (old ? { ...old, user: null, csrfToken: null } : old));
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] });
      await queryClient.invalidateQueries({ queryKey: sessionKey });
    },
  });
}

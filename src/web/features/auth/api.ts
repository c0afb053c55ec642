/** Account flows that work without a session: registration and the one-time links. */

import { useMutation, useQuery } from "@tanstack/react-query";
import type { TActivateResponse, TInspectTokenResponse, TLoginResponse, TRegisterRequest } from "../../../common/schemas";
import { api } from "../../api/client";
import { useAdoptLogin } from "../../api/session";

export type TokenKind = "activation" | "password_reset" | "invitation" | "setup";
type Ok = { data: { ok: boolean } };

/**
 * Looks at a one-time link without spending it (mail scanners follow links, so only the
 * button on the page spends the token).
 */
export function useInspectToken(kind: TokenKind, token: string) {
  return useQuery({
    queryKey: ["token", kind, token],
    queryFn: () => api<TInspectTokenResponse>("/api/auth/tokens", { query: { kind, token } }),
    enabled: token.length > 0,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useRegister() {
  return useMutation({
    mutationFn: (input: TRegisterRequest) => api<{ data: { email: string } }>("/api/auth/register", { method: "POST", body: input }),
  });
}

export function useActivate() {
  return useMutation({
    mutationFn: (token: string) => api<TActivateResponse>("/api/auth/activate", { method: "POST", body: { token } }),
  });
}

export function useForgotPassword() {
  return useMutation({
    mutationFn: (email: string) => api<Ok>("/api/auth/password/forgot", { method: "POST", body: { email } }),
  });
}

export function useResetPassword() {
  return useMutation({
    mutationFn: (input: { token: string; password: string }) => api<Ok>("/api/auth/password/reset", { method: "POST", body: input }),
  });
}

/** Accepting an invitation logs the person in (the server answers as a log-in does). */
export function useAcceptInvitation() {
  const adopt = useAdoptLogin();
  return useMutation({
    mutationFn: (input: { token: string; password: string; username?: string }) =>
      api<TLoginResponse>("/api/auth/invitation/accept", { method: "POST", body: input }),
    onSuccess: adopt,
  });
}

/** Asks for a new activation link; the answer is the same whether or not the address is known. */
export function useResendActivation() {
  return useMutation({
    mutationFn: (email: string) => api<Ok>("/api/auth/activation/resend", { method: "POST", body: { email } }),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) =>
      api<Ok>("/api/account/password", { method: "POST", body: input }),
  });
}

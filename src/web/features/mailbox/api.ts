/** The built-in mailbox: the email the portal sent while no SMTP server is configured. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { TMail, TMailList } from "../../../common/schemas";
import { api } from "../../api/client";

export const mailKeys = {
  list: ["mailbox"] as const,
  detail: (id: string) => ["mail", id] as const,
};

export function useMailList(params: { to?: string; page?: number }) {
  return useQuery({
    queryKey: [...mailKeys.list, params],
    queryFn: () => api<TMailList>("/api/admin/mailbox", { query: { to: params.to, page: params.page } }),
    placeholderData: keepPreviousData,
  });
}

export function useMail(id: string | null) {
  return useQuery({
    queryKey: mailKeys.detail(id ?? ""),
    queryFn: () => api<TMail>(`/api/admin/mailbox/${encodeURIComponent(id ?? "")}`),
    enabled: Boolean(id),
  });
}

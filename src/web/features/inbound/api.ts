/** Inbound email: the log of replies that arrived by email, attached or quarantined. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { TInboundList, TInboundStatus } from "../../../common/inbound";
import { api } from "../../api/client";

export const inboundKeys = { list: ["inbound"] as const };

export function useInboundList(params: { status: TInboundStatus; page?: number }) {
  return useQuery({
    queryKey: [...inboundKeys.list, params],
    queryFn: () => api<TInboundList>("/api/admin/inbound", { query: { status: params.status, page: params.page } }),
    placeholderData: keepPreviousData,
  });
}

/** Where the browser downloads an inbound message exactly as it arrived (.eml). */
export function inboundRawUrl(id: string): string {
  return `/api/admin/inbound/${encodeURIComponent(id)}/raw`;
}

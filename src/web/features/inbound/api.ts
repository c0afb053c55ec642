/** Inbound email: the log of replies and support-address mail that arrived, and the quarantine's actions. */
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import type {
  TAddSenderAsContactRequest,
  TCreateTicketFromInboundRequest,
  TInboundList,
  TInboundMessageResponse,
  TInboundStatus,
} from "../../../common/inbound";
import { useInvalidate } from "../../api/cache";
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

/** Where one quarantine action on one message is posted. */
export function inboundActionUrl(id: string, action: "create-ticket" | "add-contact" | "discard"): string {
  return `/api/admin/inbound/${encodeURIComponent(id)}/${action}`;
}

/** The three ways out of the quarantine; each refreshes the log (the message moves to another status). */
export function useQuarantineActions(id: string) {
  const invalidate = useInvalidate();
  const onSuccess = () => invalidate(inboundKeys.list, ["tickets"]);
  const post = <T>(action: Parameters<typeof inboundActionUrl>[1], body?: T) =>
    api<TInboundMessageResponse>(inboundActionUrl(id, action), { method: "POST", ...(body ? { body } : {}) });
  return {
    createTicket: useMutation({ mutationFn: (input: TCreateTicketFromInboundRequest) => post("create-ticket", input), onSuccess }),
    addContact: useMutation({ mutationFn: (input: TAddSenderAsContactRequest) => post("add-contact", input), onSuccess }),
    discard: useMutation({ mutationFn: () => post("discard"), onSuccess }),
  };
}

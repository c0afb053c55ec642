/**
 * Billing: invoices, credit notes, payments and refunds — reads and writes. The live stream
 * (`LiveUpdates`) invalidates the same keys when an invoice changes (sent, paid, voided), so a
 * client's Billing page and dashboard show a new invoice, or its payment, without a reload.
 *
 * The totals shown are always the server's; the editor previews a draft with the same math
 * (src/common/invoice-math.ts).
 */
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import type {
  TBillingSettingsResponse,
  TBillingSummary,
  TCheckoutResponse,
  TCreateCreditNoteRequest,
  TCreateInvoiceRequest,
  TInvoiceDetail,
  TInvoiceFromTaskRequest,
  TInvoiceList,
  TInvoiceListQuery,
  TRecordPaymentRequest,
  TRecordRefundRequest,
  TUpdateBillingSettingsRequest,
  TUpdateInvoiceRequest,
  TVoidInvoiceRequest,
} from "../../../common/billing";
import { type LiveKeys, useInvalidate } from "../../api/cache";
import { api, apiUrl } from "../../api/client";
import { adminKeys } from "../admin/api";
import { dashboardKeys } from "../dashboard/api";
import { notificationKeys } from "../notifications/api";

export const billingKeys = {
  /** Every invoice list, whatever its filter and page (the task page's too). */
  lists: ["invoices"] as const,
  list: (query: TInvoiceListQuery) => ["invoices", query] as const,
  /** Every open invoice page. */
  details: ["invoice"] as const,
  detail: (id: string) => ["invoice", id] as const,
  summary: ["billing-summary"] as const,
  settings: ["billing-settings"] as const,
};

/**
 * What a pushed change to an invoice makes stale: the lists, the agency's figures, the dashboard
 * (an invoice due tops next actions) and that invoice's page (every one when the push names none).
 */
export const billingLiveKeys: LiveKeys = {
  invoice: (id) => [billingKeys.lists, billingKeys.summary, dashboardKeys.all, id ? billingKeys.detail(id) : billingKeys.details],
};

const invoiceApiPath = (id: string, rest = "") => `/api/invoices/${encodeURIComponent(id)}${rest}`;

/** The CSV of the invoices the viewer may see (staff), with the list's filters. */
export const exportCsvUrl = (query: Pick<TInvoiceListQuery, "status" | "accountId"> = {}) => apiUrl("/api/billing/export.csv", query);

export function useInvoices(query: TInvoiceListQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: billingKeys.list(query),
    queryFn: () => api<TInvoiceList>("/api/invoices", { query: { ...query } }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

export function useInvoice(id: string) {
  return useQuery({ queryKey: billingKeys.detail(id), queryFn: () => api<TInvoiceDetail>(invoiceApiPath(id)), enabled: Boolean(id) });
}

/** Staff: outstanding, overdue and paid this month, per currency and per client account. */
export function useBillingSummary(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: billingKeys.summary,
    queryFn: () => api<TBillingSummary>("/api/billing/summary"),
    enabled: options.enabled ?? true,
  });
}

/** Every write answers with the invoice it made or changed. */
type InvoiceAnswer = { data: { id: string } };

/** A write refreshes the lists, the figures, the invoice, the dashboard, the bell, the audit log and the boards' tasks. */
function useBillingWrite<I>(write: (input: I) => Promise<InvoiceAnswer>, alsoId?: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: write,
    onSuccess: (body) =>
      invalidate(
        billingKeys.lists,
        billingKeys.summary,
        billingKeys.detail(body.data.id),
        ...(alsoId && alsoId !== body.data.id ? [billingKeys.detail(alsoId)] : []),
        dashboardKeys.all,
        notificationKeys.list,
        adminKeys.events,
        // The task page shows its invoice.
        ["task"],
      ),
  });
}

export function useCreateInvoice() {
  return useBillingWrite((input: TCreateInvoiceRequest) => api<InvoiceAnswer>("/api/invoices", { method: "POST", body: input }));
}

export function useUpdateInvoice(id: string) {
  return useBillingWrite((input: TUpdateInvoiceRequest) => api<InvoiceAnswer>(invoiceApiPath(id), { method: "PUT", body: input }));
}

export function useDeleteInvoice(id: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: () => api<void>(invoiceApiPath(id), { method: "DELETE" }),
    onSuccess: () => invalidate(billingKeys.lists, billingKeys.summary, dashboardKeys.all, adminKeys.events, ["task"]),
  });
}

export function useSendInvoice(id: string) {
  return useBillingWrite(() => api<InvoiceAnswer>(invoiceApiPath(id, "/send"), { method: "POST" }));
}

export function useVoidInvoice(id: string) {
  return useBillingWrite((input: TVoidInvoiceRequest) => api<InvoiceAnswer>(invoiceApiPath(id, "/void"), { method: "POST", body: input }));
}

/** Reissue a void invoice: the answer is the new draft (the old one points to it). */
export function useReissueInvoice(id: string) {
  return useBillingWrite(() => api<InvoiceAnswer>(invoiceApiPath(id, "/reissue"), { method: "POST" }), id);
}

/** The answer is the invoice, the new note in its `creditNotes`. */
export function useCreateCreditNote(id: string) {
  return useBillingWrite((input: TCreateCreditNoteRequest) =>
    api<InvoiceAnswer>(invoiceApiPath(id, "/credit-notes"), { method: "POST", body: input }),
  );
}

export function useRecordPayment(id: string) {
  return useBillingWrite((input: TRecordPaymentRequest) =>
    api<InvoiceAnswer>(invoiceApiPath(id, "/payments"), { method: "POST", body: input }),
  );
}

export function useRecordRefund(id: string) {
  return useBillingWrite((input: TRecordRefundRequest) =>
    api<InvoiceAnswer>(invoiceApiPath(id, "/refunds"), { method: "POST", body: input }),
  );
}

/** Pay now: a Stripe Checkout session for the amount due; the caller sends the browser to its `url`. */
export function useCheckout(id: string) {
  return useMutation({ mutationFn: () => api<TCheckoutResponse>(invoiceApiPath(id, "/checkout"), { method: "POST" }) });
}

/** Staff: the task's accepted quote becomes a draft invoice; the answer is the draft. */
export function useInvoiceFromTask(taskId: string) {
  return useBillingWrite((input: TInvoiceFromTaskRequest) =>
    api<InvoiceAnswer>(`/api/tasks/${encodeURIComponent(taskId)}/invoice`, { method: "POST", body: input }),
  );
}

/** Admin only (the server refuses others). */
export function useBillingSettings(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: billingKeys.settings,
    queryFn: () => api<TBillingSettingsResponse>("/api/billing/settings"),
    enabled: options.enabled ?? true,
  });
}

export function useUpdateBillingSettings() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: TUpdateBillingSettingsRequest) =>
      api<TBillingSettingsResponse>("/api/billing/settings", { method: "PUT", body: input }),
    onSuccess: () => invalidate(billingKeys.settings, adminKeys.events),
  });
}

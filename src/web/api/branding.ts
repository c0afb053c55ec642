/** The agency's brand and support contact: public, read by the shell (theme, header) and the Help page. */
import { useQuery } from "@tanstack/react-query";
import { referenceOf } from "../../common/references";
import type { TBranding } from "../../common/schemas";
import { brandingOf, DEFAULT_SETTINGS } from "../../common/settings";
import { api } from "./client";

export const brandingKey = ["branding"] as const;

/** What the shell shows until the agency's branding has loaded: the defaults' branding. */
export const DEFAULT_BRANDING: TBranding = brandingOf(DEFAULT_SETTINGS);

export const brandingQuery = {
  queryKey: brandingKey,
  queryFn: () => api<{ data: TBranding }>("/api/branding"),
  staleTime: 5 * 60_000,
};

export function useBranding(): TBranding {
  return useQuery(brandingQuery).data?.data ?? DEFAULT_BRANDING;
}

/** A phone number as a tel: link wants it: digits and a leading +. */
export const telHref = (phone: string) => `tel:${phone.replace(/[^0-9+]/g, "")}`;

/** How this agency refers to tickets and work requests on screen: "SUP-1042", "WEB-318". */
export function useReferences(): { ticket: (number: number) => string; task: (number: number) => string } {
  const { ticketPrefix, taskPrefix } = useBranding();
  return { ticket: (number) => referenceOf(ticketPrefix, number), task: (number) => referenceOf(taskPrefix, number) };
}

/**
 * The client journey: reads and writes. The live stream invalidates the same keys when staff
 * move a client (`journey` object) or an onboarding is approved (see journeyLiveKeys).
 */
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import type {
  TClientJourneyResponse,
  TCreateJourneyStepRequest,
  TJourneyOverview,
  TJourneyOverviewQuery,
  TJourneyStep,
  TJourneyStepList,
  TMoveJourneyStepRequest,
  TUpdateJourneyStepRequest,
} from "../../../common/journey";
import { type LiveKeys, useInvalidate } from "../../api/cache";
import { api } from "../../api/client";
import { dashboardKeys } from "../dashboard/api";

export const journeyKeys = {
  /** Every journey read (own, a client's, the overview). */
  all: ["journey"] as const,
  own: ["journey", "own"] as const,
  account: (id: string) => ["journey", "account", id] as const,
  overview: (params: TJourneyOverviewQuery) => ["journey", "overview", params] as const,
  adminSteps: ["admin", "journey-steps"] as const,
};

/**
 * What a pushed change makes stale: a move (`journey.step_moved` for staff, `journey.step_done`
 * for the client, object type `journey`, id the account) and a change to the steps.
 * `onboarding.approved` is recorded on an `onboarding_submission`, whose live keys belong to
 * the onboarding feature: it adds `journeyKeys.all` to them.
 */
export const journeyLiveKeys: LiveKeys = {
  journey: (id) => [id ? journeyKeys.account(id) : journeyKeys.all, journeyKeys.own, ["journey", "overview"], dashboardKeys.all],
  journey_step: () => [journeyKeys.all, journeyKeys.adminSteps],
};

/** The client's own journey (their dashboard). */
export function useOwnJourney() {
  return useQuery({ queryKey: journeyKeys.own, queryFn: () => api<TClientJourneyResponse>("/api/journey") });
}

/** One client's journey, for staff (and the client themselves). */
export function useAccountJourney(accountId: string) {
  return useQuery({
    queryKey: journeyKeys.account(accountId),
    queryFn: () => api<TClientJourneyResponse>(`/api/accounts/${encodeURIComponent(accountId)}/journey`),
    enabled: Boolean(accountId),
  });
}

export function useMoveStep(accountId: string) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ stepId, ...body }: TMoveJourneyStepRequest & { stepId: string }) =>
      api<TClientJourneyResponse>(`/api/accounts/${encodeURIComponent(accountId)}/journey/steps/${encodeURIComponent(stepId)}`, {
        method: "POST",
        body,
      }),
    onSuccess: () => invalidate(journeyKeys.all, dashboardKeys.all),
  });
}

export function useJourneyOverview(params: TJourneyOverviewQuery) {
  return useQuery({
    queryKey: journeyKeys.overview(params),
    queryFn: () => api<TJourneyOverview>("/api/journey/overview", { query: { ...params } }),
    placeholderData: keepPreviousData,
  });
}

// Admin ------------------------------------------------------------------------------------------

export function useAdminJourneySteps() {
  return useQuery({ queryKey: journeyKeys.adminSteps, queryFn: () => api<TJourneyStepList>("/api/admin/journey-steps") });
}

function useStepsWrite<I>(write: (input: I) => Promise<unknown>) {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: write, onSuccess: () => invalidate(journeyKeys.adminSteps, journeyKeys.all, dashboardKeys.all) });
}

export const useCreateJourneyStep = () =>
  useStepsWrite((input: TCreateJourneyStepRequest) =>
    api<{ data: TJourneyStep }>("/api/admin/journey-steps", { method: "POST", body: input }),
  );

export const useUpdateJourneyStep = () =>
  useStepsWrite(({ id, ...patch }: TUpdateJourneyStepRequest & { id: string }) =>
    api<{ data: TJourneyStep }>(`/api/admin/journey-steps/${encodeURIComponent(id)}`, { method: "PATCH", body: patch }),
  );

export const useDeleteJourneyStep = () =>
  useStepsWrite((id: string) => api<unknown>(`/api/admin/journey-steps/${encodeURIComponent(id)}`, { method: "DELETE" }));

export const useReorderJourneySteps = () =>
  useStepsWrite((ids: string[]) => api<TJourneyStepList>("/api/admin/journey-steps/order", { method: "PUT", body: { ids } }));

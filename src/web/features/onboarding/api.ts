/**
 * Onboarding ("Complete setup"): the admin's forms, the client's submission (saved as a draft
 * while they type), Submit, and the agent's review. Every endpoint of the onboarding contract
 * (src/common/onboarding.ts) has its hook here.
 *
 * Autosave does not invalidate the submission it saves: the page holds the answers being typed,
 * and a refetch would only move the cursor under the person's fingers. It patches the cached
 * revision instead, so a remount (or another page) starts from what the server has.
 */

import { keepPreviousData, type QueryClient, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Static } from "typebox";
import type {
  TFormDetail,
  TReviewRequest,
  TSaveAnswersRequest,
  TSaveFormRequest,
  TSubmissionDetail,
  TSubmissionStatus,
  ZCreateFormRequest,
  ZFormList,
  ZFormVersionDetail,
  ZSaveAnswersResponse,
  ZSaveFormResponse,
  ZSubmissionList,
} from "../../../common/onboarding";
import { type LiveKeys, useInvalidate } from "../../api/cache";
import { ApiError, api } from "../../api/client";
import { dashboardKeys } from "../dashboard/api";
import { journeyKeys } from "../journey/api";
import { notificationKeys } from "../notifications/api";

export type TFormList = Static<typeof ZFormList>;
export type TFormVersionDetail = Static<typeof ZFormVersionDetail>;
export type TCreateFormRequest = Static<typeof ZCreateFormRequest>;
export type TSaveFormResponse = Static<typeof ZSaveFormResponse>;
export type TSubmissionList = Static<typeof ZSubmissionList>;
export type TSaveAnswersResponse = Static<typeof ZSaveAnswersResponse>;

export const onboardingKeys = {
  /** Every form list (admin and the share picker). */
  forms: ["onboarding-forms"] as const,
  form: (id: string) => ["onboarding-form", id] as const,
  version: (id: string, version: number) => ["onboarding-form", id, "version", version] as const,
  /** Every submission list, whatever its filters. */
  submissions: ["onboarding-submissions"] as const,
  submissionList: (params: SubmissionListParams) => ["onboarding-submissions", params] as const,
  /** Every open submission (and the client's current one). */
  details: ["onboarding-submission"] as const,
  submission: (id: string) => ["onboarding-submission", id] as const,
  current: ["onboarding-submission", "current"] as const,
};

/** What else an onboarding change can move: the dashboard's journey and next actions, the bell. */
const dependents = [dashboardKeys.all, notificationKeys.list] as const;

/** What a pushed change to a submission makes stale (events use object type "onboarding_submission"). */
export const onboardingLiveKeys: LiveKeys = {
  onboarding_submission: (id) => [
    id ? onboardingKeys.submission(id) : onboardingKeys.details,
    onboardingKeys.current,
    onboardingKeys.submissions,
    onboardingKeys.forms,
    dashboardKeys.all,
    // An approval completes "Complete onboarding" on the journey.
    journeyKeys.all,
  ],
};

/** `draft_conflict`: someone saved from another tab or device since this one loaded. */
export const isDraftConflict = (error: unknown): boolean =>
  error instanceof ApiError && error.status === 409 && error.code === "draft_conflict";

const formPath = (id: string, rest = "") => `/api/onboarding/forms/${encodeURIComponent(id)}${rest}`;
const submissionPath = (id: string, rest = "") => `/api/onboarding/submissions/${encodeURIComponent(id)}${rest}`;

/** The CSV of a submission's answers (every round and the current draft); a plain link downloads it. */
export const exportCsvUrl = (id: string) => submissionPath(id, "/export.csv");

// Forms ----------------------------------------------------------------------------------------

/** Admins get every form; agents get the published, unarchived ones (to share). */
export function useForms(options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: onboardingKeys.forms,
    queryFn: () => api<TFormList>("/api/onboarding/forms"),
    enabled: options.enabled ?? true,
  });
}

export function useForm(id: string) {
  return useQuery({ queryKey: onboardingKeys.form(id), queryFn: () => api<TFormDetail>(formPath(id)), enabled: Boolean(id) });
}

/** One published version, frozen. */
export function useFormVersion(id: string, version: number | null) {
  return useQuery({
    queryKey: onboardingKeys.version(id, version ?? 0),
    queryFn: () => api<TFormVersionDetail>(formPath(id, `/versions/${version}`)),
    enabled: Boolean(id) && version !== null,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useCreateForm() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: TCreateFormRequest) => api<TFormDetail>("/api/onboarding/forms", { method: "POST", body: input }),
    onSuccess: () => invalidate(onboardingKeys.forms),
  });
}

/** Saves the working copy; a stale revision is refused (409 `draft_conflict`). */
export function useSaveForm(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TSaveFormRequest) => api<TSaveFormResponse>(formPath(id), { method: "PUT", body: input }),
    onSuccess: (body, input) => {
      queryClient.setQueryData<TFormDetail>(onboardingKeys.form(id), (old) =>
        old
          ? {
              ...old,
              data: {
                ...old.data,
                form: { ...old.data.form, name: input.name, description: input.description, unpublishedChanges: true },
                draft: input.definition,
                revision: body.data.revision,
              },
            }
          : old,
      );
      void queryClient.invalidateQueries({ queryKey: onboardingKeys.forms });
    },
  });
}

/** Publishes the working copy; the answer is the whole form, stored as it comes. */
export function usePublishForm(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<TFormDetail>(formPath(id, "/publish"), { method: "POST", body: {} }),
    onSuccess: (body) => {
      queryClient.setQueryData(onboardingKeys.form(id), body);
      void queryClient.invalidateQueries({ queryKey: onboardingKeys.forms });
    },
  });
}

/** Set default / archive from the forms list, where the form is named per call. */
export function useFormListActions() {
  const invalidate = useInvalidate();
  const setDefault = useMutation({
    mutationFn: (id: string) => api<TFormDetail>(formPath(id, "/default"), { method: "POST", body: {} }),
    onSuccess: (_body, id) => invalidate(onboardingKeys.forms, onboardingKeys.form(id)),
  });
  const archive = useMutation({
    mutationFn: ({ id, archived }: { id: string; archived: boolean }) =>
      api<TFormDetail>(formPath(id, "/archive"), { method: "POST", body: { archived } }),
    onSuccess: (_body, { id }) => invalidate(onboardingKeys.forms, onboardingKeys.form(id)),
  });
  return { setDefault, archive };
}

// Submissions ----------------------------------------------------------------------------------

export interface SubmissionListParams {
  status?: TSubmissionStatus;
  account?: string;
  page?: number;
}

export function useSubmissions(params: SubmissionListParams, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: onboardingKeys.submissionList(params),
    queryFn: () => api<TSubmissionList>("/api/onboarding/submissions", { query: { ...params } }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

/** The client's newest submission (the default form is shared on the first read); 404 when no form is published. */
export function useCurrentSubmission() {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: onboardingKeys.current,
    queryFn: async () => {
      const body = await api<TSubmissionDetail>("/api/onboarding/current");
      // The same submission is also open under its own id: keep both in step.
      queryClient.setQueryData(onboardingKeys.submission(body.data.submission.id), body);
      return body;
    },
    retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 2,
  });
}

export function useSubmission(id: string) {
  return useQuery({
    queryKey: onboardingKeys.submission(id),
    queryFn: () => api<TSubmissionDetail>(submissionPath(id)),
    enabled: Boolean(id),
  });
}

/** Puts a fresh answer from the server into both places a submission is cached. */
function storeSubmission(queryClient: QueryClient, body: TSubmissionDetail) {
  queryClient.setQueryData(onboardingKeys.submission(body.data.submission.id), body);
  queryClient.setQueryData<TSubmissionDetail>(onboardingKeys.current, (old) =>
    old && old.data.submission.id === body.data.submission.id ? body : old,
  );
}

/** Patches the cached draft after an autosave (no refetch: the page holds what is being typed). */
function patchDraft(queryClient: QueryClient, id: string, input: TSaveAnswersRequest, saved: TSaveAnswersResponse["data"]) {
  const patch = (old: TSubmissionDetail | undefined) =>
    old && old.data.submission.id === id
      ? { ...old, data: { ...old.data, answers: input.answers, revision: saved.revision, savedAt: saved.savedAt } }
      : old;
  queryClient.setQueryData<TSubmissionDetail>(onboardingKeys.submission(id), patch);
  queryClient.setQueryData<TSubmissionDetail>(onboardingKeys.current, patch);
}

/** Share a form (its latest published version) with a client account. */
export function useShareForm() {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ accountId, formId }: { accountId: string; formId: string }) =>
      api<TSubmissionDetail>(`/api/accounts/${encodeURIComponent(accountId)}/onboarding`, { method: "POST", body: { formId } }),
    onSuccess: (body) => {
      storeSubmission(queryClient, body);
      void invalidate(onboardingKeys.submissions, onboardingKeys.forms, ...dependents);
    },
  });
}

/** The draft save: the answers as they stand and the revision they build on. */
export function useSaveAnswers(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: TSaveAnswersRequest) => api<TSaveAnswersResponse>(submissionPath(id, "/answers"), { method: "PUT", body: input }),
    onSuccess: (body, input) => patchDraft(queryClient, id, input, body.data),
  });
}

/** Writes that answer with the whole submission (submit, review). */
function useSubmissionWrite<I>(write: (input: I) => Promise<TSubmissionDetail>) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: write,
    onSuccess: (body) => {
      storeSubmission(queryClient, body);
      void invalidate(onboardingKeys.submissions, onboardingKeys.forms, ...dependents);
    },
  });
}

export function useSubmitSubmission(id: string) {
  return useSubmissionWrite((input: { revision: number }) =>
    api<TSubmissionDetail>(submissionPath(id, "/submit"), { method: "POST", body: input }),
  );
}

export function useReviewSubmission(id: string) {
  return useSubmissionWrite((input: TReviewRequest) =>
    api<TSubmissionDetail>(submissionPath(id, "/review"), { method: "POST", body: input }),
  );
}

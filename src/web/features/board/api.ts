/**
 * Website Work Requests: reads and writes. The live stream (`LiveUpdates`) invalidates the same
 * keys when someone else moves or comments on a task, so every open board stays current.
 */

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery } from "@tanstack/react-query";
import type {
  TArchiveList,
  TArchiveQuery,
  TAssigneeList,
  TCreateQuoteRequest,
  TCreateTaskRequest,
  TMoveTaskRequest,
  TRequestType,
  TTaskCard,
  TTaskDetail,
  TTaskTemplate,
  TUpdateTaskRequest,
} from "../../../common/board";
import type { TAddCommentRequest } from "../../../common/conversations";
import { type LiveKeys, useInvalidate } from "../../api/cache";
import { api } from "../../api/client";
import { adminKeys } from "../admin/api";
import { dashboardKeys } from "../dashboard/api";
import { notificationKeys } from "../notifications/api";
import { type BoardFilters, boardKeys, boardQuery } from "./board-query";

export { type BoardFilters, boardKeys, prefetchBoard } from "./board-query";

/** What else a task change can move: the bell, the dashboard, the audit log. */
const dependents = [dashboardKeys.all, notificationKeys.list, adminKeys.events] as const;

/** What a pushed change to the board module's objects makes stale. */
export const boardLiveKeys: LiveKeys = {
  task: (id) => [id ? boardKeys.task(id) : ["task"], boardKeys.boards, boardKeys.archive, dashboardKeys.all],
  // Cards show the request type's name; every template page may list it.
  request_type: () => [boardKeys.requestTypes, boardKeys.adminRequestTypes, boardKeys.boards],
  task_template: () => [boardKeys.adminTemplates, boardKeys.boards, ["task-template"]],
};

const taskPath = (id: string, rest = "") => `/api/tasks/${encodeURIComponent(id)}${rest}`;

// The board and tasks ---------------------------------------------------------------------------

export function useBoard(accountId: string | undefined, filters: BoardFilters = {}) {
  return useQuery({ ...boardQuery(accountId, filters), placeholderData: keepPreviousData });
}

/** Staff: whom a task of `accountId` may be assigned to, or, without it, who has cards on the board. */
export function useAssignees(accountId: string | undefined, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: boardKeys.assignees(accountId),
    queryFn: () => api<TAssigneeList>("/api/board/assignees", { query: { accountId } }),
    staleTime: 60_000,
    enabled: options.enabled ?? true,
  });
}

export function useTask(id: string) {
  return useQuery({ queryKey: boardKeys.task(id), queryFn: () => api<TTaskDetail>(taskPath(id)) });
}

export function useCreateTask() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: TCreateTaskRequest) => api<{ data: TTaskCard }>("/api/tasks", { method: "POST", body: input }),
    onSuccess: () => invalidate(boardKeys.boards, ...dependents),
  });
}

/** Every write to one task refreshes it, the boards and the archive. */
function useTaskWrite<I>(id: string, write: (input: I) => Promise<{ data: TTaskCard }>) {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: write,
    onSuccess: () => invalidate(boardKeys.task(id), boardKeys.boards, boardKeys.archive, ...dependents),
  });
}

export function useUpdateTask(id: string) {
  return useTaskWrite(id, (input: TUpdateTaskRequest) => api(taskPath(id), { method: "PATCH", body: input }));
}

export function useCommentOnTask(id: string) {
  return useTaskWrite(id, (input: TAddCommentRequest) => api(taskPath(id, "/comments"), { method: "POST", body: input }));
}

export function useQuoteTask(id: string) {
  return useTaskWrite(id, (input: TCreateQuoteRequest) => api(taskPath(id, "/quotes"), { method: "POST", body: input }));
}

export function useDecideQuote(id: string) {
  return useTaskWrite(id, ({ quoteId, decision, comment }: { quoteId: string; decision: "accept" | "decline"; comment?: string }) =>
    api(taskPath(id, `/quotes/${encodeURIComponent(quoteId)}/${decision}`), { method: "POST", body: { comment } }),
  );
}

export function useArchiveTask(id: string) {
  return useTaskWrite(id, (archived: boolean) => api(taskPath(id, archived ? "/archive" : "/unarchive"), { method: "POST" }));
}

/**
 * Moves a card. Used by the board (any task, so the id travels with the input) and by the card
 * view; on the board the new order is shown at once and put right by the refetch.
 */
export function useMoveTask() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ...input }: TMoveTaskRequest & { id: string }) =>
      api<{ data: TTaskCard }>(taskPath(id, "/move"), { method: "POST", body: input }),
    onSettled: (_data, _error, input) => invalidate(boardKeys.boards, boardKeys.task(input.id), ...dependents),
  });
}

export function useArchive(params: Omit<TArchiveQuery, "cursor">) {
  return useInfiniteQuery({
    queryKey: [...boardKeys.archive, params],
    queryFn: ({ pageParam }) => api<TArchiveList>("/api/tasks/archive", { query: { ...params, cursor: pageParam } }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

// Request types and templates ------------------------------------------------------------------

/** The enabled request types, in the admin's order. */
export function useRequestTypes() {
  return useQuery({
    queryKey: boardKeys.requestTypes,
    queryFn: () => api<{ data: TRequestType[] }>("/api/request-types"),
    staleTime: 5 * 60_000,
  });
}

export function useAdminRequestTypes() {
  return useQuery({ queryKey: boardKeys.adminRequestTypes, queryFn: () => api<{ data: TRequestType[] }>("/api/admin/request-types") });
}

export function useCreateRequestType() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (name: string) => api<{ data: TRequestType }>("/api/admin/request-types", { method: "POST", body: { name } }),
    onSuccess: () => invalidate(boardKeys.adminRequestTypes, boardKeys.requestTypes),
  });
}

export function useUpdateRequestType() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ...input }: { id: string; name?: string; position?: number; disabled?: boolean }) =>
      api<{ data: TRequestType }>(`/api/admin/request-types/${encodeURIComponent(id)}`, { method: "PATCH", body: input }),
    // Type names also show on cards.
    onSuccess: () => invalidate(boardKeys.adminRequestTypes, boardKeys.requestTypes, boardKeys.boards, ["task"]),
  });
}

export function useTemplate(id: string) {
  return useQuery({
    queryKey: boardKeys.template(id),
    queryFn: () => api<{ data: TTaskTemplate }>(`/api/task-templates/${encodeURIComponent(id)}`),
    // A blank new request has no template: nothing to fetch.
    enabled: id !== "",
  });
}

export function useAdminTemplates() {
  return useQuery({ queryKey: boardKeys.adminTemplates, queryFn: () => api<{ data: TTaskTemplate[] }>("/api/admin/task-templates") });
}

export type TemplateInput = {
  name?: string;
  summary?: string;
  description?: string;
  requestTypeId?: string | null;
  position?: number;
  disabled?: boolean;
};

export function useSaveTemplate() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, ...input }: TemplateInput & { id?: string }) =>
      id
        ? api<{ data: TTaskTemplate }>(`/api/admin/task-templates/${encodeURIComponent(id)}`, { method: "PATCH", body: input })
        : api<{ data: TTaskTemplate }>("/api/admin/task-templates", { method: "POST", body: input }),
    onSuccess: () => invalidate(boardKeys.adminTemplates, boardKeys.boards, ["task-template"]),
  });
}

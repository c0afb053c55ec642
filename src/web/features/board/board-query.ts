/**
 * The board's query keys and its read, apart from the rest of ./api: the app's entry imports
 * prefetchBoard for the board route's loader, and should not carry every task mutation (and the
 * other modules' keys they invalidate) to reach it.
 */
import type { QueryClient } from "@tanstack/react-query";
import type { TBoard, TBoardQuery } from "../../../common/board";
import { api } from "../../api/client";

export const boardKeys = {
  /** Every board, whichever account it shows. */
  boards: ["board"] as const,
  board: (accountId: string | undefined, filters: BoardFilters = {}) => ["board", accountId ?? "all", filters] as const,
  /** Staff: whom a task may be assigned to (one account), or who has cards (the combined board). */
  assignees: (accountId: string | undefined) => ["board-assignees", accountId ?? "all"] as const,
  task: (id: string) => ["task", id] as const,
  archive: ["task-archive"] as const,
  requestTypes: ["request-types"] as const,
  adminRequestTypes: ["admin", "request-types"] as const,
  template: (id: string) => ["task-template", id] as const,
  adminTemplates: ["admin", "task-templates"] as const,
};

/** The board's filters besides the account (assignee, request type, due date, text). */
export type BoardFilters = Omit<TBoardQuery, "accountId">;

export const boardQuery = (accountId: string | undefined, filters: BoardFilters = {}) => ({
  queryKey: boardKeys.board(accountId, filters),
  queryFn: () => api<TBoard>("/api/board", { query: { accountId, ...filters } }),
});

/**
 * Starts loading a board as soon as the address is known (a route loader), in parallel with the
 * session check rather than after it: a board of a thousand cards is the largest read there is.
 */
export function prefetchBoard(queryClient: QueryClient, accountId: string | undefined): void {
  void queryClient.prefetchQuery(boardQuery(accountId));
}

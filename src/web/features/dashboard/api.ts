/** The dashboard: one read, refreshed by every write and push that can change what it shows. */
import { useQuery } from "@tanstack/react-query";
import type { TNextActions } from "../../../common/next-actions";
import type { TDashboard } from "../../../common/schemas";
import { api } from "../../api/client";

export const dashboardKeys = { all: ["dashboard"] as const };

export function useDashboard() {
  return useQuery({ queryKey: dashboardKeys.all, queryFn: () => api<TDashboard>("/api/dashboard") });
}

export const nextActionKeys = { list: [...dashboardKeys.all, "next-actions"] as const };

/** "Next actions": under the dashboard's key, so every push that refreshes the dashboard refreshes it. */
export function useNextActions() {
  return useQuery({ queryKey: nextActionKeys.list, queryFn: () => api<TNextActions>("/api/dashboard/next-actions") });
}

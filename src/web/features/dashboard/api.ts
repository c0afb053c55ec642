/** The dashboard: one read, refreshed by every write and push that can change what it shows. */
import { useQuery } from "@tanstack/react-query";
import type { TDashboard } from "../../../common/schemas";
import { api } from "../../api/client";

export const dashboardKeys = { all: ["dashboard"] as const };

export function useDashboard() {
  return useQuery({ queryKey: dashboardKeys.all, queryFn: () => api<TDashboard>("/api/dashboard") });
}

import { Box } from "@mantine/core";
import type { ReactNode } from "react";
import { Navigate, Outlet } from "react-router";
import { isStaff, useMe, useSession } from "../api/session";
import { NotAllowedPage } from "./NotAllowed";
import { PageLoader, QueryError } from "./States";

/** Logged-out visitors go to the login page; everything below may call `useMe()`. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  if (session.isPending) {
    return (
      <Box component="main" pt={120}>
        <PageLoader />
      </Box>
    );
  }
  if (session.isError) {
    return (
      <Box component="main" maw={480} mx="auto" pt={120} px="md">
        <QueryError error={session.error} onRetry={() => void session.refetch()} title="The portal is unavailable" />
      </Box>
    );
  }
  if (!session.data.user) return <Navigate to="/login" replace />;
  return children;
}

/** Admin-only pages; others see a "not allowed" page (the API would refuse them anyway). */
export function RequireAdmin() {
  const user = useMe();
  return user.role === "admin" ? <Outlet /> : <NotAllowedPage />;
}

/** Agency staff (agents and admins) only. */
export function RequireStaff() {
  const user = useMe();
  return isStaff(user) ? <Outlet /> : <NotAllowedPage audience="agency staff" />;
}

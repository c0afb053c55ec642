import { Skeleton, Stack } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ApiError } from "../api/client";
import { PageHeader } from "./PageHeader";
import { EmptyState, QueryError } from "./States";

interface DetailStatesProps {
  query: UseQueryResult<unknown>;
  /** The page's title while loading or failing, e.g. "Ticket". */
  title: string;
  /** What the page shows, in words: "ticket", "task". */
  noun: string;
  back: ReactNode;
}

/**
 * What a page about one thing (a ticket, a task) shows before it has that thing: a skeleton
 * while loading, "not found" for a 404 or 403 (the same answer, so nothing is given away), and
 * the error with a retry otherwise. Null once the data is there.
 */
export function detailStates({ query, title, noun, back }: DetailStatesProps): ReactNode {
  if (query.isPending) {
    return (
      <Stack gap="lg" aria-busy="true" aria-label={`Loading the ${noun}`}>
        <PageHeader title={title} above={back} />
        <Skeleton h={140} radius="md" />
        <Skeleton h={100} radius="md" />
      </Stack>
    );
  }
  if (!query.isError) return null;
  const missing = query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 403);
  return (
    <>
      <PageHeader title={missing ? `${noun.charAt(0).toUpperCase()}${noun.slice(1)} not found` : title} above={back} />
      {missing ? (
        <EmptyState title={`We could not find this ${noun}`}>It may have been removed, or you may not have access to it.</EmptyState>
      ) : (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      )}
    </>
  );
}

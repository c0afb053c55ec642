/**
 * The query cache's shared vocabulary: one `useInvalidate` for every feature's writes, and the
 * shape of a feature's live keys (which cached reads a pushed change to one of its objects makes
 * stale — `api/live.ts` asks every feature's map).
 */
import { useQueryClient } from "@tanstack/react-query";

export type Key = readonly unknown[];

/** Invalidates every query under each prefix (a write's `onSuccess`); resolves when refetched. */
export function useInvalidate() {
  const queryClient = useQueryClient();
  return (...prefixes: ReadonlyArray<Key>) => Promise.all(prefixes.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
}

/**
 * A feature's part of live invalidation: for each object type its server module records events
 * on, the keys a change to that object (`id`, or "" when the push does not say) makes stale.
 */
export type LiveKeys = Readonly<Record<string, (id: string) => Key[]>>;

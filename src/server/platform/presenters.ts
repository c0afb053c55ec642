import type { TPersonRef } from "../../common/conversations";

/** A person named on something (author, actor, decider); one removed since reads "Deleted user". */
export const personRef = (id: string | null, name: string | null, role: string | null): TPersonRef | null =>
  id ? { id, name: name ?? "Deleted user", role: role ?? "client" } : null;

/**
 * A conversation's items — messages and events from different tables — in the order they
 * happened: ids are UUIDv7, so they sort by creation time as text.
 */
export function inIdOrder<T extends { id: string }>(items: T[]): T[] {
  return items.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

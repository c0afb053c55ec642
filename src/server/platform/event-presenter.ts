import type { TEvent } from "../../common/schemas";
import type { EventRow } from "./db/schema";

/** Shapes an event row (joined with its actor's name) for the timeline and the audit log. */
export function presentEvent(row: EventRow & { actor_name: string | null }): TEvent {
  return {
    id: row.id,
    verb: row.verb,
    objectType: row.object_type,
    objectId: row.object_id,
    accountId: row.account_id,
    actor: row.actor_id ? { id: row.actor_id, name: row.actor_name ?? "Deleted user" } : null,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    createdAt: row.created_at,
  };
}

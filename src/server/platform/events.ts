import type { Executor } from "./db/database";
import { newId, nowIso } from "./ids";

/** A domain event: the single record the timeline, audit log, notifications and live pushes read. */
export interface DomainEvent {
  actorId: string | null;
  /** `noun.verb`, e.g. `user.invited`, `account.agent_assigned` */
  verb: string;
  objectType: string;
  objectId: string;
  accountId?: string | null;
  payload?: Record<string, unknown>;
}

type Listener = (event: DomainEvent & { id: string; createdAt: string }) => void;
const listeners = new Set<Listener>();

/**
 * Records an event inside the caller's transaction, so an event exists exactly when the change
 * it describes was committed. Never put secrets in the payload: admins read it in the audit log.
 */
export async function recordEvent(tx: Executor, event: DomainEvent): Promise<string> {
  const id = newId();
  const createdAt = nowIso();
  await tx
    .insertInto("events")
    .values({
      id,
      actor_id: event.actorId,
      verb: event.verb,
      object_type: event.objectType,
      object_id: event.objectId,
      account_id: event.accountId ?? null,
      payload: JSON.stringify(event.payload ?? {}),
      created_at: createdAt,
    })
    .execute();
  for (const listener of listeners) listener({ ...event, id, createdAt });
  return id;
}

/** Subscribe to events as they are recorded (in-process). Returns an unsubscribe function. */
export function onEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

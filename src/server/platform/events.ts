import { PostgresAdapter, sql } from "kysely";
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

/** PostgreSQL NOTIFY channel that carries the id of every recorded event (see platform/realtime.ts). */
export const EVENTS_CHANNEL = "portico_events";

export type RecordedEvent = DomainEvent & { id: string; createdAt: string };
type Listener = (event: RecordedEvent) => void;
const listeners = new Set<Listener>();

/**
 * A reactor runs inside the transaction that records the event: what it writes (in-app
 * notifications, queued emails) commits or rolls back with the change itself.
 */
export type Reactor = (tx: Executor, event: RecordedEvent) => Promise<void>;
const reactors: Reactor[] = [];

/** Registers a reactor for every recorded event (it filters by verb itself). */
export function registerReactor(reactor: Reactor): () => void {
  reactors.push(reactor);
  return () => {
    const index = reactors.indexOf(reactor);
    if (index >= 0) reactors.splice(index, 1);
  };
}

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
  // Other instances' live streams wake on this; PostgreSQL delivers it only if the transaction commits.
  if (tx.getExecutor().adapter instanceof PostgresAdapter) await sql`select pg_notify(${EVENTS_CHANNEL}, ${id})`.execute(tx);
  const recorded: RecordedEvent = { ...event, id, createdAt };
  for (const reactor of reactors) await reactor(tx, recorded);
  for (const listener of listeners) listener(recorded);
  return id;
}

/** Subscribe to events as they are recorded (in-process). Returns an unsubscribe function. */
export function onEvent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** An object's recorded events, oldest first, with the actor's name and role: the history a page shows. */
export function objectEvents(db: Executor, objectType: string, objectId: string) {
  return db
    .selectFrom("events")
    .leftJoin("users", "users.id", "events.actor_id")
    .selectAll("events")
    .select(["users.name as actor_name", "users.role as actor_role"])
    .where("events.object_type", "=", objectType)
    .where("events.object_id", "=", objectId)
    .orderBy("events.id")
    .execute();
}
export type ObjectEventRow = Awaited<ReturnType<typeof objectEvents>>[number];

import { PostgresAdapter, sql } from "kysely";
import {
  categoryOf,
  EVENT_CATALOGUE,
  type EventCategory,
  type EventPayloads,
  type EventSpec,
  type EventVerb,
  isClientVisibleWith,
} from "../../common/events";
import { bumpBoardVersionsFor } from "./board-versions";
import type { Executor } from "./db/database";
import { newId, nowIso } from "./ids";

/**
 * A domain event: the single record the timeline, audit log, notifications and live pushes
 * read. Its payload is the one the catalogue (src/common/events/) gives its verb, so a wrong
 * payload is a compile error.
 */
export interface DomainEvent<V extends EventVerb = EventVerb> {
  actorId: string | null;
  /** `noun.verb`, e.g. `user.invited`, `account.agent_assigned` */
  verb: V;
  objectType: string;
  objectId: string;
  accountId?: string | null;
  payload: EventPayloads[V];
}

/**
 * The specs of every verb: the built-in catalogue plus what registered modules add
 * (`registerEventSpecs`, called by buildApp for each module descriptor).
 */
const specs = new Map<string, EventSpec>(Object.entries(EVENT_CATALOGUE));

/** Adds a module's verbs; the same verb with a different spec is a programming error. */
export function registerEventSpecs(catalogue: Readonly<Record<string, EventSpec>>): void {
  for (const [verb, spec] of Object.entries(catalogue)) {
    const known = specs.get(verb);
    if (known && JSON.stringify(known) !== JSON.stringify(spec)) throw new Error(`event verb "${verb}" is registered twice`);
    specs.set(verb, spec);
  }
}

export const eventSpec = (verb: string): EventSpec | undefined => specs.get(verb);

/**
 * May a client of the event's account see it? The one predicate behind the live stream, the
 * timeline, notifications and email: unknown verbs and staff verbs never; a verb that can be
 * internal only when its payload says `internal: false` (a missing flag is *not visible*).
 */
export function isClientVisible(event: { verb: string; payload: unknown }): boolean {
  return isClientVisibleWith(specs.get(event.verb), event.payload);
}

/** Verbs a client may ever see (the stream's replay narrows its query to them). */
export const clientVerbs = (): string[] => [...specs].filter(([, s]) => s.audience !== "staff").map(([verb]) => verb);

/** Verbs of one kind (EventSpec.category): `work` feeds a client's "Recent activity", `audit` stays off dashboards. */
export const verbsOfCategory = (category: EventCategory): string[] =>
  [...specs].filter(([, s]) => categoryOf(s) === category).map(([verb]) => verb);

/** PostgreSQL NOTIFY channel that carries the id of every recorded event (see platform/realtime.ts). */
export const EVENTS_CHANNEL = "portico_events";

/**
 * An event as reactors and listeners get it: read defensively, by verb (the catalogue types
 * the writing side; readers also meet rows written by older versions).
 */
export interface RecordedEvent {
  id: string;
  createdAt: string;
  actorId: string | null;
  verb: string;
  objectType: string;
  objectId: string;
  accountId?: string | null;
  payload: Record<string, unknown>;
}
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
export async function recordEvent<V extends EventVerb>(tx: Executor, event: DomainEvent<V>): Promise<string> {
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
      payload: JSON.stringify(event.payload),
      created_at: createdAt,
    })
    .execute();
  // The boards this change may show on are stale from now on, in the same transaction (platform/board-versions.ts).
  await bumpBoardVersionsFor(tx, event);
  // Other instances' live streams wake on this; PostgreSQL delivers it only if the transaction commits.
  if (tx.getExecutor().adapter instanceof PostgresAdapter) await sql`select pg_notify(${EVENTS_CHANNEL}, ${id})`.execute(tx);
  const recorded: RecordedEvent = { ...event, payload: event.payload as Record<string, unknown>, id, createdAt };
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

/** Moves one client account's history to another (two accounts merged): the events keep their ids and order. */
export async function moveAccountEvents(tx: Executor, fromId: string, intoId: string): Promise<number> {
  const result = await tx.updateTable("events").set({ account_id: intoId }).where("account_id", "=", fromId).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

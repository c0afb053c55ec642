import { newId } from "../../platform/ids";
import type { TestApp } from "../harness";

/** An event as the factories report it: enough to look up who was notified or what was streamed. */
export interface FactoryEvent {
  id: string;
  verb: string;
  payload: Record<string, unknown>;
}

/**
 * Runs a service call and returns what it returned with the events it recorded about one object
 * (named from the result, so a call that creates the object works too), oldest first. Ids are
 * UUIDv7 and monotonic within the process, so "after the marker" is "recorded by this call".
 */
export async function recording<T>(
  t: TestApp,
  action: () => Promise<T>,
  objectOf: (result: T) => string,
): Promise<{ result: T; events: FactoryEvent[] }> {
  const marker = newId();
  const result = await action();
  const rows = await t.ctx.db
    .selectFrom("events")
    .select(["id", "verb", "payload"])
    .where("object_id", "=", objectOf(result))
    .where("id", ">", marker)
    .orderBy("id")
    .execute();
  return { result, events: rows.map((r) => ({ id: r.id, verb: r.verb, payload: JSON.parse(r.payload) as Record<string, unknown> })) };
}

/** The one event of `verb` among `events`; a factory whose call recorded something else is a broken test. */
export function onlyEvent(events: FactoryEvent[], verb: string): FactoryEvent {
  const matching = events.filter((e) => e.verb === verb);
  if (matching.length !== 1) {
    throw new Error(`expected one ${verb} event, the call recorded: ${events.map((e) => e.verb).join(", ") || "nothing"}`);
  }
  return matching[0]!;
}

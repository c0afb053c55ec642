import { sql } from "kysely";
import type { Executor } from "./db/database";

/**
 * The next per-kind number people see (ticket #1001, task #1001…), allocated in the caller's
 * transaction with one atomic upsert, so concurrent creators never share a number.
 */
export async function nextNumber(tx: Executor, kind: string, first = 1001): Promise<number> {
  const row = await sql<{ value: number }>`
    insert into counters (kind, value) values (${kind}, ${first})
    on conflict (kind) do update set value = counters.value + 1
    returning value`.execute(tx);
  const allocated = row.rows[0];
  if (!allocated) throw new Error(`counters: the upsert for "${kind}" returned no row`);
  return Number(allocated.value);
}

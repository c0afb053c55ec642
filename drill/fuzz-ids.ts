/**
 * The ids the fuzz drill names in paths and bodies: real ones, harvested from the server's own
 * answers into a pool per kind of object, and nonsense ones.
 */
import { newId } from "../src/server/platform/ids";
import type { Rng } from "./fuzz-values";

// ——— the ids the fuzzer names: real ones harvested from answers, and nonsense ———

export type PoolName =
  | "account"
  | "user"
  | "ticket"
  | "task"
  | "quote"
  | "file"
  | "category"
  | "requestType"
  | "template"
  | "canned"
  | "notification"
  | "mail"
  | "inbound"
  | "outgoing";

/** Which pool a path's collection segment names. */
export const SEGMENT_POOL: Record<string, PoolName> = {
  accounts: "account",
  users: "user",
  agents: "user",
  tickets: "ticket",
  tasks: "task",
  board: "task",
  archive: "task",
  waiting: "task",
  quotes: "quote",
  files: "file",
  logo: "file",
  "ticket-categories": "category",
  "request-types": "requestType",
  "task-templates": "template",
  "canned-replies": "canned",
  notifications: "notification",
  mailbox: "mail",
  inbound: "inbound",
  "outgoing-mail": "outgoing",
};
/** Which pool a body or query property (or an answer's property) names. */
export const PROPERTY_POOL: Record<string, PoolName> = {
  accountId: "account",
  intoAccountId: "account",
  account: "account",
  userId: "user",
  assigneeId: "user",
  assignee: "user",
  createdBy: "user",
  actor: "user",
  user: "user",
  contacts: "user",
  agents: "user",
  ticket: "ticket",
  ticketId: "ticket",
  task: "task",
  taskId: "task",
  afterId: "task",
  quoteId: "quote",
  quotes: "quote",
  quote: "quote",
  fileIds: "file",
  logoFileId: "file",
  files: "file",
  categoryId: "category",
  category: "category",
  requestTypeId: "requestType",
  requestType: "requestType",
  templateId: "template",
};
/** Answer properties whose contents belong to the enclosing collection (lists, board columns). */
export const STRUCTURAL = new Set([
  "data",
  "items",
  "rows",
  "columns",
  "requested",
  "in_progress",
  "on_hold",
  "client_approval",
  "completed",
]);
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class IdPools {
  private readonly pools = new Map<PoolName, string[]>();
  private readonly seen = new Set<string>();
  private readonly any: string[] = [];
  /** Harvested during a round, added (in request order) when it ends. */
  private pending: { n: number; pool: PoolName | undefined; id: string }[] = [];

  add(pool: PoolName | undefined, id: string, n = -1): void {
    this.pending.push({ n, pool, id });
  }
  settle(): void {
    this.pending.sort((a, b) => a.n - b.n);
    for (const { pool, id } of this.pending) {
      const key = `${pool}:${id}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      if (!this.seen.has(id)) this.any.push(id);
      this.seen.add(id);
      if (pool) this.pools.set(pool, [...(this.pools.get(pool) ?? []), id]);
    }
    this.pending = [];
  }
  /** A real id of this kind (else any real id, else a well-formed id of nothing). */
  real(rng: Rng, pool: PoolName | undefined): string {
    const ids = (pool && this.pools.get(pool)) || [];
    if (ids.length > 0 && rng.chance(0.85)) return rng.pick(ids);
    return this.any.length > 0 && rng.chance(0.7) ? rng.pick(this.any) : newId();
  }
  /** Walks a JSON answer and keeps every object id under the pool its place names. */
  harvest(node: unknown, pool: PoolName | undefined, n: number): void {
    if (Array.isArray(node)) {
      for (const item of node) this.harvest(item, pool, n);
      return;
    }
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "id" && typeof value === "string" && UUID.test(value)) this.add(pool, value, n);
      else if (typeof value === "string" && UUID.test(value) && PROPERTY_POOL[key]) this.add(PROPERTY_POOL[key], value, n);
      else if (typeof value === "object") this.harvest(value, PROPERTY_POOL[key] ?? (STRUCTURAL.has(key) ? pool : undefined), n);
    }
  }
}

/** The pool a path parameter names: by its name, else by the collection segment before it. */
export function paramPool(path: string, name: string): PoolName | undefined {
  if (PROPERTY_POOL[name]) return PROPERTY_POOL[name];
  const segments = path.split("/");
  const at = segments.indexOf(`{${name}}`);
  return SEGMENT_POOL[segments[at - 1] ?? ""];
}

/** The pool an answer's ids belong to: the last collection segment of the template. */
export function answerPool(path: string): PoolName | undefined {
  const segments = path.split("/").filter((s) => s && !s.startsWith("{"));
  for (let i = segments.length - 1; i >= 0; i--) {
    const pool = SEGMENT_POOL[segments[i]!];
    if (pool) return pool;
  }
  return undefined;
}

/** Path segments that are not ids (already percent-encoded where needed). */
export const NONSENSE_IDS = [
  "not-a-uuid",
  "00000000-0000-0000-0000-000000000000",
  "FFFFFFFF-FFFF-7FFF-BFFF-FFFFFFFFFFFF",
  "0192d6f0-1f2e-7c3a-8b4d-5e6f7a8b9c0",
  "0192d6f0-1f2e-7c3a-8b4d-5e6f7a8b9c0d0",
  "0192d6f0-1f2e-7c3a-8b4d-5e6f7a8b9c0%00",
  "%00",
  "..%2F..%2Fetc%2Fpasswd",
  "1",
  "-1",
  "1e309",
  "NaN",
  "null",
  "undefined",
  "%27%3B%20drop%20table%20users%3B--",
  "%E2%80%AE",
  "%F0%9F%98%80",
  "%ZZ",
  "x".repeat(5000),
];

import { createHash } from "node:crypto";
import { hostname } from "node:os";
import { sql } from "kysely";
import type { Logger } from "pino";
import type { Static, TSchema } from "typebox";
import { Value } from "typebox/value";
import type { Db, Dialect, Executor } from "./db/database";
import type { JobRow } from "./db/schema";
import { newId, nowIso } from "./ids";

/**
 * A kind of job: a stable id (the `jobs.kind` column), the version of its payload, the payload's
 * schema and optionally a dedupe key. Services import the type to enqueue; the app registers a
 * handler for it (`jobHandler`). Change the payload's shape: bump the version.
 */
export interface JobType<S extends TSchema = TSchema> {
  id: string;
  version: number;
  payload: S;
  /** At most one job of this type per key, ever (e.g. one expiry per ask): a second enqueue is a no-op. */
  dedupeKey?(payload: Static<S>): string;
  maxAttempts?: number;
}

export const defineJob = <S extends TSchema>(type: JobType<S>): JobType<S> => type;

/**
 * What runs a job type. A handler runs at least once per job, so it must be idempotent (key each
 * side effect by the job id) and must not assume the rows it refers to still exist: it returns
 * "skipped" then.
 */
export interface JobDefinition<S extends TSchema = TSchema> {
  type: JobType<S>;
  handle(payload: Static<S>, job: JobRow): Promise<"done" | "skipped">;
  /** Retry for a length of time rather than a number of attempts (mail: days, like a mail server). */
  retry?: RetryForTime;
}

/**
 * Retry until `forMs` has passed since the run of attempts began (the job's creation, or an
 * admin's Retry: `jobs.retry_since`), waiting `backoffMs(attempts)` between tries but never more
 * than `capMs`. The last try falls on the deadline; a failure after it keeps the job as failed.
 */
export interface RetryForTime {
  forMs: number;
  capMs: number;
}

export const jobHandler = <S extends TSchema>(
  type: JobType<S>,
  handle: JobDefinition<S>["handle"],
  options: { retry?: RetryForTime } = {},
): JobDefinition<S> => ({ type, handle, ...options });

/** When a job retried for `forMs` gives up: that long after its run of attempts began (an admin's Retry, or its creation). */
export const retryDeadline = (job: Pick<JobRow, "created_at" | "retry_since">, forMs: number) =>
  Date.parse(job.retry_since ?? job.created_at) + forMs;

/** After a failed attempt: give up now, or try again at `runAt`. */
export function nextAttempt(
  job: Pick<JobRow, "attempts" | "max_attempts" | "created_at" | "retry_since">,
  retry: RetryForTime | undefined,
  now = Date.now(),
): { giveUp: true } | { giveUp: false; runAt: number } {
  if (!retry) {
    return job.attempts >= job.max_attempts ? { giveUp: true } : { giveUp: false, runAt: now + backoffMs(job.attempts) };
  }
  const deadline = retryDeadline(job, retry.forMs);
  if (now >= deadline) return { giveUp: true };
  return { giveUp: false, runAt: Math.min(now + Math.min(backoffMs(job.attempts), retry.capMs), deadline) };
}

/** The first reason a payload does not match its type's schema, or undefined when it does. */
function payloadProblem(type: JobType, payload: unknown): string | undefined {
  if (Value.Check(type.payload, payload)) return undefined;
  const [first] = Value.Errors(type.payload, payload);
  return `job ${type.id}: the payload does not match its schema (${first ? `${first.instancePath || "/"} ${first.message}` : "invalid"})`;
}

/**
 * Queues a job in the caller's transaction: it exists only if the change that caused it commits.
 * A payload that does not match the type's schema is a programming error and throws. With a
 * dedupe key already queued (or run) it queues nothing and returns the existing job's id.
 */
export async function enqueue<S extends TSchema>(
  tx: Executor,
  type: JobType<S>,
  payload: Static<S>,
  options: { runAt?: Date } = {},
): Promise<string> {
  const problem = payloadProblem(type, payload);
  if (problem) throw new Error(problem);
  const id = newId();
  const dedupeKey = type.dedupeKey?.(payload) ?? null;
  const result = await tx
    .insertInto("jobs")
    .values({
      id,
      kind: type.id,
      version: type.version,
      dedupe_key: dedupeKey,
      payload: JSON.stringify(payload),
      status: "queued",
      run_at: (options.runAt ?? new Date()).toISOString(),
      max_attempts: type.maxAttempts ?? 8,
      last_error: null,
      locked_at: null,
      locked_by: null,
      created_at: nowIso(),
      finished_at: null,
    })
    .onConflict((oc) => oc.columns(["kind", "dedupe_key"]).doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 1) === 1 || dedupeKey === null) return id;
  const existing = await tx
    .selectFrom("jobs")
    .select("id")
    .where("kind", "=", type.id)
    .where("dedupe_key", "=", dedupeKey)
    .executeTakeFirst();
  return existing?.id ?? id;
}

/**
 * The id of a recurring job's run for the period starting at `periodStartMs`: the same on every
 * instance, so when several instances enqueue a period's run the database keeps one. UUIDv7
 * shaped (the period's start, then bits of a hash of the kind), so it sorts by time.
 */
export function periodicJobId(kind: string, periodStartMs: number): string {
  const bytes = createHash("sha256").update(`recurring:${kind}`).digest().subarray(0, 16);
  bytes.writeUIntBE(Math.max(0, Math.floor(periodStartMs)), 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Exponential backoff: 10 s, 20 s, 40 s … capped at one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * A worker refreshes the lock of every job it is running this often, so a job whose lock is older
 * than STALE_LOCK_MS belongs to a process that died: it is claimed again, within a minute of the
 * death — however long a live job takes (a slow mail server), its lock never goes stale.
 */
const HEARTBEAT_MS = 15_000;
const STALE_LOCK_MS = 45_000;

export class JobWorker {
  private readonly definitions = new Map<string, JobDefinition>();
  /** Recurring kinds: how often, and the last period this worker made sure was queued. */
  private readonly recurring = new Map<string, { everyMs: number; lastPeriod: number }>();
  private timer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  /** Set by stop(): claim nothing more, leave the batch after the job in hand. */
  private draining = false;
  /** Jobs this worker has claimed and not yet settled: their locks are refreshed, and put back at stop. */
  private readonly held = new Set<string>();
  private readonly workerId = `${hostname()}:${process.pid}:${newId().slice(-6)}`;

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly log: Logger,
    private readonly pollMs = 1000,
    private readonly heartbeatMs = HEARTBEAT_MS,
  ) {}

  register<S extends TSchema>(definition: JobDefinition<S>): void {
    this.definitions.set(definition.type.id, definition as unknown as JobDefinition);
  }

  /**
   * A job that runs every `everyMs` (archiving, expiry…), once per period across all instances:
   * each period's run has a fixed id (`periodicJobId`), inserted by whichever worker gets there
   * first. It is retried like any job, so its handler must be idempotent.
   */
  registerRecurring<S extends TSchema>(definition: JobDefinition<S>, everyMs: number): void {
    this.register(definition);
    this.recurring.set(definition.type.id, { everyMs, lastPeriod: -1 });
  }

  /** Queues the current period's run of every recurring job not yet queued by this worker. */
  async enqueueRecurring(now = Date.now()): Promise<void> {
    for (const [kind, schedule] of this.recurring) {
      const period = Math.floor(now / schedule.everyMs);
      if (period === schedule.lastPeriod) continue;
      const runAt = new Date(period * schedule.everyMs);
      await this.db
        .insertInto("jobs")
        .values({
          id: periodicJobId(kind, runAt.getTime()),
          kind,
          version: this.definitions.get(kind)?.type.version ?? 1,
          dedupe_key: null,
          payload: "{}",
          status: "queued",
          run_at: runAt.toISOString(),
          max_attempts: 3,
          last_error: null,
          locked_at: null,
          locked_by: null,
          created_at: nowIso(),
          finished_at: null,
        })
        .onConflict((oc) => oc.column("id").doNothing())
        .execute();
      schedule.lastPeriod = period;
    }
  }

  start(): void {
    this.stopped = false;
    this.draining = false;
    this.schedule(0);
    this.heartbeat = setInterval(() => void this.refreshLocks(), this.heartbeatMs);
    this.heartbeat.unref();
  }

  /** Wakes the worker now (after a request queued work) instead of waiting for the next poll. */
  nudge(): void {
    if (!this.stopped && !this.running) this.schedule(0);
  }

  /**
   * Stops claiming jobs and gives the job in hand `graceMs` to finish. Whatever is still held then
   * — the job that did not finish, and the rest of its batch — goes back to the queue, to be run
   * at once by another instance or after the restart.
   */
  async stop(graceMs = Number.POSITIVE_INFINITY): Promise<void> {
    this.stopped = true;
    this.draining = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<"timeout">((resolve) => {
      if (Number.isFinite(graceMs)) timer = setTimeout(() => resolve("timeout"), graceMs);
    });
    const outcome = await Promise.race([this.running ?? Promise.resolve(), graceOver]);
    clearTimeout(timer);
    if (outcome === "timeout") this.log.warn({ jobs: [...this.held] }, "jobs still running after the grace period are put back");
    await this.release();
  }

  /** Puts every job this worker holds back in the queue, due now; the interrupted attempt does not count. */
  private async release(): Promise<void> {
    const ids = [...this.held];
    this.held.clear();
    if (ids.length === 0) return;
    await this.db
      .updateTable("jobs")
      .set({
        status: "queued",
        run_at: nowIso(),
        locked_at: null,
        locked_by: null,
        attempts: sql`case when attempts > 0 then attempts - 1 else 0 end`,
      })
      .where("id", "in", ids)
      .where("locked_by", "=", this.workerId)
      .where("status", "=", "running")
      .execute();
  }

  /** The heartbeat: the jobs in hand are still alive. A failure (database away) is only logged. */
  private async refreshLocks(): Promise<void> {
    if (this.held.size === 0) return;
    try {
      await this.db
        .updateTable("jobs")
        .set({ locked_at: nowIso() })
        .where("id", "in", [...this.held])
        .where("locked_by", "=", this.workerId)
        .execute();
    } catch (error) {
      this.log.warn({ err: error }, "job worker: cannot refresh its locks");
    }
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.runDue()
        .catch((error) => this.log.error({ err: error }, "job worker failed"))
        .then(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule(this.pollMs);
        });
    }, delay);
    this.timer.unref();
  }

  /** Claims and runs every due job, batch by batch. Returns how many ran. Tests call it directly. */
  async runDue(limit = 20): Promise<number> {
    await this.enqueueRecurring();
    let total = 0;
    while (!this.draining) {
      const batch = await this.claim(limit);
      if (batch.length === 0) return total;
      for (const job of batch) this.held.add(job.id);
      for (const job of batch) {
        // Stopping: the rest of the batch stays held, and stop() puts it back in the queue.
        if (this.draining) return total;
        try {
          await this.runOne(job);
        } catch (error) {
          // The database failed under us: let the batch's locks go stale, so it is claimed again.
          for (const claimed of batch) this.held.delete(claimed.id);
          throw error;
        }
        this.held.delete(job.id);
        total++;
      }
    }
    return total;
  }

  private async claim(limit: number): Promise<JobRow[]> {
    const now = nowIso();
    const staleBefore = new Date(Date.now() - STALE_LOCK_MS).toISOString();
    return this.db.transaction().execute(async (tx) => {
      let query = tx
        .selectFrom("jobs")
        .select("id")
        .where((eb) =>
          eb.or([
            eb.and([eb("status", "=", "queued"), eb("run_at", "<=", now)]),
            eb.and([eb("status", "=", "running"), eb("locked_at", "<", staleBefore)]),
          ]),
        )
        .orderBy("run_at")
        .limit(limit);
      // Several instances share the queue on PostgreSQL: SKIP LOCKED lets each claim different
      // rows without waiting. SQLite has one writer at a time, so the transaction suffices.
      if (this.dialect === "postgres") query = query.forUpdate().skipLocked();
      const ids = (await query.execute()).map((r) => r.id);
      if (ids.length === 0) return [];
      await tx
        .updateTable("jobs")
        .set({ status: "running", locked_at: now, locked_by: this.workerId, attempts: sql`attempts + 1` })
        .where("id", "in", ids)
        .execute();
      return tx.selectFrom("jobs").selectAll().where("id", "in", ids).orderBy("run_at").execute();
    });
  }

  private async runOne(job: JobRow): Promise<void> {
    const definition = this.definitions.get(job.kind);
    try {
      if (!definition) throw new Error(`no handler for job kind "${job.kind}"`);
      const payload: unknown = JSON.parse(job.payload);
      const version = Number(job.version);
      // Queued by a newer instance (a rolling upgrade): retried later, when a new instance may take it.
      if (version > definition.type.version) {
        throw new Error(`job ${job.kind}: payload version ${version} is newer than this instance's ${definition.type.version}`);
      }
      // A job this build cannot read will not become readable by retrying: it fails at once, kept for an admin.
      const unreadable =
        version < definition.type.version
          ? `job ${job.kind}: queued with payload version ${version}; this version of Portico handles version ${definition.type.version}`
          : payloadProblem(definition.type, payload);
      if (unreadable) {
        await this.settle(job, "failed", unreadable);
        this.log.error({ job: job.id, kind: job.kind, error: unreadable }, "job cannot be run");
        return;
      }
      const outcome = await definition.handle(payload as never, job);
      await this.mine(job).set({ status: "done", finished_at: nowIso(), locked_at: null, locked_by: null, last_error: null }).execute();
      this.log.debug({ job: job.id, kind: job.kind, outcome }, "job finished");
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const next = nextAttempt(job, definition?.retry);
      await this.mine(job)
        .set({
          status: next.giveUp ? "failed" : "queued",
          ...(next.giveUp ? {} : { run_at: new Date(next.runAt).toISOString() }),
          last_error: message.slice(0, 2000),
          locked_at: null,
          locked_by: null,
          finished_at: next.giveUp ? nowIso() : null,
        })
        .execute();
      this.log.warn({ job: job.id, kind: job.kind, attempts: job.attempts, giveUp: next.giveUp, error: message }, "job failed");
    }
  }

  /**
   * An update of a job this worker still holds: after a stop put it back (or another instance
   * reclaimed it), the late outcome of the interrupted attempt must not overwrite the queue's state.
   */
  private mine(job: JobRow) {
    return this.db.updateTable("jobs").where("id", "=", job.id).where("locked_by", "=", this.workerId).where("status", "=", "running");
  }

  private async settle(job: JobRow, status: "failed", error: string): Promise<void> {
    await this.mine(job)
      .set({ status, last_error: error.slice(0, 2000), locked_at: null, locked_by: null, finished_at: nowIso() })
      .execute();
  }
}

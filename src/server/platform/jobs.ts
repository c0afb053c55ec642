import { createHash } from "node:crypto";
import { hostname } from "node:os";
import { sql } from "kysely";
import type { Logger } from "pino";
import type { Db, Dialect, Executor } from "./db/database";
import type { JobRow } from "./db/schema";
import { newId, nowIso } from "./ids";

/**
 * A job handler runs at least once per job, so it must be idempotent (key each side effect by
 * the job id) and must not assume the rows it refers to still exist: return "skipped" then.
 */
export interface JobDefinition<P> {
  kind: string;
  maxAttempts?: number;
  handle(payload: P, job: JobRow): Promise<"done" | "skipped">;
}

/** Queues a job in the caller's transaction: it exists only if the change that caused it commits. */
export async function enqueueJob(
  tx: Executor,
  kind: string,
  payload: unknown,
  options: { runAt?: Date; maxAttempts?: number } = {},
): Promise<string> {
  const id = newId();
  await tx
    .insertInto("jobs")
    .values({
      id,
      kind,
      payload: JSON.stringify(payload),
      status: "queued",
      run_at: (options.runAt ?? new Date()).toISOString(),
      max_attempts: options.maxAttempts ?? 8,
      last_error: null,
      locked_at: null,
      locked_by: null,
      created_at: nowIso(),
      finished_at: null,
    })
    .execute();
  return id;
}

/**
 * The id of a recurring job's run for the period starting at `periodStartMs`: the same on every
 * instance, so when several instances enqueue a period's run the database keeps one. UUIDv7
 * shaped (the period's start, then bits of a hash of the kind), so it sorts by time.
 */
export function periodicJobId(kind: string, periodStartMs: number): string {
  const bytes = createHash("sha256").update(`recurring:${kind}`).digest().subarray(0, 16);
  bytes.writeUIntBE(Math.max(0, Math.floor(periodStartMs)), 0, 6);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Exponential backoff: 10 s, 20 s, 40 s … capped at one hour. */
export function backoffMs(attempts: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** A job stuck in "running" this long belongs to a process that died; it is claimed again. */
const STALE_LOCK_MS = 5 * 60_000;

export class JobWorker {
  private readonly definitions = new Map<string, JobDefinition<never>>();
  /** Recurring kinds: how often, and the last period this worker made sure was queued. */
  private readonly recurring = new Map<string, { everyMs: number; lastPeriod: number }>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private readonly workerId = `${hostname()}:${process.pid}:${newId().slice(-6)}`;

  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
    private readonly log: Logger,
    private readonly pollMs = 1000,
  ) {}

  register<P>(definition: JobDefinition<P>): void {
    this.definitions.set(definition.kind, definition as JobDefinition<never>);
  }

  /**
   * A job that runs every `everyMs` (archiving, expiry…), once per period across all instances:
   * each period's run has a fixed id (`periodicJobId`), inserted by whichever worker gets there
   * first. It is retried like any job, so its handler must be idempotent.
   */
  registerRecurring<P>(definition: JobDefinition<P>, everyMs: number): void {
    this.register(definition);
    this.recurring.set(definition.kind, { everyMs, lastPeriod: -1 });
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
    this.schedule(0);
  }

  /** Wakes the worker now (after a request queued work) instead of waiting for the next poll. */
  nudge(): void {
    if (!this.stopped && !this.running) this.schedule(0);
  }

  /** Stops polling and waits for the batch in flight to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
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
    for (;;) {
      const batch = await this.claim(limit);
      if (batch.length === 0) return total;
      for (const job of batch) await this.runOne(job);
      total += batch.length;
    }
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
      const outcome = await definition.handle(JSON.parse(job.payload) as never, job);
      await this.db
        .updateTable("jobs")
        .set({ status: "done", finished_at: nowIso(), locked_at: null, locked_by: null, last_error: null })
        .where("id", "=", job.id)
        .execute();
      this.log.debug({ job: job.id, kind: job.kind, outcome }, "job finished");
    } catch (error) {
      const message = (error as Error).message ?? String(error);
      const giveUp = job.attempts >= job.max_attempts;
      await this.db
        .updateTable("jobs")
        .set({
          status: giveUp ? "failed" : "queued",
          run_at: new Date(Date.now() + backoffMs(job.attempts)).toISOString(),
          last_error: message.slice(0, 2000),
          locked_at: null,
          locked_by: null,
          finished_at: giveUp ? nowIso() : null,
        })
        .where("id", "=", job.id)
        .execute();
      this.log.warn({ job: job.id, kind: job.kind, attempts: job.attempts, giveUp, error: message }, "job failed");
    }
  }
}

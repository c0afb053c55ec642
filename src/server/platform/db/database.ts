import path from "node:path";
import SQLite from "better-sqlite3";
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
  sql,
  type Transaction,
} from "kysely";
import pg from "pg";
import * as platform from "./migrations/20261123T1000-platform";
import * as tickets from "./migrations/20261123T1200-tickets";
import * as board from "./migrations/20261130T1000-board";
import * as inboundObjects from "./migrations/20261201T1000-inbound-objects";
import * as typedJobs from "./migrations/20261201T1100-typed-jobs";
import * as conversations from "./migrations/20261202T1000-conversations";
import * as registrationPlacement from "./migrations/20261202T1100-registration-placement";
import * as supportMail from "./migrations/20261203T1000-support-mail";
import * as taskAssignee from "./migrations/20261203T1100-task-assignee";
import * as approvalReviewQuotes from "./migrations/20261203T1200-approval-review-quotes";
import * as mailDelivery from "./migrations/20261204T1000-mail-delivery";
import * as journey from "./migrations/20261205T1000-journey";
import * as onboarding from "./migrations/20261205T1100-onboarding";
import * as updates from "./migrations/20261205T1200-updates";
import * as notices from "./migrations/20261205T1300-notices";
import * as taskReviewLink from "./migrations/20261205T1400-task-review-link";
import * as asks from "./migrations/20261206T1000-asks";
import * as billing from "./migrations/20261207T1000-billing";
import * as help from "./migrations/20261207T1100-help";
import * as boardVersions from "./migrations/20261207T1200-board-versions";
import type { Database } from "./schema";
import { DatabaseUnavailableError } from "./unavailable";

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Either the database or an open transaction: queries accept both. */
export type Executor = Db | Tx;

export type Dialect = "sqlite" | "postgres";

export interface DatabaseHandle {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
}

/** Opens SQLite under dataDir when no DATABASE_URL is given, PostgreSQL otherwise. */
export function openDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
  sqliteFile?: string;
  /** SQLite: how long a write waits for another process's write lock before SQLITE_BUSY (503). */
  busyTimeoutMs?: number;
  /** A connection was dropped by the server: it is replaced; the caller may log it. */
  onConnectionError?: (error: Error) => void;
}): DatabaseHandle {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      // While the database is away a request waits this long for a connection, then answers 503.
      connectionTimeoutMillis: 5_000,
    });
    // A connection dropped by the server (restart, failover, terminated by an administrator)
    // emits 'error' on its client. pg listens on idle clients itself; a client checked out by a
    // transaction has no listener between its statements, and an unheard 'error' would crash the
    // process. Every client gets one: the statement in flight fails (503), the pool discards the
    // broken client on release and the next query opens a fresh one.
    pool.on("connect", (client) => client.on("error", (error) => options.onConnectionError?.(error)));
    pool.on("error", (error) => options.onConnectionError?.(error));
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({
        pool: {
          // Any failure to get a connection means the database is not reachable right now.
          connect: () =>
            pool.connect().catch((error: unknown) => {
              throw new DatabaseUnavailableError(error);
            }),
          end: () => pool.end(),
        },
      }),
    });
    return { db, dialect: "postgres", close: () => db.destroy() };
  }
  const file = options.sqliteFile ?? path.join(options.dataDir, "portico.sqlite");
  const sqlite = new SQLite(file);
  // WAL lets readers run while a write is in progress; NORMAL sync is durable at checkpoints
  // and safe against corruption, the usual choice with WAL.
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  const busyTimeoutMs = options.busyTimeoutMs ?? BUSY_TIMEOUT_MS;
  sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // Deleted and overwritten content is zeroed in the file, not left in free space: a purged
  // secret (an ask's one-time code) cannot be read back from the database file.
  sqlite.pragma("secure_delete = ON");
  const db = new Kysely<Database>({ dialect: new PorticoSqliteDialect(sqlite, busyTimeoutMs) });
  return { db, dialect: "sqlite", close: () => db.destroy() };
}

/** How long a write waits for another process's write lock before the request answers 503. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * After a secret was purged: on SQLite, write the WAL back into the database file and truncate
 * it, so no older version of the purged page stays in `portico.sqlite-wal` (secure_delete has
 * zeroed the freed bytes in the pages themselves). PostgreSQL keeps a dead row version until
 * autovacuum reclaims it; that version holds only the ciphertext, sealed with ENCRYPTION_KEY.
 * A checkpoint that cannot finish now (a reader holds an old snapshot) finishes at the next one.
 */
export async function scrubFreedSpace(db: Db, dialect: Dialect): Promise<void> {
  if (dialect === "sqlite") await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
}

/**
 * Kysely opens every SQLite transaction with a plain (deferred) `begin`, which takes the write
 * lock only at the first write. With several processes on one file (cluster mode) a transaction
 * that read first and then writes after another process committed cannot take it at all: SQLite
 * answers SQLITE_BUSY at once, without waiting out busy_timeout. `begin immediate` takes the
 * write lock up front.
 *
 * Waiting for that lock is left to SQLite only as a last resort: its busy handler sleeps the whole
 * process in growing steps (1, 2, 5, 10, 15, 20, 25 … 100 ms), so a worker that found the lock
 * taken froze for tens of milliseconds after it was free again — two workers writing made every
 * write slower than one process did. Here `begin immediate` is tried without a busy timeout and,
 * while another process holds the lock, tried again every millisecond from the event loop, which
 * keeps the worker answering in between; after the busy timeout it gives up with SQLITE_BUSY (503).
 * In one process it changes nothing: Kysely runs one transaction at a time on its one connection,
 * so the lock is always free.
 */
class PorticoSqliteDialect extends SqliteDialect {
  readonly #sqlite: SQLite.Database;
  readonly #config: SqliteDialectConfig;
  readonly #busyTimeoutMs: number;

  constructor(sqlite: SQLite.Database, busyTimeoutMs: number) {
    const config = { database: withStatementCache(sqlite) };
    super(config);
    this.#sqlite = sqlite;
    this.#config = config;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  override createDriver() {
    return new WriteLockWaitingDriver(this.#config, this.#sqlite, this.#busyTimeoutMs);
  }
}

const BEGIN_WRITE = CompiledQuery.raw("begin immediate");

class WriteLockWaitingDriver extends SqliteDriver {
  readonly #sqlite: SQLite.Database;
  readonly #busyTimeoutMs: number;

  constructor(config: SqliteDialectConfig, sqlite: SQLite.Database, busyTimeoutMs: number) {
    super(config);
    this.#sqlite = sqlite;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const giveUpAt = Date.now() + this.#busyTimeoutMs;
    for (;;) {
      // Not a statement prepared once: SQLite sets busy_timeout while compiling the pragma, so
      // only a fresh one takes effect.
      this.#sqlite.pragma("busy_timeout = 0");
      try {
        await connection.executeQuery(BEGIN_WRITE);
        return;
      } catch (error) {
        if ((error as { code?: unknown }).code !== "SQLITE_BUSY" || Date.now() >= giveUpAt) throw error;
      } finally {
        this.#sqlite.pragma(`busy_timeout = ${this.#busyTimeoutMs}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
}

/**
 * Kysely prepares every query afresh; compiling SQL is a measurable share of a request on
 * SQLite. Queries are built from a fixed set of shapes with bound parameters, so their SQL
 * text repeats: keep the prepared statements, bounded in case some caller builds many shapes.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(requested: string) {
      let statement = statements.get(requested);
      if (!statement) {
        if (statements.size >= 2000) statements.clear();
        statement = sqlite.prepare(requested);
        statements.set(requested, statement);
      }
      return statement;
    },
  };
}

/** Migrations live in code (so they ship inside the build), ordered by their timestamped names. */
const migrations: Record<string, Migration> = {
  "20261123T1000-platform": platform,
  "20261123T1200-tickets": tickets,
  "20261130T1000-board": board,
  "20261201T1000-inbound-objects": inboundObjects,
  "20261201T1100-typed-jobs": typedJobs,
  "20261202T1000-conversations": conversations,
  "20261202T1100-registration-placement": registrationPlacement,
  "20261203T1000-support-mail": supportMail,
  "20261203T1100-task-assignee": taskAssignee,
  "20261203T1200-approval-review-quotes": approvalReviewQuotes,
  "20261204T1000-mail-delivery": mailDelivery,
  "20261205T1000-journey": journey,
  "20261205T1100-onboarding": onboarding,
  "20261205T1200-updates": updates,
  "20261205T1300-notices": notices,
  "20261205T1400-task-review-link": taskReviewLink,
  "20261206T1000-asks": asks,
  "20261207T1000-billing": billing,
  "20261207T1100-help": help,
  "20261207T1200-board-versions": boardVersions,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<void> {
  await migrateWith(db, (migrator) => migrator.migrateToLatest());
}

/** Migrates up or down to the named migration (its `up` applied, every later one undone). */
export async function migrateTo(db: Db, name: string): Promise<void> {
  await migrateWith(db, (migrator) => migrator.migrateTo(name));
}

async function migrateWith(db: Db, run: (migrator: Migrator) => Promise<MigrationResultSet>): Promise<void> {
  const { error, results } = await run(new Migrator({ db, provider }));
  const failed = results?.find((r) => r.status === "Error");
  if (error) {
    throw new Error(`migration ${failed?.migrationName ?? "?"} failed: ${(error as Error).message}`);
  }
}

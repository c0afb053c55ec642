import pg from "pg";
import { type DatabaseHandle, migrateToLatest, openDatabase } from "../src/server/platform/db/database";
import type { BenchDb } from "./options";

export interface BenchDatabase {
  handle: DatabaseHandle;
  /** For the config: set when the app runs on PostgreSQL. */
  databaseUrl: string | undefined;
  /** Printed with the results, e.g. "PostgreSQL 15.10 (portico_bench_…)". */
  label: string;
  /** Closes the pool and drops what the benchmark created. */
  dispose(): Promise<void>;
}

const DEFAULT_PG_SERVER = "postgres://postgres@127.0.0.1:5432/postgres";

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database: SQLite under dataDir, or a new PostgreSQL database. */
export async function openBenchDatabase(kind: BenchDb, dataDir: string): Promise<BenchDatabase> {
  if (kind === "sqlite") {
    const handle = openDatabase({ dataDir });
    await migrateToLatest(handle.db);
    return {
      handle,
      databaseUrl: undefined,
      label: "SQLite (better-sqlite3, WAL, file in a temp DATA_DIR)",
      dispose: () => handle.close(),
    };
  }
  const serverUrl = process.env.BENCH_DATABASE_URL || DEFAULT_PG_SERVER;
  const name = `portico_bench_${new Date().toISOString().replace(/\D/g, "").slice(0, 14)}_${process.pid}`;
  let version: string;
  try {
    version = await withClient(serverUrl, async (client) => {
      await client.query(`CREATE DATABASE ${name}`);
      const row = await client.query<{ server_version: string }>("SHOW server_version");
      return row.rows[0]?.server_version ?? "?";
    });
  } catch (error) {
    const where = new URL(serverUrl);
    where.password = "";
    throw new Error(`cannot create a database on ${where.toString()} (${(error as Error).message}); set BENCH_DATABASE_URL`);
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase({ databaseUrl: url.toString(), dataDir });
  const dispose = async () => {
    await handle.close();
    await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  };
  try {
    await migrateToLatest(handle.db);
  } catch (error) {
    await dispose();
    throw error;
  }
  return { handle, databaseUrl: url.toString(), label: `PostgreSQL ${version} (database ${name}, dropped afterwards)`, dispose };
}

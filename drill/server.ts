import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { buildProblem } from "../scripts/build-state.mjs";
import { companyKey } from "../src/common/accounts";
import { hashPassword } from "../src/server/platform/auth/passwords";
import { migrateToLatest, openDatabase } from "../src/server/platform/db/database";
import type { Role } from "../src/server/platform/db/schema";
import { newId, nowIso } from "../src/server/platform/ids";
import { freePort } from "../src/server/test/free-port";

/**
 * What every drill stands on: a database of its own, a real server process started on it (the
 * way a person starts the portal), and sessions that talk to it over HTTP. Nothing here is
 * mocked; the drills kill, cut and restart these processes and databases.
 */

export type DrillDialect = "sqlite" | "postgres";

/** What run.ts hands every drill. */
export interface DrillOptions {
  dialect: DrillDialect;
  seed: number;
  /** The CI size: fewer requests, same goals. */
  bounded: boolean;
  log: (line: string) => void;
}

/** What a drill hands back: its figures, and one concrete sentence per missed goal. */
export interface DrillResult {
  name: string;
  figures: Record<string, number | string>;
  failures: string[];
  /** Each goal of the drill, printed with ✓ or ✗. */
  goals?: { text: string; met: boolean }[];
}

export interface DrillDatabase {
  dialect: DrillDialect;
  /** The app's DATABASE_URL (PostgreSQL only). */
  databaseUrl?: string;
  /** DATA_DIR for the server: the SQLite file, the secrets and the uploaded files live here. */
  dataDir: string;
  /** PostgreSQL only: the database's name, for the tricks the drills play on it (terminate, ALLOW_CONNECTIONS). */
  name?: string;
  /** PostgreSQL only: a connection string to the server's maintenance database, for those tricks. */
  adminUrl?: string;
  /** Drops the database and removes the data directory. Safe to call twice. */
  drop(): Promise<void>;
}

export interface Login {
  username: string;
  password: string;
}

export interface Seeded {
  admin: Login;
  /** An agent assigned to `accountId` only. */
  agent: Login;
  /** A contact of `accountId`. */
  client: Login;
  /** A contact of `otherAccountId`: what it may see must never include `accountId`'s data. */
  otherClient: Login;
  accountId: string;
  otherAccountId: string;
}

export interface DrillServer {
  url: string;
  pid: number;
  /** The environment the process was started with (what a restart on the same data needs). */
  env: Record<string, string>;
  /** Everything the process printed so far (stdout and stderr interleaved, the last few MB). */
  output(): string;
  /** Sends the signal (SIGTERM unless told) and waits for the process to be gone. */
  kill(signal?: NodeJS.Signals): Promise<ExitStatus>;
  exited: Promise<ExitStatus>;
}

export interface ExitStatus {
  code: number | null;
  signal: string | null;
}

export interface Session {
  /** Cookie and CSRF header (empty for an anonymous session). */
  headers: Record<string, string>;
  /** JSON in, JSON (or text) out; never throws for an HTTP status, only for a dead connection. */
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown; headers: Headers }>;
}

/** The repository root, so the server starts the same wherever the drill was started from. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Every seeded person's password (hashed once per seeding: scrypt is slow on purpose). */
export const DRILL_PASSWORD = "drill-password-0123";
const DEFAULT_PG_SERVER = "postgres://postgres@127.0.0.1:5432/postgres";
const OUTPUT_LIMIT = 4 * 1024 * 1024;
/** The longest a drill waits for one answer. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** The PostgreSQL server the drills create their databases on. */
export function postgresServerUrl(): string {
  return process.env.DRILL_DATABASE_URL || process.env.TEST_DATABASE_URL || DEFAULT_PG_SERVER;
}

/** Runs one statement batch on a short-lived connection of its own. */
export async function withPgClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  // A terminated admin connection must not crash the drill either.
  client.on("error", () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Whether the PostgreSQL server answers (run.ts skips the PostgreSQL run with a clear message when not). */
export async function postgresReachable(): Promise<boolean> {
  try {
    await withPgClient(postgresServerUrl(), (client) => client.query("select 1"));
    return true;
  } catch {
    return false;
  }
}

/** A fresh, empty database and data directory of the drill's own (migrated by `seedPortal`). */
export async function freshDatabase(dialect: DrillDialect): Promise<DrillDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `portico-drill-${dialect}-`));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (dialect === "sqlite") {
    return { dialect, dataDir, drop: async () => removeDir() };
  }
  const adminUrl = postgresServerUrl();
  const name = `portico_drill_${Date.now().toString(36)}_${process.pid}_${Math.floor(Math.random() * 1e6).toString(36)}`;
  try {
    await withPgClient(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  } catch (error) {
    removeDir();
    const where = new URL(adminUrl);
    where.password = "";
    throw new Error(`cannot create a database on ${where.toString()} (${(error as Error).message}); set DRILL_DATABASE_URL`);
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    dialect,
    databaseUrl: url.toString(),
    dataDir,
    name,
    adminUrl,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      removeDir();
      await withPgClient(adminUrl, async (client) => {
        // A drill may have left connections refused; FORCE does not help with that.
        await client.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => {});
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}

/** Opens the drill's database from this process (for seeding and for counting afterwards). */
export function openDrillDatabase(database: DrillDatabase) {
  return openDatabase({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
}

/**
 * Migrates and seeds directly in the database (as bench/seed.ts does): an admin, two client
 * accounts with one contact each, and an agent who works the first account only.
 */
export async function seedPortal(database: DrillDatabase): Promise<Seeded> {
  const handle = openDrillDatabase(database);
  try {
    await migrateToLatest(handle.db);
    const passwordHash = await hashPassword(DRILL_PASSWORD);
    const now = nowIso();
    const accountId = newId();
    const otherAccountId = newId();
    const accounts = [
      { id: accountId, name: "Harbor Dental" },
      { id: otherAccountId, name: "Summit Logistics" },
    ];
    const people: { username: string; name: string; role: Role; accountId: string | null }[] = [
      { username: "drill-admin", name: "Avery Admin", role: "admin", accountId: null },
      { username: "drill-agent", name: "Sam Agent", role: "agent", accountId: null },
      { username: "drill-client", name: "Chloe Client", role: "client", accountId },
      { username: "drill-other-client", name: "Omar Other", role: "client", accountId: otherAccountId },
    ];
    const ids = people.map(() => newId());
    await handle.db.transaction().execute(async (tx) => {
      await tx
        .insertInto("client_accounts")
        .values(accounts.map((a) => ({ ...a, name_key: companyKey(a.name), phone: null, website: null, created_at: now, updated_at: now })))
        .execute();
      await tx
        .insertInto("users")
        .values(
          people.map((p, i) => ({
            id: ids[i]!,
            email: `${p.username}@drill.example`,
            username: p.username,
            name: p.name,
            phone: null,
            role: p.role,
            status: "active" as const,
            account_id: p.accountId,
            password_hash: passwordHash,
            email_verified_at: now,
            approved_at: now,
            invited_by: null,
            last_login_at: null,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
      await tx.insertInto("account_agents").values({ account_id: accountId, user_id: ids[1]!, created_at: now }).execute();
    });
    const login = (username: string): Login => ({ username, password: DRILL_PASSWORD });
    return {
      admin: login("drill-admin"),
      agent: login("drill-agent"),
      client: login("drill-client"),
      otherClient: login("drill-other-client"),
      accountId,
      otherAccountId,
    };
  } finally {
    await handle.close();
  }
}

/** A port nothing listens on right now. */
export { freePort };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Server processes still running, so a drill that throws (or a Ctrl-C) does not leave them behind. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Starts the compiled server (`node dist/server/main.js`, built by `npm run build`) on the database with a free port (env entries
 * override the defaults; pass PORT to restart on the same address) and waits for /healthz to
 * answer 200. Fails after 30 s with what the server printed.
 */
export async function startServer(database: DrillDatabase, env: Record<string, string> = {}): Promise<DrillServer> {
  const problem = buildProblem();
  if (problem) throw new Error(problem);
  const port = env.PORT ?? String(await freePort());
  const url = `http://127.0.0.1:${port}`;
  const serverEnv: Record<string, string> = {
    DATA_DIR: database.dataDir,
    PORT: port,
    HOST: "127.0.0.1",
    PUBLIC_URL: url,
    DATABASE_URL: database.databaseUrl ?? "",
    // Unset unless the drill asks: the built-in mailbox, no inbound listener, no first-admin env.
    SMTP_URL: "",
    INBOUND_SMTP_PORT: "",
    INBOUND_SECRET: "",
    ADMIN_EMAIL: "",
    ADMIN_PASSWORD: "",
    LOG_LEVEL: "warn",
    ...env,
  };
  const child = spawn(process.execPath, ["--enable-source-maps", "dist/server/main.js"], {
    cwd: ROOT,
    env: { ...process.env, ...serverEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    if (output.length > OUTPUT_LIMIT) output = output.slice(-OUTPUT_LIMIT / 2);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
  });
  let gone: ExitStatus | undefined;
  void exited.then((status) => {
    gone = status;
  });
  const server: DrillServer = {
    url,
    pid: child.pid ?? -1,
    env: serverEnv,
    output: () => output,
    exited,
    kill: async (signal = "SIGTERM") => {
      if (!gone) child.kill(signal);
      return exited;
    },
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (gone) throw new Error(`the server exited (${gone.signal ?? `code ${gone.code}`}) before it was healthy:\n${tail(output)}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.kill("SIGKILL");
      throw new Error(`the server did not answer /healthz 200 within 30 s:\n${tail(output)}`);
    }
    await sleep(150);
  }
}

/** The last lines of a server's output, for a failure message. */
export function tail(output: string, lines = 40): string {
  return output.trimEnd().split("\n").slice(-lines).join("\n");
}

/** A session that sends the given headers on every request. */
export function session(server: DrillServer, headers: Record<string, string> = {}): Session {
  return {
    headers,
    request: async (method, requestPath, body) => {
      const json = body !== undefined && !(body instanceof FormData) && typeof body !== "string" && !(body instanceof Uint8Array);
      const response = await fetch(`${server.url}${requestPath}`, {
        method,
        headers: { ...headers, ...(json ? { "content-type": "application/json" } : {}) },
        body: body === undefined ? undefined : json ? JSON.stringify(body) : (body as BodyInit),
        redirect: "manual",
        // A hung answer is a finding too; it must not hang the drill.
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      let parsed: unknown = text;
      if ((response.headers.get("content-type") ?? "").includes("json") && text !== "") {
        try {
          parsed = JSON.parse(text);
        } catch {
          // a broken JSON answer is itself a finding: keep the text
        }
      }
      return { status: response.status, body: parsed, headers: response.headers };
    },
  };
}

/** An anonymous visitor. */
export const anonymous = (server: DrillServer): Session => session(server);

/** Logs in through POST /api/auth/login: the session cookie and the CSRF header, as a browser holds them. */
export async function login(server: DrillServer, who: Login): Promise<Session> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(who),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`login as ${who.username} → ${response.status} ${text.slice(0, 300)}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("portico_session="));
  if (!cookie) throw new Error(`login as ${who.username}: no session cookie`);
  const csrf = (JSON.parse(text) as { data: { csrfToken: string } }).data.csrfToken;
  return session(server, { cookie, "x-csrf-token": csrf });
}

/** Runs `fn` over the items with at most `limit` at a time (the drills' "~50 concurrent"). */
export async function pool<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** A small seeded random generator (mulberry32), so a drill run can be repeated with --seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import pg from "pg";
import pino from "pino";
import { buildApp } from "../app";
import { hashPassword } from "../platform/auth/passwords";
import { type Config, loadConfig } from "../platform/config";
import type { AppContext } from "../platform/context";
import { type DatabaseHandle, migrateToLatest, openDatabase } from "../platform/db/database";
import type { Role, UserStatus } from "../platform/db/schema";
import { newId, nowIso } from "../platform/ids";
import type { RealtimeHub } from "../platform/realtime";

/**
 * The integration harness: a real database per test file — a fresh SQLite file, or, when
 * TEST_DATABASE_URL is set, a fresh PostgreSQL database created on that server and dropped
 * afterwards — and the whole app, driven through `app.inject`.
 */
export const TEST_PASSWORD = "correct-horse-battery";
let testPasswordHash: Promise<string> | undefined;

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  config: Config;
  dialect: DatabaseHandle["dialect"];
  /** The live-stream hub: `t.realtime.wake()` makes it look for new events now. */
  realtime: RealtimeHub;
  /** The PostgreSQL database this app uses (undefined on SQLite): pass it as `sharedDatabaseUrl`. */
  databaseUrl: string | undefined;
  close(): Promise<void>;
}

async function createPostgresDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `portico_t_${newId().replace(/-/g, "").slice(-16)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * `options.sharedDatabaseUrl`: a second "instance" on another test app's PostgreSQL database
 * (`t.databaseUrl`); it neither creates nor drops that database.
 */
export async function createTestApp(env: Record<string, string> = {}, options: { sharedDatabaseUrl?: string } = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "portico-test-"));
  const pgBase = process.env.TEST_DATABASE_URL;
  const pgDb = pgBase && !options.sharedDatabaseUrl ? await createPostgresDatabase(pgBase) : undefined;
  const databaseUrl = options.sharedDatabaseUrl ?? pgDb?.url;
  const config = loadConfig({
    DATA_DIR: dataDir,
    PUBLIC_URL: "http://portal.test",
    LOG_LEVEL: "silent",
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  // The harness drops its database WITH (FORCE) at the end, which kills idle connections.
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir, onIdleError: () => {} });
  await migrateToLatest(database.db);
  const { app, ctx, realtime } = await buildApp({
    config,
    database,
    logger: pino({ level: "silent" }),
    webDir: path.join(dataDir, "no-web"),
  });
  await app.ready();
  return {
    app,
    ctx,
    config,
    dialect: database.dialect,
    realtime,
    databaseUrl,
    async close() {
      await app.close();
      await ctx.jobs.stop();
      await database.close();
      await pgDb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** Factory: a client account (the company). */
export async function buildAccount(t: TestApp, overrides: { name?: string } = {}) {
  const id = newId();
  const now = nowIso();
  await t.ctx.db
    .insertInto("client_accounts")
    .values({ id, name: overrides.name ?? `Company ${unique()}`, phone: null, website: null, created_at: now, updated_at: now })
    .execute();
  return { id };
}

/** Factory: a user, creating the client account a client needs when none is given. */
export async function buildUser(
  t: TestApp,
  overrides: {
    role?: Role;
    status?: UserStatus;
    accountId?: string | null;
    username?: string;
    email?: string;
    name?: string;
    verified?: boolean;
  } = {},
) {
  const role = overrides.role ?? "client";
  const accountId = overrides.accountId !== undefined ? overrides.accountId : role === "client" ? (await buildAccount(t)).id : null;
  const username = overrides.username ?? `user-${unique()}`;
  const id = newId();
  const now = nowIso();
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  const status = overrides.status ?? "active";
  await t.ctx.db
    .insertInto("users")
    .values({
      id,
      email: overrides.email ?? `${username}@example.com`,
      username,
      name: overrides.name ?? `Person ${username}`,
      phone: null,
      role,
      status,
      account_id: accountId,
      password_hash: await testPasswordHash,
      email_verified_at: overrides.verified === false ? null : now,
      approved_at: status === "active" ? now : null,
      invited_by: null,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, username, email: overrides.email ?? `${username}@example.com`, role, accountId };
}

export async function assignAgent(t: TestApp, accountId: string, userId: string) {
  await t.ctx.db.insertInto("account_agents").values({ account_id: accountId, user_id: userId, created_at: nowIso() }).execute();
}

/** A logged-in browser, as far as the API can tell: session cookie plus CSRF header. */
export interface Session {
  cookie: string;
  csrf: string;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export async function login(t: TestApp, username: string, password = TEST_PASSWORD): Promise<Session> {
  const response = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`login failed for ${username}: ${response.statusCode} ${response.body}`);
  const setCookie = response.cookies.find((c) => c.name === "portico_session");
  if (!setCookie) throw new Error("no session cookie");
  const cookie = `portico_session=${setCookie.value}`;
  const csrf = response.json().data.csrfToken as string;
  return {
    cookie,
    csrf,
    inject: (options) =>
      t.app.inject({ ...options, headers: { cookie, "x-csrf-token": csrf, ...(options.headers ?? {}) } } as InjectOptions),
  };
}

/** Runs the job queue until it is empty (emails land in the built-in mailbox). */
export async function drainJobs(t: TestApp): Promise<void> {
  await t.ctx.jobs.runDue();
}

/** The newest email to an address from the built-in mailbox, and the first portal link in it. */
export async function lastEmailTo(t: TestApp, to: string) {
  const mail = await t.ctx.db
    .selectFrom("mailbox")
    .selectAll()
    .where("to_address", "=", to.toLowerCase())
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (!mail) throw new Error(`no email to ${to}`);
  const link = mail.text_body.match(/https?:\/\/\S+/)?.[0];
  return { ...mail, link, token: link ? (new URL(link).searchParams.get("token") ?? undefined) : undefined };
}

/** A multipart/form-data body, as a browser sends a form with files. */
export function multipart(fields: { name: string; filename?: string; contentType?: string; data: Buffer | string }[]) {
  const boundary = `----portico${newId()}`;
  const parts = fields.map((f) =>
    Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"${f.filename !== undefined ? `; filename="${f.filename}"` : ""}\r\n` +
          (f.contentType ? `Content-Type: ${f.contentType}\r\n` : "") +
          "\r\n",
      ),
      Buffer.isBuffer(f.data) ? f.data : Buffer.from(f.data),
      Buffer.from("\r\n"),
    ]),
  );
  return {
    payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

/** Uploads one file as `session` (POST /api/files), as the attachments field does. */
export function upload(session: Session, filename: string, data: Buffer | string, contentType = "application/pdf") {
  return session.inject({ method: "POST", url: "/api/files", ...multipart([{ name: "file", filename, contentType, data }]) });
}

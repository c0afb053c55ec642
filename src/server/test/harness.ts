import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import pino, { type Logger } from "pino";
import { buildApp } from "../app";
import type { ModuleDescriptor } from "../modules/module";
import { type Config, loadConfig } from "../platform/config";
import type { AppContext } from "../platform/context";
import { type DatabaseHandle, migrateToLatest, openDatabase } from "../platform/db/database";
import { newId } from "../platform/ids";
import type { RealtimeHub } from "../platform/realtime";
import type { Session } from "./factories";

/**
 * The integration harness: a real database per test file — a fresh SQLite file, or, when
 * TEST_DATABASE_URL is set, a fresh PostgreSQL database created on that server and dropped
 * afterwards — and the whole app, driven through `app.inject`. What tests put in it (users,
 * tickets, tasks, sessions) comes from the factories in ./factories.
 */
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

export async function createPostgresDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
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
 * (`t.databaseUrl`); it neither creates nor drops that database. `options.webDir`: a built web
 * app to serve (default: none, so pages answer 503).
 */
export async function createTestApp(
  env: Record<string, string> = {},
  options: { sharedDatabaseUrl?: string; modules?: readonly ModuleDescriptor[]; logger?: Logger; webDir?: string } = {},
): Promise<TestApp> {
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
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir, onConnectionError: () => {} });
  await migrateToLatest(database.db);
  const { app, ctx, realtime } = await buildApp({
    config,
    database,
    logger: options.logger ?? pino({ level: "silent" }),
    webDir: options.webDir ?? path.join(dataDir, "no-web"),
    modules: options.modules,
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

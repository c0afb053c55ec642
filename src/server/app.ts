import { existsSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { constants as zlibConstants } from "node:zlib";
import compress from "@fastify/compress";
import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, LogController } from "fastify";
import { sql } from "kysely";
import pino, { type Logger } from "pino";
import { busTransport, type ClusterLink, sharedLimitStore } from "./cluster/link";
import { configureAccountMerges } from "./modules/clients/service";
import { configureNextActions } from "./modules/dashboard/next-actions";
import { configureFiles } from "./modules/files/service";
import { configureInbound } from "./modules/inbound/service";
import type { ModuleDescriptor } from "./modules/module";
import { notificationReactor, notificationSource } from "./modules/notifications/service";
import { MODULES } from "./modules/registry";
import { InvalidationBus } from "./platform/bus";
import type { Config } from "./platform/config";
import type { AppContext } from "./platform/context";
import type { DatabaseHandle } from "./platform/db/database";
import { isDatabaseUnavailable } from "./platform/db/unavailable";
import { AppError, fromDatabaseError } from "./platform/errors";
import { registerEventSpecs, registerReactor } from "./platform/events";
import { registerAuth } from "./platform/http";
import { registerInputGuards } from "./platform/input-guards";
import { JobWorker } from "./platform/jobs";
import { lazySchemas } from "./platform/lazy-schemas";
import { configureMail, mailboxTransport, mailJob, smtpTransport } from "./platform/mail";
import { RealtimeHub, realtimeRoutes } from "./platform/realtime";
import { createKeyring } from "./platform/secrets";
import { registerSecurityHeaders } from "./platform/security-headers";
import { localDiskStorage } from "./platform/storage";
import { validationError } from "./platform/validation-errors";
import { staticAssetOptions } from "./static-assets";

/** The project's root, wherever this file is: src/server/ when run from source, dist/server/ when compiled. */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}
export const WEB_DIR = path.join(projectRoot(), "dist/web");

/** While the database is away: the pool reconnects on the next query, so a second is enough. */
const RETRY_AFTER_SECONDS = 1;

/** The largest refused body the server reads to its end so the client gets its 413 (see below). */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * A body over the limit is refused before it is read, and Fastify closes the connection. Closing
 * a socket with unread data makes the kernel answer with a reset, which can reach the client before
 * the 413 does: the person sees "connection reset" instead of "the file is too large". Up to a
 * bound, keep the connection and let Node read and discard the rest of the body after the answer.
 */
function keepReadingAfterRefusal(raw: IncomingMessage, reply: FastifyReply): void {
  const length = Number(raw.headers["content-length"]);
  if (Number.isFinite(length) && length <= DRAIN_LIMIT_BYTES) reply.removeHeader("connection");
}

/** Secrets never reach the log: one-time tokens in query strings are masked. */
const redactUrl = (url: string) => url.replace(/([?&]token=)[^&]+/g, "$1[redacted]");

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ["req.headers.cookie", "req.headers.authorization", 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
      censor: "[redacted]",
    },
  });
}

export interface BuiltApp {
  app: FastifyInstance;
  ctx: AppContext;
  /** The live-stream hub (GET /api/stream); `wake()` makes it look for new events now. */
  realtime: RealtimeHub;
  /** Compiles every route schema not compiled yet (they compile on first use; tests call this). */
  compileAllSchemas(): number;
}

/** Builds the whole app without listening: main.ts listens, tests use `app.inject`. */
export async function buildApp(options: {
  config: Config;
  database: DatabaseHandle;
  logger?: Logger;
  webDir?: string;
  /** The modules to plug in (default: every module in modules/registry.ts; tests add their own). */
  modules?: readonly ModuleDescriptor[];
  /** In cluster mode, the line to the primary and through it to the other workers. */
  cluster?: ClusterLink;
}): Promise<BuiltApp> {
  const { config, database } = options;
  const modules = options.modules ?? MODULES;
  const log = options.logger ?? createLogger(config.logLevel);
  const schemas = lazySchemas();
  const app = Fastify({
    schemaController: schemas.controller,
    loggerInstance: log as unknown as FastifyBaseLogger,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    // Only behind a reverse proxy may X-Forwarded-For be believed: otherwise anyone could
    // choose their own address and step around the login rate limit.
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { allErrors: false, verbose: true } },
    // One access line per request is written by the onResponse hook below, with the URL redacted.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();

  const jobs = new JobWorker(database.db, database.dialect, log);
  const storage = localDiskStorage(path.join(config.dataDir, "files"));
  configureFiles(config, storage, Object.assign({}, ...modules.map((m) => m.fileOwners ?? {})));
  configureInbound(modules.flatMap((m) => m.replyTargets ?? []));
  configureAccountMerges(modules.flatMap((m) => (m.accountMerge ? [m.accountMerge] : [])));
  configureNextActions(modules.flatMap((m) => (m.nextActions ? [m.nextActions] : [])));
  for (const module of modules) if (module.events) registerEventSpecs(module.events);
  const secrets = createKeyring(config.encryptionKey, config.previousEncryptionKeys);
  // Tells the other instances (PostgreSQL LISTEN/NOTIFY) which cached sessions to drop; closed on app close.
  const bus = new InvalidationBus(log);
  if (config.databaseUrl) await bus.listenOnPostgres({ databaseUrl: config.databaseUrl, db: database.db });
  if (options.cluster) bus.attachTransport(busTransport(options.cluster));
  const ctx: AppContext = { db: database.db, dialect: database.dialect, config, jobs, log, storage, secrets, bus };
  const domain = new URL(config.publicUrl).hostname;
  configureMail(config);
  jobs.register(
    mailJob(
      config.smtpUrl ? smtpTransport(config.smtpUrl, config.mailFrom, domain) : mailboxTransport(database.db, config.mailFrom, domain),
      database.db,
      { retryForMs: config.mailRetryHours * 3_600_000 },
    ),
  );
  for (const module of modules) {
    for (const { definition, everyMs } of module.jobs?.(ctx) ?? []) {
      if (everyMs) jobs.registerRecurring(definition, everyMs);
      else jobs.register(definition);
    }
  }

  app.addHook("onResponse", async (request, reply) => {
    request.log.info(
      { method: request.method, url: redactUrl(request.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      "request",
    );
  });
  const realtime = new RealtimeHub({ db: database.db, databaseUrl: config.databaseUrl, log, notifications: notificationSource });
  // Work queued by a request (emails) starts at once instead of waiting for the next poll, and
  // the change it made reaches live streams at once.
  app.addHook("onResponse", async (request) => {
    if (request.method !== "GET") {
      jobs.nudge();
      realtime.wake();
      // The other workers' streams too (on PostgreSQL NOTIFY tells them as well; a second look is cheap).
      options.cluster?.broadcast({ type: "wake" });
    }
  });
  // Another worker committed a change: its emails wait in the queue this worker may run (the lead's).
  options.cluster?.onBroadcast((payload) => {
    if (payload.type !== "wake") return;
    jobs.nudge();
    realtime.wake();
  });
  // Streams never end by themselves: end them before the server waits for open connections
  // (an onClose hook would run only after that wait), so SIGTERM and test teardown do not hang.
  app.addHook("preClose", async () => {
    await realtime.stop();
  });
  // The modules' events become in-app notifications and queued emails inside the recording transaction.
  const stopNotifying = registerReactor(
    notificationReactor(
      ctx,
      modules.flatMap((m) => m.notifications ?? []),
    ),
  );
  app.addHook("onClose", async () => stopNotifying());
  // After the in-flight requests, not in preClose: a logout still being answered must reach the others.
  app.addHook("onClose", async () => bus.close());

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const appError = validationError(error.validation, error.validationContext ?? "body");
      return reply.code(appError.statusCode).send(appError.toJSON());
    }
    const known = error instanceof AppError ? error : fromDatabaseError(error);
    if (known) return reply.code(known.statusCode).send(known.toJSON());
    if (error.statusCode === 429) {
      return reply.code(429).send(new AppError("rate_limited", "Too many attempts. Wait a few minutes and try again.").toJSON());
    }
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") keepReadingAfterRefusal(request.raw, reply);
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      const code = error.statusCode === 413 ? "payload_too_large" : "validation_error";
      return reply.code(error.statusCode).send({ error: { code, message: error.message } });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, "database unavailable");
      return reply
        .code(503)
        .header("retry-after", String(RETRY_AFTER_SECONDS))
        .send(new AppError("database_unavailable", "The portal cannot reach its database right now. Try again in a moment.").toJSON());
    }
    request.log.error({ err: error }, "unhandled error");
    return reply.code(500).send(new AppError("internal_error", "Something went wrong on our side. Please try again.").toJSON());
  });

  await app.register(cookie);
  // Large JSON answers (lists, the OpenAPI document) go compressed when the client accepts it.
  // Only JSON, and only from 8 KiB: a small answer costs more to compress than it saves. Left
  // alone: answers that carry their own Content-Encoding (the board's cached forms, precompressed
  // static files), partial content (206, Content-Range), the live stream (hijacked, never seen
  // here), PDFs and downloads (not JSON; a download of a .json file opts out on its route).
  await app.register(compress, {
    threshold: 8 * 1024,
    encodings: ["br", "gzip"],
    customTypes: /^application\/json(;|$)/,
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await app.register(rateLimit, {
    global: false,
    // In cluster mode the counts live in the primary: a limit holds across every worker.
    ...(options.cluster ? { store: sharedLimitStore(options.cluster) } : {}),
    errorResponseBuilder: (_req, context) => ({
      statusCode: 429,
      message: `Too many attempts. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
    }),
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: "Portico API",
        version: "0.1.0",
        description: "The client portal's HTTP API. Writes made with a session cookie need the x-csrf-token header.",
      },
    },
  });
  registerSecurityHeaders(app, config);
  registerInputGuards(app);
  await app.register(swaggerUi, {
    routePrefix: "/api/docs",
    // Its own policy, with the hashes of its inline scripts, but never framed either; asking
    // browsers to upgrade requests to https would break a portal served over plain http.
    staticCSP: true,
    transformStaticCSP: (header) =>
      header
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
        .replace(config.publicUrl.startsWith("https:") ? /$^/ : / ?upgrade-insecure-requests;?/, ""),
  });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  registerAuth(app, ctx);
  app.get("/healthz", { schema: { hide: true } }, async () => ({ status: "ok" }));
  app.get("/readyz", { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(database.db);
      return { status: "ready", database: database.dialect };
    } catch {
      return reply.code(503).header("retry-after", String(RETRY_AFTER_SECONDS)).send({ status: "unavailable", database: database.dialect });
    }
  });

  await app.register(realtimeRoutes(realtime));
  for (const module of modules) if (module.routes) await app.register(module.routes(ctx));

  const webDir = options.webDir ?? WEB_DIR;
  const hasWeb = existsSync(path.join(webDir, "index.html"));
  // Precompressed, immutable /assets/*; index.html and the service worker (sw.js) revalidated on every visit.
  if (hasWeb) {
    const { assets, top } = staticAssetOptions(webDir);
    await app.register(fastifyStatic, assets);
    await app.register(fastifyStatic, top);
  }

  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith("/api/") || request.method !== "GET") {
      return reply.code(404).send(new AppError("not_found", `No API route ${request.method} ${request.url.split("?")[0]}.`).toJSON());
    }
    // Everything else is a page of the web app: React Router decides what it shows.
    if (!hasWeb) {
      return reply.code(503).type("text/plain").send("The web app is not built yet. Run `npm run build` (npm start does it for you).");
    }
    return reply.header("cache-control", "no-cache").sendFile("index.html");
  });

  return { app, ctx, realtime, compileAllSchemas: schemas.compileAll };
}

import type { Logger } from "pino";
import type { InvalidationBus } from "./bus";
import type { Config } from "./config";
import type { Db, Dialect } from "./db/database";
import type { JobWorker } from "./jobs";
import type { Keyring } from "./secrets";
import type { Storage } from "./storage";

/** What a service needs from the running app: passed explicitly, never imported as a global. */
export interface AppContext {
  db: Db;
  dialect: Dialect;
  config: Config;
  jobs: JobWorker;
  log: Logger;
  /** File contents (uploads, kept raw emails). */
  storage: Storage;
  /** Encrypts secrets at rest (one-time codes) with ENCRYPTION_KEY; reads those of ENCRYPTION_KEY_PREVIOUS. */
  secrets: Keyring;
  /** Tells every process what changed, so in-memory caches drop it (sessions: invalidateActor). */
  bus: InvalidationBus;
}

/** Builds an absolute link for an email from PUBLIC_URL (never from the request's Host header). */
export function link(ctx: Pick<AppContext, "config">, path: string, params: Record<string, string> = {}): string {
  const url = new URL(path, `${ctx.config.publicUrl}/`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

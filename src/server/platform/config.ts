import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Everything Portico reads from the environment, parsed once at start-up. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** unset → embedded SQLite under dataDir */
  databaseUrl: string | undefined;
  publicUrl: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  inboundSmtpPort: number | undefined;
  /** Address the inbound SMTP listener binds to (loopback unless told otherwise). */
  inboundSmtpHost: string;
  /** Shared secret for POST /api/inbound/email (unset → that endpoint answers 404). */
  inboundSecret: string | undefined;
  /** Largest inbound email accepted, in bytes (SMTP and HTTP). */
  inboundMaxBytes: number;
  /** Largest single upload, in bytes. */
  maxUploadBytes: number;
  /** Most files one message (ticket, reply, note) may carry. */
  maxFilesPerMessage: number;
  sessionSecret: string;
  encryptionKey: string;
  /** Older encryption keys, still accepted for decryption until `npm run rotate-key` has run. */
  previousEncryptionKeys: string[];
  /** Session lifetime in seconds (sliding). */
  sessionTtlSeconds: number;
  logLevel: string;
  /** Run the background job worker inside this process. */
  runWorkers: boolean;
  /** Believe X-Forwarded-For (only when a reverse proxy sets it). */
  trustProxy: boolean;
  /** How long an email is retried while the mail server is unreachable before it is kept as failed. */
  mailRetryHours: number;
  /** At SIGTERM, how long running jobs may finish before they are put back in the queue. */
  shutdownGraceSeconds: number;
}

/** A configuration problem: start-up prints its one-line message and stops. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function parseBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = nonEmpty(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (["true", "1", "yes"].includes(raw)) return true;
  if (["false", "0", "no"].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function parsePort(env: Env, name: string, fallback: number | undefined): number | undefined {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(name, `must be a port number between 0 and 65535, got "${raw}"`);
  }
  return port;
}

function parseUrl(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `is not a valid URL (expected ${protocols.join(" or ")}…)`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.join(" or ")}, got "${url.protocol}"`);
  }
  return raw;
}

function parsePositiveInt(env: Env, name: string, fallback: number, max: number): number {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new ConfigError(name, `must be a whole number between 1 and ${max}, got "${raw}"`);
  }
  return value;
}

/**
 * Reads a secret from the environment, or from DATA_DIR (generating it on first start), so a
 * fresh install needs no configuration. Several instances must share it: set it in the env.
 */
function secret(env: Env, name: string, dataDir: string): string {
  const fromEnv = nonEmpty(env, name);
  if (fromEnv !== undefined) {
    if (fromEnv.length < 32) throw new ConfigError(name, "must be at least 32 characters long");
    return fromEnv;
  }
  const file = path.join(dataDir, `${name.toLowerCase()}.key`);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const value = randomBytes(32).toString("base64url");
  // 0600: the key file is as sensitive as the database itself.
  writeFileSync(file, value, { mode: 0o600 });
  return value;
}

/**
 * ENCRYPTION_KEY_PREVIOUS: the keys that came before ENCRYPTION_KEY, comma-separated (the
 * generated keys are base64url, which has no commas). Errors name a key by position, never by value.
 */
function previousKeys(env: Env, name: string, current: string): string[] {
  const keys = (nonEmpty(env, name) ?? "")
    .split(",")
    .map((key) => key.trim())
    .filter((key) => key !== "");
  keys.forEach((key, index) => {
    const which = keys.length === 1 ? "the key" : `key ${index + 1} of ${keys.length}`;
    if (key.length < 32) throw new ConfigError(name, `${which} must be at least 32 characters long`);
    // The usual slip when rotating: copying the old key here and forgetting to set the new one.
    if (key === current) throw new ConfigError(name, `${which} is the same as ENCRYPTION_KEY; set ENCRYPTION_KEY to the new key`);
  });
  return keys;
}

/** Parses and validates the environment. Throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env): Config {
  const port = parsePort(env, "PORT", 3000) ?? 3000;
  const dataDir = path.resolve(nonEmpty(env, "DATA_DIR") ?? "./data");
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new ConfigError("DATA_DIR", `cannot create directory ${dataDir} (${(error as Error).message})`);
  }
  const databaseUrl = parseUrl(env, "DATABASE_URL", ["postgres:", "postgresql:"]);
  const publicUrl = (parseUrl(env, "PUBLIC_URL", ["http:", "https:"]) ?? `http://localhost:${port}`).replace(/\/+$/, "");
  const adminEmail = nonEmpty(env, "ADMIN_EMAIL");
  const adminPassword = nonEmpty(env, "ADMIN_PASSWORD");
  if (adminEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(adminEmail)) {
    throw new ConfigError("ADMIN_EMAIL", `"${adminEmail}" is not an email address`);
  }
  if (adminEmail !== undefined && adminPassword === undefined) {
    throw new ConfigError("ADMIN_PASSWORD", "must be set when ADMIN_EMAIL is set");
  }
  if (adminPassword !== undefined && adminEmail === undefined) {
    throw new ConfigError("ADMIN_EMAIL", "must be set when ADMIN_PASSWORD is set");
  }
  if (adminPassword !== undefined && adminPassword.length < 10) {
    throw new ConfigError("ADMIN_PASSWORD", "must be at least 10 characters long");
  }
  const smtpUrl = parseUrl(env, "SMTP_URL", ["smtp:", "smtps:"]);
  const inboundSecret = nonEmpty(env, "INBOUND_SECRET");
  if (inboundSecret !== undefined && inboundSecret.length < 16) {
    throw new ConfigError("INBOUND_SECRET", "must be at least 16 characters long");
  }
  // Why no display name by default: emails then come from the agency's name (Settings → Branding).
  const mailFrom = nonEmpty(env, "MAIL_FROM") ?? `portico@${new URL(publicUrl).hostname}`;
  const sessionSecret = secret(env, "SESSION_SECRET", dataDir);
  const encryptionKey = secret(env, "ENCRYPTION_KEY", dataDir);
  return {
    port,
    host: nonEmpty(env, "HOST") ?? "0.0.0.0",
    dataDir,
    databaseUrl,
    publicUrl,
    adminEmail: adminEmail?.toLowerCase(),
    adminPassword,
    smtpUrl,
    mailFrom,
    inboundSmtpPort: parsePort(env, "INBOUND_SMTP_PORT", undefined),
    inboundSmtpHost: nonEmpty(env, "INBOUND_SMTP_HOST") ?? "127.0.0.1",
    inboundSecret,
    inboundMaxBytes: parsePositiveInt(env, "INBOUND_MAX_MB", 25, 1024) * 1024 * 1024,
    maxUploadBytes: parsePositiveInt(env, "MAX_UPLOAD_MB", 10, 1024) * 1024 * 1024,
    maxFilesPerMessage: parsePositiveInt(env, "MAX_FILES_PER_MESSAGE", 10, 100),
    sessionSecret,
    encryptionKey,
    previousEncryptionKeys: previousKeys(env, "ENCRYPTION_KEY_PREVIOUS", encryptionKey),
    sessionTtlSeconds: 14 * 24 * 3600,
    logLevel: nonEmpty(env, "LOG_LEVEL") ?? "info",
    runWorkers: parseBoolean(env, "RUN_WORKERS", true),
    trustProxy: parseBoolean(env, "TRUST_PROXY", false),
    mailRetryHours: parsePositiveInt(env, "MAIL_RETRY_HOURS", 72, 24 * 30),
    shutdownGraceSeconds: parsePositiveInt(env, "SHUTDOWN_GRACE_SECONDS", 10, 600),
  };
}

/**
 * For commands (the server, `npm run rotate-key`): the configuration, or undefined after printing
 * the one line naming what is wrong, so the command can exit 1.
 */
export function loadConfigOrReport(env: NodeJS.ProcessEnv = process.env): Config | undefined {
  try {
    return loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Invalid configuration: ${error.message}`);
    return undefined;
  }
}

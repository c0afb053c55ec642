import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import webpush from "web-push";

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
  /** Processes serving HTTP (cluster mode above 1); the default is the machine's core count. */
  webConcurrency: number;
  /** How long a secret answer (a one-time code) stays revealable after it is given, then it is purged. */
  askSecretMinutes: number;
  /** Web Push's VAPID key pair (base64url, as the browser's `applicationServerKey` takes the public one). */
  vapidPublicKey: string;
  vapidPrivateKey: string;
  /** Who push services may contact about our pushes: a `mailto:` or `https:` URL. */
  vapidSubject: string;
  /**
   * Push endpoints allowed besides the known push services (`host` or `host:port`, lower case),
   * plain http included: a self-hosted push service, or the tests' stand-in.
   */
  pushAllowedHosts: string[];
  /** Stripe's secret API key (`sk_…` or a restricted `rk_…`); online payment needs it and the webhook secret. */
  stripeSecretKey: string | undefined;
  /** The signing secret of the Stripe webhook endpoint (`whsec_…`): every webhook is checked against it. */
  stripeWebhookSecret: string | undefined;
  /** unset → api.stripe.com; the tests point it at their stand-in (`http://127.0.0.1:PORT`). */
  stripeApiBase: string | undefined;
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

/** A base64url key that decodes to `bytes` bytes (and, for a public key, starts 0x04: an uncompressed point). */
function isVapidKey(value: string, bytes: number): boolean {
  if (!/^[A-Za-z0-9_-]+=*$/.test(value)) return false;
  const raw = Buffer.from(value, "base64url");
  return raw.length === bytes && (bytes !== 65 || raw[0] === 0x04);
}

/**
 * The VAPID key pair that signs every push: VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or generated
 * into DATA_DIR/vapid.json on first start. Browsers subscribe with the public key, so a new key
 * silently orphans every subscription: several instances must share one pair (set it in the env).
 */
function vapidKeys(env: Env, dataDir: string): { publicKey: string; privateKey: string } {
  const publicKey = nonEmpty(env, "VAPID_PUBLIC_KEY");
  const privateKey = nonEmpty(env, "VAPID_PRIVATE_KEY");
  if (publicKey !== undefined || privateKey !== undefined) {
    if (publicKey === undefined) throw new ConfigError("VAPID_PUBLIC_KEY", "must be set when VAPID_PRIVATE_KEY is set");
    if (privateKey === undefined) throw new ConfigError("VAPID_PRIVATE_KEY", "must be set when VAPID_PUBLIC_KEY is set");
    if (!isVapidKey(publicKey, 65)) throw new ConfigError("VAPID_PUBLIC_KEY", "must be a base64url P-256 public key (65 bytes)");
    if (!isVapidKey(privateKey, 32)) throw new ConfigError("VAPID_PRIVATE_KEY", "must be a base64url P-256 private key (32 bytes)");
    return { publicKey, privateKey };
  }
  const file = path.join(dataDir, "vapid.json");
  if (!existsSync(file)) {
    try {
      // 0600: the private key signs pushes as this portal. "wx": a second process starting at the
      // same moment keeps the first one's pair instead of overwriting it.
      writeFileSync(file, `${JSON.stringify(webpush.generateVAPIDKeys())}\n`, { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  let stored: { publicKey?: unknown; privateKey?: unknown };
  try {
    stored = JSON.parse(readFileSync(file, "utf8")) as typeof stored;
  } catch {
    throw new ConfigError("VAPID_PUBLIC_KEY", `${file} is not valid JSON; remove it to generate a new pair, or set the keys`);
  }
  const { publicKey: storedPublic, privateKey: storedPrivate } = stored;
  if (
    typeof storedPublic !== "string" ||
    typeof storedPrivate !== "string" ||
    !isVapidKey(storedPublic, 65) ||
    !isVapidKey(storedPrivate, 32)
  ) {
    throw new ConfigError("VAPID_PUBLIC_KEY", `${file} does not hold a VAPID key pair; remove it to generate a new one, or set the keys`);
  }
  return { publicKey: storedPublic, privateKey: storedPrivate };
}

/**
 * VAPID_SUBJECT, else `mailto:` the MAIL_FROM address (push services accept only mailto: and
 * https: contacts), else an https PUBLIC_URL.
 */
function vapidSubject(env: Env, mailFrom: string, publicUrl: string): string {
  const raw = nonEmpty(env, "VAPID_SUBJECT");
  if (raw !== undefined) {
    if (/^mailto:[^\s@]+@[^\s@]+$/.test(raw)) return raw;
    if (/^https:\/\/[^\s/]+/.test(raw)) return raw;
    throw new ConfigError("VAPID_SUBJECT", `must be a mailto: address or an https: URL, got "${raw}"`);
  }
  const address = mailFrom.match(/<([^>]+)>/)?.[1]?.trim() ?? mailFrom.trim();
  if (/^[^\s@<>]+@[^\s@<>]+$/.test(address)) return `mailto:${address}`;
  if (publicUrl.startsWith("https:")) return publicUrl;
  throw new ConfigError("VAPID_SUBJECT", "must be set (a mailto: address or an https: URL) when MAIL_FROM has no email address");
}

/** PUSH_ALLOWED_HOSTS: comma-separated `host` or `host:port`. */
function pushHosts(env: Env, name: string): string[] {
  const hosts = (nonEmpty(env, name) ?? "")
    .split(",")
    .map((host) => host.trim().toLowerCase())
    .filter((host) => host !== "");
  for (const host of hosts) {
    const port = host.match(/:(\d+)$/)?.[1];
    const hostname = port ? host.slice(0, -port.length - 1) : host;
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)$/.test(hostname) || (port && (Number(port) < 1 || Number(port) > 65535))) {
      throw new ConfigError(name, `"${host}" is not a host or host:port`);
    }
  }
  return hosts;
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

/**
 * STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET: both or neither. With one alone payments could be
 * started but never confirmed (or the other way round), so that is refused at start-up.
 */
function stripeKeys(env: Env): { secretKey: string | undefined; webhookSecret: string | undefined } {
  const secretKey = nonEmpty(env, "STRIPE_SECRET_KEY");
  const webhookSecret = nonEmpty(env, "STRIPE_WEBHOOK_SECRET");
  if (secretKey === undefined && webhookSecret === undefined) return { secretKey, webhookSecret };
  if (secretKey === undefined) throw new ConfigError("STRIPE_SECRET_KEY", "must be set when STRIPE_WEBHOOK_SECRET is set");
  if (webhookSecret === undefined) throw new ConfigError("STRIPE_WEBHOOK_SECRET", "must be set when STRIPE_SECRET_KEY is set");
  // Errors never echo the values: they are secrets.
  if (!/^(sk|rk)_\S+$/.test(secretKey)) throw new ConfigError("STRIPE_SECRET_KEY", "must be a Stripe secret key (sk_… or rk_…)");
  if (!/^whsec_\S+$/.test(webhookSecret)) throw new ConfigError("STRIPE_WEBHOOK_SECRET", "must be a webhook signing secret (whsec_…)");
  return { secretKey, webhookSecret };
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
  const vapid = vapidKeys(env, dataDir);
  const stripe = stripeKeys(env);
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
    webConcurrency: parsePositiveInt(env, "WEB_CONCURRENCY", availableParallelism(), 64),
    askSecretMinutes: parsePositiveInt(env, "ASK_SECRET_MINUTES", 15, 24 * 60),
    vapidPublicKey: vapid.publicKey,
    vapidPrivateKey: vapid.privateKey,
    vapidSubject: vapidSubject(env, mailFrom, publicUrl),
    pushAllowedHosts: pushHosts(env, "PUSH_ALLOWED_HOSTS"),
    stripeSecretKey: stripe.secretKey,
    stripeWebhookSecret: stripe.webhookSecret,
    stripeApiBase: parseUrl(env, "STRIPE_API_BASE", ["http:", "https:"])?.replace(/\/+$/, ""),
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

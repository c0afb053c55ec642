import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

const made: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "portico-config-"));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function problem(env: Record<string, string>): string {
  try {
    loadConfig({ DATA_DIR: dataDir(), ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("starts with zero configuration: port 3000, SQLite, generated secrets kept in DATA_DIR", () => {
    const dir = dataDir();
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({ port: 3000, databaseUrl: undefined, publicUrl: "http://localhost:3000", smtpUrl: undefined });
    expect(config.sessionSecret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(dir, "session_secret.key"), "utf8")).toBe(config.sessionSecret);
    expect(loadConfig({ DATA_DIR: dir }).sessionSecret).toBe(config.sessionSecret);
  });

  it("names the variable and what is wrong with it", () => {
    expect(problem({ PORT: "eighty" })).toBe('PORT: must be a port number between 0 and 65535, got "eighty"');
    expect(problem({ DATABASE_URL: "mysql://x" })).toMatch(/^DATABASE_URL: must start with postgres:/);
    expect(problem({ PUBLIC_URL: "portal.example.com" })).toMatch(/^PUBLIC_URL: is not a valid URL/);
    expect(problem({ ADMIN_EMAIL: "admin@example.com" })).toBe("ADMIN_PASSWORD: must be set when ADMIN_EMAIL is set");
    expect(problem({ ADMIN_EMAIL: "nope", ADMIN_PASSWORD: "long enough pw" })).toMatch(/^ADMIN_EMAIL: "nope" is not an email/);
    expect(problem({ ADMIN_EMAIL: "a@b.co", ADMIN_PASSWORD: "short" })).toMatch(/^ADMIN_PASSWORD: must be at least 10/);
    expect(problem({ SMTP_URL: "http://mail" })).toMatch(/^SMTP_URL: must start with smtp:/);
    expect(problem({ SESSION_SECRET: "tiny" })).toMatch(/^SESSION_SECRET: must be at least 32/);
    expect(problem({ INBOUND_SMTP_PORT: "99999" })).toMatch(/^INBOUND_SMTP_PORT:/);
    expect(problem({ TRUST_PROXY: "maybe" })).toBe('TRUST_PROXY: must be true or false, got "maybe"');
  });

  it("reads older encryption keys from ENCRYPTION_KEY_PREVIOUS, comma-separated, and checks each", () => {
    const current = "c".repeat(40);
    const [older, oldest] = ["o".repeat(32), "p".repeat(44)];
    expect(loadConfig({ DATA_DIR: dataDir() }).previousEncryptionKeys).toEqual([]);
    const config = loadConfig({ DATA_DIR: dataDir(), ENCRYPTION_KEY: current, ENCRYPTION_KEY_PREVIOUS: ` ${older} , ${oldest},` });
    expect(config.previousEncryptionKeys).toEqual([older, oldest]);
    expect(problem({ ENCRYPTION_KEY: "tiny" })).toBe("ENCRYPTION_KEY: must be at least 32 characters long");
    expect(problem({ ENCRYPTION_KEY_PREVIOUS: "short" })).toBe("ENCRYPTION_KEY_PREVIOUS: the key must be at least 32 characters long");
    expect(problem({ ENCRYPTION_KEY_PREVIOUS: `${older},short` })).toBe(
      "ENCRYPTION_KEY_PREVIOUS: key 2 of 2 must be at least 32 characters long",
    );
    expect(problem({ ENCRYPTION_KEY: current, ENCRYPTION_KEY_PREVIOUS: current })).toMatch(
      /^ENCRYPTION_KEY_PREVIOUS: the key is the same as ENCRYPTION_KEY/,
    );
  });

  it("takes Stripe's two keys together or not at all, and an optional API base for the tests' stand-in", () => {
    expect(loadConfig({ DATA_DIR: dataDir() })).toMatchObject({
      stripeSecretKey: undefined,
      stripeWebhookSecret: undefined,
      stripeApiBase: undefined,
    });
    const config = loadConfig({
      DATA_DIR: dataDir(),
      STRIPE_SECRET_KEY: "sk_test_123",
      STRIPE_WEBHOOK_SECRET: "whsec_abc",
      STRIPE_API_BASE: "http://127.0.0.1:4010/",
    });
    expect(config).toMatchObject({
      stripeSecretKey: "sk_test_123",
      stripeWebhookSecret: "whsec_abc",
      stripeApiBase: "http://127.0.0.1:4010",
    });
    expect(problem({ STRIPE_SECRET_KEY: "sk_test_123" })).toBe("STRIPE_WEBHOOK_SECRET: must be set when STRIPE_SECRET_KEY is set");
    expect(problem({ STRIPE_WEBHOOK_SECRET: "whsec_abc" })).toBe("STRIPE_SECRET_KEY: must be set when STRIPE_WEBHOOK_SECRET is set");
    expect(problem({ STRIPE_SECRET_KEY: "pk_test_123", STRIPE_WEBHOOK_SECRET: "whsec_abc" })).toMatch(
      /^STRIPE_SECRET_KEY: must be a Stripe secret key/,
    );
    expect(problem({ STRIPE_SECRET_KEY: "sk_test_123", STRIPE_WEBHOOK_SECRET: "abc" })).toMatch(
      /^STRIPE_WEBHOOK_SECRET: must be a webhook/,
    );
    expect(problem({ STRIPE_API_BASE: "ftp://x" })).toMatch(/^STRIPE_API_BASE: must start with http: or https:/);
  });

  it("trims a trailing slash from PUBLIC_URL so links are built cleanly", () => {
    expect(loadConfig({ DATA_DIR: dataDir(), PUBLIC_URL: "https://portal.example.com/" }).publicUrl).toBe("https://portal.example.com");
  });
});

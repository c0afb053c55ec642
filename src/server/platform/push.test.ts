import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import webpush from "web-push";
import { ConfigError, loadConfig } from "./config";
import { AppError } from "./errors";
import { checkPushEndpoint } from "./push";

/* Web Push's configuration (VAPID keys, subject, allowed hosts) and the endpoint rule, without a server. */

const made: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), "portico-push-"));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function problem(env: Record<string, string>, dir = dataDir()): string {
  try {
    loadConfig({ DATA_DIR: dir, ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("the VAPID keys", () => {
  it("are generated into DATA_DIR/vapid.json (0600) on first start and read back after", () => {
    const dir = dataDir();
    const first = loadConfig({ DATA_DIR: dir });
    expect(Buffer.from(first.vapidPublicKey, "base64url")).toHaveLength(65);
    expect(Buffer.from(first.vapidPrivateKey, "base64url")).toHaveLength(32);
    const file = path.join(dir, "vapid.json");
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ publicKey: first.vapidPublicKey, privateKey: first.vapidPrivateKey });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadConfig({ DATA_DIR: dir });
    expect([again.vapidPublicKey, again.vapidPrivateKey]).toEqual([first.vapidPublicKey, first.vapidPrivateKey]);
  });

  it("come from the environment when set (several instances share one pair), checked and named when wrong", () => {
    const keys = webpush.generateVAPIDKeys();
    const config = loadConfig({ DATA_DIR: dataDir(), VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey });
    expect([config.vapidPublicKey, config.vapidPrivateKey]).toEqual([keys.publicKey, keys.privateKey]);
    expect(problem({ VAPID_PUBLIC_KEY: keys.publicKey })).toBe("VAPID_PRIVATE_KEY: must be set when VAPID_PUBLIC_KEY is set");
    expect(problem({ VAPID_PRIVATE_KEY: keys.privateKey })).toBe("VAPID_PUBLIC_KEY: must be set when VAPID_PRIVATE_KEY is set");
    expect(problem({ VAPID_PUBLIC_KEY: keys.privateKey, VAPID_PRIVATE_KEY: keys.privateKey })).toMatch(
      /^VAPID_PUBLIC_KEY: must be a base64url/,
    );
    expect(problem({ VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: "short" })).toMatch(/^VAPID_PRIVATE_KEY: must be a base64url/);
  });

  it("refuse a damaged vapid.json by name instead of signing with garbage", () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, "vapid.json"), '{"publicKey": "x"}');
    expect(problem({}, dir)).toMatch(/^VAPID_PUBLIC_KEY: .*vapid\.json does not hold a VAPID key pair/);
  });
});

describe("the VAPID subject and allowed hosts", () => {
  it("default to mailto: the MAIL_FROM address", () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).vapidSubject).toBe("mailto:portico@localhost");
    expect(loadConfig({ DATA_DIR: dataDir(), MAIL_FROM: '"Acme" <hello@acme.test>' }).vapidSubject).toBe("mailto:hello@acme.test");
    expect(loadConfig({ DATA_DIR: dataDir(), VAPID_SUBJECT: "https://acme.test/contact" }).vapidSubject).toBe("https://acme.test/contact");
    expect(problem({ VAPID_SUBJECT: "http://acme.test" })).toMatch(/^VAPID_SUBJECT: must be a mailto: address or an https: URL/);
  });

  it("PUSH_ALLOWED_HOSTS takes hosts and host:port, lower-cased, and names a bad entry", () => {
    expect(loadConfig({ DATA_DIR: dataDir() }).pushAllowedHosts).toEqual([]);
    expect(loadConfig({ DATA_DIR: dataDir(), PUSH_ALLOWED_HOSTS: "Push.Example.com, 127.0.0.1:8080" }).pushAllowedHosts).toEqual([
      "push.example.com",
      "127.0.0.1:8080",
    ]);
    expect(problem({ PUSH_ALLOWED_HOSTS: "https://push.example.com" })).toMatch(/^PUSH_ALLOWED_HOSTS: "https:\/\/push.example.com" is not/);
    expect(problem({ PUSH_ALLOWED_HOSTS: "127.0.0.1:99999" })).toMatch(/^PUSH_ALLOWED_HOSTS:/);
  });
});

describe("checkPushEndpoint", () => {
  const refused = (endpoint: string, allowed: string[] = []) => {
    try {
      checkPushEndpoint(endpoint, allowed);
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).field).toBe("endpoint");
      return true;
    }
    return false;
  };

  it("allows the known push services over https, and nothing near them", () => {
    expect(refused("https://fcm.googleapis.com/fcm/send/x")).toBe(false);
    expect(refused("https://updates.push.services.mozilla.com/wpush/v2/x")).toBe(false);
    expect(refused("https://wns2-bl2p.notify.windows.com/w/?token=x")).toBe(false);
    expect(refused("https://web.push.apple.com/x")).toBe(false);
    expect(refused("https://FCM.googleapis.com/fcm/send/x")).toBe(false);
    expect(refused("https://fcm.googleapis.com:443/fcm/send/x")).toBe(false);
    expect(refused("https://evilfcm.googleapis.com.attacker.test/x")).toBe(true);
    expect(refused("https://notfcm.googleapis.com/x")).toBe(true);
    expect(refused("https://fcm.googleapis.com:444/x")).toBe(true);
    expect(refused("http://fcm.googleapis.com/x")).toBe(true);
    expect(refused("https://127.0.0.1/x")).toBe(true);
    expect(refused("https://[::1]/x")).toBe(true);
    expect(refused("file:///etc/passwd")).toBe(true);
  });

  it("allows PUSH_ALLOWED_HOSTS, http included: host:port only that port, host only its default port", () => {
    expect(refused("http://127.0.0.1:8080/push/1", ["127.0.0.1:8080"])).toBe(false);
    expect(refused("http://127.0.0.1:8081/push/1", ["127.0.0.1:8080"])).toBe(true);
    expect(refused("https://push.example.com/x", ["push.example.com"])).toBe(false);
    expect(refused("http://push.example.com/x", ["push.example.com"])).toBe(false);
    expect(refused("https://push.example.com:8443/x", ["push.example.com"])).toBe(true);
    expect(refused("ftp://push.example.com/x", ["push.example.com"])).toBe(true);
  });
});

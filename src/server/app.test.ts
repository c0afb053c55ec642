import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "./app";
import { loadConfig } from "./platform/config";
import { migrateToLatest, openDatabase } from "./platform/db/database";
import { createTestApp, type TestApp } from "./test/harness";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe("the app's edges", () => {
  it("answers /healthz and /readyz", async () => {
    expect((await t.app.inject({ method: "GET", url: "/healthz" })).json()).toEqual({ status: "ok" });
    expect((await t.app.inject({ method: "GET", url: "/readyz" })).json()).toEqual({ status: "ready", database: t.dialect });
  });

  it("answers unknown /api routes with a JSON 404", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/does-not-exist" });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toEqual({ code: "not_found", message: "No API route GET /api/does-not-exist." });
  });

  it("serves an OpenAPI document generated from the route schemas, and its UI", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths["/api/auth/login"].post.requestBody.content["application/json"].schema.required).toEqual(["username", "password"]);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/auth/register", "/api/admin/users", "/api/accounts/{id}"]));
    const ui = await t.app.inject({ method: "GET", url: "/api/docs" });
    expect([200, 302]).toContain(ui.statusCode);
  });

  it("rejects malformed JSON with a 400 that says so", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      headers: { "content-type": "application/json" },
      payload: "{nope",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toMatch(/JSON/);
  });
});

describe("web app fallback and logs", () => {
  it("serves index.html for app routes, and never logs one-time tokens or cookies", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "portico-web-"));
    const webDir = path.join(dataDir, "web");
    mkdirSync(webDir);
    writeFileSync(path.join(webDir, "index.html"), "<!doctype html><title>Portico</title>");
    const lines: string[] = [];
    const logger = pino(
      { level: "info" },
      new Writable({
        write: (chunk, _enc, done) => {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: "info" });
    const database = openDatabase({ dataDir });
    await migrateToLatest(database.db);
    const { app } = await buildApp({ config, database, logger, webDir });
    try {
      for (const url of ["/", "/login", "/admin/users", "/activate?token=secret-token-value-123456"]) {
        const response = await app.inject({ method: "GET", url });
        expect(response.statusCode, url).toBe(200);
        expect(response.body).toContain("<title>Portico</title>");
      }
      await app.inject({
        method: "GET",
        url: "/api/auth/tokens?kind=activation&token=secret-token-value-123456",
        headers: { cookie: "portico_session=secret-cookie" },
      });
      const log = lines.join("");
      expect(log).toContain("/api/auth/tokens?kind=activation&token=[redacted]");
      expect(log).not.toContain("secret-token-value-123456");
      expect(log).not.toContain("secret-cookie");
      expect(log).toMatch(/"reqId":"[0-9a-f-]{36}"/);
    } finally {
      await app.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("security headers", () => {
  /** The app over a built web app (an index.html) with this PUBLIC_URL. */
  async function appAt(publicUrl: string) {
    const dataDir = mkdtempSync(path.join(tmpdir(), "portico-headers-"));
    const webDir = path.join(dataDir, "web");
    mkdirSync(webDir);
    writeFileSync(path.join(webDir, "index.html"), "<!doctype html><title>Portico</title>");
    const config = loadConfig({ DATA_DIR: dataDir, PUBLIC_URL: publicUrl, LOG_LEVEL: "silent" });
    const database = openDatabase({ dataDir });
    await migrateToLatest(database.db);
    const { app } = await buildApp({ config, database, logger: pino({ level: "silent" }), webDir });
    return {
      app,
      async close() {
        await app.close();
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }

  it("gives every page a policy with no inline script and no framing, and every answer nosniff and a referrer policy", async () => {
    const portal = await appAt("http://portal.test");
    try {
      for (const url of ["/", "/login", "/tickets/123", "/index.html"]) {
        const page = await portal.app.inject({ method: "GET", url });
        expect(page.headers["content-type"], url).toMatch(/^text\/html/);
        const csp = String(page.headers["content-security-policy"]);
        expect(csp, url).toContain("script-src 'self'");
        expect(csp, url).not.toMatch(/script-src[^;]*'unsafe-inline'/);
        expect(csp, url).toContain("frame-ancestors 'none'");
        expect(csp, url).toContain("object-src 'none'");
        expect(page.headers["x-content-type-options"], url).toBe("nosniff");
        expect(page.headers["referrer-policy"], url).toBe("strict-origin-when-cross-origin");
        expect(page.headers["strict-transport-security"], url).toBeUndefined();
      }
      const api = await portal.app.inject({ method: "GET", url: "/api/auth/session" });
      expect(api.headers["x-content-type-options"]).toBe("nosniff");
      // The API docs keep their own policy (hashes for their scripts), never framed either.
      const docs = await portal.app.inject({ method: "GET", url: "/api/docs" });
      expect(docs.statusCode).toBe(200);
      const docsCsp = String(docs.headers["content-security-policy"]);
      expect(docsCsp).toContain("frame-ancestors 'none'");
      expect(docsCsp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(docsCsp).not.toContain("upgrade-insecure-requests");
    } finally {
      await portal.close();
    }
  });

  it("sends HSTS when the portal is served over https", async () => {
    const portal = await appAt("https://portal.example.com");
    try {
      const page = await portal.app.inject({ method: "GET", url: "/" });
      expect(page.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    } finally {
      await portal.close();
    }
  });
});

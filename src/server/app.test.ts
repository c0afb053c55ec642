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

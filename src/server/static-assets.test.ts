import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIN_COMPRESS_BYTES, precompressDir } from "../../scripts/precompress";
import { createTestApp, type TestApp } from "./test/harness";

const IMMUTABLE = "public, max-age=31536000, immutable";
/** Over MIN_COMPRESS_BYTES, as the real one is: the build writes its .br/.gz too. */
const INDEX_HTML = `<!doctype html><title>Portico</title>${'<link rel="modulepreload" href="/assets/app-abc123.js">'.repeat(30)}`;
/** Big and repetitive enough that both encodings are far smaller than the original. */
const APP_JS = Array.from({ length: 400 }, (_, i) => `export const value${i} = "a line of the web app, number ${i}";`).join("\n");

/** A dist/web as `vite build` leaves it: an index.html, a hashed script, its .br/.gz copies. */
async function buildFakeWebDir(): Promise<string> {
  const webDir = mkdtempSync(path.join(tmpdir(), "portico-static-"));
  mkdirSync(path.join(webDir, "assets"));
  writeFileSync(path.join(webDir, "index.html"), INDEX_HTML);
  writeFileSync(path.join(webDir, "assets", "app-abc123.js"), APP_JS);
  writeFileSync(path.join(webDir, "sw.js"), "self.addEventListener('fetch', () => {});");
  await precompressDir(webDir);
  return webDir;
}

describe("precompressDir", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await buildFakeWebDir();
    writeFileSync(path.join(dir, "assets", "picture.png"), Buffer.alloc(4 * MIN_COMPRESS_BYTES));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes .br and .gz beside a text asset, each decompressing to the original", () => {
    const file = path.join(dir, "assets", "app-abc123.js");
    expect(brotliDecompressSync(readFileSync(`${file}.br`)).toString()).toBe(APP_JS);
    expect(gunzipSync(readFileSync(`${file}.gz`)).toString()).toBe(APP_JS);
    expect(readFileSync(`${file}.br`).length).toBeLessThan(readFileSync(`${file}.gz`).length);
  });

  it("skips files under the size threshold and formats that are not text", async () => {
    // sw.js here is smaller than MIN_COMPRESS_BYTES.
    expect(existsSync(path.join(dir, "sw.js.br"))).toBe(false);
    expect(existsSync(path.join(dir, "sw.js.gz"))).toBe(false);
    const results = await precompressDir(dir);
    expect(results.map((result) => path.basename(result.file)).sort()).toEqual(["app-abc123.js", "index.html"]);
    expect(existsSync(path.join(dir, "assets", "picture.png.br"))).toBe(false);
  });

  it("does not keep a compressed copy that is not smaller", async () => {
    const noise = mkdtempSync(path.join(tmpdir(), "portico-noise-"));
    try {
      // Random bytes do not compress: the copies would be larger than the file.
      writeFileSync(path.join(noise, "random.txt"), crypto.getRandomValues(new Uint8Array(8 * MIN_COMPRESS_BYTES)));
      const [result] = await precompressDir(noise);
      expect(result).toMatchObject({ br: false, gz: false });
      expect(existsSync(path.join(noise, "random.txt.br"))).toBe(false);
      expect(existsSync(path.join(noise, "random.txt.gz"))).toBe(false);
    } finally {
      rmSync(noise, { recursive: true, force: true });
    }
  });
});

describe("serving the built web app", () => {
  let t: TestApp;
  let webDir: string;
  beforeAll(async () => {
    webDir = await buildFakeWebDir();
    t = await createTestApp({}, { webDir });
  });
  afterAll(async () => {
    await t.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: "GET", url, headers });

  it("sends the brotli copy to a browser that accepts br", async () => {
    const response = await get("/assets/app-abc123.js", { "accept-encoding": "gzip, deflate, br, zstd" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-encoding"]).toBe("br");
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.headers["content-type"]).toMatch(/^(text|application)\/javascript/);
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(APP_JS);
  });

  it("sends the gzip copy when only gzip is accepted", async () => {
    const response = await get("/assets/app-abc123.js", { "accept-encoding": "gzip" });
    expect(response.headers["content-encoding"]).toBe("gzip");
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(gunzipSync(response.rawPayload).toString()).toBe(APP_JS);
  });

  it("sends the file itself without Accept-Encoding", async () => {
    const response = await get("/assets/app-abc123.js");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-encoding"]).toBeUndefined();
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.body).toBe(APP_JS);
  });

  it("lets browsers keep hashed assets for a year", async () => {
    for (const encoding of ["br", "gzip", "identity"]) {
      const response = await get("/assets/app-abc123.js", { "accept-encoding": encoding });
      expect(response.headers["cache-control"], encoding).toBe(IMMUTABLE);
    }
  });

  it("answers a range request on an asset with the bytes asked for", async () => {
    const response = await get("/assets/app-abc123.js", { range: "bytes=0-9" });
    expect(response.statusCode).toBe(206);
    expect(response.headers["content-range"]).toBe(`bytes 0-9/${Buffer.byteLength(APP_JS)}`);
    expect(response.body).toBe(APP_JS.slice(0, 10));
  });

  it("does not serve the compressed copies as files of their own", async () => {
    const response = await get("/assets/app-abc123.js.br");
    // The SPA fallback: index.html, not brotli bytes.
    expect(response.body).toBe(INDEX_HTML);
  });

  it("answers a hashed name that is not there with the SPA fallback, like any unknown path", async () => {
    const response = await get("/assets/app-old999.js");
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(INDEX_HTML);
    expect(response.headers["cache-control"]).toBe("no-cache");
  });

  it("revalidates index.html, the SPA fallback and the service worker on every visit", async () => {
    for (const url of ["/index.html", "/some/page", "/login", "/sw.js"]) {
      const response = await get(url, { "accept-encoding": "br, gzip" });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers["cache-control"], url).toBe("no-cache");
    }
    const fallback = await get("/some/page");
    expect(fallback.headers["content-type"]).toMatch(/^text\/html/);
    expect(fallback.body).toBe(INDEX_HTML);
  });

  it("sends the SPA fallback compressed too, when the browser accepts it", async () => {
    const response = await get("/some/page", { "accept-encoding": "br" });
    expect(response.headers["content-encoding"]).toBe("br");
    expect(response.headers["content-type"]).toMatch(/^text\/html/);
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(response.rawPayload).toString()).toBe(INDEX_HTML);
  });
});

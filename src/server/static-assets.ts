import path from "node:path";
import type { FastifyStaticOptions } from "@fastify/static";

/** Hashed names (Vite's /assets/*): a release brings new names, so a browser keeps these for a year unasked. */
const IMMUTABLE = "public, max-age=31536000, immutable";
/**
 * Everything else — index.html (which names the current hashes), sw.js (checked on every visit,
 * so a release takes over at once), icons — is revalidated each time: a 304 when unchanged.
 */
const REVALIDATE = "no-cache";

/**
 * How the built web app (dist/web) is served: each file from its own route (no wildcard, so
 * unknown paths reach the SPA fallback), the .br/.gz that the build wrote beside it
 * (scripts/precompress.ts) when the browser accepts one, and a cache policy by path. The same
 * headers apply to `reply.sendFile("index.html")` in the not-found handler.
 */
export function staticAssetOptions(webDir: string): FastifyStaticOptions {
  const root = path.resolve(webDir);
  const assetsDir = path.join(root, "assets") + path.sep;
  return {
    root,
    wildcard: false,
    index: false,
    // Brotli, then gzip, then the file itself, by the request's Accept-Encoding.
    preCompressed: true,
    // The compressed copies are not pages of their own; they are only sent in place of the original.
    globIgnore: ["**/*.br", "**/*.gz"],
    // Set below by path instead of one maxAge for every file.
    cacheControl: false,
    setHeaders: (res, filePath) => {
      res.setHeader("cache-control", filePath.startsWith(assetsDir) ? IMMUTABLE : REVALIDATE);
      // A cache must not hand a brotli body to a browser that asked without br (or the reverse).
      res.setHeader("vary", "Accept-Encoding");
    },
  };
}

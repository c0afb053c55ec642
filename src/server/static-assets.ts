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
 * How the built web app (dist/web) is served, in two registrations: Vite's hashed files under
 * /assets/ by one wildcard route, and the few files at the top (index.html, sw.js, icons) each
 * by its own route, so any other path reaches the SPA fallback. (A route per hashed file made
 * the router compile some 500 routes at every start-up, ~40 ms.) A file is sent as the .br/.gz
 * the build wrote beside it (scripts/precompress.ts) when the browser accepts one, with a cache
 * policy by path; a name that is not there falls through to the not-found handler, like any
 * unknown path. The top registration also decorates `reply.sendFile`, which the not-found
 * handler uses for index.html with the same headers.
 */
export function staticAssetOptions(webDir: string): { assets: FastifyStaticOptions; top: FastifyStaticOptions } {
  const root = path.resolve(webDir);
  const shared = {
    index: false,
    // Brotli, then gzip, then the file itself, by the request's Accept-Encoding.
    preCompressed: true,
    // Set by path instead of one maxAge for every file.
    cacheControl: false,
  } satisfies Partial<FastifyStaticOptions>;
  const headers = (cacheControl: string) => (res: { setHeader(name: string, value: string): unknown }) => {
    res.setHeader("cache-control", cacheControl);
    // A cache must not hand a brotli body to a browser that asked without br (or the reverse).
    res.setHeader("vary", "Accept-Encoding");
  };
  return {
    assets: {
      ...shared,
      root: path.join(root, "assets"),
      prefix: "/assets/",
      wildcard: true,
      // The compressed copies are not files of their own: they are only sent in place of the original.
      allowedPath: (pathName) => !/\.(br|gz)$/.test(pathName),
      decorateReply: false,
      setHeaders: headers(IMMUTABLE),
    },
    top: {
      ...shared,
      root,
      wildcard: false,
      // The compressed copies are not pages of their own, and /assets/ has its own route.
      globIgnore: ["**/*.br", "**/*.gz", "assets/**"],
      setHeaders: headers(REVALIDATE),
    },
  };
}

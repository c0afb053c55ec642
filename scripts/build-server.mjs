// `npm run build` (second half): compiles the server's TypeScript into plain JavaScript under
// dist/server, so `npm start` runs no TypeScript loader (tsx compiling every file at start-up
// was half of the start time). One bundle per entry point, with the npm packages inside it:
// loading a few hundred package files one by one was most of what remained of a cold start.
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The programs the server ships: the portal itself and its command-line tools. */
export const SERVER_ENTRIES = {
  main: "src/server/main.ts",
  "rotate-key": "src/server/cli/rotate-key.ts",
};

/**
 * Packages loaded from node_modules as usual: native code (better-sqlite3), packages that read
 * their own files next to their code (pdfkit's fonts, swagger's package.json and UI assets), and
 * the large optional ones the server loads only when it needs them (Stripe, the mail parser).
 */
const OUTSIDE_THE_BUNDLE = ["better-sqlite3", "pdfkit", "@fastify/swagger", "@fastify/swagger-ui", "stripe", "mailparser", "pg-native"];

export async function buildServer() {
  // Chunks are named by their hash: without this every build would leave the last one's behind.
  rmSync(path.join(root, "dist/server"), { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: SERVER_ENTRIES,
    outdir: "dist/server",
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: OUTSIDE_THE_BUNDLE,
    // The bundled CommonJS packages call require() for Node's own modules.
    banner: {
      js: 'import { createRequire as portico_createRequire } from "node:module"; const require = portico_createRequire(import.meta.url);',
    },
    // What main.ts imports on demand (the cluster primary, or the serving app) is a chunk of its
    // own, so a cluster's primary never loads the app; the entry points share chunks too.
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    sourcemap: "linked",
    // Stack traces keep the functions' real names (and the source maps point at the TypeScript).
    keepNames: true,
    // Whitespace and syntax only, the names stay: a process holds its modules' source text in
    // memory (8 MB for the serving chunk as written) and compiles it at every start.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: "warning",
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  await buildServer();
  console.log(`Built the server into dist/server in ${Date.now() - started} ms`);
}

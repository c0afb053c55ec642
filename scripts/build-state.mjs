// What `npm run build` makes, from which sources: `npm start` rebuilds what is stale, and the
// browser tests and drills refuse to run a build older than its sources.
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const BUILDS = [
  {
    name: "the web app",
    output: "dist/web/index.html",
    sources: ["src/web", "src/common", "vite.config.ts", "scripts/precompress.ts"],
    command: ["npx", "vite", "build"],
  },
  {
    name: "the server",
    output: "dist/server/main.js",
    sources: ["src/server", "src/common", "scripts/build-server.mjs", "package-lock.json"],
    command: [process.execPath, "scripts/build-server.mjs"],
  },
];

/** Tests and their helpers live beside the sources but are not part of any build. */
const NOT_BUILT = /\.test\.tsx?$|^test$/;

/** The newest file at or below `target` that a build reads: { file, mtimeMs }, or undefined when there is none. */
function newestFile(target) {
  if (!existsSync(target)) return undefined;
  const stat = statSync(target);
  if (!stat.isDirectory()) return { file: target, mtimeMs: stat.mtimeMs };
  let newest;
  for (const entry of readdirSync(target)) {
    if (NOT_BUILT.test(entry)) continue;
    const candidate = newestFile(path.join(target, entry));
    if (candidate && (!newest || candidate.mtimeMs > newest.mtimeMs)) newest = candidate;
  }
  return newest;
}

/** Why `build` must run again (its output is missing or older than a source), or undefined. */
export function staleBecause({ output, sources }) {
  const built = path.join(ROOT, output);
  if (!existsSync(built)) return `${path.dirname(output)} is missing`;
  const builtAt = statSync(built).mtimeMs;
  for (const source of sources) {
    const newest = newestFile(path.join(ROOT, source));
    if (newest && newest.mtimeMs > builtAt) return `${path.relative(ROOT, newest.file)} changed since the last build`;
  }
  return undefined;
}

/** Why the build cannot be run as it is (what is stale, and what to run), or undefined. */
export function buildProblem() {
  for (const step of BUILDS) {
    const stale = staleBecause(step);
    if (stale) return `${stale}: run \`npm run build\` first`;
  }
  return undefined;
}

// `npm start`: builds the web app when its sources are newer than dist/web, then runs the
// server in a child process, forwarding SIGTERM/SIGINT and exiting with the child's code.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { constants } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const builtIndex = path.join(root, "dist/web/index.html");
const webSources = ["src/web", "src/common", "vite.config.ts"].map((p) => path.join(root, p));

/** The newest file at or below `target`: { file, mtimeMs }, or undefined when there is none. */
function newestFile(target) {
  if (!existsSync(target)) return undefined;
  const stat = statSync(target);
  if (!stat.isDirectory()) return { file: target, mtimeMs: stat.mtimeMs };
  let newest;
  for (const entry of readdirSync(target)) {
    const candidate = newestFile(path.join(target, entry));
    if (candidate && (!newest || candidate.mtimeMs > newest.mtimeMs)) newest = candidate;
  }
  return newest;
}

function buildReason() {
  if (!existsSync(builtIndex)) return "dist/web is missing";
  const builtAt = statSync(builtIndex).mtimeMs;
  for (const source of webSources) {
    const newest = newestFile(source);
    if (newest && newest.mtimeMs > builtAt) return `${path.relative(root, newest.file)} changed since the last build`;
  }
  return undefined;
}

const reason = buildReason();
if (reason) {
  console.log(`Building the web app (${reason})…`);
  const build = spawnSync("npx", ["vite", "build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) {
    console.error("The web app failed to build; not starting the server.");
    process.exit(build.status ?? 1);
  }
}

const server = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], { cwd: root, stdio: "inherit", env: process.env });
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => server.kill(signal));
}
server.on("exit", (code, signal) => {
  // Killed by a signal: exit the way a shell reports it (128 + signal number).
  process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
});

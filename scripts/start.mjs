// `npm start`: builds the web app and the server when their sources are newer than their build,
// then runs the compiled server (plain JavaScript, no TypeScript loader) in this process.
import { spawnSync } from "node:child_process";
import cluster from "node:cluster";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { BUILDS, ROOT, staleBecause } from "./build-state.mjs";

// A cluster's workers run this file again: the primary has built what was stale already.
for (const step of cluster.isPrimary ? BUILDS : []) {
  const reason = staleBecause(step);
  if (!reason) continue;
  console.log(`Building ${step.name} (${reason})…`);
  const [command, ...args] = step.command;
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`Building ${step.name} failed; not starting the server.`);
    process.exit(result.status ?? 1);
  }
}

// Stack traces name the bundle's lines; NODE_OPTIONS=--enable-source-maps points them at the
// TypeScript sources, at the price of ~15 MiB per process for the parsed maps.
await import(pathToFileURL(path.join(ROOT, "dist/server/main.js")).href);

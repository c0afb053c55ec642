// `npm test`: runs every tier (lint, typecheck, build, tests on SQLite and PostgreSQL, browser
// tests), then prints one line per tier and `N passed, M failed`. All tiers run even when one
// fails. Under CI=true or REQUIRE_ALL_TIERS=1 a skipped tier counts as a failure.
//   node scripts/test.mjs --only=sqlite,pg    runs a subset (lint, typecheck, build, snapshots, sqlite, pg, drill, e2e)
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const requireAll = process.env.CI === "true" || process.env.REQUIRE_ALL_TIERS === "1";
const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

function envWithout(name) {
  const env = { ...process.env };
  delete env[name];
  return env;
}

/** Each tier: a command, and optionally why it cannot run on this machine. */
const tiers = [
  { id: "lint", title: "lint (biome)", command: ["npx", "biome", "check", "."] },
  { id: "typecheck", title: "typecheck (tsc)", command: ["npx", "tsc", "--noEmit", "-p", "tsconfig.json"] },
  { id: "build", title: "build (web app and server)", command: ["npm", "run", "build"] },
  { id: "snapshots", title: "SQL snapshots up to date", command: ["npx", "tsx", "scripts/sql-snapshots.ts", "--check"] },
  { id: "sqlite", title: "tests on SQLite", command: ["npx", "vitest", "run"], env: envWithout("TEST_DATABASE_URL") },
  {
    id: "pg",
    title: "tests on PostgreSQL",
    command: ["npx", "vitest", "run"],
    skip: () => (process.env.TEST_DATABASE_URL ? undefined : "TEST_DATABASE_URL is not set"),
  },
  {
    // Fixed seed, so a failure here reproduces with the same command; PostgreSQL only when the pg tier runs too.
    id: "drill",
    title: "drills: fuzz and hostile mail (bounded, seeded)",
    command: [
      "npx",
      "tsx",
      "drill/run.ts",
      "--only",
      "fuzz,mime",
      "--bounded",
      "--seed",
      "20261202",
      "--db",
      process.env.TEST_DATABASE_URL ? "sqlite,postgres" : "sqlite",
    ],
  },
  {
    id: "e2e",
    title: "browser tests",
    command: ["npx", "vitest", "run", "--config", "e2e/vitest.config.ts"],
    skip: () => (existsSync(chromiumPath) ? undefined : `Chromium not found at ${chromiumPath} (apt-get install -y chromium)`),
  },
];

const onlyArg = process.argv.slice(2).find((arg) => arg.startsWith("--only="));
const known = new Set(tiers.map((t) => t.id));
const only = onlyArg ? onlyArg.slice("--only=".length).split(",").filter(Boolean) : undefined;
const unknown = (only ?? []).filter((id) => !known.has(id));
if (unknown.length > 0) {
  console.error(`Unknown tier(s): ${unknown.join(", ")}. Known tiers: ${[...known].join(", ")}.`);
  process.exit(2);
}
const selected = only ? tiers.filter((t) => only.includes(t.id)) : tiers;

const results = [];
for (const tier of selected) {
  const skipReason = tier.skip?.();
  if (skipReason) {
    const failed = requireAll;
    console.log(`\n=== ${tier.title}: skipped — ${skipReason}${failed ? " (every tier is required under CI)" : ""}`);
    results.push({ tier, status: failed ? "FAILED" : "skipped", detail: `skipped — ${skipReason}` });
    continue;
  }
  console.log(`\n=== ${tier.title}: ${tier.command.join(" ")}`);
  const started = Date.now();
  const run = spawnSync(tier.command[0], tier.command.slice(1), { cwd: root, stdio: "inherit", env: tier.env ?? process.env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const passed = run.status === 0;
  const why = run.error ? ` (${run.error.message})` : run.signal ? ` (killed by ${run.signal})` : "";
  results.push({ tier, status: passed ? "passed" : "FAILED", detail: `${passed ? "passed" : `FAILED${why}`} in ${seconds} s` });
}

const width = Math.max(...results.map((r) => r.tier.title.length));
console.log("\nSummary");
for (const { tier, status, detail } of results) {
  const text = status === "FAILED" && detail.startsWith("skipped") ? `FAILED (${detail}; required under CI)` : detail;
  console.log(`  ${tier.title.padEnd(width)}  ${text}`);
}
const passedCount = results.filter((r) => r.status === "passed").length;
const failedCount = results.filter((r) => r.status === "FAILED").length;
console.log(`${passedCount} passed, ${failedCount} failed`);
process.exit(failedCount > 0 ? 1 : 0);

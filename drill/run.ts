/**
 * `npm run drill`: the outside drills, run against a real started server on SQLite and on
 * PostgreSQL — kill -9 under load (crash), a long SMTP outage (mail), PostgreSQL connection cuts
 * (pg), a schema-driven fuzz of the OpenAPI document (fuzz) and a hostile MIME corpus (mime).
 * Not a test: it prints figures per drill and database, a ✓ or ✗ per goal, and exits 1 when any
 * goal is missed. `--bounded --only fuzz,mime` is the CI tier (scripts/test.mjs).
 */
import { pathToFileURL } from "node:url";
import { type DrillDialect, type DrillOptions, type DrillResult, postgresReachable, postgresServerUrl } from "./server";

/** One goal of a drill, printed with ✓ or ✗ (a drill without goals is judged by its failures alone). */
export type DrillGoal = NonNullable<DrillResult["goals"]>[number];
export type { DrillOptions, DrillResult };

type DrillModule = { drill(options: DrillOptions): Promise<DrillResult> };

/** Each drill is a module of its own, loaded only when selected. */
const DRILLS: Record<string, () => Promise<DrillModule>> = {
  crash: () => import("./crash"),
  mail: () => import("./mail-outage"),
  pg: () => import("./pg-cut"),
  fuzz: () => import("./fuzz"),
  mime: () => import("./mime"),
};
/** Drills that only mean something on one database. */
const ONLY_ON: Partial<Record<string, DrillDialect>> = { pg: "postgres" };
const DIALECTS: DrillDialect[] = ["sqlite", "postgres"];
const LABEL: Record<DrillDialect, string> = { sqlite: "SQLite", postgres: "PostgreSQL" };

const USAGE = `Usage: npm run drill -- [options]
  --only a,b         drills to run: ${Object.keys(DRILLS).join(", ")} (default all)
  --db a,b           databases: sqlite, postgres (default both; PostgreSQL on DRILL_DATABASE_URL,
                     else TEST_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres)
  --seed N           the random seed (default random; always printed, pass it to repeat a run)
  --bounded          the CI size (fewer requests, smaller messages, same goals)`;

export interface RunOptions {
  only: string[];
  dbs: DrillDialect[];
  seed: number;
  bounded: boolean;
}

class UsageError extends Error {}

function list(flag: string, value: string, known: readonly string[]): string[] {
  const parts = value
    .split(",")
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
  const unknown = parts.filter((part) => !known.includes(part));
  if (parts.length === 0 || unknown.length > 0) {
    throw new UsageError(`${flag} takes a comma-separated list of ${known.join(", ")}; got "${value}"`);
  }
  return [...new Set(parts)];
}

/** Parses `--name value` and `--name=value`. */
export function parseRunOptions(argv: string[]): RunOptions {
  const options: RunOptions = {
    only: Object.keys(DRILLS),
    dbs: [...DIALECTS],
    seed: Math.floor(Math.random() * 2 ** 31),
    bounded: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") throw new UsageError("");
    if (arg === "--bounded") {
      options.bounded = true;
      continue;
    }
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (!["--only", "--db", "--seed"].includes(flag)) throw new UsageError(`unknown option ${flag}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    if (flag === "--only") options.only = list(flag, value, Object.keys(DRILLS));
    else if (flag === "--db") options.dbs = list(flag, value, DIALECTS) as DrillDialect[];
    else {
      const seed = Number(value);
      if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32)
        throw new UsageError(`--seed must be a whole number from 0 to 2^32-1, got "${value}"`);
      options.seed = seed;
    }
  }
  return options;
}

const formatFigure = (value: number | string) => (typeof value === "number" && !Number.isInteger(value) ? value.toFixed(2) : String(value));

function printBlock(result: DrillResult, dialect: DrillDialect, seconds: number): void {
  console.log(`\n── ${result.name} on ${LABEL[dialect]} (${seconds.toFixed(1)} s)`);
  const names = Object.keys(result.figures);
  const width = Math.max(0, ...names.map((name) => name.length));
  for (const name of names) console.log(`  ${name.padEnd(width)}  ${formatFigure(result.figures[name]!)}`);
  for (const goal of result.goals ?? []) console.log(`  ${goal.met ? "✓" : "✗"} ${goal.text}`);
  if (!result.goals?.length && result.failures.length === 0) console.log("  ✓ no failures");
  if (result.failures.length > 0) {
    console.log(`  ${result.failures.length} failure${result.failures.length === 1 ? "" : "s"}:`);
    for (const failure of result.failures) console.log(`  ✗ ${failure.replace(/\n/g, "\n    ")}`);
  }
}

/** Runs every selected drill on every selected database; true when every goal was met. */
export async function runDrills(options: RunOptions): Promise<boolean> {
  const requireAll = process.env.CI === "true";
  console.log(
    `Drills: ${options.only.join(", ")} on ${options.dbs.map((d) => LABEL[d]).join(" and ")}` +
      `${options.bounded ? " (bounded)" : ""}, seed ${options.seed} (repeat with --seed ${options.seed})`,
  );
  const summary: { line: string; ok: boolean }[] = [];
  for (const dialect of options.dbs) {
    if (dialect === "postgres" && !(await postgresReachable())) {
      const where = new URL(postgresServerUrl());
      where.password = "";
      const line = `PostgreSQL: skipped — no server answers at ${where.toString()} (set DRILL_DATABASE_URL)`;
      console.log(`\n${line}${requireAll ? " (a failure under CI=true)" : ""}`);
      summary.push({ line, ok: !requireAll });
      continue;
    }
    for (const name of options.only) {
      const only = ONLY_ON[name];
      if (only && only !== dialect) continue;
      const started = Date.now();
      const log = (line: string) => console.log(`  [${name}/${dialect}] ${line}`);
      let result: DrillResult;
      try {
        const module = await DRILLS[name]!();
        result = await module.drill({ dialect, seed: options.seed, bounded: options.bounded, log });
      } catch (error) {
        // A drill that cannot run is a failure of the run, stated with its cause.
        const why = error instanceof Error ? (error.stack ?? error.message) : String(error);
        result = { name, figures: {}, failures: [`the drill could not run: ${why}`] };
      }
      const seconds = (Date.now() - started) / 1000;
      printBlock(result, dialect, seconds);
      const missed = result.failures.length + (result.goals ?? []).filter((g) => !g.met).length;
      summary.push({
        line: `${result.name} on ${LABEL[dialect]}: ${missed === 0 ? "passed" : `FAILED (${result.failures.length} failures)`} in ${seconds.toFixed(1)} s`,
        ok: missed === 0,
      });
    }
  }
  console.log("\nSummary");
  for (const { line } of summary) console.log(`  ${line}`);
  const failed = summary.filter((s) => !s.ok).length;
  console.log(`${summary.length - failed} passed, ${failed} failed (seed ${options.seed})`);
  return failed === 0;
}

/** Imported for its types by the drills; runs only as the entry point. */
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let options: RunOptions;
  try {
    options = parseRunOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) console.error(`drill: ${error.message}\n`);
    console.error(USAGE);
    process.exit(error.message ? 2 : 0);
  }
  runDrills(options).then(
    (ok) => process.exit(ok ? 0 : 1),
    (error: unknown) => {
      console.error(`drill failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exit(1);
    },
  );
}

/**
 * `npm run bench`: seeds a realistic dataset, starts the real app (and a bare Fastify route as
 * the baseline) in this process, and measures each scenario with autocannon from a separate
 * load-generator process. A benchmark, not a test: it prints numbers; it fails only when the
 * numbers would be meaningless (too many non-2xx responses or connection errors).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { sql } from "kysely";
import { STAGES } from "../src/common/board";
import { buildApp, createLogger } from "../src/server/app";
import { loadConfig } from "../src/server/platform/config";
import { timeBoardPage } from "./browser";
import { type BenchDatabase, openBenchDatabase } from "./database";
import {
  AFTER_CHANGE_STEP,
  afterChangeGoal,
  boardPageGoals,
  initialJsGoals,
  LIGHTHOUSE_NOT_MEASURED,
  printStartUp,
  startUpGoals,
  timeBoardAfterChange,
} from "./goals";
import { measureInitialJs } from "./initial-js";
import { checkInvoiceNumbers, INVOICE_NUMBERS_STEP_NAME } from "./invoice-numbers";
import { runLoad } from "./load";
import { type BenchOptions, parseOptions, UsageError } from "./options";
import { type RunningPortal, startPortal, timeStartUp } from "./portal";
import {
  describeBoard,
  describeInvoices,
  type GoalRow,
  printGoals,
  printInvoiceNumbersReport,
  printReport,
  printStreamReport,
  type ScenarioOutcome,
  scenarioGoalRows,
  streamFailures,
} from "./report";
import { type BenchEnv, scenarios } from "./scenarios";
import { BENCH_PASSWORD, seed } from "./seed";
import { seedInvoices } from "./seed-invoices";
import { seedJourney } from "./seed-journey";
import { seedTasks } from "./seed-tasks";
import { seedTickets } from "./seed-tickets";
import { benchAskToStream, STREAM_SCENARIO_NAME } from "./stream";

/** More non-2xx than this and the scenario measured error handling, not the endpoint. */
const MAX_NON_2XX_RATIO = 0.01;

const origin = (app: FastifyInstance) => {
  const address = app.server.address();
  if (address === null || typeof address === "string") throw new Error("server has no TCP address");
  return `http://127.0.0.1:${address.port}`;
};

async function login(appOrigin: string, username: string): Promise<Record<string, string>> {
  const response = await fetch(`${appOrigin}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login as ${username} failed: ${response.status} ${await response.text()}`);
  const session = response.headers.getSetCookie().find((c) => c.startsWith("portico_session="));
  if (!session) throw new Error(`login as ${username} set no portico_session cookie`);
  const body = (await response.json()) as { data: { csrfToken: string } };
  return { cookie: session.split(";")[0]!, "x-csrf-token": body.data.csrfToken };
}

async function bench(options: BenchOptions): Promise<boolean> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "portico-bench-"));
  let database: BenchDatabase | undefined;
  let portal: (RunningPortal & { startMs: number }) | undefined;
  const servers: FastifyInstance[] = [];
  try {
    database = await openBenchDatabase(options.db, dataDir);
    console.log(`Database: ${database.label}`);
    const dataset = await seed(database.handle.db, options);
    const ticketsStarted = Date.now();
    const tickets = await seedTickets(database.handle.db, options.tickets);
    console.log(`Seeded ${tickets} support tickets in ${((Date.now() - ticketsStarted) / 1000).toFixed(1)} s`);
    const board = await seedTasks(database.handle.db, {
      boardAccountId: dataset.accountIds[0]!,
      boardAccountTasks: options.boardTasks,
      perOtherAccount: options.tasksPerAccount,
    });
    console.log(
      `Seeded ${board.tasks} work-request tasks (${describeBoard(board)} on the measured board) in ${board.seconds.toFixed(1)} s`,
    );
    const invoices = await seedInvoices(database.handle.db, {
      accountId: dataset.accountIds[0]!,
      invoices: options.invoices,
      perOtherAccount: 2,
    });
    console.log(
      `Seeded ${invoices.invoices} invoices, ${invoices.lines} lines, ${invoices.payments} payments ` +
        `(${describeInvoices(invoices)} in the first client's account) in ${invoices.seconds.toFixed(1)} s`,
    );
    // A live PostgreSQL has planner statistics (autovacuum analyzes); a freshly filled one does
    // not yet, and would be measured with bad plans. SQLite has none unless the app runs ANALYZE.
    if (database.handle.dialect === "postgres") await sql`analyze`.execute(database.handle.db);
    console.log(
      `Seeded ${dataset.accounts} client accounts, ${dataset.clients} client contacts, ${dataset.agents} agents ` +
        `(${dataset.assignments} assignments), ${dataset.admins} admin, ${dataset.events} events in ${dataset.seconds.toFixed(1)} s`,
    );

    const config = loadConfig({
      DATA_DIR: dataDir,
      PUBLIC_URL: "http://127.0.0.1",
      LOG_LEVEL: "silent",
      RUN_WORKERS: "false",
      ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    });
    // In this process: the app the live-stream step measures (it reads the hub's own counters).
    const { app, realtime } = await buildApp({ config, database: database.handle, logger: createLogger("silent") });
    servers.push(app);
    await app.listen({ port: 0, host: "127.0.0.1" });
    // Every other scenario measures the portal as `npm start` runs it: the compiled server, in
    // cluster mode with --processes workers, in processes of its own on the same database.
    portal = await startPortal({ dataDir, databaseUrl: database.databaseUrl, processes: options.processes });
    console.log(
      `The portal: the compiled server, ${options.processes === 1 ? "one process" : `a primary and ${options.processes} workers`}, ` +
        `serving after ${Math.round(portal.startMs)} ms`,
    );

    const bare = Fastify({ logger: false });
    servers.push(bare);
    bare.get("/bare", async () => ({ ok: true }));
    await bare.listen({ port: 0, host: "127.0.0.1" });

    const sessions = new Map<string, Promise<Record<string, string>>>();
    const env: BenchEnv = {
      appOrigin: portal.origin,
      bareOrigin: origin(bare),
      dataset,
      board,
      invoices,
      durationSeconds: options.durationSeconds,
      connections: options.connections,
      // One session per person for the whole run: the login scenario spends everyone's login
      // attempts (rate limited), so later steps must not need to log in again.
      sessionHeaders: (username) => {
        let session = sessions.get(username);
        if (!session) {
          session = login(portal!.origin, username);
          sessions.set(username, session);
        }
        return session;
      },
    };

    // The measured client's journey: updates, drafts, notices and a long onboarding submission.
    const journey = await seedJourney(
      env.appOrigin,
      {
        admin: await env.sessionHeaders(dataset.adminUsername),
        agent: await env.sessionHeaders(dataset.agentUsernames[0]!),
        client: await env.sessionHeaders(dataset.clientUsernames[0]!),
      },
      dataset.accountIds[0]!,
    );
    console.log(
      `Seeded the first client's journey through the API: ${journey.updates} updates, ${journey.drafts} drafts, ` +
        `${journey.notices} notices, a ${journey.fields}-field onboarding submission in ${journey.seconds.toFixed(1)} s`,
    );

    const outcomes: ScenarioOutcome[] = [];
    const only = options.only;
    const selected = only ? scenarios.filter((s) => s.baseline || only.some((part) => s.name.toLowerCase().includes(part))) : scenarios;
    for (const scenario of selected) {
      const spec = await scenario.prepare(env);
      process.stdout.write(`Running ${scenario.name} (${spec.connections} connections, ${spec.durationSeconds} s)… `);
      const warmup = options.warmupSeconds > 0 ? await runLoad({ ...spec, durationSeconds: options.warmupSeconds }) : undefined;
      const result = await runLoad({ ...spec, firstRequest: (spec.firstRequest ?? 0) + (warmup?.total ?? 0) });
      console.log(`${Math.round(result.requestsPerSecond)} req/s`);
      outcomes.push({ scenario, spec, result });
    }

    const memory = portal.memory();
    printReport({ options, dataset, board, invoices, databaseLabel: database.label, outcomes, memory });
    const goals: GoalRow[] = scenarioGoalRows(outcomes);
    const wanted = (step: string) => !only || only.some((part) => step.includes(part));

    if (wanted(AFTER_CHANGE_STEP)) {
      process.stdout.write(`\nRunning ${AFTER_CHANGE_STEP}… `);
      const afterChange = await timeBoardAfterChange(env);
      console.log(`p50 ${afterChange.p50Ms.toFixed(1)} ms, p99 ${afterChange.p99Ms.toFixed(1)} ms (${afterChange.reads} reads)`);
      goals.push(afterChangeGoal(afterChange));
    }

    if (wanted("board page in chromium")) {
      process.stdout.write("\nOpening the board page in Chromium… ");
      const headers = await env.sessionHeaders(dataset.clientUsernames[0]!);
      const timing = await timeBoardPage(
        env.appOrigin,
        headers.cookie!,
        STAGES.map((stage) => board.columns[stage]?.length ?? 0),
      );
      if (typeof timing === "string") console.log(`skipped: ${timing}`);
      else {
        const describe = (loads: number[]) => {
          const [cold, ...warm] = loads;
          const sorted = [...warm].sort((a, b) => a - b);
          return `cold ${cold} ms; warm median ${sorted[Math.floor(sorted.length / 2)]} ms, worst ${sorted[sorted.length - 1]} ms`;
        };
        console.log(`\nBoard page in Chromium (${options.boardTasks} cards, 1440×900, from navigation start):`);
        console.log(`  first card of every column painted: ${describe(timing.usable)}`);
        console.log(`  every card on screen painted:       ${describe(timing.complete)}`);
        console.log(`  ${timing.cards} cards in the page; the others are drawn as the page scrolls`);
      }
      goals.push(...boardPageGoals(timing));
    }

    if (wanted("initial js")) {
      process.stdout.write("\nMeasuring the initial JavaScript of the login page and the client dashboard in Chromium… ");
      const cookie = (await env.sessionHeaders(dataset.clientUsernames[0]!)).cookie!;
      const pages = await measureInitialJs(env.appOrigin, [
        { name: "login page", path: "/login" },
        { name: "client dashboard", path: "/", cookie },
      ]);
      console.log(typeof pages === "string" ? `skipped: ${pages}` : "done");
      goals.push(...initialJsGoals(pages));
    }

    // Its own step: a check of what the concurrent sends wrote, not an autocannon figure.
    let numbersBroken: string[] = [];
    if (!only || only.some((part) => INVOICE_NUMBERS_STEP_NAME.includes(part))) {
      process.stdout.write(`\nRunning ${INVOICE_NUMBERS_STEP_NAME}… `);
      const check = await checkInvoiceNumbers({
        db: database.handle.db,
        origin: env.appOrigin,
        headers: await env.sessionHeaders(dataset.adminUsername),
        // Not the measured account: its list keeps the seeded 5,000.
        accountId: dataset.accountIds[1] ?? dataset.accountIds[0]!,
        concurrent: 100,
      });
      console.log("done");
      printInvoiceNumbersReport(check);
      numbersBroken = [...check.problems, ...check.failedRequests];
      for (const failure of numbersBroken) console.error(`\nFAILED: "${check.name}": ${failure}`);
    }

    if (wanted("start-up")) {
      process.stdout.write(
        `\nTiming \`npm start\` on a fresh data directory (${options.processes} worker${options.processes === 1 ? "" : "s"}, 3 runs)… `,
      );
      const runs = await timeStartUp(options.processes);
      console.log(runs.map((r) => `${Math.round(r.startMs)} ms`).join(", "));
      printStartUp(runs);
      goals.push(...startUpGoals(runs));
    }

    // Last: its 2,000 clients are seeded only now, so the scenarios above measured the usual dataset.
    let streamsBroken: string[] = [];
    if (!only || only.some((part) => STREAM_SCENARIO_NAME.includes(part))) {
      process.stdout.write(`\nRunning ${STREAM_SCENARIO_NAME} (${options.streams} streams, ${options.asks} asks)… `);
      const live = await benchAskToStream({
        db: database.handle.db,
        databaseUrl: database.databaseUrl,
        dataDir,
        // The in-process app: the step reads its hub's connection count and its memory.
        appOrigin: origin(app),
        stats: () => ({ rssMiB: process.memoryUsage().rss / 1024 / 1024, connections: realtime.connectionCount }),
        login,
        clients: options.streams,
        asks: options.asks,
      });
      console.log(`done (its clients seeded in ${live.seedSeconds.toFixed(1)} s)`);
      printStreamReport(live);
      streamsBroken = streamFailures(live);
      for (const failure of streamsBroken) console.error(`\nFAILED: "${live.scenario.name}": ${failure}`);
    }

    goals.push(LIGHTHOUSE_NOT_MEASURED);
    printGoals(
      `Goals of "Fast on both cores" (${database.label}; load average ${loadavg()
        .map((n) => n.toFixed(1))
        .join(" / ")} at the end of the run):`,
      goals,
    );

    const broken = outcomes.filter(
      ({ result }) => result.total === 0 || result.non2xx / result.total > MAX_NON_2XX_RATIO || result.errors > 0,
    );
    for (const { scenario, result } of broken) {
      const codes = Object.entries(result.statusCodes)
        .map(([code, count]) => `${code}×${count}`)
        .join(", ");
      console.error(
        `\nFAILED: "${scenario.name}" got ${result.non2xx} non-2xx of ${result.total} responses (${codes || "none"}) and ` +
          `${result.errors} connection errors; its numbers measure errors, not the endpoint.`,
      );
      if (result.statusCodes["429"]) {
        console.error("  429 = rate limited: seed more users (--accounts, --users-per-account) or shorten --duration.");
      }
    }
    return broken.length === 0 && streamsBroken.length === 0 && numbersBroken.length === 0;
  } finally {
    await portal?.stop();
    for (const server of servers) await server.close();
    await database?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

let options: BenchOptions;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    if (error.message) console.error(`bench: ${error.message}\n`);
    console.error(error.usage);
    process.exit(error.message ? 2 : 0);
  }
  throw error;
}

bench(options).then(
  (ok) => process.exit(ok ? 0 : 1),
  (error: unknown) => {
    console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);

/**
 * The goals of "Fast on both cores" that are not one autocannon scenario: the board read just
 * after a change, the board page in Chromium, the initial JavaScript, and `npm start`. Each
 * becomes a line of the goals table (report.ts) with the figure from before the work.
 */
import type { BrowserTiming } from "./browser";
import type { InitialJs } from "./initial-js";
import type { StartUp } from "./portal";
import type { GoalRow } from "./report";
import type { BenchEnv } from "./scenarios";
import { percentile } from "./stream";

export const AFTER_CHANGE_STEP = "GET /api/board after a change (1 conn)";
const AFTER_CHANGE_READS = 40;

const median = (values: number[]) => percentile(values, 50);
const kb = (bytes: number) => `${(bytes / 1000).toFixed(0)} KB`;

export interface AfterChange {
  reads: number;
  p50Ms: number;
  p99Ms: number;
}

/**
 * The first read of the board after each change: the assigned agent reorders a card (the answer
 * read), then the client reads the board, timed from the request to the last byte — always a
 * cache miss, since the move bumped the board's version.
 */
export async function timeBoardAfterChange(env: BenchEnv): Promise<AfterChange> {
  const agent = { ...(await env.sessionHeaders(env.dataset.agentUsernames[0]!)), "content-type": "application/json" };
  const client = await env.sessionHeaders(env.dataset.clientUsernames[0]!);
  const column = env.board.columns.in_progress;
  if (column.length < 3) throw new Error("the after-change step needs 3 IN PROGRESS cards on the measured board");
  const read = async () => {
    const started = performance.now();
    const response = await fetch(`${env.appOrigin}/api/board`, { headers: client });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET /api/board answered ${response.status}`);
    return performance.now() - started;
  };
  await read();
  const times: number[] = [];
  for (let i = 0; i < AFTER_CHANGE_READS; i++) {
    const moved = await fetch(`${env.appOrigin}/api/tasks/${column[0]}/move`, {
      method: "POST",
      headers: agent,
      body: JSON.stringify({ stage: "in_progress", afterId: column[1 + (i % 2)] }),
    });
    await moved.arrayBuffer();
    if (moved.status !== 200) throw new Error(`the move answered ${moved.status}`);
    times.push(await read());
  }
  return { reads: times.length, p50Ms: median(times), p99Ms: percentile(times, 99) };
}

export function afterChangeGoal(result: AfterChange): GoalRow {
  return {
    what: AFTER_CHANGE_STEP,
    today: "p50 3.95 ms (every read)",
    goal: "p50 ≤ 3 ms",
    now: `p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms`,
    met: result.p50Ms <= 3,
  };
}

export function boardPageGoals(timing: BrowserTiming | string): GoalRow[] {
  const row = (what: string, today: string, goalMs: number, values: number[] | undefined): GoalRow => {
    const warm = values?.slice(1) ?? [];
    return {
      what,
      today,
      goal: `≤ ${goalMs / 1000} s`,
      now: typeof timing === "string" ? `not measured: ${timing}` : `${(median(warm) / 1000).toFixed(2)} s (warm median)`,
      met: typeof timing === "string" ? undefined : median(warm) <= goalMs,
    };
  };
  const measured = typeof timing === "string" ? undefined : timing;
  return [
    row("board page in Chromium, 1,000 cards, warm: first cards painted", "0.24 s", 200, measured?.usable),
    row("board page in Chromium, 1,000 cards, warm: every card on screen painted", "1.44 s (all drawn)", 600, measured?.complete),
  ];
}

export function initialJsGoals(pages: InitialJs[] | string): GoalRow[] {
  const goals = [
    { name: "login page", goalBytes: 150_000 },
    { name: "client dashboard", goalBytes: 220_000 },
  ];
  return goals.map(({ name, goalBytes }) => {
    const page = typeof pages === "string" ? undefined : pages.find((p) => p.name === name);
    return {
      what: `initial JS of the ${name} (gzip)`,
      today: "334 KB for every page",
      goal: `≤ ${kb(goalBytes)}`,
      now: page ? `${kb(page.jsGzipBytes)} in ${page.jsFiles} files (+ ${kb(page.cssGzipBytes)} CSS)` : `not measured: ${pages}`,
      met: page ? page.jsGzipBytes <= goalBytes : undefined,
    };
  });
}

export function printStartUp(runs: StartUp[]): void {
  for (const [i, run] of runs.entries()) {
    const processes = run.idle.processes.map((p) => `${p.rssMiB.toFixed(0)}`).join(" + ");
    console.log(
      `  run ${i + 1}: /healthz 200 after ${Math.round(run.startMs)} ms; idle RSS ${run.idle.totalMiB.toFixed(0)} MiB (${processes} MiB)`,
    );
  }
}

export function startUpGoals(runs: StartUp[]): GoalRow[] {
  const startMs = median(runs.map((r) => r.startMs));
  // The busiest process: a single server, or the largest worker of a cluster (the primary is small).
  const serverMiB = median(runs.map((r) => Math.max(...r.idle.processes.map((p) => p.rssMiB))));
  const totalMiB = median(runs.map((r) => r.idle.totalMiB));
  return [
    {
      what: "`npm start` → /healthz 200 on a fresh data dir",
      today: "3.5 s",
      goal: "≤ 1.0 s",
      now: `${(startMs / 1000).toFixed(2)} s (median of ${runs.length})`,
      met: startMs <= 1_000,
    },
    {
      what: "idle server RSS after start (largest process)",
      today: "174 MiB",
      goal: "≤ 100 MiB",
      now: `${serverMiB.toFixed(0)} MiB (all processes: ${totalMiB.toFixed(0)} MiB)`,
      met: serverMiB <= 100,
    },
  ];
}

export const LIGHTHOUSE_NOT_MEASURED: GoalRow = {
  what: "Lighthouse 12, mobile, login page: performance / FCP",
  today: "0.58 / 7.9 s",
  goal: "≥ 0.95 / ≤ 1.5 s",
  now: "not measured: Lighthouse is not installed on this machine",
  met: undefined,
};

import type { NumbersCheck } from "./invoice-numbers";
import type { LoadResult, LoadSpec } from "./load";
import type { BenchOptions } from "./options";
import type { PortalMemory } from "./portal";
import type { Goal, Scenario } from "./scenarios";
import type { SeededDataset } from "./seed";
import type { SeededInvoices } from "./seed-invoices";
import type { SeededBoard } from "./seed-tasks";
import { percentile, type StreamBench } from "./stream";

export interface ScenarioOutcome {
  scenario: Scenario;
  spec: LoadSpec;
  result: LoadResult;
}

function table(headers: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** e.g. "1000 cards (300 requested, 250 in_progress, …)". */
export function describeBoard(board: SeededBoard): string {
  const columns = Object.entries(board.columns);
  const total = columns.reduce((sum, [, ids]) => sum + ids.length, 0);
  return `${total} cards (${columns.map(([stage, ids]) => `${ids.length} ${stage}`).join(", ")})`;
}

const fixed = (n: number, digits: number) => n.toFixed(digits);
/** autocannon measures latency in whole milliseconds. */
const ms = (n: number) => (n < 1 ? "<1" : String(Math.round(n)));
const percent = (n: number) => `${n < 1 ? n.toFixed(2) : n.toFixed(1)}%`;
/** An issue's latency goal beside the figure it is about. */
const goalCell = (goal: { p99Ms: number } | undefined, p99Ms: number) =>
  goal ? `p99 ≤ ${goal.p99Ms} ms ${p99Ms <= goal.p99Ms ? "✓" : "✗"}` : "";

/** Each part of a scenario's goal with ✓ or ✗: "≥ 20 % of bare ✓, p99 ≤ 20 ms ✗". */
export function goalParts(goal: Goal | undefined, result: LoadResult, bareRps: number | undefined): { text: string; met: boolean }[] {
  if (!goal) return [];
  const parts: { text: string; met: boolean }[] = [];
  if (goal.shareOfBare !== undefined && bareRps) {
    parts.push({ text: `≥ ${goal.shareOfBare} % of bare`, met: (100 * result.requestsPerSecond) / bareRps >= goal.shareOfBare });
  }
  if (goal.p50Ms !== undefined) parts.push({ text: `p50 ≤ ${goal.p50Ms} ms`, met: result.p50Ms <= goal.p50Ms });
  if (goal.p99Ms !== undefined) parts.push({ text: `p99 ≤ ${goal.p99Ms} ms`, met: result.p99Ms <= goal.p99Ms });
  return parts;
}
const partsCell = (parts: { text: string; met: boolean }[]) => parts.map((p) => `${p.text} ${p.met ? "✓" : "✗"}`).join(", ");

/** One line of the goals table: what the issue measured, its goal, this run's figure. */
export interface GoalRow {
  what: string;
  today: string;
  goal: string;
  now: string;
  /** undefined: not measured in this run (the reason is in `now`). */
  met: boolean | undefined;
}

/** The goals of the issue that set them, with this run's figures, one line each. */
export function printGoals(title: string, rows: GoalRow[]): void {
  console.log("");
  console.log(title);
  console.log("");
  console.log(
    table(
      ["", "scenario", "before", "goal", "this run"],
      rows.map((r) => [r.met === undefined ? "-" : r.met ? "✓" : "✗", r.what, r.today, r.goal, r.now]),
      new Set(),
    ),
  );
  const measured = rows.filter((r) => r.met !== undefined);
  console.log("");
  console.log(
    `${measured.filter((r) => r.met).length} of ${measured.length} measured goals met (${rows.length - measured.length} not measured in this run)`,
  );
}

/** The goals table's lines for the load scenarios that carry a goal. */
export function scenarioGoalRows(outcomes: ScenarioOutcome[]): GoalRow[] {
  const bare = outcomes.find((o) => o.scenario.baseline)?.result.requestsPerSecond;
  return outcomes
    .filter((o) => o.scenario.goal)
    .map(({ scenario, result }) => {
      const parts = goalParts(scenario.goal, result, bare);
      const share = bare ? percent((100 * result.requestsPerSecond) / bare) : "-";
      return {
        what: scenario.name,
        today: scenario.goal?.today ?? "",
        goal: parts.map((p) => p.text).join(", "),
        now: `${Math.round(result.requestsPerSecond)} req/s = ${share} of bare, p50 ${ms(result.p50Ms)} ms, p99 ${ms(result.p99Ms)} ms`,
        met: parts.every((p) => p.met),
      };
    });
}

export function printReport(report: {
  options: BenchOptions;
  dataset: SeededDataset;
  board: SeededBoard;
  invoices: SeededInvoices;
  databaseLabel: string;
  outcomes: ScenarioOutcome[];
  memory: PortalMemory;
}): void {
  const { options, dataset, board, outcomes } = report;
  const baseline = outcomes.find((o) => o.scenario.baseline)?.result.requestsPerSecond;
  const rows = outcomes.map(({ scenario, spec, result }) => [
    scenario.name,
    String(spec.connections),
    fixed(result.requestsPerSecond, 1),
    ms(result.p50Ms),
    ms(result.p99Ms),
    String(result.total),
    `${result.non2xx}${result.errors > 0 ? ` (+${result.errors} err)` : ""}`,
    baseline ? percent((100 * result.requestsPerSecond) / baseline) : "-",
    partsCell(goalParts(scenario.goal, result, baseline)),
  ]);
  console.log("");
  console.log(`Database: ${report.databaseLabel}`);
  console.log(
    `Dataset:  ${dataset.accounts} client accounts × ${options.usersPerAccount} contacts = ${dataset.clients} clients, ` +
      `${dataset.agents} agents (~${Math.round(dataset.assignments / Math.max(1, dataset.agents))} accounts each), ` +
      `${dataset.admins} admin, ${dataset.events} events`,
  );
  console.log(`          ${board.tasks} work-request tasks; the measured board holds ${describeBoard(board)}`);
  console.log(
    `          ${report.invoices.invoices} invoices (${report.invoices.lines} lines, ${report.invoices.payments} payments); ` +
      `the first client's account holds ${describeInvoices(report.invoices)}`,
  );
  console.log(
    `Load:     ${options.durationSeconds} s per scenario after ${options.warmupSeconds} s warm-up; autocannon in a separate process`,
  );
  console.log("");
  console.log(
    table(
      ["scenario", "conns", "req/s (mean)", "p50 ms", "p99 ms", "requests", "non-2xx", "vs bare", "goal"],
      rows,
      new Set([1, 2, 3, 4, 5, 6, 7]),
    ),
  );
  const notes = outcomes.filter((o) => o.scenario.note);
  if (notes.length > 0) {
    console.log("");
    for (const { scenario } of notes) console.log(`Note (${scenario.name}): ${scenario.note}`);
  }
  console.log("");
  const { processes, totalMiB } = report.memory;
  console.log(
    `RSS of the portal after the runs: ${fixed(totalMiB, 0)} MiB in ${processes.length} process${processes.length === 1 ? "" : "es"} ` +
      `(${processes.map((p) => `${fixed(p.rssMiB, 0)}`).join(" + ")} MiB)`,
  );
}

/** Why a stream run measured nothing trustworthy: a lost or misdelivered ask is a failure, not a figure. */
export function streamFailures({ outcome }: StreamBench): string[] {
  const { result, open } = outcome;
  const failures: string[] = [];
  if (result.postFailure) failures.push(result.postFailure);
  if (open.connections < result.streams) failures.push(`the server held ${open.connections} of the ${result.streams} streams opened`);
  if (result.closed > 0) failures.push(`${result.closed} streams ended while the asks were posted`);
  for (const lost of result.lost.slice(0, 5)) {
    failures.push(
      `ask ${lost.askId} (account ${lost.accountId}) reached ${lost.got} of ${lost.expected} open streams of its contacts in time, ` +
        `${lost.eventually} by the end of the run`,
    );
  }
  if (result.lost.length > 5) failures.push(`… ${result.lost.length - 5} more asks lost`);
  for (const leak of result.leaked.slice(0, 5)) {
    failures.push(`${leak.verb} ${leak.objectId} (account ${leak.accountId}) was sent to a contact of account ${leak.streamAccountId}`);
  }
  if (result.leaked.length > 5) failures.push(`… ${result.leaked.length - 5} more changes sent to another account's contacts`);
  return failures;
}

export function printStreamReport(bench: StreamBench): void {
  const { scenario, spec, outcome } = bench;
  const { result, before, open } = outcome;
  const ms1 = (n: number) => (Number.isNaN(n) ? "-" : n.toFixed(1));
  const row = (label: string, values: number[], goal?: { p99Ms: number }) => [
    label,
    String(values.length),
    ...[50, 95, 99, 100].map((p) => ms1(percentile(values, p))),
    values.length > 0 ? goalCell(goal, percentile(values, 99)) : "",
  ];
  console.log("");
  console.log(
    `${scenario.name}: ${bench.accounts} client accounts × ${Math.ceil(result.streams / bench.accounts)} contacts, every one's stream open`,
  );
  console.log(
    `  ${spec.asks} asks (kind "code") to random accounts, one after another ${spec.gapMs[0]}–${spec.gapMs[1]} ms apart, ` +
      "each timed from just before its POST is sent",
  );
  console.log(`  ${scenario.topology}`);
  console.log("");
  console.log(
    table(
      ["from the POST to", "asks", "p50 ms", "p95 ms", "p99 ms", "max ms", "goal"],
      [
        row("the first of the account's contacts", result.firstMs, scenario.goal),
        row("the last of the account's contacts", result.lastMs, scenario.goal),
        row("its 201 answer read", result.postMs),
      ],
      new Set([1, 2, 3, 4, 5]),
    ),
  );
  console.log("");
  const delivered = result.firstMs.length;
  console.log(
    `  delivered to every open contact stream: ${delivered} of ${delivered + result.lost.length} asks; ` +
      `sent to another account: ${result.leaked.length}; read twice on one stream: ${result.duplicates}; ` +
      `on a stream before the POST's answer was read: ${result.beforeAnswer}`,
  );
  const perStreamKiB = ((open.rssMiB - before.rssMiB) * 1024) / Math.max(1, result.streams);
  console.log(
    `  ${result.streams} streams opened in ${result.openSeconds.toFixed(1)} s (${open.connections} held by the hub); RSS of their server ` +
      `${fixed(before.rssMiB, 0)} MiB before, ${fixed(open.rssMiB, 0)} MiB with them open (~${fixed(perStreamKiB, 0)} KiB per stream)`,
  );
}

/** e.g. "5000 invoices (4000 paid, 600 sent, …)". */
export function describeInvoices(invoices: SeededInvoices): string {
  const statuses = Object.entries(invoices.statuses);
  const total = statuses.reduce((sum, [, n]) => sum + n, 0);
  return `${total} invoices (${statuses.map(([status, n]) => `${n} ${status}`).join(", ")})`;
}

/** The gap-free check's lines: the numbers issued, ✓ or ✗ with what went wrong, and the timings. */
export function printInvoiceNumbersReport(check: NumbersCheck): void {
  const { result, numbers, problems, failedRequests, spec } = check;
  const ms1 = (values: number[], p: number) => (values.length === 0 ? "-" : percentile(values, p).toFixed(1));
  const first = numbers[0]?.reference ?? "-";
  const last = numbers[numbers.length - 1]?.reference ?? "-";
  const sends = result.sends.filter((s) => s.status === 200).map((s) => s.ms);
  const creates = result.creates.filter((c) => c.status === 201).map((c) => c.ms);
  console.log("");
  console.log(
    `${spec.concurrent} concurrent invoice creations and sends: numbers ${first} … ${last}, ` +
      `${problems.length === 0 ? "gap-free ✓" : "NOT gap-free ✗"}`,
  );
  console.log(
    `  ${spec.concurrent} POST /api/invoices at once, each draft sent (POST /api/invoices/:id/send) as soon as its answer was read: ` +
      `${numbers.length} numbers issued (counter ${check.before} → ${check.counterAfter}), read back from the database; ` +
      "an admin session, the requests from a separate process",
  );
  console.log(
    `  wall time ${result.wallMs.toFixed(0)} ms; sends p50 ${ms1(sends, 50)} ms, p99 ${ms1(sends, 99)} ms (${sends.length}); ` +
      `creations p50 ${ms1(creates, 50)} ms, p99 ${ms1(creates, 99)} ms (${creates.length})`,
  );
  for (const problem of problems.slice(0, 10)) console.log(`  ✗ ${problem}`);
  if (problems.length > 10) console.log(`  ✗ … ${problems.length - 10} more`);
  for (const failure of failedRequests) console.log(`  ✗ ${failure} (of ${spec.concurrent})`);
}

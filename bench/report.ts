import type { LoadResult, LoadSpec } from "./load";
import type { BenchOptions } from "./options";
import type { Scenario } from "./scenarios";
import type { SeededDataset } from "./seed";
import type { SeededBoard } from "./seed-tasks";

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

export function printReport(report: {
  options: BenchOptions;
  dataset: SeededDataset;
  board: SeededBoard;
  databaseLabel: string;
  outcomes: ScenarioOutcome[];
  memory: { rssMiB: number; peakRssMiB: number };
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
    scenario.goal ? `p99 ≤ ${scenario.goal.p99Ms} ms ${result.p99Ms <= scenario.goal.p99Ms ? "✓" : "✗"}` : "",
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
  const { rssMiB, peakRssMiB } = report.memory;
  console.log(`RSS of the server process after the runs: ${fixed(rssMiB, 0)} MiB (peak ${fixed(peakRssMiB, 0)} MiB)`);
}

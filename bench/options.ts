import { availableParallelism } from "node:os";

export type BenchDb = "sqlite" | "postgres";

export interface BenchOptions {
  accounts: number;
  /** Support tickets spread over the accounts. */
  tickets: number;
  /** Live work-request tasks on the board of the first seeded client's account. */
  boardTasks: number;
  /** Work-request tasks in every other client account. */
  tasksPerAccount: number;
  /** Invoices of the first seeded client's account (every other account has 2). */
  invoices: number;
  usersPerAccount: number;
  agents: number;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  /** Client contacts with an open live stream in the ask → stream scenario. */
  streams: number;
  /** Asks posted, one after another, in that scenario. */
  asks: number;
  /** The portal's worker processes (WEB_CONCURRENCY); 1 measures a single process. */
  processes: number;
  db: BenchDb;
  /** Only scenarios whose name contains one of these (the baseline always runs). */
  only: string[] | undefined;
}

const USAGE = `Usage: npm run bench -- [options]
  --accounts N            client accounts to seed (default 500)
  --tickets N             support tickets spread over the accounts (default 20 per account)
  --board-tasks N         tasks on the first client's board, the one measured (default 1000)
  --tasks-per-account N   tasks in every other client account (default 2)
  --invoices N            invoices of the first client's account, the one measured (default 5000;
                          every other account has 2)
  --users-per-account N   client contacts per account (default 3)
  --agents N              agents, each working ~accounts/agents accounts (default 20)
  --duration S            seconds measured per scenario (default 5)
  --warmup S              unmeasured seconds before each scenario (default 1)
  --connections C         concurrent connections (default 10; login uses fewer)
  --streams N             clients with an open live stream in "ask → client's live stream" (default 2000)
  --asks N                asks posted one after another in that scenario (default 200)
  --processes N           the portal's worker processes, WEB_CONCURRENCY (default: the machine's cores;
                          1 measures a single process)
  --only a,b              only scenarios whose name contains "a" or "b" (plus the baseline),
                          e.g. --only stream; --only invoices,billing runs the billing scenarios
                          and the gap-free check of invoice numbers (--only gap-free: the check alone)
  --db sqlite|postgres    database (default sqlite); postgres creates a fresh database on
                          BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)`;

export class UsageError extends Error {
  readonly usage = USAGE;
}

/** Parses `--name value` and `--name=value` flags. */
export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    accounts: 500,
    tickets: -1,
    boardTasks: 1000,
    tasksPerAccount: 2,
    invoices: 5000,
    usersPerAccount: 3,
    agents: 20,
    durationSeconds: 5,
    warmupSeconds: 1,
    connections: 10,
    streams: 2000,
    asks: 200,
    processes: availableParallelism(),
    db: "sqlite",
    only: undefined,
  };
  const numeric: Record<string, { key: keyof Omit<BenchOptions, "db" | "only">; min: number }> = {
    "--accounts": { key: "accounts", min: 1 },
    "--tickets": { key: "tickets", min: 0 },
    "--board-tasks": { key: "boardTasks", min: 0 },
    "--tasks-per-account": { key: "tasksPerAccount", min: 0 },
    "--invoices": { key: "invoices", min: 0 },
    "--users-per-account": { key: "usersPerAccount", min: 1 },
    "--agents": { key: "agents", min: 1 },
    "--duration": { key: "durationSeconds", min: 1 },
    "--warmup": { key: "warmupSeconds", min: 0 },
    "--connections": { key: "connections", min: 1 },
    "--streams": { key: "streams", min: 1 },
    "--asks": { key: "asks", min: 1 },
    "--processes": { key: "processes", min: 1 },
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") throw new UsageError("");
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (flag !== "--db" && flag !== "--only" && !(flag in numeric)) throw new UsageError(`unknown option ${flag}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    if (flag === "--db") {
      if (value !== "sqlite" && value !== "postgres") throw new UsageError(`--db must be sqlite or postgres, got "${value}"`);
      options.db = value;
      continue;
    }
    if (flag === "--only") {
      options.only = value
        .split(",")
        .map((part) => part.trim().toLowerCase())
        .filter(Boolean);
      continue;
    }
    const spec = numeric[flag];
    if (!spec) throw new UsageError(`unknown option ${flag}`);
    const n = Number(value);
    if (!Number.isInteger(n) || n < spec.min) throw new UsageError(`${flag} must be an integer >= ${spec.min}, got "${value}"`);
    options[spec.key] = n;
  }
  if (options.tickets < 0) options.tickets = options.accounts * 20;
  return options;
}

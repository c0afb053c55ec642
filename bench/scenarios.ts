import type { LoadSpec } from "./load";
import { BENCH_PASSWORD, type SeededDataset } from "./seed";
import type { SeededInvoices } from "./seed-invoices";
import type { SeededBoard } from "./seed-tasks";

/** What a scenario can use to prepare its load: the servers, the data, logged-in sessions. */
export interface BenchEnv {
  appOrigin: string;
  bareOrigin: string;
  dataset: SeededDataset;
  /** The measured board: the first seeded client's account and its cards. */
  board: SeededBoard;
  /** The billing history: the first seeded client's account holds --invoices of them. */
  invoices: SeededInvoices;
  durationSeconds: number;
  connections: number;
  /** Logs in through the API and returns the headers a logged-in browser would send. */
  sessionHeaders(username: string): Promise<Record<string, string>>;
}

/** Latency bounds, and a throughput floor as a share of the bare route measured in the same run (percent). */
export interface Goal {
  p50Ms?: number;
  p99Ms?: number;
  shareOfBare?: number;
  /** The figure the issue that set the goal measured before the work, for the goals table. */
  today?: string;
}

export interface Scenario {
  name: string;
  /** Printed under the table, e.g. why this scenario uses fewer connections. */
  note?: string;
  /** The baseline every other scenario's req/s is compared with. */
  baseline?: boolean;
  /** An issue's goal, printed beside the figure with ✓ or ✗ (and in the goals table, beside `today`). */
  goal?: Goal;
  prepare(env: BenchEnv): Promise<LoadSpec>;
}

const get = (origin: string, path: string, headers: Record<string, string>, env: BenchEnv): LoadSpec => ({
  origin,
  method: "GET",
  path,
  headers,
  connections: env.connections,
  durationSeconds: env.durationSeconds,
});

const LOGIN_CONNECTIONS = 4;
/** What the client dashboard page reads when it opens (DashboardPage and its panels). */
const DASHBOARD_READS = [
  "/api/dashboard",
  "/api/dashboard/next-actions",
  "/api/journey",
  "/api/notices?status=active",
  "/api/tickets?sort=activity&limit=5",
] as const;
/** Cards moved in turn by the reorder scenario (each has its own block of four in the column). */
const REORDER_MOVERS = 20;

/**
 * Reorders within one column that stay apart for any number of requests: the first card of each
 * block of four moves, in turn, after the block's second and then its third card. The card after
 * either of those never moves, so every move lands on one of two fixed midpoints (a real write
 * each time, but positions never close in and the column is never renumbered).
 */
function reorders(column: string[], stage: string): { paths: string[]; bodies: string[] } {
  const movers = Math.min(REORDER_MOVERS, Math.floor(column.length / 4));
  if (movers === 0) throw new Error(`the reorder needs at least 4 cards in ${stage} on the measured board; raise --board-tasks`);
  const paths: string[] = [];
  const bodies: string[] = [];
  for (const anchor of [1, 2]) {
    for (let block = 0; block < movers; block++) {
      paths.push(`/api/tasks/${column[4 * block]}/move`);
      bodies.push(JSON.stringify({ stage, afterId: column[4 * block + anchor] }));
    }
  }
  return { paths, bodies };
}

/**
 * The scenarios, run in this order. To add one, append an entry: `prepare` logs in as whoever
 * it needs and returns the request to hammer.
 */
export const scenarios: Scenario[] = [
  {
    name: "bare Fastify GET /bare",
    baseline: true,
    prepare: async (env) => get(env.bareOrigin, "/bare", {}, env),
  },
  {
    name: "GET /api/dashboard (client)",
    prepare: async (env) => get(env.appOrigin, "/api/dashboard", await env.sessionHeaders(env.dataset.clientUsernames[0]!), env),
  },
  {
    name: "GET /api/dashboard (agent)",
    goal: { p99Ms: 20, today: "0.44 % of bare" },
    prepare: async (env) => get(env.appOrigin, "/api/dashboard", await env.sessionHeaders(env.dataset.agentUsernames[0]!), env),
  },
  {
    name: "GET /api/accounts (admin)",
    prepare: async (env) => get(env.appOrigin, "/api/accounts", await env.sessionHeaders(env.dataset.adminUsername), env),
  },
  {
    name: "GET /api/tickets (client, 25 rows)",
    goal: { shareOfBare: 20, today: "4.8 % of bare" },
    prepare: async (env) => get(env.appOrigin, "/api/tickets?limit=25", await env.sessionHeaders(env.dataset.clientUsernames[0]!), env),
  },
  {
    name: "GET /api/tickets (agent queue, 25 rows)",
    goal: { shareOfBare: 10, today: "2.4 % of bare" },
    prepare: async (env) => get(env.appOrigin, "/api/tickets?limit=25", await env.sessionHeaders(env.dataset.agentUsernames[0]!), env),
  },
  {
    name: "GET /api/tickets (admin, status=new, 25 rows)",
    prepare: async (env) =>
      get(env.appOrigin, "/api/tickets?limit=25&status=new", await env.sessionHeaders(env.dataset.adminUsername), env),
  },
  {
    name: "POST /api/tickets (client creates)",
    note: "each created ticket also records an event and queues notifications for the account's agent",
    prepare: async (env) => ({
      origin: env.appOrigin,
      method: "POST",
      path: "/api/tickets",
      headers: { ...(await env.sessionHeaders(env.dataset.clientUsernames[1]!)), "content-type": "application/json" },
      bodies: [
        JSON.stringify({ subject: "Bench: the contact form is broken", description: "It shows an error after Send.", priority: "normal" }),
      ],
      connections: env.connections,
      durationSeconds: env.durationSeconds,
    }),
  },
  {
    name: "GET /api/dashboard/next-actions (busy client, 1 conn)",
    note:
      "the first client's next actions: 200 updates, 50 drafts, 20 notices, a 60-field onboarding submission and the " +
      "board's approvals and quotes (seed-journey.ts), merged oldest first; one connection, as a person opening the dashboard",
    goal: { p99Ms: 20 },
    prepare: async (env) => ({
      ...get(env.appOrigin, "/api/dashboard/next-actions", await env.sessionHeaders(env.dataset.clientUsernames[0]!), env),
      connections: 1,
    }),
  },
  {
    name: "client dashboard page's reads in turn (busy client, 1 conn)",
    note: `every read the client dashboard makes, one after another: ${DASHBOARD_READS.join(", ")}`,
    goal: { p99Ms: 20 },
    prepare: async (env) => ({
      ...get(env.appOrigin, DASHBOARD_READS[0]!, await env.sessionHeaders(env.dataset.clientUsernames[0]!), env),
      paths: [...DASHBOARD_READS],
      connections: 1,
    }),
  },
  {
    name: "GET /api/tasks/:id (client)",
    note: "one card of the measured board, as its client opens it (the task, its comments, quote and history)",
    goal: { shareOfBare: 23, today: "7.1 % of bare" },
    prepare: async (env) =>
      get(env.appOrigin, `/api/tasks/${env.board.columns.in_progress[0]}`, await env.sessionHeaders(env.dataset.clientUsernames[0]!), env),
  },
  {
    name: "POST /api/tasks (client creates, 1 conn)",
    note: "a client of the second account submits work requests one after another (the measured board is left as it is)",
    goal: { p50Ms: 1, today: "p50 1.75 ms" },
    prepare: async (env) => {
      const headers = await env.sessionHeaders(env.dataset.clientUsernames[env.dataset.clientUsernames.length - 1]!);
      const board = (await (await fetch(`${env.appOrigin}/api/board`, { headers })).json()) as { data: { requestTypes: { id: string }[] } };
      const requestTypeId = board.data.requestTypes[0]?.id;
      if (!requestTypeId) throw new Error("no request type to create tasks with");
      return {
        origin: env.appOrigin,
        method: "POST",
        path: "/api/tasks",
        headers: { ...headers, "content-type": "application/json" },
        bodies: [
          JSON.stringify({ summary: "Bench: a new landing page", description: "As discussed on the call.", requestTypeId, fileIds: [] }),
        ],
        connections: 1,
        durationSeconds: env.durationSeconds,
      };
    },
  },
  {
    name: "GET /api/board (client, 1,000 tasks, 1 conn)",
    goal: { p50Ms: 1, today: "p50 3.95 ms" },
    note:
      "the first client's own board, all five columns in full (--board-tasks sets the card count); one connection measures the " +
      "latency a person opening the board sees, without queueing behind other requests in the one event loop",
    prepare: async (env) => ({
      ...get(env.appOrigin, "/api/board", await env.sessionHeaders(env.dataset.clientUsernames[0]!), env),
      connections: 1,
    }),
  },
  {
    name: "GET /api/board (client, 1,000 tasks)",
    note: "the same board under the default connection count: throughput, with queueing in the latency",
    goal: { shareOfBare: 1.6, p99Ms: 20, today: "0.48 % of bare, p99 101 ms" },
    prepare: async (env) => get(env.appOrigin, "/api/board", await env.sessionHeaders(env.dataset.clientUsernames[0]!), env),
  },
  {
    name: "POST /api/tasks/:id/move (agent reorders)",
    note:
      `bench-agent-1, assigned to the measured board's account, moves up to ${REORDER_MOVERS} IN PROGRESS cards in turn, each ` +
      "after one of two other cards alternately; each reorder updates the card's position and records an event",
    prepare: async (env) => {
      // seed.ts assigns account i to agent i % agents: the board account (the first) to the first agent.
      const { paths, bodies } = reorders(env.board.columns.in_progress, "in_progress");
      return {
        origin: env.appOrigin,
        method: "POST",
        path: paths[0]!,
        paths,
        headers: { ...(await env.sessionHeaders(env.dataset.agentUsernames[0]!)), "content-type": "application/json" },
        bodies,
        connections: env.connections,
        durationSeconds: env.durationSeconds,
      };
    },
  },
  {
    name: "GET /api/invoices?status=due (client, 5,000 invoices, 1 conn)",
    note:
      "the first client's Billing page: the first 25 of its account's ~850 sent and partially paid invoices, soonest due first, " +
      "and their count, among its 5,000 invoices (--invoices; seed-invoices.ts); one connection, as a person opening the page",
    goal: { p99Ms: 20 },
    prepare: async (env) => ({
      ...get(env.appOrigin, "/api/invoices?status=due", await env.sessionHeaders(env.dataset.clientUsernames[0]!), env),
      connections: 1,
    }),
  },
  {
    name: "GET /api/billing/summary (admin)",
    note:
      "the agency's billing page: outstanding and overdue per account and currency over every sent and partially paid invoice " +
      "(the first client's ~850 and one in every other account), and the payments of this month, in two grouped reads",
    prepare: async (env) => get(env.appOrigin, "/api/billing/summary", await env.sessionHeaders(env.dataset.adminUsername), env),
  },
  {
    name: "GET /api/invoices (agent, all)",
    note:
      "bench-agent-1's invoice list, the default first page (newest 25 of every status) and its count over the accounts it " +
      "works, the first client's 5,000 invoices among them",
    prepare: async (env) => get(env.appOrigin, "/api/invoices", await env.sessionHeaders(env.dataset.agentUsernames[0]!), env),
  },
  {
    name: "POST /api/auth/login",
    note:
      `login verifies a memory-hard scrypt hash (~32 MiB each) on purpose, so it is slow by design; ` +
      `it runs with ${LOGIN_CONNECTIONS} connections, each request logging in the next seeded client in turn (login allows 10 attempts per 5 minutes per address and username)`,
    prepare: async (env) => ({
      origin: env.appOrigin,
      method: "POST",
      path: "/api/auth/login",
      headers: { "content-type": "application/json" },
      bodies: env.dataset.clientUsernames.map((username) => JSON.stringify({ username, password: BENCH_PASSWORD })),
      connections: LOGIN_CONNECTIONS,
      durationSeconds: env.durationSeconds,
    }),
  },
];

// `npm run sql:snapshots`: compiles the hot queries — the ticket list, the board and the tenant
// scope — for SQLite and PostgreSQL and writes their SQL and parameters to sql/snapshots/, so a
// change to a hot query shows in review as a change to these files (as Immich does).
//   npx tsx scripts/sql-snapshots.ts --check    writes nothing; exits 1 with a diff when the files are stale
// No database is opened: each query is built by the same functions the server runs and compiled
// by Kysely's query compiler for the dialect, over a driver that never connects.
import { readFileSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Compilable,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from "kysely";
import type { TTicketListQuery } from "../src/common/tickets";
import { dueInvoicesQuery, invoiceListQuery } from "../src/server/modules/billing/queries";
import { boardColumnQuery, columnTotalsQuery } from "../src/server/modules/board/queries";
import { searchArticlesQuery } from "../src/server/modules/help/queries";
import { ticketListQuery } from "../src/server/modules/tickets/queries";
import type { Actor } from "../src/server/platform/auth/sessions";
import type { Db, Dialect } from "../src/server/platform/db/database";
import type { Database } from "../src/server/platform/db/schema";
import { accountScope, accountScopeRaw } from "../src/server/platform/policy";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const snapshotDir = path.join(root, "sql", "snapshots");

/** A Kysely that compiles for `dialect` and cannot run anything. */
function compilerFor(dialect: Dialect): Db {
  const sqlite = dialect === "sqlite";
  return new Kysely<Database>({
    dialect: {
      createAdapter: () => (sqlite ? new SqliteAdapter() : new PostgresAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => (sqlite ? new SqliteIntrospector(db) : new PostgresIntrospector(db)),
      createQueryCompiler: () => (sqlite ? new SqliteQueryCompiler() : new PostgresQueryCompiler()),
    },
  });
}

// Fixed people and accounts, so the parameters do not change from run to run.
const ACCOUNT = "0190a000-0000-7000-8000-00000000acc1";
const person = (role: Actor["role"], id: string, accountId: string | null): Actor => ({
  id,
  role,
  status: "active",
  accountId,
  name: role,
  username: role,
  email: `${role}@example.com`,
  sessionId: "snapshot",
});
const admin = person("admin", "0190a000-0000-7000-8000-0000000000ad", null);
const agent = person("agent", "0190a000-0000-7000-8000-0000000000a9", null);
const client = person("client", "0190a000-0000-7000-8000-0000000000c1", ACCOUNT);
const clientWithoutAccount = person("client", "0190a000-0000-7000-8000-0000000000c0", null);
const nextPage = { t: "2026-12-01T09:30:00.000Z", id: "0190a000-0000-7000-8000-0000000000f1" };

interface Snapshot {
  title: string;
  /** Only this database runs the query (a plan chosen for SQLite alone). */
  only?: Dialect;
  build(db: Db): Compilable;
}

const scopedSelect = (db: Db, actor: Actor) =>
  db.selectFrom("tickets").select("tickets.id").where(accountScope(actor, "tickets.account_id"));
const ticketList =
  (actor: Actor, query: TTicketListQuery, options: { cursor?: typeof nextPage; scanByActivity?: boolean } = {}) =>
  (db: Db) =>
    ticketListQuery(db, actor, query, options.cursor, 25, { scanByActivity: options.scanByActivity });

const snapshots: Snapshot[] = [
  // The tenant scope (platform/policy.ts) over one select, for each role.
  { title: "tenant scope: admin (every account)", build: (db) => scopedSelect(db, admin) },
  { title: "tenant scope: agent (assigned accounts)", build: (db) => scopedSelect(db, agent) },
  { title: "tenant scope: client (own account)", build: (db) => scopedSelect(db, client) },
  { title: "tenant scope: client without an account (nothing)", build: (db) => scopedSelect(db, clientWithoutAccount) },
  {
    title: "tenant scope: agent, raw expression (+tickets.account_id)",
    only: "sqlite",
    build: (db) => db.selectFrom("tickets").select("tickets.id").where(accountScopeRaw(agent, "+tickets.account_id")),
  },

  // The ticket list (tickets/queries.ts ticketListQuery): 25 a page, one more to see if there is a next.
  { title: "ticket list: client, open tickets", build: ticketList(client, { status: "active" }) },
  { title: "ticket list: client, text search (no internal notes)", build: ticketList(client, { q: "invoice" }) },
  { title: "ticket list: agent, one account, new tickets", build: ticketList(agent, { accountId: ACCOUNT, status: "new" }) },
  { title: "ticket list: agent, every assigned account, next page", build: ticketList(agent, { priority: "high" }, { cursor: nextPage }) },
  {
    title: "ticket list: agent of many accounts, walking the activity index",
    only: "sqlite",
    build: ticketList(agent, { status: "active" }, { scanByActivity: true }),
  },
  { title: "ticket list: admin, unassigned queue, newest created", build: ticketList(admin, { unassigned: true, sort: "created" }) },

  // The board (board/queries/board.ts): one query per column, totals only when a column is cut.
  { title: "board column: client, own account", build: (db) => boardColumnQuery(db, client, "requested", undefined, 501) },
  { title: "board column: agent, one account", build: (db) => boardColumnQuery(db, agent, "in_progress", ACCOUNT, 501) },
  { title: "board column: agent, every assigned account", build: (db) => boardColumnQuery(db, agent, "in_progress", undefined, 501) },
  { title: "board column totals: agent, every assigned account", build: (db) => columnTotalsQuery(db, agent, undefined) },

  // Help (help/queries.ts searchArticlesQuery): the Help page's search and a new ticket's suggestions.
  {
    title: "help search: every word, published articles, title matches first",
    build: (db) => searchArticlesQuery(db, { drafts: false }, { words: ["contact", "form"], match: "all", limit: 200 }),
  },
  {
    title: "help suggestions: any word of a ticket summary, three at most",
    build: (db) => searchArticlesQuery(db, { drafts: false }, { words: ["contact", "form", "send"], match: "any", limit: 3 }),
  },

  // Billing (billing/queries.ts): a client's due invoices (their Billing page and next actions), the agency's list.
  {
    title: "invoice list: client, due (never a draft)",
    build: (db) => invoiceListQuery(db, client, { status: "due", today: "2026-12-04" }, { offset: 0, limit: 25 }),
  },
  {
    title: "invoice list: agent, one account, overdue",
    build: (db) => invoiceListQuery(db, agent, { status: "overdue", accountId: ACCOUNT, today: "2026-12-04" }, { offset: 0, limit: 25 }),
  },
  {
    title: "invoice list: admin, every invoice, newest first",
    build: (db) => invoiceListQuery(db, admin, { status: "all", today: "2026-12-04" }, { offset: 25, limit: 25 }),
  },
  { title: "invoices due: client's next actions", build: (db) => dueInvoicesQuery(db, client, 20) },
];

const TOP_LEVEL = /^(from|inner join|left join|where|group by|having|order by|limit|offset|and|or)\b/;

/** One clause a line: breaks before the top-level keywords Kysely emits, never inside quotes or parentheses. */
function formatSql(text: string): string {
  let out = "";
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === "(") {
      depth++;
    } else if (char === ")") {
      depth--;
    } else if (char === " " && depth === 0) {
      const keyword = text.slice(i + 1).match(TOP_LEVEL)?.[1];
      if (keyword) {
        out += keyword === "and" || keyword === "or" ? "\n    " : "\n  ";
        continue;
      }
    }
    out += char;
  }
  return out;
}

function render(dialect: Dialect): string {
  const db = compilerFor(dialect);
  const lines = [
    `-- Portico SQL snapshots (${dialect === "sqlite" ? "SQLite" : "PostgreSQL"}): the hot queries as the server compiles them.`,
    "-- Generated by `npm run sql:snapshots` (scripts/sql-snapshots.ts); do not edit by hand.",
    "-- A change below is a change to a hot query: review its plan as well as its text.",
  ];
  for (const snapshot of snapshots) {
    if (snapshot.only && snapshot.only !== dialect) continue;
    const compiled = snapshot.build(db).compile();
    lines.push("", `-- ${snapshot.title}`, `-- parameters: ${JSON.stringify(compiled.parameters)}`, `${formatSql(compiled.sql)};`);
  }
  return `${lines.join("\n")}\n`;
}

/** The changed lines of `before` → `after`, with two lines of context, as `-`/`+` lines. */
function diffLines(before: string, after: string): string[] {
  const a = before.split("\n");
  const b = after.split("\n");
  // Longest common subsequence, read from the end: small files, so the table is cheap.
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  }
  const ops: { mark: " " | "-" | "+"; line: string; at: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push({ mark: " ", line: a[i++]!, at: j++ });
    else if (j < b.length && (i === a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) ops.push({ mark: "+", line: b[j]!, at: j++ });
    else ops.push({ mark: "-", line: a[i++]!, at: j });
  }
  const keep = new Set<number>();
  ops.forEach((op, k) => {
    if (op.mark !== " ") for (let c = Math.max(0, k - 2); c <= Math.min(ops.length - 1, k + 2); c++) keep.add(c);
  });
  const out: string[] = [];
  let last = -2;
  for (const k of [...keep].sort((x, y) => x - y)) {
    if (k !== last + 1) out.push(`@@ line ${ops[k]!.at + 1}`);
    out.push(`${ops[k]!.mark} ${ops[k]!.line}`);
    last = k;
  }
  return out;
}

function readOrEmpty(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

const check = process.argv.includes("--check");
const files = (["sqlite", "postgres"] as const).map((dialect) => ({
  file: path.join(snapshotDir, `${dialect}.sql`),
  text: render(dialect),
}));
let stale = 0;
if (!check) await mkdir(snapshotDir, { recursive: true });
for (const { file, text } of files) {
  const name = path.relative(root, file);
  const current = readOrEmpty(file);
  if (current === text) {
    console.log(`${name}: up to date`);
    continue;
  }
  if (!check) {
    writeFileSync(file, text);
    console.log(`${name}: written (${current === undefined ? "new" : "changed"})`);
    continue;
  }
  stale++;
  console.log(`${name}: OUT OF DATE${current === undefined ? " (missing)" : ""}`);
  for (const line of diffLines(current ?? "", text)) console.log(`  ${line}`);
}
if (stale > 0) {
  console.log(`\n${stale} snapshot file(s) out of date: run \`npm run sql:snapshots\` and commit the result with the query change.`);
  process.exit(1);
}
if (check) console.log("SQL snapshots match the queries.");

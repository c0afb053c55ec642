import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Db } from "../src/server/platform/db/database";

/**
 * The gap-free check of issue 13 ("100 concurrent invoice creations keep the sequence gap-free"):
 * a staff session fires at once 100 `POST /api/invoices`, each followed by its
 * `POST /api/invoices/:id/send` as soon as the draft is made, so every send races the other
 * creations and sends. The numbers the run issued are then read back from the
 * database: they must be exactly the ones after the counter's value before the run, each once,
 * and every send's answer must name the number its row holds. A check, not a figure: a gap, a
 * duplicate or a failed request fails the bench.
 */
export const INVOICE_NUMBERS_STEP_NAME = "invoice numbers gap-free: 100 concurrent POST /api/invoices and sends";

export interface NumbersSpec {
  origin: string;
  /** A staff member's cookie and CSRF token (a real login). */
  headers: Record<string, string>;
  /** The client account the invoices are drafted for. */
  accountId: string;
  /** Creations (each then sent) fired at once. */
  concurrent: number;
}

export interface TimedRequest {
  path: string;
  /** 0: no answer (a connection error). */
  status: number;
  /** From just before it was sent to its answer read in full. */
  ms: number;
  error?: string;
}

export interface NumbersResult {
  /** From the first request of the run to the last answer. */
  wallMs: number;
  /** Each send: the invoice and the number its answer gave it. */
  sends: (TimedRequest & { id?: string; number?: string | null })[];
  creates: TimedRequest[];
}

export type NumbersChildMessage = { type: "done"; result: NumbersResult } | { type: "failed"; error: string };

export interface NumbersCheck {
  name: string;
  spec: Omit<NumbersSpec, "headers" | "origin">;
  result: NumbersResult;
  /** The counter before the run, and the numbers (ascending) of the invoices numbered in it. */
  before: number;
  numbers: { number: number; reference: string }[];
  counterAfter: number;
  /** What is wrong with the numbers: empty when they are exactly before+1 … before+sends, once each. */
  problems: string[];
  /** Requests that did not succeed, grouped: "3 sends answered 503 database_unavailable". */
  failedRequests: string[];
}

function runChild(spec: NumbersSpec): Promise<NumbersResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL("./invoice-numbers-child.ts", import.meta.url)), [], {
      // Absolute, so the bench also runs from another working directory.
      execArgv: ["--import", import.meta.resolve("tsx")],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let settled = false;
    child.on("message", (message: NumbersChildMessage) => {
      settled = true;
      child.disconnect();
      if (message.type === "done") resolve(message.result);
      else reject(new Error(`invoice load generator failed: ${message.error}`));
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (!settled) reject(new Error(`invoice load generator exited with code ${code} before reporting`));
    });
    child.send(spec);
  });
}

const counter = async (db: Db) =>
  Number((await db.selectFrom("counters").select("value").where("kind", "=", "invoice").executeTakeFirst())?.value ?? 1000);

/** Runs the check against the app at `origin` and reads what it wrote. */
export async function checkInvoiceNumbers(env: {
  db: Db;
  origin: string;
  headers: Record<string, string>;
  accountId: string;
  concurrent: number;
}): Promise<NumbersCheck> {
  const before = await counter(env.db);
  const result = await runChild({ origin: env.origin, headers: env.headers, accountId: env.accountId, concurrent: env.concurrent });
  const rows = await env.db
    .selectFrom("invoices")
    .select(["id", "number", "reference"])
    .where("kind", "=", "invoice")
    .where("number", ">", before)
    .orderBy("number")
    .execute();
  const counterAfter = await counter(env.db);
  const numbers = rows.map((r) => ({ number: Number(r.number), reference: r.reference ?? "" }));
  const problems: string[] = numbers.length === 0 ? ["no invoice was numbered"] : [];
  const sent = result.sends.filter((s) => s.status === 200);
  if (numbers.length !== sent.length) problems.push(`${sent.length} sends answered 200 but ${numbers.length} invoices were numbered`);
  const seen = new Set<number>();
  let expected = before + 1;
  const gaps: string[] = [];
  for (const { number } of numbers) {
    if (seen.has(number)) problems.push(`number ${number} issued twice`);
    seen.add(number);
    if (number > expected) gaps.push(expected === number - 1 ? String(expected) : `${expected}–${number - 1}`);
    expected = Math.max(expected, number + 1);
  }
  if (gaps.length > 0) problems.push(`missing numbers ${gaps.join(", ")}`);
  if (counterAfter !== before + numbers.length) {
    problems.push(`the counter went from ${before} to ${counterAfter}, but ${numbers.length} invoices were numbered`);
  }
  const byId = new Map(rows.map((r) => [r.id, r.reference]));
  const answers = new Set<string>();
  for (const send of sent) {
    if (!send.id || byId.get(send.id) !== send.number) {
      problems.push(`the send of ${send.id} answered ${send.number} but its row holds ${byId.get(send.id ?? "") ?? "no number"}`);
    }
    if (send.number) {
      if (answers.has(send.number)) problems.push(`two sends answered ${send.number}`);
      answers.add(send.number);
    }
  }
  const failed = new Map<string, number>();
  const tally = (what: string, requests: TimedRequest[], ok: number) => {
    for (const r of requests.filter((request) => request.status !== ok)) {
      const code = /"code":"([a-z_]+)"/.exec(r.error ?? "")?.[1] ?? r.error ?? "";
      const key = `${what} answered ${r.status || "nothing (connection error)"} ${code}`.trim();
      failed.set(key, (failed.get(key) ?? 0) + 1);
    }
  };
  tally("creations", result.creates, 201);
  tally("sends", result.sends, 200);
  return {
    name: INVOICE_NUMBERS_STEP_NAME,
    spec: { accountId: env.accountId, concurrent: env.concurrent },
    result,
    before,
    numbers,
    counterAfter,
    problems,
    failedRequests: [...failed].map(([key, n]) => `${n} ${key}`),
  };
}

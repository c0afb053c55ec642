/**
 * The fuzz drill: every operation in the app's own OpenAPI document (GET /api/openapi.json of a
 * real started server) gets requests generated from its schemas by a seeded generator — valid
 * values, boundary values, hostile strings, wrong types, missing and extra keys, deep nesting,
 * malformed JSON and multipart, wrong content types, real and nonsense ids — as a client, an
 * agent, an admin and an anonymous visitor. Goals: no 5xx (there is no outage here, so not even
 * 503), every request answered, no stack trace or database error in any answer, no answer to
 * the client holding the other client's data, and the server still up at the end.
 *
 * Reproducible: requests go out in rounds (each operation once per round, in a seeded order);
 * request N's shape comes from (seed, N) alone, and the ids it names are picked by index from
 * pools refreshed between rounds, so the same seed sends the same requests to the same objects
 * (up to what timing changes: a rate limit's window, an answer that differed). The generator is
 * in fuzz-values.ts (schemas → values), fuzz-ids.ts (real and nonsense ids) and fuzz-requests.ts.
 */
import { request as httpRequest } from "node:http";
import { answerPool, IdPools } from "./fuzz-ids";
import { buildRequest, type FuzzRequest, type FuzzRole, type FuzzWorld } from "./fuzz-requests";
import { type Operation, operationsOf, Rng, requestSeed } from "./fuzz-values";
import {
  type DrillOptions,
  type DrillResult,
  type DrillServer,
  freshDatabase,
  login,
  pool,
  type Seeded,
  type Session,
  seedPortal,
  startServer,
  tail,
} from "./server";

// ——— sending, and judging the answers ———

const STACK = /(?:^|\\n|\n)\s*at [^\n"]*?\(?(?:\/|node:|file:)[^\n"]*?:\d+:\d+\)?|"stack"\s*:\s*"|node_modules\//;
const DATABASE_TEXT =
  /SQLITE_[A-Z]|syntax error at or near|violates (?:foreign key|unique|not-null|check) constraint|invalid byte sequence for encoding|invalid input syntax for|out of range for type|Maximum call stack/;
const REQUEST_TIMEOUT_MS = 20_000;

interface Answer {
  status: number;
  contentType: string;
  text: string;
  json: unknown;
}

/** Sends one request with the role's session headers (spoiled when the request says so). */
async function send(baseUrl: string, request: FuzzRequest, sessionHeaders: Record<string, string>): Promise<Answer | string> {
  const headers: Record<string, string> = { ...sessionHeaders, ...request.headers };
  const spoil = headers["x-drill-spoil"];
  delete headers["x-drill-spoil"];
  if (spoil === "no csrf") delete headers["x-csrf-token"];
  if (spoil === "wrong csrf") headers["x-csrf-token"] = "0".repeat(43);
  if (spoil === "garbage cookie") headers.cookie = "portico_session=garbage%%%";
  if (spoil === "NUL cookie") headers.cookie = "portico_session=%00";
  if (spoil === "two cookies") headers.cookie = `${headers.cookie ?? ""}; portico_session=another`;
  const isStream = request.op.path === "/api/stream";
  if (request.body !== undefined && Buffer.byteLength(request.body) > LARGE_BODY) return sendLarge(baseUrl, request, headers);
  try {
    const response = await fetch(`${baseUrl}${request.url}`, {
      method: request.method,
      headers,
      // Bytes, not a string: fetch would add its own text/plain content type to a string.
      body: request.body === undefined ? undefined : new Uint8Array(Buffer.from(request.body)),
      redirect: "manual",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const contentType = response.headers.get("content-type") ?? "";
    if (isStream && contentType.startsWith("text/event-stream")) {
      // The live stream never ends: its headers are the answer.
      await response.body?.cancel();
      return { status: response.status, contentType, text: "", json: undefined };
    }
    return parsed(response.status, contentType, Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return `${(error as Error).name === "TimeoutError" ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : `the connection failed (${cause?.code ?? cause?.message ?? (error as Error).message})`}`;
  }
}

const parsed = (status: number, contentType: string, bytes: Buffer): Answer => {
  const text = bytes.subarray(0, 256 * 1024).toString("utf8");
  let json: unknown;
  if (contentType.includes("json") && text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  return { status, contentType, text, json };
};

/** Past this, a body goes out through node:http (see sendLarge). */
const LARGE_BODY = 1024 * 1024;

/**
 * A body past the server's limit: the server may answer 413 and close while the upload is still
 * going (HTTP allows it), and fetch then loses the answer to EPIPE. node:http keeps the answer,
 * so only a request that got none at all counts as unanswered.
 */
function sendLarge(baseUrl: string, request: FuzzRequest, headers: Record<string, string>): Promise<Answer | string> {
  const body = Buffer.from(request.body ?? "");
  return new Promise((resolve) => {
    let answered = false;
    const req = httpRequest(
      `${baseUrl}${request.url}`,
      { method: request.method, headers: { ...headers, "content-length": String(body.length) }, timeout: REQUEST_TIMEOUT_MS },
      (response) => {
        answered = true;
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve(parsed(response.statusCode ?? 0, String(response.headers["content-type"] ?? ""), Buffer.concat(chunks))),
        );
        response.on("error", () =>
          resolve(parsed(response.statusCode ?? 0, String(response.headers["content-type"] ?? ""), Buffer.concat(chunks))),
        );
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    req.on("error", (error: NodeJS.ErrnoException) => {
      // The answer may still be on its way when the write fails: give it a moment.
      setTimeout(() => {
        if (!answered) resolve(`the connection failed (${error.code ?? error.message})`);
      }, 500);
    });
    req.end(body);
  });
}

const excerpt = (text: string | Buffer | undefined, max = 240) => {
  if (text === undefined) return "(none)";
  const s = Buffer.isBuffer(text) ? text.subarray(0, max * 2).toString("latin1") : text;
  const shown = JSON.stringify(s.length > max ? `${s.slice(0, max)}` : s);
  return s.length > max ? `${shown}… (${Buffer.byteLength(s)} bytes)` : shown;
};

/** "#123 POST /api/tickets?x=1 as client [body priority: hostile value] content-type … body …". */
export function describeRequest(request: FuzzRequest): string {
  const type = request.headers["content-type"];
  return `#${request.n} ${request.method} ${excerpt(request.url, 300).slice(1, -1)} as ${request.role} [${request.shape}]${type !== undefined ? ` content-type ${JSON.stringify(type)}` : ""} body ${excerpt(request.body)}`;
}

interface Tally {
  total: number;
  byRole: Record<FuzzRole, number>;
  byClass: Record<string, number>;
  byStatus: Map<number, number>;
  operationsAnswered: Set<string>;
  relogins: number;
  stackLeaks: number;
  databaseLeaks: number;
  crossClient: number;
  noAnswer: number;
  /** Bodies past the limit whose connection was reset mid-upload instead of answered 413. */
  resetPastLimit: number;
  failures: string[];
}

// ——— the drill ———

const TARGET = { full: 12_000, bounded: 2_000 };
/**
 * Operations whose well-formed request costs a password hash (scrypt, ~100 ms of CPU by design).
 * In the bounded run they take part in every third round only, so CI stays under its two minutes.
 */
const COSTLY = /^POST \/api\/(?:auth\/(?:login|register|activate|password\/reset|invitation\/accept)|setup|account\/password)$/;
const CONCURRENCY = 8;
const INBOUND_SECRET = "drill-inbound-secret-0123456789";

/**
 * Objects the drill makes before fuzzing, so the first rounds already name real ones. Returns
 * what the client must never see: the other client's ticket and task ids and the marker in their text.
 */
async function prime(
  sessions: Record<Exclude<FuzzRole, "anonymous">, Session>,
  other: Session,
  world: FuzzWorld,
  marker: string,
): Promise<string[]> {
  const harvest = (path: string, body: unknown) => world.pools.harvest(body, answerPool(path), -1);
  const types = await sessions.client.request("GET", "/api/request-types");
  harvest("/api/request-types", types.body);
  const requestTypeId = (types.body as { data?: { id: string }[] }).data?.[0]?.id;
  if (!requestTypeId) throw new Error(`priming: GET /api/request-types gave no request type (${types.status})`);
  const secrets = [marker];
  for (const [who, s] of [
    ["client", sessions.client],
    ["other", other],
  ] as const) {
    const text = who === "other" ? marker : "Printer on fire";
    const ticket = await s.request("POST", "/api/tickets", {
      subject: `${text} ticket`,
      description: `${text}, please help`,
      priority: "normal",
    });
    const task = await s.request("POST", "/api/tasks", { summary: `${text} page`, description: `${text} details`, requestTypeId });
    for (const [what, answer] of [
      ["POST /api/tickets", ticket],
      ["POST /api/tasks", task],
    ] as const) {
      const id = (answer.body as { data?: { id?: string } }).data?.id;
      if (answer.status !== 201 || !id)
        throw new Error(`priming: ${what} as ${who} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      if (who === "other") secrets.push(id);
    }
    harvest("/api/tickets", ticket.body);
    harvest("/api/tasks", task.body);
  }
  const form = new FormData();
  form.append("file", new Blob(["drill file"], { type: "text/plain" }), "drill.txt");
  harvest("/api/files", (await sessions.client.request("POST", "/api/files", form)).body);
  const lists = [
    "/api/accounts",
    "/api/admin/users",
    "/api/tickets",
    "/api/board",
    "/api/admin/ticket-categories",
    "/api/admin/request-types",
    "/api/admin/task-templates",
    "/api/canned-replies",
    "/api/notifications",
    "/api/admin/mailbox",
    "/api/admin/inbound",
    "/api/admin/outgoing-mail",
  ];
  for (const path of lists) harvest(path, (await sessions.admin.request("GET", path)).body);
  world.pools.settle();
  return secrets;
}

export async function drill(options: DrillOptions): Promise<DrillResult> {
  const { dialect, seed, bounded, log } = options;
  const target = bounded ? TARGET.bounded : TARGET.full;
  const database = await freshDatabase(dialect);
  let server: DrillServer | undefined;
  const tally: Tally = {
    total: 0,
    byRole: { client: 0, agent: 0, admin: 0, anonymous: 0 },
    byClass: { "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0 },
    byStatus: new Map(),
    operationsAnswered: new Set(),
    relogins: 0,
    stackLeaks: 0,
    databaseLeaks: 0,
    crossClient: 0,
    noAnswer: 0,
    resetPastLimit: 0,
    failures: [],
  };
  const started = Date.now();
  let operations: Operation[] = [];
  let alive = false;
  const latencies: { ms: number; request: FuzzRequest }[] = [];
  try {
    const seeded: Seeded = await seedPortal(database);
    server = await startServer(database, { INBOUND_SECRET, LOG_LEVEL: "error" });
    log(`seed ${seed}; server pid ${server.pid} at ${server.url}`);
    const document = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as Parameters<typeof operationsOf>[0];
    operations = operationsOf(document);
    const logins = { client: seeded.client, agent: seeded.agent, admin: seeded.admin } as const;
    const sessions = {
      client: await login(server, seeded.client),
      agent: await login(server, seeded.agent),
      admin: await login(server, seeded.admin),
    };
    const other = await login(server, seeded.otherClient);
    const marker = `DRILL-OTHER-${seed}`;
    const pools = new IdPools();
    const world: FuzzWorld = {
      pools,
      protectedUsers: new Set(),
      protectedAccounts: new Set([seeded.accountId, seeded.otherAccountId]),
      agentOfAccount: { accountId: seeded.accountId, agentId: "" },
      inboundSecret: INBOUND_SECRET,
    };
    for (const s of [...Object.values(sessions), other]) {
      const me = (await s.request("GET", "/api/auth/session")).body as { data?: { user?: { id: string; role: string } } };
      const user = me.data?.user;
      if (!user) throw new Error("GET /api/auth/session gave no user for a fresh login");
      world.protectedUsers.add(user.id);
      if (user.role === "agent") world.agentOfAccount.agentId = user.id;
      pools.add("user", user.id);
    }
    for (const id of world.protectedAccounts) pools.add("account", id);
    pools.settle();
    const secrets = [...(await prime(sessions, other, world, marker)), seeded.otherAccountId];
    let exited = false;
    void server.exited.then(() => {
      exited = true;
    });

    /** Re-logs a role in when its session was ended (by the fuzzer changing something it should not). */
    const relogin = async (role: keyof typeof logins) => {
      const check = await sessions[role].request("GET", "/api/auth/session");
      if (check.status === 200) return;
      sessions[role] = await login(server!, logins[role]);
      tally.relogins++;
      log(`${role}'s session had ended; logged in again`);
    };

    const judge = (request: FuzzRequest, answer: Answer | string) => {
      tally.total++;
      tally.byRole[request.role]++;
      if (typeof answer === "string") {
        const pastLimit = request.body !== undefined && Buffer.byteLength(request.body) > LARGE_BODY && /EPIPE|ECONNRESET/.test(answer);
        if (pastLimit) {
          // Told apart from a hang or a crash: the server stopped reading and closed, and the
          // reset that follows unread data discards its 413 (no lingering close, RFC 9112 9.6).
          tally.resetPastLimit++;
          tally.failures.push(
            `${describeRequest(request)} → ${answer}: the server closed the connection without reading the body, so the client never sees a 413`,
          );
        } else {
          tally.noAnswer++;
          tally.failures.push(`${describeRequest(request)} → ${answer}`);
        }
        return;
      }
      tally.operationsAnswered.add(`${request.method} ${request.op.path}`);
      const klass = `${Math.floor(answer.status / 100)}xx`;
      tally.byClass[klass] = (tally.byClass[klass] ?? 0) + 1;
      tally.byStatus.set(answer.status, (tally.byStatus.get(answer.status) ?? 0) + 1);
      if (answer.status >= 500) {
        const code = (answer.json as { error?: { code?: string } } | undefined)?.error?.code;
        const why =
          answer.status === 503 && code === "database_unavailable" ? " (database_unavailable, but there is no outage in this drill)" : "";
        tally.failures.push(`${describeRequest(request)} → ${answer.status}${why} ${excerpt(answer.text, 300)}`);
      }
      if (STACK.test(answer.text)) {
        tally.stackLeaks++;
        tally.failures.push(`${describeRequest(request)} → ${answer.status} answered with a stack trace: ${excerpt(answer.text, 400)}`);
      } else if (DATABASE_TEXT.test(answer.text)) {
        tally.databaseLeaks++;
        tally.failures.push(
          `${describeRequest(request)} → ${answer.status} answered with database or engine internals: ${excerpt(answer.text, 400)}`,
        );
      }
      if (request.role === "client" && answer.status < 300) {
        const leaked = secrets.find((secret) => answer.text.includes(secret));
        if (leaked) {
          tally.crossClient++;
          tally.failures.push(
            `${describeRequest(request)} → ${answer.status} showed the client another client's data (${leaked}): ${excerpt(answer.text, 300)}`,
          );
        }
      }
      if (answer.status < 300 && answer.json !== undefined && request.method !== "DELETE")
        pools.harvest(answer.json, answerPool(request.op.path), request.n);
    };

    let n = 0;
    for (let round = 0; tally.total < target; round++) {
      const order = new Rng(requestSeed(seed, -1 - round));
      const shuffled = [...operations].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = order.int(0, i);
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      const batch = shuffled
        .filter((op) => !bounded || round % 3 === 0 || !COSTLY.test(`${op.method} ${op.path}`))
        .slice(0, target - tally.total)
        .map((op) => buildRequest(seed, n++, op, world));
      const reloginNeeded = new Set<keyof typeof logins>();
      await pool(batch, CONCURRENCY, async (request) => {
        const headers = request.role === "anonymous" ? {} : sessions[request.role].headers;
        const sent = performance.now();
        const answer = await send(server!.url, request, headers);
        latencies.push({ ms: performance.now() - sent, request });
        judge(request, answer);
        const code = typeof answer === "string" ? undefined : (answer.json as { error?: { code?: string } } | undefined)?.error?.code;
        if (
          request.role !== "anonymous" &&
          !request.spoiledSession &&
          code === "authentication_required" &&
          request.op.path !== "/api/inbound/email"
        ) {
          reloginNeeded.add(request.role);
        }
      });
      pools.settle();
      for (const role of reloginNeeded) await relogin(role);
      if (exited) {
        tally.failures.push(`the server exited during round ${round + 1} (after ${tally.total} requests):\n${tail(server.output(), 30)}`);
        break;
      }
      if ((round + 1) % 20 === 0) log(`${tally.total} requests, ${tally.byClass["5xx"]} 5xx so far`);
    }
    const health = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
    alive = health?.status === 200;
    if (!alive)
      tally.failures.push(
        `the server did not answer /healthz 200 after the fuzz (${health?.status ?? "no answer"}):\n${tail(server.output(), 30)}`,
      );
  } finally {
    await server?.kill("SIGTERM").catch(() => undefined);
    await database.drop().catch((error: Error) => tally.failures.push(`could not drop the drill's database: ${error.message}`));
  }

  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a.ms - b.ms);
  const percentile = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]?.ms ?? 0);
  const slowest = latencies.at(-1);
  if (process.env.DRILL_DEBUG) {
    const byOperation = new Map<string, number>();
    for (const { ms, request } of latencies)
      byOperation.set(`${request.method} ${request.op.path}`, (byOperation.get(`${request.method} ${request.op.path}`) ?? 0) + ms);
    for (const [op, ms] of [...byOperation].sort((a, b) => b[1] - a[1]).slice(0, 15)) log(`${Math.round(ms)} ms in all: ${op}`);
  }
  const missing = operations
    .filter((op) => !tally.operationsAnswered.has(`${op.method} ${op.path}`))
    .map((op) => `${op.method} ${op.path}`);
  const statuses = [...tally.byStatus.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status}×${count}`)
    .join(" ");
  return {
    name: "fuzz",
    figures: {
      seed,
      "operations in the OpenAPI document": operations.length,
      "operations answered": tally.operationsAnswered.size,
      requests: tally.total,
      "as client / agent / admin / anonymous": `${tally.byRole.client} / ${tally.byRole.agent} / ${tally.byRole.admin} / ${tally.byRole.anonymous}`,
      "2xx / 3xx / 4xx / 5xx": `${tally.byClass["2xx"]} / ${tally.byClass["3xx"]} / ${tally.byClass["4xx"]} / ${tally.byClass["5xx"]}`,
      "no answer (reset or timeout)": tally.noAnswer,
      "bodies past the limit reset instead of answered 413": tally.resetPastLimit,
      statuses,
      "stack traces / database internals in answers": `${tally.stackLeaks} / ${tally.databaseLeaks}`,
      "client answers holding the other client's data": tally.crossClient,
      "sessions re-logged in": tally.relogins,
      "requests per second": tally.total / Math.max(seconds, 0.001),
      "latency p50 / p99 ms": `${percentile(0.5)} / ${percentile(0.99)}`,
      "slowest request": slowest ? `${Math.round(slowest.ms)} ms: ${describeRequest(slowest.request).slice(0, 160)}` : "-",
    },
    goals: [
      { text: `at least ${target} requests sent (${tally.total})`, met: tally.total >= target },
      {
        text: `every operation in the document answered${missing.length ? ` (never answered: ${missing.join(", ")})` : ""}`,
        met: operations.length > 0 && missing.length === 0,
      },
      { text: `0 5xx answers (got ${tally.byClass["5xx"]})`, met: tally.byClass["5xx"] === 0 },
      { text: `every request answered (${tally.noAnswer} resets or timeouts)`, met: tally.noAnswer === 0 },
      {
        text: `a body past the server's limit gets its 413, not a reset (${tally.resetPastLimit} reset)`,
        met: tally.resetPastLimit === 0,
      },
      {
        text: `no stack trace or database internals in any answer (${tally.stackLeaks + tally.databaseLeaks})`,
        met: tally.stackLeaks + tally.databaseLeaks === 0,
      },
      { text: `the client never sees the other client's data (${tally.crossClient})`, met: tally.crossClient === 0 },
      { text: "the server is still up at the end", met: alive },
    ],
    failures: tally.failures,
  };
}

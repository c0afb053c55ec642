import {
  anonymous,
  type DrillOptions,
  type DrillResult,
  type DrillServer,
  freshDatabase,
  login,
  random,
  type Session,
  seedPortal,
  startServer,
  tail,
  withPgClient,
} from "./server";

/**
 * `pg` (PostgreSQL only): the database goes away under load. For ~15 s clients and an agent read
 * and write as fast as they can while the drill (a) terminates every connection the app holds,
 * several times, and (b) refuses new connections for a few seconds (ALLOW_CONNECTIONS false, and
 * terminate), then lets them in again.
 *
 * Goals: the process never exits; no 5xx but 503; every 503 says `database_unavailable` with a
 * Retry-After; /readyz answers 503 while the database refuses (expected) and the API answers 2xx
 * again within a second of the database's return.
 */

const WORKERS = 24;
const TERMINATIONS = 4;
const REFUSED_MS = 5_000;
const RECOVERY_GOAL_MS = 1_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Sample {
  label: string;
  startedAt: number;
  endedAt: number;
  status: number | "no answer";
  code?: string;
  retryAfter?: string | null;
  error?: string;
}

export async function drill(options: DrillOptions): Promise<DrillResult> {
  if (options.dialect !== "postgres") {
    return { name: "pg", figures: { applicable: "not applicable: SQLite has no connections to cut" }, failures: [] };
  }
  const failures: string[] = [];
  const figures: Record<string, number | string> = {};
  const rng = random(options.seed);
  const database = await freshDatabase("postgres");
  let server: DrillServer | undefined;
  try {
    const seeded = await seedPortal(database);
    server = await startServer(database);
    const live = server;
    let exits = 0;
    void live.exited.then(() => {
      exits++;
    });
    const client = await login(live, seeded.client);
    const agent = await login(live, seeded.agent);
    const first = await client.request("POST", "/api/tickets", { subject: "Before the cut", description: "Seed", priority: "normal" });
    if (first.status !== 201) throw new Error(`POST /api/tickets → ${first.status} ${JSON.stringify(first.body)}`);
    const ticketIds = [(first.body as { data: { id: string } }).data.id];

    const samples: Sample[] = [];
    const readyz: Sample[] = [];
    let stop = false;
    const call = async (label: string, who: Session, method: string, path: string, body?: unknown): Promise<Sample> => {
      const startedAt = Date.now();
      try {
        const answer = await who.request(method, path, body);
        const error = (answer.body as { error?: { code?: string } } | undefined)?.error;
        return {
          label,
          startedAt,
          endedAt: Date.now(),
          status: answer.status,
          code: error?.code,
          retryAfter: answer.headers.get("retry-after"),
        };
      } catch (error) {
        return { label, startedAt, endedAt: Date.now(), status: "no answer", error: (error as Error).message };
      }
    };
    const worker = async (n: number) => {
      let i = 0;
      while (!stop) {
        i++;
        const pick = rng();
        const ticketId = ticketIds[Math.floor(rng() * ticketIds.length)]!;
        let sample: Sample;
        if (pick < 0.3) sample = await call("GET /api/tickets (client)", client, "GET", "/api/tickets?limit=10");
        else if (pick < 0.45) sample = await call("GET /api/tickets (agent)", agent, "GET", "/api/tickets?limit=25");
        else if (pick < 0.6) sample = await call(`GET /api/tickets/${ticketId} (agent)`, agent, "GET", `/api/tickets/${ticketId}`);
        else if (pick < 0.7) sample = await call("GET /api/board (client)", client, "GET", "/api/board");
        else if (pick < 0.85) {
          const body = { subject: `Cut drill ${n}-${i}`, description: "Written while the database comes and goes", priority: "normal" };
          sample = await call("POST /api/tickets (client)", client, "POST", "/api/tickets", body);
        } else {
          sample = await call(`POST /api/tickets/${ticketId}/messages (agent)`, agent, "POST", `/api/tickets/${ticketId}/messages`, {
            body: `Reply ${n}-${i}`,
          });
        }
        samples.push(sample);
      }
    };
    const visitor = anonymous(live);
    const probe = async () => {
      while (!stop) {
        readyz.push(await call("GET /readyz", visitor, "GET", "/readyz"));
        await sleep(100);
      }
    };

    const loadStarted = Date.now();
    const running = [...Array.from({ length: WORKERS }, (_, n) => worker(n)), probe()];
    const admin = database.adminUrl!;
    const name = database.name!;
    const terminate = () =>
      withPgClient(admin, async (pg) => {
        const result = await pg.query(
          "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
          [name],
        );
        return result.rowCount ?? 0;
      });

    // (a) Connections cut, several times.
    let terminated = 0;
    const cutTimes: number[] = [];
    for (let i = 0; i < TERMINATIONS; i++) {
      await sleep(1_500);
      cutTimes.push(Date.now());
      terminated += await terminate();
    }
    options.log(`pg: terminated ${terminated} connections in ${TERMINATIONS} cuts`);
    await sleep(1_500);

    // (b) A window of refused connections.
    const refusedAt = Date.now();
    await withPgClient(admin, (pg) => pg.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`));
    terminated += await terminate();
    await sleep(REFUSED_MS);
    await withPgClient(admin, (pg) => pg.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`));
    const returnedAt = Date.now();
    options.log(`pg: connections refused for ${(returnedAt - refusedAt) / 1000} s, then allowed again`);
    await sleep(4_000);
    stop = true;
    await Promise.all(running);
    const loadSeconds = (Date.now() - loadStarted) / 1000;

    // The count.
    const api = samples;
    const by = (filter: (s: Sample) => boolean) => api.filter(filter);
    const serverErrors = by((s) => typeof s.status === "number" && s.status >= 500 && s.status !== 503);
    const bad503 = by((s) => s.status === 503 && (s.code !== "database_unavailable" || !s.retryAfter));
    const noAnswer = by((s) => s.status === "no answer");
    const ok = by((s) => typeof s.status === "number" && s.status < 400);
    const firstOkAfter = by((s) => s.startedAt >= returnedAt && typeof s.status === "number" && s.status < 300).sort(
      (a, b) => a.endedAt - b.endedAt,
    )[0];
    const readyDuring = readyz.filter((s) => s.startedAt >= refusedAt + 500 && s.endedAt <= returnedAt);
    const readyOkAfter = readyz.filter((s) => s.startedAt >= returnedAt && s.status === 200).sort((a, b) => a.endedAt - b.endedAt)[0];
    const recoveryMs = firstOkAfter ? firstOkAfter.endedAt - returnedAt : undefined;

    figures["requests under load"] = api.length;
    figures["load seconds"] = loadSeconds;
    figures["answers 2xx/3xx"] = ok.length;
    figures["answers 503: during the cuts / the refused window / after"] = [
      by((s) => s.status === 503 && s.startedAt < refusedAt).length,
      by((s) => s.status === 503 && s.startedAt >= refusedAt && s.startedAt < returnedAt).length,
      by((s) => s.status === 503 && s.startedAt >= returnedAt).length,
    ].join(" / ");
    figures["connections terminated"] = terminated;
    figures["refused window, s"] = (returnedAt - refusedAt) / 1000;
    figures["process exits"] = exits;
    figures["5xx other than 503"] = serverErrors.length;
    figures["503 without database_unavailable or Retry-After"] = bad503.length;
    figures["requests with no answer"] = noAnswer.length;
    figures["/readyz during the window: 503 / other"] =
      `${readyDuring.filter((s) => s.status === 503).length} / ${readyDuring.filter((s) => s.status !== 503).length}`;
    figures["first API 2xx after the database returned, ms"] = recoveryMs ?? "none";
    figures["first /readyz 200 after the database returned, ms"] = readyOkAfter ? readyOkAfter.endedAt - returnedAt : "none";

    if (exits > 0) failures.push(`the server process exited during the drill:\n${tail(live.output(), 20)}`);
    const list = (samples: Sample[]) =>
      [...new Map(samples.map((s) => [`${s.label} → ${s.status}${s.code ? ` ${s.code}` : ""}`, s])).keys()].slice(0, 8).join("; ");
    if (serverErrors.length > 0) failures.push(`${serverErrors.length} answers 5xx other than 503: ${list(serverErrors)}`);
    if (bad503.length > 0)
      failures.push(
        `${bad503.length} answers 503 without code database_unavailable and Retry-After: ${list(bad503)} (retry-after: ${bad503[0]?.retryAfter ?? "none"})`,
      );
    if (noAnswer.length > 0 && exits === 0)
      failures.push(`${noAnswer.length} requests got no answer while the process lived: ${list(noAnswer)} (${noAnswer[0]?.error})`);
    if (readyDuring.length > 0 && readyDuring.every((s) => s.status !== 503))
      failures.push(`/readyz never answered 503 while the database refused connections (${list(readyDuring)})`);
    if (recoveryMs === undefined) failures.push("no API request succeeded after the database returned");
    else if (recoveryMs > RECOVERY_GOAL_MS)
      failures.push(`the first API 2xx came ${recoveryMs} ms after the database returned (goal ≤ ${RECOVERY_GOAL_MS} ms)`);
    const after = await fetch(`${live.url}/readyz`).catch(() => undefined);
    if (after?.status !== 200) failures.push(`after the drill GET /readyz → ${after?.status ?? "no answer"}`);
    figures["cuts at, s after load start"] = cutTimes.map((t) => ((t - loadStarted) / 1000).toFixed(1)).join(", ");

    return {
      name: "pg",
      figures,
      failures,
      goals: [
        { text: "0 process exits", met: exits === 0 },
        { text: "0 5xx other than 503", met: serverErrors.length === 0 },
        { text: "every 503 is database_unavailable with Retry-After", met: bad503.length === 0 },
        {
          text: `API answers 2xx within ${RECOVERY_GOAL_MS} ms of the database's return`,
          met: recoveryMs !== undefined && recoveryMs <= RECOVERY_GOAL_MS,
        },
      ],
    };
  } catch (error) {
    failures.push(`the drill could not run: ${(error as Error).message}`);
    if (server) failures.push(`server output:\n${tail(server.output(), 20)}`);
    return { name: "pg", figures, failures };
  } finally {
    await server?.kill("SIGKILL");
    await database.drop();
  }
}

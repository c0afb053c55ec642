import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../test/free-port";
import { createPostgresDatabase } from "../test/harness";

/**
 * Cluster mode as `npm start` runs it: the real entry point (from source) with WEB_CONCURRENCY=2,
 * a primary and two worker processes on one port and one database (SQLite, or PostgreSQL when
 * TEST_DATABASE_URL is set). Requests go out on fresh connections, which the primary hands to
 * the workers in turn, so consecutive requests are served by different processes.
 */
const ADMIN = { email: "admin@cluster.test", password: "cluster admin password 1" };

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request on a connection of its own (no keep-alive pool). */
function request(port: number, method: string, url: string, options: { headers?: Record<string, string>; body?: unknown } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method,
        path: url,
        agent: false,
        headers: { ...(body ? { "content-type": "application/json" } : {}), ...options.headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${url}: no answer in 10 s`)));
    req.end(body);
  });
}

/** A live stream on its own connection, collecting the names of the events it receives. */
function openStream(port: number, cookie: string) {
  const events: string[] = [];
  let close = () => {};
  const opened = new Promise<void>((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port, path: "/api/stream", agent: false, headers: { cookie } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      res.setEncoding("utf8");
      let buffer = "";
      res.on("data", (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = block.split("\n").find((line) => line.startsWith("event: "));
          if (name) events.push(name.slice(7));
        }
      });
      resolve();
    });
    req.on("error", () => {});
    close = () => req.destroy();
  });
  return { events, opened, close: () => close() };
}

async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const workerPids = (primary: ChildProcess): number[] => {
  try {
    return execFileSync("pgrep", ["-P", String(primary.pid), "-f", "main.ts"], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when there are none
  }
};

async function login(port: number, username: string, password: string) {
  const answer = await request(port, "POST", "/api/auth/login", { body: { username, password } });
  if (answer.status !== 200) throw new Error(`login as ${username}: ${answer.status} ${answer.body}`);
  const cookie = [answer.headers["set-cookie"] ?? []].flat()[0]!.split(";")[0]!;
  const csrf = (JSON.parse(answer.body) as { data: { csrfToken: string } }).data.csrfToken;
  return { cookie, headers: { cookie, "x-csrf-token": csrf } };
}

describe("cluster mode (WEB_CONCURRENCY=2)", () => {
  let dataDir: string;
  let port: number;
  let primary: ChildProcess;
  let output = "";
  let dropDatabase: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "portico-cluster-"));
    port = await freePort();
    const pgBase = process.env.TEST_DATABASE_URL;
    const database = pgBase ? await createPostgresDatabase(pgBase) : undefined;
    dropDatabase = database?.drop;
    primary = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
      env: {
        ...process.env,
        WEB_CONCURRENCY: "2",
        PORT: String(port),
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        DATABASE_URL: database?.url ?? "",
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        SMTP_URL: "",
        INBOUND_SMTP_PORT: "",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    primary.stdout?.on("data", (chunk) => {
      output += chunk;
    });
    primary.stderr?.on("data", (chunk) => {
      output += chunk;
    });
    await until("both workers to serve", async () => workerPids(primary).length === 2 || undefined, 60_000);
    await until(
      "the portal to answer",
      async () => ((await request(port, "GET", "/readyz").catch(() => undefined))?.status === 200 ? true : undefined),
      60_000,
    );
  }, 120_000);

  afterAll(async () => {
    if (primary.exitCode === null) {
      primary.kill("SIGKILL");
      for (const pid of workerPids(primary)) process.kill(pid, "SIGKILL");
    }
    await dropDatabase?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves every request from one of two worker processes, and prints the setup once", async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => request(port, "GET", "/healthz")));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(workerPids(primary)).toHaveLength(2);
    expect(output.match(/Portico is running/g) ?? []).toHaveLength(1);
  });

  it("delivers a change made through one worker to live streams held by every worker", async () => {
    const admin = await login(port, ADMIN.email, ADMIN.password);
    // Four streams on four connections: the primary deals them out in turn, two to each worker.
    const streams = Array.from({ length: 4 }, () => openStream(port, admin.cookie));
    try {
      await Promise.all(streams.map((s) => s.opened));
      const account = await request(port, "POST", "/api/admin/accounts", { headers: admin.headers, body: { name: "Streamed Bakery" } });
      expect(account.status, account.body).toBe(201);
      await until("every stream to hear of the new account", () => streams.every((s) => s.events.length > 0) || undefined);
    } finally {
      for (const s of streams) s.close();
    }
  });

  it("counts a rate limit across the workers: the eleventh wrong password is refused", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const answer = await request(port, "POST", "/api/auth/login", {
        body: { username: "nobody@cluster.test", password: "wrong password" },
      });
      statuses.push(answer.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it("ends a session on every worker at once when it logs out on one", async () => {
    const admin = await login(port, ADMIN.email, ADMIN.password);
    // Warm both workers' session caches.
    for (let i = 0; i < 4; i++) expect((await request(port, "GET", "/api/accounts", { headers: admin.headers })).status).toBe(200);
    expect((await request(port, "POST", "/api/auth/logout", { headers: admin.headers })).status).toBe(204);
    const after = await Promise.all(Array.from({ length: 4 }, () => request(port, "GET", "/api/accounts", { headers: admin.headers })));
    expect(after.map((a) => a.status)).toEqual([401, 401, 401, 401]);
  });

  it("sends each queued email once: only the lead worker runs the jobs", async () => {
    const admin = await login(port, ADMIN.email, ADMIN.password);
    const invited = ["one", "two", "three", "four"].map((name) => `agent-${name}@cluster.test`);
    for (const email of invited) {
      const answer = await request(port, "POST", "/api/admin/users/invitations", {
        headers: admin.headers,
        body: { email, name: `Agent ${email.split("@")[0]}`, role: "agent" },
      });
      expect(answer.status, answer.body).toBe(201);
    }
    const mailbox = await until("the four invitations in the mailbox", async () => {
      const answer = await request(port, "GET", "/api/admin/mailbox", { headers: admin.headers });
      const mails = (JSON.parse(answer.body) as { data: { to: string }[] }).data.filter((m) => invited.includes(m.to));
      return mails.length >= 4 ? mails : undefined;
    });
    // Give a second sender time to show itself, then count again.
    await new Promise((r) => setTimeout(r, 1_500));
    const answer = await request(port, "GET", "/api/admin/mailbox", { headers: admin.headers });
    const again = (JSON.parse(answer.body) as { data: { to: string }[] }).data.filter((m) => invited.includes(m.to));
    expect(mailbox.map((m) => m.to).sort()).toEqual([...invited].sort());
    expect(again.map((m) => m.to).sort()).toEqual([...invited].sort());
  });

  it("replaces a worker that dies, and keeps serving meanwhile", async () => {
    const [victim] = workerPids(primary);
    process.kill(victim!, "SIGKILL");
    // A connection handed over in the instant the worker died is lost with it; once the primary
    // has seen it go (at once), every request goes to the worker still alive.
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 4; i++) expect((await request(port, "GET", "/healthz")).status).toBe(200);
    await until(
      "a replacement worker",
      () => {
        const pids = workerPids(primary);
        return (pids.length === 2 && !pids.includes(victim!)) || undefined;
      },
      30_000,
    );
  }, 60_000);

  it("stops every worker and exits 0 at SIGTERM", async () => {
    const workers = workerPids(primary);
    const exited = new Promise<number | null>((resolve) => primary.once("exit", (code) => resolve(code)));
    primary.kill("SIGTERM");
    expect(await exited).toBe(0);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
  }, 30_000);
});

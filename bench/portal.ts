import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildProblem } from "../scripts/build-state.mjs";
import { freePort } from "../src/server/test/free-port";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** A process and every process below it (a cluster's primary and its workers). */
function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    // pgrep exits 1 when there are none
  }
  return [pid, ...children.flatMap(processTree)];
}

/** Resident memory of one process, from /proc (MiB); 0 when it is gone. */
function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    return "";
  }
}

export interface PortalMemory {
  /** Every Node process of the server, the primary first (not npm or the shell that `npm start` runs it under). */
  processes: { pid: number; rssMiB: number; command: string }[];
  totalMiB: number;
}

export interface RunningPortal {
  origin: string;
  memory(): PortalMemory;
  stop(): Promise<void>;
}

/**
 * The portal as `npm start` runs it — the compiled server (dist/server, built by `npm run build`),
 * in cluster mode with `processes` workers (1: a single process) — on the bench's database and
 * DATA_DIR, in processes of its own. Resolves once /readyz answers 200.
 */
export async function startPortal(options: {
  dataDir: string;
  databaseUrl: string | undefined;
  processes: number;
  command?: string[];
  env?: Record<string, string>;
}): Promise<RunningPortal & { startMs: number }> {
  const problem = buildProblem();
  if (problem) throw new Error(problem);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // BENCH_PORTAL_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the measured portal.
  const nodeArgs = (process.env.BENCH_PORTAL_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const [command, ...args] = options.command ?? [process.execPath, ...nodeArgs, "--enable-source-maps", "dist/server/main.js"];
  const started = performance.now();
  const child: ChildProcess = spawn(command!, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: options.dataDir,
      DATABASE_URL: options.databaseUrl ?? "",
      PUBLIC_URL: "http://127.0.0.1",
      WEB_CONCURRENCY: String(options.processes),
      RUN_WORKERS: "false",
      LOG_LEVEL: "silent",
      ADMIN_EMAIL: "",
      ADMIN_PASSWORD: "",
      SMTP_URL: "",
      INBOUND_SMTP_PORT: "",
      ...options.env,
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the portal exited with code ${child.exitCode} before it answered`);
    const ready = await fetch(`${origin}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error("the portal did not answer /healthz within 60 s");
    await new Promise((r) => setTimeout(r, 10));
  }
  const startMs = performance.now() - started;
  // Every worker of a cluster serves before the portal is measured (the followers start after the lead).
  while (processTree(child.pid!).length < Math.min(options.processes, 2) + (options.processes > 1 ? 1 : 0)) {
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    origin,
    startMs,
    memory() {
      const processes = processTree(child.pid!)
        .map((pid) => ({ pid, rssMiB: rssOf(pid), command: commandOf(pid) }))
        .filter((p) => p.rssMiB > 0 && !p.command.startsWith("sh ") && /dist\/server\/main\.js|scripts\/start\.mjs/.test(p.command));
      return { processes, totalMiB: processes.reduce((sum, p) => sum + p.rssMiB, 0) };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        // The whole group: `npm start` runs node below npm.
        process.kill(-child.pid!, "SIGTERM");
      }),
  };
}

export interface StartUp {
  /** From spawning `npm start` to the first 200 from /healthz, on a fresh DATA_DIR (migrations included). */
  startMs: number;
  /** Resident memory a few seconds after start, nothing served yet but /healthz. */
  idle: PortalMemory;
}

/** `npm start` on a fresh data directory, as a newcomer runs it, `runs` times. */
export async function timeStartUp(processes: number, runs = 3, settleMs = 3_000): Promise<StartUp[]> {
  const results: StartUp[] = [];
  for (let run = 0; run < runs; run++) {
    const dataDir = mkdtempSync(path.join(tmpdir(), "portico-bench-start-"));
    try {
      const portal = await startPortal({ dataDir, databaseUrl: undefined, processes, command: ["npm", "start", "--silent"] });
      await new Promise((r) => setTimeout(r, settleMs));
      const idle = portal.memory();
      await portal.stop();
      results.push({ startMs: portal.startMs, idle });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return results;
}

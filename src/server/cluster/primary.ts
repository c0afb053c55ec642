import cluster, { type Worker } from "node:cluster";
import pino from "pino";
import type { Config } from "../platform/config";
import { HitCounters } from "./limits";
import { isPorticoMessage, ROLE_ENV, type ToPrimary, type ToWorker, type WorkerRole } from "./messages";

/** A worker that dies this soon after it started is restarted after a growing pause. */
const QUICK_DEATH_MS = 10_000;
const MAX_RESTART_PAUSE_MS = 30_000;

/**
 * Cluster mode's primary: forks WEB_CONCURRENCY workers that all serve HTTP on the one port (the
 * primary hands out connections in turn), relays what one worker tells the others (live-stream
 * wake-ups, cache invalidations), keeps the rate-limit counters they share, restarts a worker
 * that dies, and at SIGTERM stops them all the way a single process stops. It opens no database
 * and loads no part of the app: the first worker ("lead") applies the migrations, prints the
 * setup link and runs the background jobs; the others start once it listens.
 */
export function runPrimary(config: Config): void {
  const log = pino({ level: config.logLevel });
  const counters = new HitCounters();
  const roles = new Map<Worker, WorkerRole>();
  const startedAt = new Map<Worker, number>();
  const listening = new Set<Worker>();
  let restartPause = 1_000;
  let stopping = false;
  let exitCode = 0;

  const fork = (role: WorkerRole) => {
    const worker = cluster.fork({ [ROLE_ENV]: role });
    roles.set(worker, role);
    startedAt.set(worker, Date.now());
    return worker;
  };
  const startFollowers = () => {
    for (let i = 1; i < config.webConcurrency; i++) fork("follower");
  };

  cluster.on("listening", (worker) => {
    const first = listening.size === 0 && roles.get(worker) === "lead";
    listening.add(worker);
    if (first) {
      log.info({ workers: config.webConcurrency }, "cluster: the lead worker is serving; starting the others");
      startFollowers();
    }
  });

  cluster.on("message", (worker, raw: unknown) => {
    if (!isPorticoMessage(raw)) return;
    const message = raw as ToPrimary;
    if (message.kind === "broadcast") {
      const relayed: ToWorker = { portico: 1, kind: "broadcast", payload: message.payload };
      for (const other of roles.keys()) if (other !== worker && other.isConnected()) other.send(relayed);
    } else if (message.kind === "limit.incr") {
      const { current, ttl } = counters.hit(message.key, message.timeWindow);
      if (worker.isConnected()) worker.send({ portico: 1, kind: "limit.result", id: message.id, current, ttl } satisfies ToWorker);
    }
  });

  cluster.on("exit", (worker, code, signal) => {
    const role = roles.get(worker) ?? "follower";
    const wasListening = listening.has(worker);
    const lived = Date.now() - (startedAt.get(worker) ?? 0);
    roles.delete(worker);
    startedAt.delete(worker);
    listening.delete(worker);
    if (code) exitCode = Math.max(exitCode, code);
    if (stopping) {
      if (roles.size === 0) process.exit(exitCode);
      return;
    }
    if (!wasListening) {
      // It never served: the configuration, the database or the port is wrong, and another try
      // would fail the same way. Stop as a single process would, with its exit code.
      log.error({ role, code, signal }, "cluster: a worker failed to start; stopping");
      stop("SIGTERM", code || 1);
      return;
    }
    restartPause = lived < QUICK_DEATH_MS ? Math.min(restartPause * 2, MAX_RESTART_PAUSE_MS) : 1_000;
    log.error({ role, code, signal, restartInMs: restartPause }, "cluster: a worker stopped; starting another");
    setTimeout(() => {
      if (!stopping) fork(role);
    }, restartPause);
  });

  const stop = (signal: NodeJS.Signals, code = 0) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    log.info({ signal }, "cluster: stopping every worker");
    if (roles.size === 0) process.exit(exitCode);
    for (const worker of roles.keys()) worker.process.kill("SIGTERM");
    // Each worker exits within its own grace period; this is the backstop if one hangs.
    setTimeout(
      () => {
        log.error("cluster: workers did not stop in time; killing them");
        for (const worker of roles.keys()) worker.process.kill("SIGKILL");
        process.exit(1);
      },
      config.shutdownGraceSeconds * 1000 + 10_000,
    ).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));

  fork("lead");
}

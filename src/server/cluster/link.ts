import cluster from "node:cluster";
import type { FastifyRateLimitStoreCtor } from "@fastify/rate-limit";
import type { Logger } from "pino";
import type { BusTransport } from "../platform/bus";
import { HitCounters } from "./limits";
import { type Broadcast, isPorticoMessage, ROLE_ENV, type ToPrimary, type ToWorker, type WorkerRole } from "./messages";

/** How long a worker waits for the primary to count a rate-limited hit before counting it alone. */
const LIMIT_ANSWER_MS = 2_000;

/**
 * A cluster worker's line to the primary: what it tells the other workers (a change was
 * committed; a cache entry is stale) and the rate-limit counters they share. Undefined outside
 * cluster mode, where the app keeps everything in its one process.
 */
export interface ClusterLink {
  role: WorkerRole;
  broadcast(payload: Broadcast): void;
  onBroadcast(handler: (payload: Broadcast) => void): () => void;
  /** Counts a hit in the primary's counters (its own, if the primary does not answer in time). */
  hit(key: string, timeWindow: number): Promise<{ current: number; ttl: number }>;
}

export function roleOfThisWorker(): WorkerRole | undefined {
  if (!cluster.isWorker) return undefined;
  return process.env[ROLE_ENV] === "lead" ? "lead" : "follower";
}

/** The link over this process's IPC channel, when it is a cluster worker. */
export function connectToPrimary(log: Logger): ClusterLink | undefined {
  const role = roleOfThisWorker();
  const send = process.send?.bind(process);
  if (!role || !send) return undefined;
  return ipcLink(
    role,
    (message) => send(message),
    (listener) => process.on("message", listener),
    log,
  );
}

/** The link over any message channel (tests join two links through a stand-in primary). */
export function ipcLink(
  role: WorkerRole,
  send: (message: ToPrimary) => void,
  listen: (listener: (message: unknown) => void) => void,
  log: Logger,
): ClusterLink {
  const handlers = new Set<(payload: Broadcast) => void>();
  const waiting = new Map<number, (answer: { current: number; ttl: number }) => void>();
  const alone = new HitCounters();
  let nextId = 1;
  listen((raw) => {
    if (!isPorticoMessage(raw)) return;
    const message = raw as ToWorker;
    if (message.kind === "broadcast") {
      for (const handler of handlers) {
        try {
          handler(message.payload);
        } catch (error) {
          log.error({ err: error }, "cluster: a broadcast handler failed");
        }
      }
    } else if (message.kind === "limit.result") {
      waiting.get(message.id)?.({ current: message.current, ttl: message.ttl });
      waiting.delete(message.id);
    }
  });
  const trySend = (message: ToPrimary): boolean => {
    try {
      send(message);
      return true;
    } catch (error) {
      // The primary is gone (the process is stopping): nothing to tell anyone.
      log.warn({ err: error }, "cluster: the primary cannot be reached");
      return false;
    }
  };
  return {
    role,
    broadcast: (payload) => void trySend({ portico: 1, kind: "broadcast", payload }),
    onBroadcast(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    hit(key, timeWindow) {
      const id = nextId++;
      return new Promise((resolve) => {
        const countAlone = () => {
          waiting.delete(id);
          resolve(alone.hit(key, timeWindow));
        };
        if (!trySend({ portico: 1, kind: "limit.incr", id, key, timeWindow })) return countAlone();
        const timer = setTimeout(() => {
          log.warn({ key }, "cluster: the primary did not count a rate-limited request in time; counting it here");
          countAlone();
        }, LIMIT_ANSWER_MS);
        waiting.set(id, (answer) => {
          clearTimeout(timer);
          resolve(answer);
        });
      });
    },
  };
}

/** The invalidation bus (bus.ts) over the cluster link: envelopes go to every other worker. */
export function busTransport(link: ClusterLink): BusTransport {
  return {
    send: (envelope) => link.broadcast({ type: "bus", envelope }),
    onMessage: (handler) => {
      link.onBroadcast((payload) => {
        if (payload.type === "bus") handler(payload.envelope);
      });
    },
  };
}

type RouteLimitParams = { routeInfo?: { method?: string | string[]; url?: string }; groupId?: string };
type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A `store` for @fastify/rate-limit whose counters live in the primary: one count per route (or
 * group) and key across every worker. The plugin makes one per rate-limited route with `child`.
 */
export function sharedLimitStore(link: ClusterLink): FastifyRateLimitStoreCtor {
  class SharedLimitStore {
    private readonly scope: string;

    constructor(params: RouteLimitParams = {}) {
      const method = [params.routeInfo?.method ?? ""].flat().join(",");
      this.scope = params.groupId ?? `${method} ${params.routeInfo?.url ?? ""}`;
    }

    incr(key: string, callback: IncrCallback, timeWindow: number): void {
      link.hit(`${this.scope}\n${key}`, timeWindow).then(
        (result) => callback(null, result),
        (error: Error) => callback(error),
      );
    }

    child(params: RouteLimitParams) {
      return new SharedLimitStore(params);
    }
  }
  // The plugin passes the window to incr() (its published types lag behind and omit it).
  return SharedLimitStore as unknown as FastifyRateLimitStoreCtor;
}

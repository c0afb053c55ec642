/**
 * What the cluster's processes say to each other over Node's IPC channel. Every message carries
 * `portico: 1`, so anything else on the channel (another library's messages) is left alone.
 */

/** The first worker also runs the background jobs and the inbound SMTP listener; the others serve HTTP only. */
export type WorkerRole = "lead" | "follower";

/** The environment variable through which the primary tells a worker its role. */
export const ROLE_ENV = "PORTICO_WORKER_ROLE";

export type ToPrimary =
  /** Relay `payload` to every other worker. */
  | { portico: 1; kind: "broadcast"; payload: Broadcast }
  /** Count one hit against a rate limit shared by all workers; answered with `limit.result`. */
  | { portico: 1; kind: "limit.incr"; id: number; key: string; timeWindow: number };

export type ToWorker =
  | { portico: 1; kind: "broadcast"; payload: Broadcast }
  | { portico: 1; kind: "limit.result"; id: number; current: number; ttl: number };

/** What one worker tells the others. */
export type Broadcast =
  /** A change was committed: look for new events now (live streams). */
  | { type: "wake" }
  /** An invalidation bus envelope (bus.ts), passed on as it is. */
  | { type: "bus"; envelope: unknown };

export function isPorticoMessage(message: unknown): message is { portico: 1; kind: string } {
  return typeof message === "object" && message !== null && (message as { portico?: unknown }).portico === 1;
}

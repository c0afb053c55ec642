/**
 * The invalidation bus: tells every process of the portal that something it may hold in memory
 * changed ("this person's sessions ended"), so in-process caches stay short-lived hints instead
 * of a second source of truth. It carries small messages, never data, and promises little:
 * delivery in this process is immediate and synchronous; other processes hear it soon, at most
 * once, and may miss it while a transport is down — which is why every cache that relies on it
 * also expires by itself after a few seconds and empties itself after a gap (`onGap`).
 *
 * Transports:
 * - PostgreSQL (several instances on one database): `pg_notify` on `portico_bus` through the
 *   pool, heard on one dedicated LISTEN connection (pg-listen.ts, shared with the realtime hub).
 * - A process transport (Node cluster workers sharing one SQLite file): `attachTransport`, wired
 *   by whoever forks the workers; the primary relays each worker's envelope to the others.
 * Every envelope carries its sender's `origin`, so a process ignores its own echo.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Logger } from "pino";
import type { Db } from "./db/database";
import { PgListener } from "./pg-listen";

/** A fixed identifier (LISTEN takes no bind parameter); distinct from the realtime hub's channel. */
export const BUS_CHANNEL = "portico_bus";

/**
 * The topics and what their messages carry. A module adds its own by declaration merging:
 * `declare module "…/platform/bus" { interface BusTopics { prices: { accountId: string } } }`.
 */
export interface BusTopics {
  /**
   * Cached actors to drop: a session, a person's sessions, every contact of an account; none of
   * the three means everyone's.
   */
  sessions: { userId?: string; sessionId?: string; accountId?: string };
}
export type BusTopic = keyof BusTopics;
export type BusMessage<T extends BusTopic = BusTopic> = { [K in T]: { topic: K } & BusTopics[K] }[T];

/** What travels between processes: the message and who sent it (to ignore one's own echo). */
export interface BusEnvelope {
  origin: string;
  message: BusMessage;
}

/** A way to other processes; the bus sends every envelope it publishes and hands it what arrives. */
export interface BusTransport {
  send(envelope: BusEnvelope): void;
  onMessage(handler: (envelope: unknown) => void): void;
}

type Handler = (message: BusMessage) => void;

/** Reads an envelope from another process defensively: anything malformed is dropped, not thrown. */
export function parseEnvelope(raw: unknown): BusEnvelope | undefined {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { origin, message } = value as { origin?: unknown; message?: unknown };
  if (typeof origin !== "string" || typeof message !== "object" || message === null) return undefined;
  if (typeof (message as { topic?: unknown }).topic !== "string") return undefined;
  return { origin, message: message as BusMessage };
}

/** One per app (buildApp); `ctx.bus`. */
export class InvalidationBus {
  /** This process's id on the wire: a random one per bus, so two apps in one process differ too. */
  readonly origin = randomUUID();
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly gapHandlers = new Set<() => void>();
  private readonly transports: BusTransport[] = [];
  private postgres: { db: Db; listener: PgListener } | undefined;
  private closed = false;
  /** Envelopes heard from other processes (tests read it). */
  readonly stats = { received: 0 };

  constructor(private readonly log: Logger) {}

  /** Calls `handler` for every message of `topic`, from this process or another; returns the unsubscribe. */
  subscribe<T extends BusTopic>(topic: T, handler: (message: BusMessage<T>) => void): () => void {
    const set = this.handlers.get(topic) ?? new Set<Handler>();
    this.handlers.set(topic, set);
    const untyped = handler as Handler;
    set.add(untyped);
    return () => set.delete(untyped);
  }

  /**
   * Calls `handler` whenever messages from other processes may have been lost (the LISTEN
   * connection came back after a drop): a cache should then forget everything it holds.
   */
  onGap(handler: () => void): () => void {
    this.gapHandlers.add(handler);
    return () => this.gapHandlers.delete(handler);
  }

  /**
   * False while a transport that carries other instances' messages is down: a cache should not
   * answer from memory then, since it cannot hear what others change.
   */
  get inSync(): boolean {
    return this.postgres === undefined || this.postgres.listener.listening;
  }

  /**
   * Delivers here at once, then to the other processes. Call it after the change committed: a
   * process that hears it earlier could re-read the old rows. Never throws — a lost message
   * costs the other instances at most their caches' lifetime.
   */
  async publish(message: BusMessage): Promise<void> {
    this.deliver(message);
    const envelope: BusEnvelope = { origin: this.origin, message };
    for (const transport of this.transports) {
      try {
        transport.send(envelope);
      } catch (error) {
        this.log.warn({ err: error, topic: message.topic }, "bus: a transport refused a message");
      }
    }
    if (this.postgres && !this.closed) await this.notify(this.postgres.db, envelope);
  }

  /** Joins another process's bus (cluster mode); nothing is attached by default. */
  attachTransport(transport: BusTransport): void {
    transport.onMessage((raw) => this.receive(raw));
    this.transports.push(transport);
  }

  /** Joins the other instances on this PostgreSQL database: resolves once listening (or retrying). */
  async listenOnPostgres(options: { databaseUrl: string; db: Db }): Promise<void> {
    const listener = new PgListener({
      databaseUrl: options.databaseUrl,
      channel: BUS_CHANNEL,
      log: this.log,
      name: "bus",
      onNotification: (payload) => this.receive(payload),
      onListening: () => this.gap(),
    });
    this.postgres = { db: options.db, listener };
    await listener.start();
  }

  /** Stops listening (app close); publishing afterwards only delivers in this process. */
  async close(): Promise<void> {
    this.closed = true;
    await this.postgres?.listener.stop();
  }

  private async notify(db: Db, envelope: BusEnvelope): Promise<void> {
    try {
      await sql`select pg_notify(${BUS_CHANNEL}, ${JSON.stringify(envelope)})`.execute(db);
    } catch (error) {
      this.log.warn({ err: error, topic: envelope.message.topic }, "bus: could not notify the other instances");
    }
  }

  private receive(raw: unknown): void {
    const envelope = parseEnvelope(raw);
    if (!envelope) return void this.log.warn("bus: dropped a malformed message");
    if (envelope.origin === this.origin) return; // already delivered here when it was published
    this.stats.received++;
    this.deliver(envelope.message);
  }

  private deliver(message: BusMessage): void {
    for (const handler of this.handlers.get(message.topic) ?? []) {
      try {
        handler(message);
      } catch (error) {
        this.log.error({ err: error, topic: message.topic }, "bus: a subscriber failed");
      }
    }
  }

  private gap(): void {
    for (const handler of this.gapHandlers) handler();
  }
}

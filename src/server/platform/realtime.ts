/**
 * Live updates: `GET /api/stream`, Server-Sent Events for the logged-in person (401 otherwise).
 *
 * What the stream carries (UTF-8 text/event-stream):
 *   retry: 3000                                  once, first
 *   event: notification / data: {"unreadCount":n} on connect, and whenever this person gets a
 *                                                new in-app notification (no `id:`, so it
 *                                                never moves the resume point)
 *   id: <event id> / event: change / data: TStreamChange JSON
 *                                                every recorded event this person may see; the
 *                                                web app refetches through the API (which
 *                                                applies the policy) — payloads are never sent
 *   event: reset / data: {}                      the resume gap was too long to replay: refetch
 *   : ping                                       a comment every 25 s keeps proxies from closing it
 * Resume: reconnect with `Last-Event-ID` (browsers do it themselves; `?lastEventId=` also works)
 * and the visible events after that id are sent before going live. Delivery is at least once:
 * an event may arrive twice, never out of the policy.
 *
 * Who sees what: an admin every event; an agent the events of accounts assigned to them
 * (re-read every 30 s and on `account.agent_*`); a client only its own account's events whose
 * event `isClientVisible` (platform/events.ts) lets through. Every 30 s the
 * session is checked again: a logged-out or suspended person's stream is closed.
 *
 * Multi-instance: one hub per process reads new rows from `events` and fans them out. It is
 * woken after this instance answers a non-GET request, by PostgreSQL `LISTEN portico_events`
 * (recordEvent notifies at commit), and by a 1 s timer. Ids are UUIDv7 and a transaction that
 * started earlier may commit later, so each read looks back LOOKBACK_MS behind the newest id seen
 * and skips ids already dispatched. A transaction open longer than that is missed live (a
 * reconnect replays it); instances' clocks must agree within that window (NTP).
 */
import type { ServerResponse } from "node:http";
import type { FastifyPluginAsync } from "fastify";
import type { Logger } from "pino";
import type { Actor } from "./auth/sessions";
import type { Db, Executor } from "./db/database";
import { EVENTS_CHANNEL } from "./events";
import { requireActor } from "./http";
import { UUID_PATTERN } from "./ids";
import { PgListener } from "./pg-listen";
import { STREAM_COLUMNS, StreamConnection, type StreamRow } from "./realtime-connection";

const LOOKBACK_MS = 5_000;
const POLL_MS = 1_000;
const HEARTBEAT_MS = 25_000;
const REFRESH_MS = 30_000;
const BATCH = 500;

/** Where unread counts come from (the notifications module), injected to keep platform generic. */
export interface NotificationSource {
  unreadCounts(db: Executor, userIds: string[]): Promise<Map<string, number>>;
  notifiedUsers(db: Executor, eventIds: string[], userIds: string[]): Promise<string[]>;
}

const isUuid = (s: unknown): s is string => typeof s === "string" && new RegExp(UUID_PATTERN).test(s);
const idTime = (id: string) => Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
/** The smallest UUIDv7 of a millisecond: ids compare as text on both databases. */
function lowestIdAt(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}

/** One per process: reads new events and fans them out to the open streams. */
export class RealtimeHub {
  private readonly connections = new Set<StreamConnection>();
  private readonly seen = new Map<string, number>();
  private highWater = 0;
  private starting: Promise<void> | undefined;
  private stopped = false;
  private polling: Promise<void> | undefined;
  private pollAgain = false;
  private readonly timers: NodeJS.Timeout[] = [];
  private listener: PgListener | undefined;
  /** How often a PostgreSQL NOTIFY woke this hub (tests read it). */
  readonly stats = { notified: 0 };

  constructor(
    private readonly options: { db: Db; databaseUrl?: string; log: Logger; notifications?: NotificationSource; pollMs?: number },
  ) {}

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Look for new events now (after a write, on NOTIFY). Does nothing while nobody is connected. */
  wake(): void {
    if (this.starting && !this.stopped && this.connections.size > 0) void this.poll();
  }

  /** Starts with the first stream: from then on it polls, listens and keeps streams alive. */
  private start(): Promise<void> {
    this.starting ??= (async () => {
      this.timers.push(setInterval(() => this.wake(), this.options.pollMs ?? POLL_MS));
      this.timers.push(setInterval(() => this.broadcast(": ping\n\n"), HEARTBEAT_MS));
      this.timers.push(setInterval(() => void this.refresh(), REFRESH_MS));
      for (const timer of this.timers) timer.unref();
      if (this.options.databaseUrl) await this.listen(this.options.databaseUrl);
    })();
    return this.starting;
  }

  /**
   * Nothing is read while nobody is connected, so the first stream after a quiet spell starts
   * from now: what already happened is marked seen, not sent.
   */
  private async prime(): Promise<void> {
    await this.polling;
    this.highWater = Date.now();
    this.seen.clear();
    const recent = await this.options.db
      .selectFrom("events")
      .select("id")
      .where("id", ">", lowestIdAt(this.highWater - LOOKBACK_MS))
      .execute();
    for (const { id } of recent) this.seen.set(id, idTime(id));
  }

  /** A dedicated connection LISTENs for commits on every instance; it reconnects with backoff. */
  private async listen(databaseUrl: string): Promise<void> {
    if (this.stopped) return;
    this.listener = new PgListener({
      databaseUrl,
      channel: EVENTS_CHANNEL,
      log: this.options.log,
      name: "realtime",
      onNotification: () => {
        this.stats.notified++;
        this.wake();
      },
      onListening: () => this.wake(), // catch up on what was missed while disconnected
    });
    await this.listener.start();
  }

  private poll(): Promise<void> {
    if (this.polling !== undefined) {
      this.pollAgain = true;
      return this.polling;
    }
    this.polling = (async () => {
      do {
        this.pollAgain = false;
        await this.readNew();
      } while (this.pollAgain && !this.stopped);
    })()
      .catch((error) => this.options.log.error({ err: error }, "realtime: reading events failed"))
      .finally(() => {
        this.polling = undefined;
      });
    return this.polling;
  }

  /** Reads from a little behind the newest id seen (late commits), skipping ids already sent. */
  private async readNew(): Promise<void> {
    let after = lowestIdAt(Math.min(this.highWater, Date.now()) - LOOKBACK_MS);
    for (;;) {
      const rows = await this.options.db
        .selectFrom("events")
        .select(STREAM_COLUMNS)
        .where("id", ">", after)
        .orderBy("id")
        .limit(BATCH)
        .execute();
      const fresh = rows.filter((row) => !this.seen.has(row.id));
      for (const row of fresh) {
        const time = idTime(row.id);
        this.seen.set(row.id, time);
        this.highWater = Math.max(this.highWater, time);
      }
      if (fresh.length > 0) await this.dispatch(fresh);
      if (rows.length < BATCH || this.stopped) break;
      after = rows[rows.length - 1]!.id;
    }
    const forgetBefore = this.highWater - 2 * LOOKBACK_MS;
    for (const [id, time] of this.seen) if (time < forgetBefore) this.seen.delete(id);
  }

  private async dispatch(rows: StreamRow[]): Promise<void> {
    for (const conn of this.connections) conn.enqueue(() => conn.deliver(rows));
    const source = this.options.notifications;
    if (!source || this.connections.size === 0) return;
    const userIds = [...new Set([...this.connections].map((c) => c.actor.id))];
    const notified = await source.notifiedUsers(
      this.options.db,
      rows.map((r) => r.id),
      userIds,
    );
    if (notified.length === 0) return;
    const counts = await source.unreadCounts(this.options.db, notified);
    for (const conn of this.connections) {
      if (notified.includes(conn.actor.id)) conn.enqueue(() => conn.sendUnread(counts.get(conn.actor.id) ?? 0));
    }
  }

  private broadcast(chunk: string): void {
    for (const conn of this.connections) conn.send(chunk);
  }

  /** Every 30 s: close streams whose session ended or whose person changed; re-read agents' accounts. */
  async refresh(): Promise<void> {
    for (const conn of [...this.connections]) {
      try {
        if (!(await conn.stillValid())) conn.close();
        else if (conn.actor.role === "agent") await conn.loadAccounts();
      } catch (error) {
        this.options.log.warn({ err: error }, "realtime: refreshing a stream failed");
      }
    }
  }

  /** Opens a stream on a hijacked response: headers, unread count, the resume, then live. */
  async open(actor: Actor, res: ServerResponse, lastEventId: string | undefined): Promise<void> {
    await this.start();
    if (this.stopped) return void res.writeHead(503).end();
    if (this.connections.size === 0) await this.prime();
    const conn = new StreamConnection(actor, res, this.options.db, this.options.log, (c) => this.connections.delete(c));
    await conn.begin();
    if (res.destroyed) return;
    this.connections.add(conn);
    const replaying = lastEventId ? conn.replay(lastEventId) : undefined;
    const unread = await this.options.notifications?.unreadCounts(this.options.db, [actor.id]);
    if (unread) conn.sendUnread(unread.get(actor.id) ?? 0);
    await replaying;
  }

  /** Ends every stream and stops polling and listening (app close, SIGTERM). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    for (const conn of [...this.connections]) conn.close();
    await this.starting?.catch(() => {});
    await this.polling;
    await this.listener?.stop();
  }
}

/** `GET /api/stream`; the app stops the hub in a preClose hook. */
export function realtimeRoutes(hub: RealtimeHub): FastifyPluginAsync {
  return async (app) => {
    app.get(
      "/api/stream",
      {
        schema: {
          tags: ["realtime"],
          summary: "Live changes (Server-Sent Events)",
          description:
            "text/event-stream of `change` (TStreamChange) and `notification` ({unreadCount}) events; resume with Last-Event-ID.",
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const fromQuery = (request.query as Record<string, unknown> | undefined)?.lastEventId;
        const lastEventId = [request.headers["last-event-id"], fromQuery].find(isUuid);
        reply.hijack();
        try {
          await hub.open(actor, reply.raw, lastEventId);
        } catch (error) {
          request.log.error({ err: error }, "realtime: opening a stream failed");
          if (!reply.raw.headersSent) reply.raw.writeHead(503);
          reply.raw.end();
        }
        return reply;
      },
    );
  };
}

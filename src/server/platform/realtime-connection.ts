import type { ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { TStreamChange } from "../../common/notifications";
import type { Actor } from "./auth/sessions";
import type { Db } from "./db/database";
import type { EventRow } from "./db/schema";
import { clientVerbs, isClientVisible } from "./events";
import { nowIso } from "./ids";
import { accountScope } from "./policy";

/** An event row as the stream reads it (see platform/realtime.ts for the wire format). */
export type StreamRow = Omit<EventRow, "actor_id">;
export const STREAM_COLUMNS = ["id", "verb", "object_type", "object_id", "account_id", "payload", "created_at"] as const;

const REPLAY_LIMIT = 1_000;
/** Replayed ids are remembered longer than the hub looks back, so it cannot send them twice. */
const REPLAY_MEMORY_MS = 15_000;
/** A client this far behind on reading is dropped; it reconnects and resumes. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

function payloadOf(row: StreamRow): Record<string, unknown> | undefined {
  try {
    return JSON.parse(row.payload) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** Only these fields ever leave the server: never a payload (it may hold a reply's words). */
const change = (row: StreamRow): TStreamChange => ({
  id: row.id,
  verb: row.verb,
  objectType: row.object_type,
  objectId: row.object_id,
  accountId: row.account_id,
  createdAt: row.created_at,
});

/** One person's open stream: what they may see, written in order to their response. */
export class StreamConnection {
  /** Agents: the accounts assigned to them. */
  private accounts = new Set<string>();
  /** While a resume is replayed, live rows wait here. */
  private buffer: StreamRow[] | null = null;
  private readonly replayed = new Set<string>();
  private replayedUntil = 0;
  /** Deliveries to one connection run one after another, in order. */
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly actor: Actor,
    private readonly res: ServerResponse,
    private readonly db: Db,
    private readonly log: Logger,
    private readonly onClose: (conn: StreamConnection) => void,
  ) {
    res.on("close", () => this.onClose(this));
  }

  /** Sends the headers and the retry hint; agents' accounts are read first. */
  async begin(): Promise<void> {
    if (this.actor.role === "agent") await this.loadAccounts();
    this.res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    this.res.write("retry: 3000\n\n");
  }

  visible(row: StreamRow): boolean {
    const { actor } = this;
    switch (actor.role) {
      case "admin":
        return true;
      case "agent":
        if (row.account_id !== null && this.accounts.has(row.account_id)) return true;
        // An agent hears of their own (un)assignment, even from an account they just left.
        return row.verb.startsWith("account.agent_") && payloadOf(row)?.agentId === actor.id;
      case "client": {
        // Why: the catalogue's one predicate (src/common/events) — an unknown or staff verb, an
        // internal event or an unreadable payload never reaches a client.
        return (
          actor.accountId !== null && row.account_id === actor.accountId && isClientVisible({ verb: row.verb, payload: payloadOf(row) })
        );
      }
      default:
        return false;
    }
  }

  send(chunk: string): void {
    if (this.res.writableEnded || this.res.destroyed) return;
    if (this.res.writableLength > MAX_BUFFERED_BYTES) this.close();
    else this.res.write(chunk);
  }

  private sendChange(row: StreamRow): void {
    this.send(`id: ${row.id}\nevent: change\ndata: ${JSON.stringify(change(row))}\n\n`);
  }

  sendUnread(unreadCount: number): void {
    this.send(`event: notification\ndata: ${JSON.stringify({ unreadCount })}\n\n`);
  }

  /** Queues work behind what this connection is already doing; a failure closes the stream. */
  enqueue(work: () => Promise<void> | void): void {
    this.chain = this.chain.then(work).catch((error) => {
      this.log.warn({ err: error }, "realtime: delivery failed; closing the stream");
      this.close();
    });
  }

  /** Sends the rows this person may see (or holds them while a resume is replayed). */
  async deliver(rows: StreamRow[]): Promise<void> {
    if (this.buffer) {
      this.buffer.push(...rows);
      return;
    }
    if (this.replayed.size > 0 && Date.now() > this.replayedUntil) this.replayed.clear();
    for (const row of rows) {
      if (this.replayed.has(row.id)) continue;
      if (this.actor.role === "agent" && row.verb.startsWith("account.agent_")) await this.loadAccounts();
      if (this.visible(row)) this.sendChange(row);
    }
  }

  /**
   * Resume: the visible events after `lastEventId`, then whatever arrived live meanwhile. Call
   * before the hub delivers to this connection. Too long a gap gets `event: reset` instead.
   */
  async replay(lastEventId: string): Promise<void> {
    this.buffer = [];
    let query = this.db.selectFrom("events").select(STREAM_COLUMNS).where("id", ">", lastEventId);
    if (this.actor.role !== "admin") query = query.where(accountScope(this.actor, "events.account_id"));
    if (this.actor.role === "client") query = query.where("verb", "in", clientVerbs());
    const rows = await query
      .orderBy("id")
      .limit(REPLAY_LIMIT + 1)
      .execute();
    if (rows.length > REPLAY_LIMIT) this.send("event: reset\ndata: {}\n\n");
    else {
      for (const row of rows) {
        if (!this.visible(row)) continue;
        this.sendChange(row);
        this.replayed.add(row.id);
      }
    }
    this.replayedUntil = Date.now() + REPLAY_MEMORY_MS;
    this.enqueue(async () => {
      const waiting = this.buffer ?? [];
      this.buffer = null;
      await this.deliver(waiting);
    });
  }

  async loadAccounts(): Promise<void> {
    const rows = await this.db.selectFrom("account_agents").select("account_id").where("user_id", "=", this.actor.id).execute();
    this.accounts = new Set(rows.map((r) => r.account_id));
  }

  /** Is the session still alive, for the same person in the same role and account? */
  async stillValid(): Promise<boolean> {
    const row = await this.db
      .selectFrom("sessions")
      .innerJoin("users", "users.id", "sessions.user_id")
      .select(["users.role", "users.status", "users.account_id", "sessions.expires_at"])
      .where("sessions.id", "=", this.actor.sessionId)
      .executeTakeFirst();
    return (
      row !== undefined &&
      row.status === "active" &&
      row.expires_at > nowIso() &&
      row.role === this.actor.role &&
      row.account_id === this.actor.accountId
    );
  }

  close(): void {
    this.onClose(this);
    if (!this.res.writableEnded) this.res.end();
  }
}

import pg from "pg";
import type { Logger } from "pino";

const FIRST_RETRY_MS = 1_000;
const LONGEST_RETRY_MS = 30_000;

/**
 * One dedicated PostgreSQL connection that LISTENs on one channel, shared by the realtime hub
 * (`portico_events`) and the invalidation bus (`portico_bus`). A pooled connection cannot LISTEN:
 * the pool hands it to someone else between queries. When the server drops it (restart,
 * failover, pg_terminate_backend) it reconnects with backoff, and `onListening` runs after every
 * (re)connect so the owner can catch up on what it missed meanwhile — NOTIFY is not replayed.
 */
export class PgListener {
  private client: pg.Client | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private reconnectMs = FIRST_RETRY_MS;
  private stopped = false;

  constructor(
    private readonly options: {
      databaseUrl: string;
      /** A fixed identifier of ours, never user input: LISTEN cannot take a bind parameter. */
      channel: string;
      log: Logger;
      /** Prefix of log lines ("realtime", "bus"). */
      name: string;
      onNotification(payload: string | undefined): void;
      onListening?(): void;
    },
  ) {}

  /** Listening right now (false while reconnecting). */
  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Connects once; on failure it keeps retrying in the background and resolves anyway. */
  async start(): Promise<void> {
    this.reconnectTimer = undefined;
    if (this.stopped) return;
    const { databaseUrl, channel, log, name } = this.options;
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
    client.on("notification", (message) => {
      if (message.channel === channel) this.options.onNotification(message.payload);
    });
    client.on("error", (error) => log.warn({ err: error }, `${name}: the LISTEN connection failed; reconnecting`));
    client.on("end", () => {
      if (this.client === client) this.client = undefined;
      this.retry();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${channel}`);
      if (this.stopped) return void (await client.end());
      this.client = client;
      this.reconnectMs = FIRST_RETRY_MS;
      this.options.onListening?.();
    } catch (error) {
      log.warn({ err: error }, `${name}: cannot LISTEN on ${channel}; retrying`);
      await client.end().catch(() => {});
      this.retry();
    }
  }

  private retry(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => void this.start(), this.reconnectMs);
    this.reconnectTimer.unref();
    this.reconnectMs = Math.min(this.reconnectMs * 2, LONGEST_RETRY_MS);
  }

  /** Closes the connection and stops reconnecting (app close). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }
}

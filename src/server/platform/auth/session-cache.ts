/**
 * Session → actor, remembered for a few seconds so an authenticated request does no database
 * work (but the once-a-minute sliding-expiry write). Correctness does not rest on the lifetime:
 * whatever ends a session or changes what an actor is made of (role, status, account, name,
 * username, email) calls `invalidateActor` after its commit, and the bus (platform/bus.ts)
 * drops the entries in every process. The lifetime only bounds what the bus cannot promise.
 */
import type { BusTopics, InvalidationBus } from "../bus";
import type { AppContext } from "../context";
import type { Db } from "../db/database";
import { type Actor, type LiveSession, readSession, touchDue, touchSession } from "./sessions";
import { sha256 } from "./tokens";

/**
 * How long an entry answers without asking the database. It is the worst case for a write path
 * that forgets to invalidate, for an operator's hand edit in SQL, and for another PostgreSQL
 * instance whose NOTIFY was lost (a dropped LISTEN connection empties the cache on reconnect and
 * bypasses it meanwhile). Five seconds: long enough that a busy person's requests are nearly all
 * hits, short enough that a missed invalidation is over before anyone could act on it.
 */
export const SESSION_CACHE_MS = 5_000;

/** Entries kept at most (least recently used go first): ~10,000 actors is a few MB. */
export const SESSION_CACHE_MAX = 10_000;

type Target = BusTopics["sessions"];

interface Entry extends LiveSession {
  /** When the database was last read for it: the entry answers until cachedAt + SESSION_CACHE_MS. */
  cachedAt: number;
}

/** One per app (registerAuth); keyed by the token's hash, never the token itself. */
export class SessionCache {
  /** Map keeps insertion order: re-inserting on a hit makes the first key the least recently used. */
  private readonly entries = new Map<string, Entry>();
  /**
   * Bumped by every invalidation. A miss remembers what it read only if no invalidation happened
   * while it was reading: otherwise a read that began before a commit could put the old actor
   * back right after the invalidation removed it.
   */
  private generation = 0;
  private readonly clock: () => number;
  private readonly cacheMs: number;
  private readonly maxEntries: number;
  /** Hits and misses (tests and the bench read them). */
  readonly stats = { hits: 0, misses: 0 };

  constructor(
    private readonly options: {
      db: Db;
      /** The session lifetime a touch extends to (SESSION_TTL). */
      ttlSeconds: number;
      bus: InvalidationBus;
      clock?: () => number;
      cacheMs?: number;
      maxEntries?: number;
    },
  ) {
    this.clock = options.clock ?? Date.now;
    this.cacheMs = options.cacheMs ?? SESSION_CACHE_MS;
    this.maxEntries = options.maxEntries ?? SESSION_CACHE_MAX;
    options.bus.subscribe("sessions", (message) => this.forget(message));
    options.bus.onGap(() => this.clear());
  }

  get size(): number {
    return this.entries.size;
  }

  /** The actor behind a cookie token, or undefined for an unknown, expired or suspended one. */
  async resolve(token: string): Promise<Actor | undefined> {
    const hash = sha256(token);
    const now = this.clock();
    // While deaf to the other instances (bus.inSync false) every request reads the database:
    // they could end this session unheard.
    const entry = this.options.bus.inSync ? this.fresh(hash, now) : undefined;
    if (entry) {
      this.stats.hits++;
      await this.slide(entry, now);
      return entry.actor;
    }
    this.stats.misses++;
    const generation = this.generation;
    const session = await readSession(this.options.db, hash, now);
    if (!session) return undefined;
    const cached: Entry = { ...session, actor: Object.freeze(session.actor), cachedAt: now };
    await this.slide(cached, now);
    if (generation === this.generation && this.options.bus.inSync) this.remember(hash, cached);
    return cached.actor;
  }

  /** Drops the entries a message names (all of them when it names nothing). */
  forget(target: Target): void {
    this.generation++;
    const { userId, sessionId, accountId } = target;
    if (userId === undefined && sessionId === undefined && accountId === undefined) {
      this.entries.clear();
      return;
    }
    // A scan, not an index per field: invalidations are rare next to lookups, and 10,000
    // entries take well under a millisecond; no second structure can drift out of step.
    for (const [hash, { actor }] of this.entries) {
      if (actor.id === userId || actor.sessionId === sessionId || (accountId !== undefined && actor.accountId === accountId)) {
        this.entries.delete(hash);
      }
    }
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  /** The entry if it may still answer: never past the session's expiry or the cache lifetime. */
  private fresh(hash: string, now: number): Entry | undefined {
    const entry = this.entries.get(hash);
    if (!entry) return undefined;
    this.entries.delete(hash);
    if (entry.expiresAt <= now || now - entry.cachedAt >= this.cacheMs) return undefined;
    this.entries.set(hash, entry); // most recently used now
    return entry;
  }

  private remember(hash: string, entry: Entry): void {
    this.entries.delete(hash);
    this.entries.set(hash, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /**
   * The sliding expiry, still at most once a minute per session: the entry keeps the last touch
   * time, set before the write so concurrent hits on one session do not all write it.
   */
  private async slide(entry: Entry, now: number): Promise<void> {
    if (!touchDue(entry, now)) return;
    entry.lastSeenAt = now;
    entry.expiresAt = await touchSession(this.options.db, entry.actor.sessionId, now, this.options.ttlSeconds);
  }
}

/**
 * Call after the commit of anything that ends sessions or changes a user's role, status,
 * account, name, username or email: every process (this one at once, the others through the
 * bus) stops answering those sessions from memory. Before the commit would be too early — a
 * request could read the old rows in between and cache them again.
 */
export function invalidateActor(ctx: Pick<AppContext, "bus">, target: Target): Promise<void> {
  return ctx.bus.publish({ topic: "sessions", ...target });
}

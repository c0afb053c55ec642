/**
 * Fixed-window hit counters, as @fastify/rate-limit's own in-memory store keeps them: the first
 * hit opens a window of `timeWindow` ms, later hits in it count up, the answer says how many so
 * far and how long until the window closes. In cluster mode the primary holds these for every
 * worker, so "5 attempts per 15 minutes" means five, not five per worker.
 */
export class HitCounters {
  private readonly windows = new Map<string, { count: number; startedAt: number; length: number }>();

  constructor(
    private readonly maxKeys = 50_000,
    private readonly now = () => Date.now(),
  ) {}

  hit(key: string, timeWindow: number): { current: number; ttl: number } {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.startedAt + window.length <= now) {
      window = { count: 0, startedAt: now, length: timeWindow };
      // Re-inserted at the end: the map's first keys are the least recently opened windows.
      this.windows.delete(key);
      this.windows.set(key, window);
      this.evictOverflow();
    }
    window.count++;
    return { current: window.count, ttl: window.startedAt + window.length - now };
  }

  get size(): number {
    return this.windows.size;
  }

  /** Bounded like the plugin's LRU: the oldest windows go first. */
  private evictOverflow(): void {
    while (this.windows.size > this.maxKeys) {
      const oldest = this.windows.keys().next().value;
      if (oldest === undefined) return;
      this.windows.delete(oldest);
    }
  }
}

/*
 * Reads kept in memory by a key that names everything they depend on, the version of the data
 * included (platform/board-versions.ts): a key never goes stale — a change makes a new key and
 * the old entry ages out. The caller must put every input of the read in the key.
 */

/** A bounded LRU of reads; concurrent misses for one key share one read, and a failed read is not kept. */
export class ReadCache<T> {
  /** Map keeps insertion order: a hit is re-inserted, so the first key is the least recently used. */
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly maxEntries: number) {}

  get(key: string, read: () => Promise<T>): Promise<T> {
    const kept = this.entries.get(key);
    if (kept !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, kept);
      return kept;
    }
    const reading = read();
    this.entries.set(key, reading);
    reading.catch(() => {
      if (this.entries.get(key) === reading) this.entries.delete(key);
    });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
    return reading;
  }
}

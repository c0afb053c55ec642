import { createWriteStream } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { notFound } from "./errors";
import { newId } from "./ids";

/**
 * Where file contents live. Keys are ids the portal generates (never a name a person typed),
 * so no user input ever becomes part of a path. Local disk under DATA_DIR/files by default; an
 * S3-compatible implementation can take its place behind the same three calls.
 */
export interface Storage {
  put(key: string, data: Buffer | Readable): Promise<void>;
  /**
   * A stream of the contents — or of bytes `start` to `end` (inclusive) when a range is given (a
   * video player asking for a part); throws a 404 AppError when the key holds nothing.
   */
  get(key: string, range?: { start: number; end: number }): Promise<Readable>;
  /** Removes the contents; a missing key is not an error. */
  delete(key: string): Promise<void>;
}

const KEY = /^[a-z0-9][a-z0-9-]{7,80}$/;

/** Refuses anything that is not a generated key: a bug must never become a path traversal. */
function checkKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
  return key;
}

export function newStorageKey(): string {
  return newId();
}

export function localDiskStorage(root: string): Storage {
  // Spread over 256 folders by the id's random tail (its head is a timestamp).
  const fileFor = (key: string) => path.join(root, checkKey(key).slice(-2), key);
  return {
    async put(key, data) {
      const target = fileFor(key);
      await mkdir(path.dirname(target), { recursive: true });
      // Written beside the target and renamed: a reader never sees half a file.
      const temporary = `${target}.${newId()}.part`;
      try {
        await pipeline(Buffer.isBuffer(data) ? Readable.from([data]) : data, createWriteStream(temporary, { mode: 0o600 }));
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },
    async get(key, range) {
      try {
        const handle = await open(fileFor(key), "r");
        return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") throw notFound("That file");
        throw error;
      }
    },
    async delete(key) {
      await rm(fileFor(key), { force: true });
    },
  };
}

/** Reads a whole stream into memory (for small things such as a raw email). */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

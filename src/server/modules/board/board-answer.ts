import type { TBoardQuery } from "../../../common/board";
import { AnswerCache, type CachedAnswer, etagOf } from "../../platform/answer-cache";
import type { Actor } from "../../platform/auth/sessions";
import { readBoardVersion } from "../../platform/board-versions";
import type { AppContext } from "../../platform/context";
import { type BoardRequest, boardRequest, readBoard } from "./tasks";

/*
 * GET /api/board answered from memory while nothing it shows has changed. A board of a thousand
 * cards costs ~4 ms of CPU to read and encode; a repeat costs one small query (the version).
 */

/** 32 MiB of boards per process: ~100 boards of a thousand cards with their compressed forms. */
const CACHE_BYTES = 32 * 1024 * 1024;
const boards = new AnswerCache(CACHE_BYTES);

/** The board's answer now, and how to get its bytes: `etag` alone answers a revalidation. */
export interface BoardAnswer {
  etag: string;
  /** The answer, from the cache or read now (only called when the ETag did not match). */
  load: () => Promise<CachedAnswer>;
}

/**
 * Whose board this is, for the key. Everything the answer depends on besides the filter and the
 * versions: a client's own account; staff's one-account board (the same for every staff member
 * who may see it — the scope check ran first); an admin's combined board (every account); an
 * agent's (only the accounts they work, so the agent is named). A client's key never equals a
 * staff key, so no answer crosses between the two even if they ever came to differ.
 * Nothing in the answer is per person (no unread flags); `assignee=me` is resolved in the filter.
 */
function viewerOf(actor: Actor, request: BoardRequest): string {
  if (actor.role === "client") return `client:${actor.accountId ?? "-"}`;
  if (request.accountId) return `staff:account:${request.accountId}`;
  return actor.role === "admin" ? "admin:all" : `agent:${actor.id}`;
}

/**
 * Checks the request (scope, filters: a refusal is the same 404 or 400 as without a cache),
 * reads the version once, then names the answer by everything it depends on. The version is
 * read before the board: a change committed in between makes a fresher answer under the older
 * key, never an older answer under the newer one.
 */
export async function boardAnswer(ctx: AppContext, actor: Actor, query: TBoardQuery): Promise<BoardAnswer> {
  const request = await boardRequest(ctx, actor, query);
  const scoped = actor.role === "client" ? actor.accountId : request.accountId;
  const version = await readBoardVersion(ctx.db, actor, scoped);
  // The filter as checked: `me` as the person, the due filter's day, a reference as its number.
  const key = `board|${viewerOf(actor, request)}|${JSON.stringify(request.filter)}|${version}`;
  return { etag: etagOf(key), load: () => cachedOrRead(key, () => readBoard(ctx, actor, request)) };
}

/** Boards being read now, by key: right after a change, ten requests for one board read it once. */
const reading = new Map<string, Promise<CachedAnswer>>();

async function cachedOrRead(key: string, read: () => Promise<unknown>): Promise<CachedAnswer> {
  const cached = boards.get(key);
  if (cached) return cached;
  let pending = reading.get(key);
  if (!pending) {
    pending = read()
      .then((board) => boards.set(key, Buffer.from(JSON.stringify(board))))
      .finally(() => reading.delete(key));
    reading.set(key, pending);
  }
  return pending;
}

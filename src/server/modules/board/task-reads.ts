import type { Actor } from "../../platform/auth/sessions";
import { readBoardVersion } from "../../platform/board-versions";
import type { AppContext } from "../../platform/context";
import { objectEvents } from "../../platform/events";
import { ReadCache } from "../../platform/read-cache";
import { readConversation } from "../conversations/service";
import { filesFor } from "../files/service";
import * as q from "./queries";

/*
 * A task page's reads besides the task row (conversation, history, quotes and their lines,
 * approvals, stage periods, files, review rounds and theirs): nine queries, kept in memory by the
 * version of the task's board. Every change to a task or to anything its page shows records an
 * event with the task's account in the change's transaction, and that bumps the account's board
 * version (platform/board-versions.ts) — the same rule the board's cached answers rest on. So a
 * reload of an unchanged task costs the access check and the version: two small queries.
 *
 * What is cached is the rows, not the answer: who reads them decides what the page shows
 * (policies, the timeline's internal entries) and the time with each side runs on the clock, so
 * both are worked out on every request. Clients and staff read different comments (internal
 * notes are staff's), so they have their own entries.
 */

export type TaskReads = Awaited<ReturnType<typeof readTaskParts>>;

async function readTaskParts(ctx: AppContext, actor: Actor, id: string) {
  const [conversation, events, quotes, approvals, periods, taskFiles, reviews] = await Promise.all([
    readConversation(ctx.db, actor, { type: "task", id }),
    objectEvents(ctx.db, "task", id),
    q.listQuotes(ctx.db, id),
    q.listApprovals(ctx.db, id),
    q.listPeriods(ctx.db, id),
    filesFor(ctx.db, "task", [id]),
    q.listReviews(ctx.db, id),
  ]);
  const [quoteLines, reviewFiles] = await Promise.all([
    q.quoteLinesOf(
      ctx.db,
      quotes.map((quote) => quote.id),
    ),
    filesFor(
      ctx.db,
      q.REVIEW_FILE_OWNER,
      reviews.map((review) => review.id),
    ),
  ]);
  return { conversation, events, quotes, approvals, periods, taskFiles, reviews, quoteLines, reviewFiles };
}

/** Tasks' reads kept per process: the most recently used; a task page's rows are a few KB. */
const cache = new ReadCache<TaskReads>(2_000);

/**
 * The reads of a task the actor may see (the caller has checked: `accountId` is the task's). The
 * version is read first: a change committed meanwhile puts fresher rows under the older key,
 * never older rows under the newer one.
 */
export async function taskReads(ctx: AppContext, actor: Actor, id: string, accountId: string): Promise<TaskReads> {
  const version = await readBoardVersion(ctx.db, actor, accountId);
  return cache.get(`${id}|${actor.role === "client" ? "client" : "staff"}|${version}`, () => readTaskParts(ctx, actor, id));
}

import type { TDashboard } from "../../../common/schemas";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import { presentEvent } from "../../platform/event-presenter";
import { isClientVisible, verbsOfCategory } from "../../platform/events";
import { countAwaitingApproval, countVisibleContacts } from "../accounts/queries";
import { countVisibleAccounts } from "../clients/queries";
import { findClientAccount, presentAccounts } from "../clients/service";
import { type RecentEventRow, recentEvents } from "./queries";

const CLIENT_FEED = 10;
const STAFF_FEED = 15;
/** Rows read per batch when a client's feed skips internal notes; a few batches at most. */
const BATCH = 50;
const MAX_BATCHES = 4;

/**
 * A client's "Recent activity": work on their tickets and requests only (the catalogue's `work`
 * verbs: replies, comments, raised, moved, closed, reopened, quotes, approvals), never account
 * or audit lines. Only events of their own account (the tenant scope) that a client may see: an
 * internal note is skipped, however recent.
 */
async function clientActivity(ctx: AppContext, actor: Actor): Promise<RecentEventRow[]> {
  const verbs = verbsOfCategory("work");
  const shown: RecentEventRow[] = [];
  let before: string | undefined;
  for (let batch = 0; batch < MAX_BATCHES && shown.length < CLIENT_FEED; batch += 1) {
    const rows = await recentEvents(ctx.db, actor, BATCH, { verbs, before });
    // Why: the one visibility rule (platform/events.ts) — a payload without `internal: false` is not shown.
    shown.push(...rows.filter((row) => isClientVisible({ verb: row.verb, payload: JSON.parse(row.payload) as unknown })));
    if (rows.length < BATCH) break;
    before = rows[rows.length - 1]?.id;
  }
  return shown.slice(0, CLIENT_FEED);
}

/** The dashboard: a client's account and its agents, or a staff member's overview. */
export async function getDashboard(ctx: AppContext, actor: Actor): Promise<TDashboard["data"]> {
  if (actor.role === "client") {
    const row = actor.accountId ? await findClientAccount(ctx.db, actor.accountId) : undefined;
    const [account] = row ? await presentAccounts(ctx.db, [row]) : [null];
    const events = await clientActivity(ctx, actor);
    return {
      role: actor.role,
      account,
      stats: { accounts: row ? 1 : 0, contacts: account?.contactCount ?? 0, awaitingApproval: 0 },
      recentActivity: events.map(presentEvent),
    };
  }
  const [accounts, contacts, awaitingApproval, events] = await Promise.all([
    countVisibleAccounts(ctx.db, actor),
    countVisibleContacts(ctx.db, actor),
    actor.role === "admin" ? countAwaitingApproval(ctx.db) : Promise.resolve(0),
    // Staff see work and account life; the agency's bookkeeping (settings, catalogues, password resets) stays in the audit log.
    recentEvents(ctx.db, actor, STAFF_FEED, { exceptVerbs: verbsOfCategory("audit") }),
  ]);
  return { role: actor.role, account: null, stats: { accounts, contacts, awaitingApproval }, recentActivity: events.map(presentEvent) };
}

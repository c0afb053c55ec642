import type { TNextAction, TNextActionSide, TNextActions } from "../../../common/next-actions";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import type { ModuleDescriptor } from "../module";

type Contribution = NonNullable<ModuleDescriptor["nextActions"]>;

/** The modules' parts of the list, set once by buildApp from the registry (the dashboard never names a module). */
let contributions: Contribution[] = [];

export function configureNextActions(parts: Contribution[]): void {
  contributions = parts;
}

/** How long a client may leave something waiting before the agency's dashboard names it. */
export const OVERDUE_DAYS = 3;
/** The longest list shown: a client with more waiting works down from the oldest. */
const MAX_ITEMS = 50;
const DAY_MS = 24 * 60 * 60_000;

/** Time-boxed items first, soonest deadline first; then the rest oldest first. */
function oldestFirst(a: TNextAction, b: TNextAction): number {
  if (a.dueAt !== undefined || b.dueAt !== undefined) {
    if (a.dueAt === undefined) return 1;
    if (b.dueAt === undefined) return -1;
    return a.dueAt.localeCompare(b.dueAt) || a.key.localeCompare(b.key);
  }
  return a.since.localeCompare(b.since) || a.key.localeCompare(b.key);
}

async function collect(ctx: AppContext, actor: Actor, side: TNextActionSide): Promise<TNextAction[]> {
  const parts = await Promise.all(contributions.map((contribute) => contribute(ctx, actor, side)));
  const seen = new Set<string>();
  return parts
    .flat()
    .filter((item) => !seen.has(item.key) && seen.add(item.key))
    .sort(oldestFirst);
}

/**
 * "Next actions" (seed 000: "the single place for onboarding, updates, notices, and next
 * actions"). A client gets everything waiting on them, oldest first. Staff get what waits on the
 * agency in the accounts they work, and — the mirror — what their clients have left waiting for
 * longer than OVERDUE_DAYS.
 */
export async function nextActions(ctx: AppContext, actor: Actor, now = new Date()): Promise<TNextActions["data"]> {
  if (actor.role === "client") {
    const waiting = actor.accountId ? await collect(ctx, actor, "client") : [];
    return { waiting: waiting.slice(0, MAX_ITEMS), clientsOverdue: [], overdueDays: OVERDUE_DAYS };
  }
  const cutoff = new Date(now.getTime() - OVERDUE_DAYS * DAY_MS).toISOString();
  const [waiting, onClients] = await Promise.all([collect(ctx, actor, "agency"), collect(ctx, actor, "client")]);
  return {
    waiting: waiting.slice(0, MAX_ITEMS),
    clientsOverdue: onClients.filter((item) => item.since < cutoff).slice(0, MAX_ITEMS),
    overdueDays: OVERDUE_DAYS,
  };
}

import type { Insertable } from "kysely";
import type { Db } from "../src/server/platform/db/database";
import type { Database, TaskStage } from "../src/server/platform/db/schema";
import { newId } from "../src/server/platform/ids";

export interface SeedTasksOptions {
  /** The account whose board is measured: the first seeded client's. */
  boardAccountId: string;
  /** Live tasks on that account's board. */
  boardAccountTasks: number;
  /** Tasks in every other client account, so the tables are not trivially small. */
  perOtherAccount: number;
}

export interface SeededBoard {
  accountId: string;
  /** The board account's cards per stage, ids in column (position) order. */
  columns: Record<TaskStage, string[]>;
  /** Tasks seeded in all, the board account's included. */
  tasks: number;
  seconds: number;
}

/** The board account's mix, in column order (and oldest-first it is the reverse: completed work is older). */
const BOARD_MIX: [TaskStage, number][] = [
  ["requested", 0.3],
  ["in_progress", 0.25],
  ["on_hold", 0.1],
  ["client_approval", 0.15],
  ["completed", 0.2],
];
/** The same mix as a cycle of 20, for the other accounts' few tasks. */
const MIX_CYCLE = BOARD_MIX.flatMap(([stage, share]) => Array<TaskStage>(Math.round(share * 20)).fill(stage));

const WORK = [
  "Update the opening hours on the {page} page",
  "Replace the hero image on the {page} page",
  "Fix the broken link on the {page} page",
  "Add a new team member photo to the {page} page",
  "Rewrite the introduction on the {page} page",
  "Add a testimonials section to the {page} page",
  "Make the {page} page load faster on mobile",
  "Add the new price list to the {page} page",
  "Change the call-to-action button colour on the {page} page",
  "Embed the booking widget on the {page} page",
  "Translate the {page} page into Spanish",
  "Fix the menu overlapping the logo on the {page} page",
];
const PAGES = ["Home", "About us", "Services", "Contact", "Team", "Pricing", "Blog", "FAQ", "Careers"];
const DESCRIPTION = [
  "**What needs to be done?**",
  "The wording and images are attached; please keep the current layout.",
  "",
  "**Where on the website?**",
  "See the page named in the summary, desktop and mobile.",
].join("\n");

const DAY = 24 * 3600 * 1000;
/** Positions are spaced like the app spaces them (GAP in src/server/modules/board/tasks.ts). */
const GAP = 1024;
const iso = (ms: number) => new Date(ms).toISOString();

/** How many of `total` cards each stage gets: cumulative rounding, so the counts add up exactly. */
function boardCounts(total: number): [TaskStage, number][] {
  let cumulative = 0;
  let placed = 0;
  return BOARD_MIX.map(([stage, share]) => {
    cumulative += share;
    const upTo = Math.round(cumulative * total);
    const count = upTo - placed;
    placed = upTo;
    return [stage, count];
  });
}

/**
 * Website Work Requests: `boardAccountTasks` live tasks on one client account's board, spread
 * over the five columns (30% requested, 25% in progress, 10% on hold, 15% client approval, 20%
 * completed), each column in position order, about a third with a deadline; plus
 * `perOtherAccount` tasks in every other account. Each is logged by the account's first contact
 * over the past 180 days, none archived. Sets the task counter past the seeded numbers.
 */
export async function seedTasks(db: Db, options: SeedTasksOptions): Promise<SeededBoard> {
  const started = Date.now();
  const creators = await db
    .selectFrom("users")
    .select(["account_id", (eb) => eb.fn.min("id").as("user_id")])
    .where("role", "=", "client")
    .groupBy("account_id")
    .orderBy("account_id")
    .execute();
  const creatorOf = new Map(creators.map((c) => [c.account_id as string, c.user_id as string]));
  const boardCreator = creatorOf.get(options.boardAccountId);
  if (!boardCreator) throw new Error(`the board account ${options.boardAccountId} has no client contact`);
  const types = await db.selectFrom("request_types").select("id").orderBy("position").execute();

  // Each account's tasks oldest first: its completed work, then what waits for approval, … then new requests.
  const accounts: { accountId: string; stages: TaskStage[] }[] = [
    {
      accountId: options.boardAccountId,
      stages: boardCounts(options.boardAccountTasks).flatMap(([stage, count]) => Array(count).fill(stage)),
    },
  ];
  let cycle = 0;
  for (const { account_id } of creators) {
    if (account_id === options.boardAccountId) continue;
    const stages = Array.from({ length: options.perOtherAccount }, () => MIX_CYCLE[cycle++ % MIX_CYCLE.length]!);
    accounts.push({ accountId: account_id as string, stages });
  }

  const columns = Object.fromEntries(BOARD_MIX.map(([stage]) => [stage, [] as string[]])) as SeededBoard["columns"];
  const now = Date.now();
  const rows: Insertable<Database["tasks"]>[] = [];
  for (const { accountId, stages } of accounts) {
    const onBoard = accountId === options.boardAccountId;
    const createdBy = onBoard ? boardCreator : (creatorOf.get(accountId) as string);
    const step = (180 * DAY) / Math.max(1, stages.length);
    const lastPosition = new Map<TaskStage, number>();
    [...stages].reverse().forEach((stage, k) => {
      const i = rows.length;
      const createdMs = Math.floor(now - 180 * DAY + k * step);
      // Moved on within a week of being logged (a new request has not moved yet); completed in the
      // last four weeks, or the archive job (30 days by default) would have taken it off the board.
      const enteredMs =
        stage === "requested"
          ? createdMs
          : stage === "completed"
            ? Math.max(createdMs, now - ((i % 28) + 1) * DAY)
            : Math.min(now - 60_000, createdMs + ((i % 7) + 1) * DAY);
      const position = (lastPosition.get(stage) ?? 0) + GAP;
      lastPosition.set(stage, position);
      const id = newId(createdMs);
      if (onBoard) columns[stage].push(id);
      rows.push({
        id,
        number: 1001 + i,
        account_id: accountId,
        summary: WORK[i % WORK.length]!.replace("{page}", PAGES[Math.floor(i / WORK.length) % PAGES.length]!),
        description: DESCRIPTION,
        request_type_id: types.length ? types[i % types.length]!.id : null,
        template_id: null,
        stage,
        position,
        deadline: i % 3 === 0 ? iso(createdMs + (14 + (i % 30)) * DAY).slice(0, 10) : null,
        quote_state: "none",
        created_by: createdBy,
        comment_count: 0,
        file_count: 0,
        version: 1,
        created_at: iso(createdMs),
        updated_at: iso(enteredMs),
        stage_entered_at: iso(enteredMs),
        completed_at: stage === "completed" ? iso(enteredMs) : null,
        archived_at: null,
        unarchived_at: null,
      });
    });
  }

  if (rows.length > 0) {
    await db.transaction().execute(async (tx) => {
      for (let i = 0; i < rows.length; i += 500)
        await tx
          .insertInto("tasks")
          .values(rows.slice(i, i + 500))
          .execute();
      await tx
        .insertInto("counters")
        .values({ kind: "task", value: 1000 + rows.length })
        .execute();
    });
  }
  return { accountId: options.boardAccountId, columns, tasks: rows.length, seconds: (Date.now() - started) / 1000 };
}

import type { Insertable } from "kysely";
import type { Db } from "../src/server/platform/db/database";
import type { Database, TicketPriority, TicketStatus } from "../src/server/platform/db/schema";
import { newId } from "../src/server/platform/ids";

const SUBJECTS = [
  "Contact form not sending",
  "Homepage loads slowly",
  "Update opening hours",
  "SSL certificate warning",
  "Broken link in footer",
  "Add new team member photo",
  "Email bounces",
  "Menu overlaps on mobile",
];
const STATUSES: TicketStatus[] = ["new", "active", "active", "closed", "closed", "closed"];
const PRIORITIES: TicketPriority[] = ["low", "normal", "normal", "normal", "high", "urgent"];

/**
 * Spreads `count` tickets over every seeded client account (raised by the account's first
 * contact, over the past 90 days, ~2 public replies each), and sets the ticket counter.
 */
export async function seedTickets(db: Db, count: number): Promise<number> {
  if (count <= 0) return 0;
  const accounts = await db
    .selectFrom("users")
    .select(["account_id", (eb) => eb.fn.min("id").as("user_id")])
    .where("role", "=", "client")
    .groupBy("account_id")
    .execute();
  const categories = await db.selectFrom("ticket_categories").select("id").execute();
  const start = Date.now() - 90 * 24 * 3600 * 1000;
  const step = (90 * 24 * 3600 * 1000) / count;
  const rows: Insertable<Database["tickets"]>[] = [];
  for (let i = 0; i < count; i++) {
    const account = accounts[i % accounts.length]!;
    const at = new Date(Math.floor(start + i * step)).toISOString();
    const status = STATUSES[i % STATUSES.length]!;
    rows.push({
      id: newId(start + i * step),
      number: 1001 + i,
      account_id: account.account_id as string,
      subject: `${SUBJECTS[i % SUBJECTS.length]} (${i + 1})`,
      description: "Steps to reproduce: open the page, fill in the form, press Send. Nothing arrives.",
      status,
      priority: PRIORITIES[i % PRIORITIES.length]!,
      category_id: categories.length ? categories[i % categories.length]!.id : null,
      assignee_id: null,
      created_by: account.user_id as string,
      message_count: 2,
      created_at: at,
      updated_at: at,
      last_activity_at: at,
      closed_at: status === "closed" ? at : null,
    });
  }
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += 500)
      await tx
        .insertInto("tickets")
        .values(rows.slice(i, i + 500))
        .execute();
    await tx
      .insertInto("counters")
      .values({ kind: "ticket", value: 1000 + count })
      .execute();
  });
  return rows.length;
}

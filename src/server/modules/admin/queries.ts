import type { Executor } from "../../platform/db/database";
import { joinablePeople } from "../accounts/queries";
import { joinableAccounts } from "../clients/queries";

export const PAGE_SIZE = 50;

export async function listMail(db: Executor, filter: { to?: string; page: number }) {
  let query = db.selectFrom("mailbox");
  if (filter.to) query = query.where("to_address", "like", `%${filter.to.trim().toLowerCase()}%`);
  const total = await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows = await query
    .select(["id", "to_address", "subject", "created_at"])
    .orderBy("id", "desc")
    .limit(PAGE_SIZE)
    .offset((filter.page - 1) * PAGE_SIZE)
    .execute();
  return { rows, total: Number(total.n) };
}

export function findMail(db: Executor, id: string) {
  return db.selectFrom("mailbox").selectAll().where("id", "=", id).executeTakeFirst();
}

export interface EventFilter {
  verb?: string;
  objectType?: string;
  /** Part of the actor's name or email. */
  actor?: string;
  page: number;
}

/**
 * One page of the audit log, newest first, with the actor's name and the name of the object each
 * event is about — in this one query, whatever the object's kind (no lookup per row). The audit
 * log is the one reader of every module's objects: each join reads an id and a display name only,
 * and matches only events of its own object type. A missing row (deleted) leaves its columns null.
 */
export async function listEvents(db: Executor, filter: EventFilter) {
  let query = db.selectFrom("events").leftJoin(joinablePeople(db).as("users"), "users.id", "events.actor_id");
  if (filter.verb) query = query.where("events.verb", "like", `%${filter.verb.trim()}%`);
  if (filter.objectType) query = query.where("events.object_type", "=", filter.objectType);
  if (filter.actor?.trim()) {
    const like = `%${filter.actor.trim().toLowerCase()}%`;
    query = query.where((eb) =>
      eb.or([eb(eb.fn("lower", ["users.name"]), "like", like), eb(eb.fn("lower", ["users.email"]), "like", like)]),
    );
  }
  const total = await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows = await query
    .leftJoin(joinablePeople(db).as("subject_users"), (join) =>
      join.onRef("subject_users.id", "=", "events.object_id").on("events.object_type", "=", "user"),
    )
    .leftJoin(joinableAccounts(db).as("subject_accounts"), (join) =>
      join.onRef("subject_accounts.id", "=", "events.object_id").on("events.object_type", "=", "account"),
    )
    .leftJoin(db.selectFrom("tickets").select(["tickets.id", "tickets.number", "tickets.subject"]).as("subject_tickets"), (join) =>
      join.onRef("subject_tickets.id", "=", "events.object_id").on("events.object_type", "=", "ticket"),
    )
    .leftJoin(db.selectFrom("tasks").select(["tasks.id", "tasks.number", "tasks.summary"]).as("subject_tasks"), (join) =>
      join.onRef("subject_tasks.id", "=", "events.object_id").on("events.object_type", "=", "task"),
    )
    .leftJoin(db.selectFrom("canned_replies").select(["canned_replies.id", "canned_replies.title"]).as("subject_canned"), (join) =>
      join.onRef("subject_canned.id", "=", "events.object_id").on("events.object_type", "=", "canned_reply"),
    )
    .leftJoin(
      db.selectFrom("ticket_categories").select(["ticket_categories.id", "ticket_categories.name"]).as("subject_categories"),
      (join) => join.onRef("subject_categories.id", "=", "events.object_id").on("events.object_type", "=", "ticket_category"),
    )
    .leftJoin(db.selectFrom("request_types").select(["request_types.id", "request_types.name"]).as("subject_request_types"), (join) =>
      join.onRef("subject_request_types.id", "=", "events.object_id").on("events.object_type", "=", "request_type"),
    )
    .leftJoin(db.selectFrom("task_templates").select(["task_templates.id", "task_templates.name"]).as("subject_templates"), (join) =>
      join.onRef("subject_templates.id", "=", "events.object_id").on("events.object_type", "=", "task_template"),
    )
    .leftJoin(db.selectFrom("files").select(["files.id", "files.name"]).as("subject_files"), (join) =>
      join.onRef("subject_files.id", "=", "events.object_id").on("events.object_type", "=", "file"),
    )
    .selectAll("events")
    .select([
      "users.name as actor_name",
      "subject_users.name as user_name",
      "subject_users.email as user_email",
      "subject_accounts.name as account_name",
      "subject_tickets.number as ticket_number",
      "subject_tickets.subject as ticket_subject",
      "subject_tasks.number as task_number",
      "subject_tasks.summary as task_summary",
      "subject_canned.title as canned_reply_title",
      "subject_categories.name as ticket_category_name",
      "subject_request_types.name as request_type_name",
      "subject_templates.name as task_template_name",
      "subject_files.name as file_name",
    ])
    .orderBy("events.id", "desc")
    .limit(PAGE_SIZE)
    .offset((filter.page - 1) * PAGE_SIZE)
    .execute();
  return { rows, total: Number(total.n) };
}
export type AuditRow = Awaited<ReturnType<typeof listEvents>>["rows"][number];

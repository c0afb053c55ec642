import { sql } from "kysely";
import type { Actor } from "../../platform/auth/sessions";
import type { Executor } from "../../platform/db/database";
import type { UpdateState, UpdatesTable, UpdateVersionsTable } from "../../platform/db/tables/updates";
import { accountScope } from "../../platform/policy";
import { joinablePeople } from "../accounts/queries";
import { joinableAccounts } from "../clients/queries";

/** The file owner type of an update version's attachments (and so of its final deliverables). */
export const VERSION_FILE_OWNER = "update_version";
/** The conversation object type of a client's staff-only notes (object id: the account's id). */
export const NOTES_OBJECT = "client_notes";

/** Drafts for review as another module may join them (the board's review rounds): id and title. */
export function joinableDrafts(db: Executor) {
  return db.selectFrom("updates").select(["updates.id", "updates.title"]).where("updates.kind", "=", "draft");
}

/** Deliverables as another module may join them: id and name. */
export function joinableDeliverables(db: Executor) {
  return db.selectFrom("deliverables").select(["deliverables.id", "deliverables.name"]);
}

/** Who posted an update (the draft's poster hears of the client's decision). */
export async function posterOf(db: Executor, updateId: string): Promise<string | undefined> {
  return (await db.selectFrom("updates").select("posted_by").where("id", "=", updateId).executeTakeFirst())?.posted_by;
}

/** Updates with their account's and poster's names, narrowed to the actor's tenant scope. */
function visibleUpdates(db: Executor, actor: Actor) {
  return db
    .selectFrom("updates")
    .innerJoin(joinableAccounts(db).as("client_accounts"), "client_accounts.id", "updates.account_id")
    .leftJoin(joinablePeople(db).as("users"), "users.id", "updates.posted_by")
    .selectAll("updates")
    .select(["client_accounts.name as account_name", "users.name as poster_name", "users.role as poster_role"])
    .where(accountScope(actor, "updates.account_id"));
}
export type UpdateRow = Awaited<ReturnType<ReturnType<typeof visibleUpdates>["executeTakeFirstOrThrow"]>>;

export function findVisibleUpdate(db: Executor, actor: Actor, id: string): Promise<UpdateRow | undefined> {
  return visibleUpdates(db, actor).where("updates.id", "=", id).executeTakeFirst();
}

/** One page of an account's feed (or of every account in scope), newest first. */
export async function listUpdates(
  db: Executor,
  actor: Actor,
  filter: { accountId?: string; kind?: "update" | "draft" },
  page: number,
  pageSize: number,
): Promise<{ rows: UpdateRow[]; total: number }> {
  let base = db.selectFrom("updates").where(accountScope(actor, "updates.account_id"));
  if (filter.accountId) base = base.where("updates.account_id", "=", filter.accountId);
  if (filter.kind) base = base.where("updates.kind", "=", filter.kind);
  const countRow = await base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  let rowsQuery = visibleUpdates(db, actor);
  if (filter.accountId) rowsQuery = rowsQuery.where("updates.account_id", "=", filter.accountId);
  if (filter.kind) rowsQuery = rowsQuery.where("updates.kind", "=", filter.kind);
  const rows = await rowsQuery
    .orderBy("updates.id", "desc")
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { rows, total: Number(countRow.n) };
}

export async function insertUpdate(tx: Executor, row: UpdatesTable): Promise<void> {
  await tx.insertInto("updates").values(row).execute();
}

export async function setUpdateState(
  tx: Executor,
  id: string,
  patch: { state: UpdateState; state_since: string; latest_version?: number; updated_at?: string },
): Promise<void> {
  await tx.updateTable("updates").set(patch).where("id", "=", id).execute();
}

export async function insertVersion(tx: Executor, row: UpdateVersionsTable): Promise<void> {
  await tx.insertInto("update_versions").values(row).execute();
}

/** Versions of one update, oldest first, with the names of who posted and who decided. */
export function versionsOf(db: Executor, updateId: string) {
  return db
    .selectFrom("update_versions")
    .leftJoin(joinablePeople(db).as("poster"), "poster.id", "update_versions.posted_by")
    .leftJoin(joinablePeople(db).as("decider"), "decider.id", "update_versions.decided_by")
    .selectAll("update_versions")
    .select(["poster.name as poster_name", "poster.role as poster_role", "decider.name as decider_name", "decider.role as decider_role"])
    .where("update_versions.update_id", "=", updateId)
    .orderBy("update_versions.version")
    .execute();
}
export type VersionRow = Awaited<ReturnType<typeof versionsOf>>[number];

export function findVersion(db: Executor, updateId: string, version: number) {
  return db.selectFrom("update_versions").selectAll().where("update_id", "=", updateId).where("version", "=", version).executeTakeFirst();
}

/** The latest versions of these updates (their excerpts on the feed). */
export async function latestBodies(
  db: Executor,
  updates: { id: string; latest_version: number }[],
): Promise<Map<string, { id: string; body: string }>> {
  if (updates.length === 0) return new Map();
  const rows = await db
    .selectFrom("update_versions")
    .select(["id", "update_id", "version", "body"])
    .where(
      "update_id",
      "in",
      updates.map((u) => u.id),
    )
    .execute();
  const latest = new Map(updates.map((u) => [u.id, u.latest_version]));
  return new Map(rows.filter((r) => latest.get(r.update_id) === Number(r.version)).map((r) => [r.update_id, { id: r.id, body: r.body }]));
}

/** How many files each of these updates' versions carry, and how many of them are deliverables, per update. */
export async function fileCounts(db: Executor, updateIds: string[]): Promise<Map<string, { files: number; deliverables: number }>> {
  const counts = new Map(updateIds.map((id) => [id, { files: 0, deliverables: 0 }]));
  if (updateIds.length === 0) return counts;
  const files = await db
    .selectFrom("files")
    .innerJoin("update_versions", "update_versions.id", "files.owner_id")
    .select(["update_versions.update_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("files.owner_type", "=", VERSION_FILE_OWNER)
    .where("update_versions.update_id", "in", updateIds)
    .groupBy("update_versions.update_id")
    .execute();
  for (const row of files) counts.get(row.update_id)!.files = Number(row.n);
  const finals = await db
    .selectFrom("deliverable_versions")
    .select(["update_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("update_id", "in", updateIds)
    .groupBy("update_id")
    .execute();
  for (const row of finals) counts.get(row.update_id)!.deliverables = Number(row.n);
  return counts;
}

/** Read receipts of these updates, first read first, with the readers' names. */
export function readsOf(db: Executor, updateIds: string[]) {
  if (updateIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("update_reads")
    .innerJoin(joinablePeople(db).as("users"), "users.id", "update_reads.user_id")
    .select(["update_reads.update_id", "update_reads.user_id", "update_reads.read_at", "users.name", "users.role"])
    .where("update_reads.update_id", "in", updateIds)
    .orderBy("update_reads.read_at")
    .execute();
}

/** Records that `userId` opened the update (the first time only). */
export async function markRead(db: Executor, update: { id: string; account_id: string }, userId: string, at: string): Promise<void> {
  await db
    .insertInto("update_reads")
    .values({ update_id: update.id, user_id: userId, account_id: update.account_id, read_at: at })
    .onConflict((oc) => oc.columns(["update_id", "user_id"]).doNothing())
    .execute();
}

/** The ticket or task an update may link to, if it belongs to that account. */
export function ticketOfAccount(db: Executor, accountId: string, id: string) {
  return db
    .selectFrom("tickets")
    .select(["id", "number", "subject"])
    .where("id", "=", id)
    .where("account_id", "=", accountId)
    .executeTakeFirst();
}
export function taskOfAccount(db: Executor, accountId: string, id: string) {
  return db
    .selectFrom("tasks")
    .select(["id", "number", "summary"])
    .where("id", "=", id)
    .where("account_id", "=", accountId)
    .executeTakeFirst();
}

/** The linked tickets and tasks of these rows, by id. */
export async function linkTargets(db: Executor, rows: { ticket_id: string | null; task_id: string | null }[]) {
  const ticketIds = [...new Set(rows.map((r) => r.ticket_id).filter((id): id is string => id !== null))];
  const taskIds = [...new Set(rows.map((r) => r.task_id).filter((id): id is string => id !== null))];
  const [tickets, tasks] = await Promise.all([
    ticketIds.length ? db.selectFrom("tickets").select(["id", "number", "subject"]).where("id", "in", ticketIds).execute() : [],
    taskIds.length ? db.selectFrom("tasks").select(["id", "number", "summary"]).where("id", "in", taskIds).execute() : [],
  ]);
  return {
    tickets: new Map(tickets.map((t) => [t.id, { number: Number(t.number), title: t.subject }])),
    tasks: new Map(tasks.map((t) => [t.id, { number: Number(t.number), title: t.summary }])),
  };
}

/** Deliverables of an account with every version, newest version first, and the files and updates they came from. */
export function deliverableVersionsOf(db: Executor, accountId: string) {
  return db
    .selectFrom("deliverable_versions")
    .innerJoin("deliverables", "deliverables.id", "deliverable_versions.deliverable_id")
    .innerJoin("files", "files.id", "deliverable_versions.file_id")
    .innerJoin("updates", "updates.id", "deliverable_versions.update_id")
    .innerJoin("update_versions", "update_versions.id", "deliverable_versions.update_version_id")
    .select([
      "deliverables.id as deliverable_id",
      "deliverables.name as deliverable_name",
      "deliverables.latest_version",
      "deliverables.updated_at as deliverable_updated_at",
      "deliverable_versions.version",
      "deliverable_versions.created_at",
      "files.id as file_id",
      "files.name as file_name",
      "files.content_type",
      "files.size",
      "files.storage_key",
      "updates.id as update_id",
      "updates.title as update_title",
      "updates.ticket_id",
      "updates.task_id",
      "update_versions.version as update_version",
    ])
    .where("deliverables.account_id", "=", accountId)
    .orderBy("deliverables.updated_at", "desc")
    .orderBy("deliverables.id")
    .orderBy("deliverable_versions.version", "desc")
    .execute();
}
export type DeliverableVersionRow = Awaited<ReturnType<typeof deliverableVersionsOf>>[number];

/** The deliverables a version's files became (shown on the update page). */
export function deliverablesOfVersions(db: Executor, versionIds: string[]) {
  if (versionIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("deliverable_versions")
    .innerJoin("deliverables", "deliverables.id", "deliverable_versions.deliverable_id")
    .select([
      "deliverable_versions.update_version_id",
      "deliverable_versions.file_id",
      "deliverables.id",
      "deliverables.name",
      "deliverable_versions.version",
    ])
    .where("deliverable_versions.update_version_id", "in", versionIds)
    .execute();
}

export function findDeliverable(db: Executor, accountId: string, id: string) {
  return db.selectFrom("deliverables").selectAll().where("id", "=", id).where("account_id", "=", accountId).executeTakeFirst();
}
export function findDeliverableByKey(db: Executor, accountId: string, nameKey: string) {
  return db.selectFrom("deliverables").selectAll().where("account_id", "=", accountId).where("name_key", "=", nameKey).executeTakeFirst();
}

/** Drafts in one state of their latest version, in the actor's scope (a client: their own), oldest in it first. */
function draftsIn(db: Executor, actor: Actor, state: "waiting" | "edits_requested", limit: number) {
  return db
    .selectFrom("updates")
    .innerJoin(joinableAccounts(db).as("client_accounts"), "client_accounts.id", "updates.account_id")
    .select([
      "updates.id",
      "updates.title",
      "updates.latest_version",
      "updates.state_since",
      "updates.account_id",
      "client_accounts.name as account_name",
    ])
    .where("updates.state", "=", state)
    .where(accountScope(actor, "updates.account_id"))
    .orderBy("updates.state_since")
    .limit(limit)
    .execute();
}

/** Drafts whose latest version waits for the client's decision. */
export const waitingDrafts = (db: Executor, actor: Actor, limit: number) => draftsIn(db, actor, "waiting", limit);

/** Work updates of the account the user has not opened yet, newest first (bounded). */
export function unreadUpdates(db: Executor, accountId: string, userId: string, limit: number) {
  return db
    .selectFrom("updates")
    .innerJoin(joinableAccounts(db).as("client_accounts"), "client_accounts.id", "updates.account_id")
    .leftJoin(joinablePeople(db).as("users"), "users.id", "updates.posted_by")
    .select([
      "updates.id",
      "updates.title",
      "updates.state_since",
      "updates.account_id",
      "client_accounts.name as account_name",
      "users.name as poster_name",
    ])
    .where("updates.account_id", "=", accountId)
    .where("updates.state", "=", "posted")
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("update_reads")
            .select(sql<number>`1`.as("one"))
            .whereRef("update_reads.update_id", "=", "updates.id")
            .where("update_reads.user_id", "=", userId),
        ),
      ),
    )
    .orderBy("updates.state_since", "desc")
    .limit(limit)
    .execute();
}

/** Drafts whose latest version has edits requested: the agency's to answer with a new version. */
export const draftsWithEditsRequested = (db: Executor, actor: Actor, limit: number) => draftsIn(db, actor, "edits_requested", limit);

/** Two client accounts merged: this module's rows of `fromId` now belong to `intoId` (same-named deliverables get a suffix). */
export async function moveAccountUpdates(tx: Executor, fromId: string, intoId: string): Promise<Record<string, number>> {
  const count = (r: { numUpdatedRows: bigint }) => Number(r.numUpdatedRows);
  const moved: Record<string, number> = {};
  moved.updates = count(await tx.updateTable("updates").set({ account_id: intoId }).where("account_id", "=", fromId).executeTakeFirst());
  await tx.updateTable("update_versions").set({ account_id: intoId }).where("account_id", "=", fromId).execute();
  await tx.updateTable("update_reads").set({ account_id: intoId }).where("account_id", "=", fromId).execute();
  const taken = new Set(
    (await tx.selectFrom("deliverables").select("name_key").where("account_id", "=", intoId).execute()).map((r) => r.name_key),
  );
  const incoming = await tx.selectFrom("deliverables").select(["id", "name", "name_key"]).where("account_id", "=", fromId).execute();
  for (const d of incoming) {
    let name = d.name;
    for (let n = 2; taken.has(name.trim().toLowerCase()); n++) name = `${d.name} (${n})`;
    taken.add(name.trim().toLowerCase());
    await tx
      .updateTable("deliverables")
      .set({ account_id: intoId, name, name_key: name.trim().toLowerCase() })
      .where("id", "=", d.id)
      .execute();
  }
  moved.deliverables = incoming.length;
  await tx.updateTable("deliverable_versions").set({ account_id: intoId }).where("account_id", "=", fromId).execute();
  // The notes on the client follow it: they are comments on the account itself.
  moved.clientNotes = count(
    await tx
      .updateTable("comments")
      .set({ object_id: intoId, account_id: intoId })
      .where("object_type", "=", NOTES_OBJECT)
      .where("object_id", "=", fromId)
      .executeTakeFirst(),
  );
  return moved;
}

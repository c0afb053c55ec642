import type { Executor } from "../../platform/db/database";
import type { Contact } from "../accounts/queries";

/** Someone a notification (and maybe an email) goes to: a person as the accounts module gives them. */
export type Recipient = Contact;

/** Of these users, the ones who switched email off for this kind (no row means on). */
export async function emailOptOuts(db: Executor, userIds: string[], kind: string): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("notification_preferences")
    .select("user_id")
    .where("user_id", "in", userIds)
    .where("kind", "=", kind)
    .where("email", "=", 0)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

export interface NewNotification {
  id: string;
  user_id: string;
  event_id: string;
  verb: string;
  object_type: string;
  object_id: string;
  account_id: string | null;
  title: string;
  body: string;
  url: string;
  created_at: string;
}

/** One notification per person per event: a repeated reaction changes nothing. */
export async function insertNotifications(db: Executor, rows: NewNotification[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto("notifications")
    .values(rows.map((r) => ({ ...r, read_at: null })))
    .onConflict((oc) => oc.columns(["user_id", "event_id"]).doNothing())
    .execute();
}

export function listForUser(db: Executor, userId: string, options: { unread: boolean; limit: number }) {
  let query = db.selectFrom("notifications").selectAll().where("user_id", "=", userId);
  if (options.unread) query = query.where("read_at", "is", null);
  return query.orderBy("id", "desc").limit(options.limit).execute();
}

/** Unread counts of several users at once (a user with none is absent from the map). */
export async function unreadCounts(db: Executor, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("notifications")
    .select(["user_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("user_id", "in", userIds)
    .where("read_at", "is", null)
    .groupBy("user_id")
    .execute();
  return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
}

export async function countUnread(db: Executor, userId: string): Promise<number> {
  return (await unreadCounts(db, [userId])).get(userId) ?? 0;
}

/** Of these users, the ones these events notified. */
export async function usersNotifiedBy(db: Executor, eventIds: string[], userIds: string[]): Promise<string[]> {
  if (eventIds.length === 0 || userIds.length === 0) return [];
  const rows = await db
    .selectFrom("notifications")
    .select("user_id")
    .distinct()
    .where("event_id", "in", eventIds)
    .where("user_id", "in", userIds)
    .execute();
  return rows.map((r) => r.user_id);
}

/** The user's own notification, or undefined: someone else's is as good as missing. */
export function findOwn(db: Executor, userId: string, id: string) {
  return db.selectFrom("notifications").selectAll().where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();
}

export async function markRead(db: Executor, userId: string, ids: string[] | "all", at: string): Promise<void> {
  let query = db.updateTable("notifications").set({ read_at: at }).where("user_id", "=", userId).where("read_at", "is", null);
  if (ids !== "all") {
    if (ids.length === 0) return;
    query = query.where("id", "in", ids);
  }
  await query.execute();
}

/** Marks read the person's notifications about one object; how many there were. */
export async function markObjectRead(db: Executor, userId: string, object: { type: string; id: string }, at: string): Promise<number> {
  const result = await db
    .updateTable("notifications")
    .set({ read_at: at })
    .where("user_id", "=", userId)
    .where("read_at", "is", null)
    .where("object_type", "=", object.type)
    .where("object_id", "=", object.id)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export function preferencesOf(db: Executor, userId: string) {
  return db.selectFrom("notification_preferences").select(["kind", "email"]).where("user_id", "=", userId).execute();
}

export async function savePreferences(db: Executor, userId: string, preferences: { kind: string; email: boolean }[]): Promise<void> {
  if (preferences.length === 0) return;
  await db
    .insertInto("notification_preferences")
    .values(preferences.map((p) => ({ user_id: userId, kind: p.kind, email: p.email ? 1 : 0 })))
    .onConflict((oc) => oc.columns(["user_id", "kind"]).doUpdateSet((eb) => ({ email: eb.ref("excluded.email") })))
    .execute();
}

/** Two client accounts merged: this module's rows of `fromId` now belong to `intoId`. */
export async function moveAccountNotifications(tx: Executor, fromId: string, intoId: string): Promise<Record<string, number>> {
  const moved: Record<string, number> = {};
  moved.notifications = Number(
    (await tx.updateTable("notifications").set({ account_id: intoId }).where("account_id", "=", fromId).executeTakeFirst()).numUpdatedRows,
  );
  return moved;
}

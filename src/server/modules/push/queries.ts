import type { Insertable } from "kysely";
import type { Executor } from "../../platform/db/database";
import type { PushSubscriptionsTable } from "../../platform/db/tables/asks";

/*
 * The push module owns `push_subscriptions` (created by migration 20261206T1000-asks with the
 * asks it serves). Every read and write of a device names its owner: one person never reaches
 * another's devices, whatever id they send (the tenant scope here is the person, not the account).
 * platform/push.ts's `queuePush` only asks whether someone has any.
 */

type Db = Executor;

export type PushSubscriptionRow = PushSubscriptionsTable;

/** A person's devices, oldest first (the order they turned them on). */
export function devicesOf(db: Db, userId: string): Promise<PushSubscriptionRow[]> {
  return db.selectFrom("push_subscriptions").selectAll().where("user_id", "=", userId).orderBy("created_at").orderBy("id").execute();
}

/** One of the person's own devices; undefined (→ 404) for anyone else's. */
export function findOwnDevice(db: Db, userId: string, id: string): Promise<PushSubscriptionRow | undefined> {
  return db.selectFrom("push_subscriptions").selectAll().where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();
}

export function findByEndpoint(db: Db, endpoint: string): Promise<PushSubscriptionRow | undefined> {
  return db.selectFrom("push_subscriptions").selectAll().where("endpoint", "=", endpoint).executeTakeFirst();
}

export async function countDevices(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom("push_subscriptions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_id", "=", userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Saves a browser's subscription. The endpoint is unique: subscribing again updates its keys and
 * label, and an endpoint another person had moves to this one (a browser is one person's; the
 * last to turn notifications on in it hears them). The id and first date stay.
 */
export async function upsertDevice(tx: Db, row: Insertable<PushSubscriptionsTable>): Promise<void> {
  await tx
    .insertInto("push_subscriptions")
    .values(row)
    .onConflict((oc) =>
      oc.column("endpoint").doUpdateSet({ user_id: row.user_id, p256dh: row.p256dh, auth: row.auth, label: row.label, last_used_at: null }),
    )
    .execute();
}

/** Removes one of the person's own devices; false when it is not theirs (or gone). */
export async function deleteOwnDevice(tx: Db, userId: string, id: string): Promise<boolean> {
  const result = await tx.deleteFrom("push_subscriptions").where("id", "=", id).where("user_id", "=", userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The push service said the subscription is gone (404/410): forget it — only if it still has those keys. */
export async function deleteGoneDevice(db: Db, id: string, endpoint: string): Promise<void> {
  await db.deleteFrom("push_subscriptions").where("id", "=", id).where("endpoint", "=", endpoint).execute();
}

export async function markDeviceUsed(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable("push_subscriptions").set({ last_used_at: at }).where("id", "=", id).execute();
}

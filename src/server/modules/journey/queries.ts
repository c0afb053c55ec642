import { type Insertable, sql, type Updateable } from "kysely";
import type { Actor } from "../../platform/auth/sessions";
import type { Executor } from "../../platform/db/database";
import type { JourneyOverridesTable, JourneyStepsTable } from "../../platform/db/tables/journey";
import { accountScope } from "../../platform/policy";
import { joinablePeople } from "../accounts/queries";

/*
 * The journey module owns `journey_steps` and `journey_overrides`. The automatic rules read
 * facts others keep, read-only and through indexes: a client account's row, its active client
 * contacts (users_account_idx) and its approved onboarding submissions (the onboarding
 * module's index on account and status).
 */

export type StepRow = JourneyStepsTable;
export type OverrideRow = JourneyOverridesTable & { actor_name: string | null };

/** The steps in the order clients see them (disabled ones too when asked). */
export function listSteps(db: Executor, includeDisabled: boolean): Promise<StepRow[]> {
  let query = db.selectFrom("journey_steps").selectAll();
  if (!includeDisabled) query = query.where("enabled", "=", 1);
  return query.orderBy("position").orderBy("id").execute();
}

export function findStep(db: Executor, id: string): Promise<StepRow | undefined> {
  return db.selectFrom("journey_steps").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function lastPosition(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("journey_steps")
    .select((eb) => eb.fn.max("position").as("p"))
    .executeTakeFirst();
  return row?.p === null || row?.p === undefined ? -1 : Number(row.p);
}

export async function insertStep(tx: Executor, row: Insertable<JourneyStepsTable>): Promise<void> {
  await tx.insertInto("journey_steps").values(row).execute();
}

export async function updateStepRow(tx: Executor, id: string, patch: Updateable<JourneyStepsTable>): Promise<void> {
  await tx.updateTable("journey_steps").set(patch).where("id", "=", id).execute();
}

/** Removes a custom step and the moves recorded on it (their events keep the history). */
export async function deleteStepRow(tx: Executor, id: string): Promise<void> {
  await tx.deleteFrom("journey_overrides").where("step_id", "=", id).execute();
  await tx.deleteFrom("journey_steps").where("id", "=", id).execute();
}

export async function insertOverride(tx: Executor, row: Insertable<JourneyOverridesTable>): Promise<void> {
  await tx.insertInto("journey_overrides").values(row).execute();
}

/** What the automatic rules need about an account, in one indexed read per account. */
export interface AccountFacts {
  id: string;
  name: string;
  created_at: string;
  /** When its first active client contact became active (approved, else confirmed, else created); null: none active. */
  active_since: string | null;
  /** When its first onboarding submission was approved, or null. */
  onboarding_approved_at: string | null;
}

function accountFacts(db: Executor) {
  return db.selectFrom("client_accounts").select([
    "client_accounts.id",
    "client_accounts.name",
    "client_accounts.created_at",
    (eb) =>
      eb
        .selectFrom("users")
        .select(sql<string | null>`min(coalesce(users.approved_at, users.email_verified_at, users.created_at))`.as("t"))
        .whereRef("users.account_id", "=", "client_accounts.id")
        .where("users.role", "=", "client")
        .where("users.status", "=", "active")
        .as("active_since"),
    // The onboarding module's record of it (indexed by account and status), not the event
    // history: an index on events for one verb slowed every other read of the events table.
    (eb) =>
      eb
        .selectFrom("onboarding_submissions")
        .select((e) => e.fn.min("onboarding_submissions.approved_at").as("t"))
        .whereRef("onboarding_submissions.account_id", "=", "client_accounts.id")
        .where("onboarding_submissions.status", "=", "approved")
        .as("onboarding_approved_at"),
  ]);
}

/** One account inside the actor's tenant scope, with its facts; undefined (→ 404) outside it. */
export async function visibleAccountFacts(db: Executor, actor: Actor, accountId: string): Promise<AccountFacts | undefined> {
  const row = await accountFacts(db)
    .where("client_accounts.id", "=", accountId)
    .where(accountScope(actor, "client_accounts.id"))
    .executeTakeFirst();
  return row ? (row as AccountFacts) : undefined;
}

/** Every account in the actor's scope with its facts (the overview). */
export async function scopedAccountFacts(db: Executor, actor: Actor): Promise<AccountFacts[]> {
  return (await accountFacts(db).where(accountScope(actor, "client_accounts.id")).execute()) as AccountFacts[];
}

function overrides(db: Executor) {
  return db
    .selectFrom("journey_overrides")
    .leftJoin(joinablePeople(db).as("users"), "users.id", "journey_overrides.actor_id")
    .selectAll("journey_overrides")
    .select("users.name as actor_name")
    .orderBy("journey_overrides.id");
}

/** One account's moves, oldest first (the newest per step decides). */
export function overridesOf(db: Executor, accountId: string): Promise<OverrideRow[]> {
  return overrides(db).where("journey_overrides.account_id", "=", accountId).execute();
}

/** The moves of every account in the actor's scope, oldest first. */
export function scopedOverrides(db: Executor, actor: Actor): Promise<OverrideRow[]> {
  return overrides(db).where(accountScope(actor, "journey_overrides.account_id")).execute();
}

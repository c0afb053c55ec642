import { sql } from "kysely";
import type { TUserState } from "../../../common/schemas";
import type { Actor } from "../../platform/auth/sessions";
import type { Dialect, Executor } from "../../platform/db/database";
import type { NewUser, Role, UserRow, UserUpdate } from "../../platform/db/schema";
import { nowIso } from "../../platform/ids";
import { accountScope } from "../../platform/policy";
import { joinableAccounts } from "../clients/queries";
import { userState } from "./presenters";

/*
 * The accounts module owns `users`. Other modules read people only through the functions here:
 * lookups and counts, or — to show a name beside their own rows in one query — a join on
 * `joinablePeople` / `joinableActiveStaff`, derived tables both databases flatten into a plain join.
 */

/** A user row with its client account's name, as presenters need it. */
export type UserWithAccount = UserRow & { account_name: string | null };

/** Someone to tell of something: who they are and where their email goes. */
export interface Contact {
  id: string;
  name: string;
  email: string;
  role: Role;
}

/** Users as another module's query may join them: who someone is, never credentials or state. */
export function joinablePeople(db: Executor) {
  return db.selectFrom("users").select(["users.id", "users.name", "users.email", "users.role"]);
}

/** Only the active staff (agents and admins), for a join that picks whom to tell. */
export function joinableActiveStaff(db: Executor) {
  return joinablePeople(db).where("users.role", "in", ["agent", "admin"]).where("users.status", "=", "active");
}

function withAccount(db: Executor) {
  return db
    .selectFrom("users")
    .leftJoin(joinableAccounts(db).as("client_accounts"), "client_accounts.id", "users.account_id")
    .selectAll("users")
    .select("client_accounts.name as account_name");
}

export function findUserById(db: Executor, id: string): Promise<UserWithAccount | undefined> {
  return withAccount(db).where("users.id", "=", id).executeTakeFirst();
}

/** Username or email, case-insensitively (both are stored lower-case). */
export function findUserByLogin(db: Executor, login: string): Promise<UserRow | undefined> {
  const value = login.trim().toLowerCase();
  return db
    .selectFrom("users")
    .selectAll()
    .where((eb) => eb.or([eb("email", "=", value), eb("username", "=", value)]))
    .executeTakeFirst();
}

/** An active user by the exact address a message came from (who sent a reply by email). */
export function findActiveUserByEmail(db: Executor, email: string) {
  return db
    .selectFrom("users")
    .select(["id", "role", "status", "account_id", "name", "username", "email"])
    .where("email", "=", email)
    .where("status", "=", "active")
    .executeTakeFirst();
}

export function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", email.trim().toLowerCase()).executeTakeFirst();
}

/**
 * Holds this user's row until the transaction ends, so two requests about one person take turns
 * (PostgreSQL; SQLite runs one write transaction at a time anyway).
 */
export async function lockUser(tx: Executor, dialect: Dialect, id: string): Promise<void> {
  if (dialect === "postgres") await tx.selectFrom("users").select("id").where("id", "=", id).forUpdate().execute();
}

/** The state (invited, active, suspended…) of each of these people, for another module to show beside their names. */
export async function userStates(db: Executor, ids: string[]): Promise<Map<string, TUserState>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("users")
    .select(["id", "status", "password_hash", "email_verified_at"])
    .where("id", "in", [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, userState(row)]));
}

export async function insertUser(db: Executor, user: NewUser): Promise<void> {
  await db.insertInto("users").values(user).execute();
}

/**
 * Changing what an actor is made of (role, status, account_id, name, username, email) of someone
 * who may be logged in? Call `invalidateActor(ctx, { userId })` after the commit: sessions are
 * cached in every process (platform/auth/session-cache.ts). Only active users are cached, so
 * activating a pending or invited user needs none.
 */
export async function updateUser(db: Executor, id: string, patch: UserUpdate): Promise<void> {
  await db
    .updateTable("users")
    .set({ ...patch, updated_at: nowIso() })
    .where("id", "=", id)
    .execute();
}

export async function usernameTaken(db: Executor, username: string): Promise<boolean> {
  const row = await db.selectFrom("users").select("id").where("username", "=", username.toLowerCase()).executeTakeFirst();
  return row !== undefined;
}

export async function countAdmins(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("role", "=", "admin")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countActiveAdmins(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("role", "=", "admin")
    .where("status", "=", "active")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function listAdminEmails(db: Executor): Promise<{ email: string; name: string }[]> {
  return db.selectFrom("users").select(["email", "name"]).where("role", "=", "admin").where("status", "=", "active").execute();
}

export const USER_PAGE_SIZE = 50;

/** The admin's user list: search by name, email or username; filter by role and state. */
export async function listUsers(
  db: Executor,
  filter: { q?: string; role?: Role; state?: TUserState; page: number },
): Promise<{ rows: UserWithAccount[]; total: number }> {
  let query = db.selectFrom("users").leftJoin(joinableAccounts(db).as("client_accounts"), "client_accounts.id", "users.account_id");
  if (filter.q) {
    const like = `%${filter.q
      .trim()
      .toLowerCase()
      .replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(users.name)`, "like", sql`${like} escape '\\'`),
        eb("users.email", "like", sql<string>`${like} escape '\\'`),
        eb("users.username", "like", sql<string>`${like} escape '\\'`),
      ]),
    );
  }
  if (filter.role) query = query.where("users.role", "=", filter.role);
  switch (filter.state) {
    case undefined:
      break;
    case "active":
    case "suspended":
      query = query.where("users.status", "=", filter.state);
      break;
    case "invited":
      query = query.where("users.status", "=", "pending").where("users.password_hash", "is", null);
      break;
    case "awaiting_activation":
      query = query
        .where("users.status", "=", "pending")
        .where("users.password_hash", "is not", null)
        .where("users.email_verified_at", "is", null);
      break;
    case "awaiting_approval":
      query = query
        .where("users.status", "=", "pending")
        .where("users.password_hash", "is not", null)
        .where("users.email_verified_at", "is not", null);
      break;
    default: {
      const exhaustive: never = filter.state;
      throw new Error(`unknown state ${exhaustive}`);
    }
  }
  const total = await query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll("users")
    .select("client_accounts.name as account_name")
    .orderBy("users.created_at", "desc")
    .orderBy("users.id", "desc")
    .limit(USER_PAGE_SIZE)
    .offset((filter.page - 1) * USER_PAGE_SIZE)
    .execute();
  return { rows, total: Number(total.n) };
}

/** The client contacts of one account (the caller has checked the account is visible). */
export function listAccountContacts(db: Executor, accountId: string): Promise<UserWithAccount[]> {
  return withAccount(db).where("users.account_id", "=", accountId).orderBy("users.name").execute();
}

/** How many people registered, confirmed their email and wait for an admin's approval. */
export async function countAwaitingApproval(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("status", "=", "pending")
    .where("password_hash", "is not", null)
    .where("email_verified_at", "is not", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many contacts (users of any role linked to it) each of these client accounts has. */
export async function contactCounts(db: Executor, accountIds: string[]): Promise<Map<string, number>> {
  if (accountIds.length === 0) return new Map();
  const rows = await db
    .selectFrom("users")
    .select(["account_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("account_id", "in", accountIds)
    .groupBy("account_id")
    .execute();
  return new Map(rows.map((r) => [r.account_id as string, Number(r.n)]));
}

/** How many client contacts the actor may see (tenant scope applied). */
export async function countVisibleContacts(db: Executor, actor: Actor): Promise<number> {
  const row = await db
    .selectFrom("users")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("role", "=", "client")
    .where(accountScope(actor, "users.account_id"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// Whom to tell (notifications) ------------------------------------------------------------------

const contactColumns = ["users.id", "users.name", "users.email", "users.role"] as const;

/** The active contacts of a client account: the client side of its tickets and tasks. */
export function activeClientContacts(db: Executor, accountId: string): Promise<Contact[]> {
  return db
    .selectFrom("users")
    .select(contactColumns)
    .where("users.account_id", "=", accountId)
    .where("users.role", "=", "client")
    .where("users.status", "=", "active")
    .orderBy("users.id")
    .execute();
}

/** Active staff among these ids (an assignee who was suspended hears nothing). */
export function activeStaffByIds(db: Executor, ids: string[]): Promise<Contact[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("users")
    .select(contactColumns)
    .where("users.id", "in", ids)
    .where("users.role", "in", ["agent", "admin"])
    .where("users.status", "=", "active")
    .execute();
}

/** Every active admin: who hears of a ticket when its account has no agent at all. */
export function activeAdmins(db: Executor): Promise<Contact[]> {
  return db.selectFrom("users").select(contactColumns).where("role", "=", "admin").where("status", "=", "active").orderBy("id").execute();
}

/** The name and role of one person (who did what, in a notification's words). */
export function findPerson(db: Executor, id: string): Promise<{ name: string; role: Role } | undefined> {
  return db.selectFrom("users").select(["name", "role"]).where("id", "=", id).executeTakeFirst();
}

/** Two client accounts merged: this module's rows of `fromId` now belong to `intoId` (mergeAccounts invalidates their sessions). */
export async function moveAccountContacts(tx: Executor, fromId: string, intoId: string): Promise<Record<string, number>> {
  const moved: Record<string, number> = {};
  moved.contacts = Number(
    (await tx.updateTable("users").set({ account_id: intoId }).where("account_id", "=", fromId).executeTakeFirst()).numUpdatedRows,
  );
  return moved;
}

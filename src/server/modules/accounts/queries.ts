import { sql } from "kysely";
import type { TUserState } from "../../../common/schemas";
import type { Executor } from "../../platform/db/database";
import type { NewUser, Role, UserRow, UserUpdate } from "../../platform/db/schema";
import { nowIso } from "../../platform/ids";

/** A user row with its client account's name, as presenters need it. */
export type UserWithAccount = UserRow & { account_name: string | null };

function withAccount(db: Executor) {
  return db
    .selectFrom("users")
    .leftJoin("client_accounts", "client_accounts.id", "users.account_id")
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

export function findUserByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", email.trim().toLowerCase()).executeTakeFirst();
}

export async function insertUser(db: Executor, user: NewUser): Promise<void> {
  await db.insertInto("users").values(user).execute();
}

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
  let query = db.selectFrom("users").leftJoin("client_accounts", "client_accounts.id", "users.account_id");
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

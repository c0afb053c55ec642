import { companyKey } from "../../../common/accounts";
import { hashPassword } from "../../platform/auth/passwords";
import { type Actor, actorFromUser } from "../../platform/auth/sessions";
import type { Role, UserStatus } from "../../platform/db/schema";
import { newId, nowIso } from "../../platform/ids";
import type { TestApp } from "../harness";

/** Every user the factories make has this password (hashed once per test file). */
export const TEST_PASSWORD = "correct-horse-battery";
let testPasswordHash: Promise<string> | undefined;

let counter = 0;
/** A short string no other call in this test file returns: for names that must be unique. */
export const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A user as the factories hand it back: enough to log in, to act as them and to check who was told. */
export interface Person {
  id: string;
  username: string;
  email: string;
  name: string;
  role: Role;
  accountId: string | null;
}

/** Factory: a client account (the company). */
export async function buildAccount(t: TestApp, overrides: { name?: string } = {}) {
  const id = newId();
  const now = nowIso();
  const name = overrides.name ?? `Company ${unique()}`;
  await t.ctx.db
    .insertInto("client_accounts")
    .values({ id, name, name_key: companyKey(name), phone: null, website: null, created_at: now, updated_at: now })
    .execute();
  return { id };
}

/** Factory: a user, creating the client account a client needs when none is given. */
export async function buildUser(
  t: TestApp,
  overrides: {
    role?: Role;
    status?: UserStatus;
    accountId?: string | null;
    username?: string;
    email?: string;
    name?: string;
    verified?: boolean;
  } = {},
): Promise<Person> {
  const role = overrides.role ?? "client";
  const accountId = overrides.accountId !== undefined ? overrides.accountId : role === "client" ? (await buildAccount(t)).id : null;
  const username = overrides.username ?? `user-${unique()}`;
  const email = overrides.email ?? `${username}@example.com`;
  const name = overrides.name ?? `Person ${username}`;
  const id = newId();
  const now = nowIso();
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  const status = overrides.status ?? "active";
  await t.ctx.db
    .insertInto("users")
    .values({
      id,
      email,
      username,
      name,
      phone: null,
      role,
      status,
      account_id: accountId,
      password_hash: await testPasswordHash,
      email_verified_at: overrides.verified === false ? null : now,
      approved_at: status === "active" ? now : null,
      invited_by: null,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return { id, username, email, name, role, accountId };
}

/** Lets an agent (or admin) work a client account. */
export async function assignAgent(t: TestApp, accountId: string, userId: string) {
  await t.ctx.db.insertInto("account_agents").values({ account_id: accountId, user_id: userId, created_at: nowIso() }).execute();
}

/**
 * The person as the services see them (what a session resolves to), read from the database so
 * a suspended or pending user acts as exactly that. For calling service functions directly.
 */
export async function actorFor(t: TestApp, person: { id: string }): Promise<Actor> {
  const user = await t.ctx.db
    .selectFrom("users")
    .select(["id", "role", "status", "account_id", "name", "username", "email"])
    .where("id", "=", person.id)
    .executeTakeFirstOrThrow();
  return actorFromUser(user, "test-factory");
}

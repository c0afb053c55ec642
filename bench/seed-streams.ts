import type { Insertable } from "kysely";
import { companyKey } from "../src/common/accounts";
import { hashPassword } from "../src/server/platform/auth/passwords";
import { SESSION_COOKIE } from "../src/server/platform/auth/sessions";
import { randomToken, sha256 } from "../src/server/platform/auth/tokens";
import type { Db } from "../src/server/platform/db/database";
import type { Database } from "../src/server/platform/db/schema";
import { newId } from "../src/server/platform/ids";
import { BENCH_PASSWORD } from "./seed";

export interface SeedStreamsOptions {
  /** Client contacts with an open stream, spread over accounts of `contactsPerAccount`. */
  clients: number;
  contactsPerAccount: number;
}

export interface StreamAccount {
  id: string;
  /** Each contact's `cookie` header: a session made in the seed, not through a login. */
  cookies: string[];
}

export interface SeededStreams {
  accounts: StreamAccount[];
  clients: number;
  /** Assigned to every one of these accounts: the asks are posted as them. */
  agentUsername: string;
  seconds: number;
}

type Row<T extends keyof Database> = Insertable<Database[T]>;

const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;
const WORDS = ["Lantern", "Meadow", "Granite", "Harvest", "Copper", "Maple", "Riverside", "Northwind"];
const KINDS = ["Vets", "Opticians", "Joinery", "Cafe", "Accountants", "Printers", "Physio", "Nursery"];

/**
 * The clients of the live-stream scenario: `clients` contacts in accounts of
 * `contactsPerAccount` (the last one may be smaller), each already logged in. Logging 2,000
 * people in through the API would hash 2,000 passwords (scrypt, ~32 MiB each, on purpose), so
 * each gets a session row the way createSession (platform/auth/sessions.ts) writes one: only the
 * token's sha256 is stored and the raw token goes in the cookie. One agent, who logs in for
 * real, works all these accounts. Seeded after the other scenarios ran, so their figures do not
 * change with it.
 */
export async function seedStreams(db: Db, options: SeedStreamsOptions): Promise<SeededStreams> {
  const started = Date.now();
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const accountRows: Row<"client_accounts">[] = [];
  const users: Row<"users">[] = [];
  const sessions: Row<"sessions">[] = [];
  const assignments: Row<"account_agents">[] = [];
  const events: Row<"events">[] = [];
  const accounts: StreamAccount[] = [];
  const accountCount = Math.ceil(options.clients / options.contactsPerAccount);
  const iso = (ms: number) => new Date(ms).toISOString();
  // Everything is dated now: newId stays monotonic within a process, and this one has already
  // made today's ids, so an id given an older time would still carry now (and disagree with
  // created_at). The hub sends none of it: what exists when the first stream opens is marked seen.
  const now = iso(started);
  const user = (u: { username: string; name: string; role: Row<"users">["role"]; accountId: string | null }) => {
    const id = newId();
    users.push({
      id,
      email: `${u.username}@bench.example`,
      username: u.username,
      name: u.name,
      phone: null,
      role: u.role,
      status: "active",
      account_id: u.accountId,
      password_hash: passwordHash,
      email_verified_at: now,
      approved_at: now,
      invited_by: null,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    });
    return id;
  };
  const event = (e: { actorId: string | null; verb: string; objectType: string; objectId: string; accountId: string }) =>
    events.push({
      id: newId(),
      actor_id: e.actorId,
      verb: e.verb,
      object_type: e.objectType,
      object_id: e.objectId,
      account_id: e.accountId,
      payload: "{}",
      created_at: now,
    });

  const agentUsername = "bench-stream-agent";
  const agentId = user({ username: agentUsername, name: "Sasha Stream (agent)", role: "agent", accountId: null });
  for (let i = 0; i < accountCount; i++) {
    const accountId = newId();
    const name = `${WORDS[i % WORDS.length]} ${KINDS[Math.floor(i / WORDS.length) % KINDS.length]} ${i + 1}`;
    accountRows.push({ id: accountId, name, name_key: companyKey(name), phone: null, website: null, created_at: now, updated_at: now });
    event({ actorId: null, verb: "account.created", objectType: "account", objectId: accountId, accountId });
    assignments.push({ account_id: accountId, user_id: agentId, created_at: now });
    const account: StreamAccount = { id: accountId, cookies: [] };
    const contacts = Math.min(options.contactsPerAccount, options.clients - i * options.contactsPerAccount);
    for (let c = 0; c < contacts; c++) {
      const userId = user({ username: `bench-stream-${i + 1}-${c + 1}`, name: `Contact ${c + 1} of ${name}`, role: "client", accountId });
      event({ actorId: userId, verb: "user.activated", objectType: "user", objectId: userId, accountId });
      const token = randomToken();
      sessions.push({
        id: newId(),
        token_hash: sha256(token),
        user_id: userId,
        created_at: now,
        last_seen_at: now,
        expires_at: iso(started + SESSION_TTL_MS),
        ip: "127.0.0.1",
        user_agent: "portico-bench",
      });
      account.cookies.push(`${SESSION_COOKIE}=${token}`);
    }
    accounts.push(account);
  }

  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < accountRows.length; i += 1000)
      await tx
        .insertInto("client_accounts")
        .values(accountRows.slice(i, i + 1000))
        .execute();
    for (let i = 0; i < users.length; i += 500)
      await tx
        .insertInto("users")
        .values(users.slice(i, i + 500))
        .execute();
    for (let i = 0; i < sessions.length; i += 1000)
      await tx
        .insertInto("sessions")
        .values(sessions.slice(i, i + 1000))
        .execute();
    for (let i = 0; i < assignments.length; i += 1000)
      await tx
        .insertInto("account_agents")
        .values(assignments.slice(i, i + 1000))
        .execute();
    for (let i = 0; i < events.length; i += 1000)
      await tx
        .insertInto("events")
        .values(events.slice(i, i + 1000))
        .execute();
  });
  return { accounts, clients: sessions.length, agentUsername, seconds: (Date.now() - started) / 1000 };
}

import type { Insertable } from "kysely";
import { companyKey } from "../src/common/accounts";
import { hashPassword } from "../src/server/platform/auth/passwords";
import type { Db } from "../src/server/platform/db/database";
import type { Database } from "../src/server/platform/db/schema";
import { newId } from "../src/server/platform/ids";

/** Every seeded person logs in with this password (hashed once: scrypt is deliberately slow). */
export const BENCH_PASSWORD = "bench-password-0123";

export interface SeedOptions {
  accounts: number;
  usersPerAccount: number;
  agents: number;
}

export interface SeededDataset {
  accounts: number;
  clients: number;
  agents: number;
  admins: number;
  events: number;
  assignments: number;
  /** Client account ids in creation order; the first usersPerAccount clientUsernames are accountIds[0]'s contacts, and so on. */
  accountIds: string[];
  /** Usernames by role, in creation order. */
  clientUsernames: string[];
  agentUsernames: string[];
  adminUsername: string;
  seconds: number;
}

const COMPANY_WORDS = ["Harbor", "Summit", "Cedar", "Atlas", "Nimbus", "Juniper", "Beacon", "Orchard", "Quarry", "Willow"];
const COMPANY_KINDS = ["Dental", "Logistics", "Bakery", "Studio", "Legal", "Fitness", "Florist", "Builders", "Clinic", "Media"];
const FIRST_NAMES = ["Ana", "Ben", "Chloe", "David", "Elif", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Keiko", "Liam"];
const LAST_NAMES = ["Alvarez", "Brown", "Chen", "Dubois", "Evans", "Fischer", "Garcia", "Haddad", "Ivanova", "Jensen"];

const personName = (n: number) =>
  `${FIRST_NAMES[n % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(n / FIRST_NAMES.length) % LAST_NAMES.length]}`;
const companyName = (n: number) =>
  `${COMPANY_WORDS[n % COMPANY_WORDS.length]} ${COMPANY_KINDS[Math.floor(n / COMPANY_WORDS.length) % COMPANY_KINDS.length]} ${n + 1}`;

type Row<T extends keyof Database> = Insertable<Database[T]>;

/** Splits rows into chunks small enough for both databases' bound-parameter limits. */
function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * A realistic portal: client accounts with their contacts, agents each working
 * ~accounts/agents accounts, one admin, and ~10 timeline events per account. History is laid
 * out chronologically over the past 90 days so the time-sortable ids match `created_at`.
 */
export async function seed(db: Db, options: SeedOptions): Promise<SeededDataset> {
  const started = Date.now();
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const users: Row<"users">[] = [];
  const accounts: Row<"client_accounts">[] = [];
  const assignments: Row<"account_agents">[] = [];
  const events: Row<"events">[] = [];

  const historyStart = Date.now() - 90 * 24 * 3600 * 1000;
  const step = (90 * 24 * 3600 * 1000) / (options.accounts + 1);
  const iso = (ms: number) => new Date(ms).toISOString();

  const addUser = (at: number, user: { username: string; name: string; role: Row<"users">["role"]; accountId: string | null }) => {
    const id = newId(at);
    users.push({
      id,
      email: `${user.username}@bench.example`,
      username: user.username,
      name: user.name,
      phone: null,
      role: user.role,
      status: "active",
      account_id: user.accountId,
      password_hash: passwordHash,
      email_verified_at: iso(at),
      approved_at: iso(at),
      invited_by: null,
      last_login_at: null,
      created_at: iso(at),
      updated_at: iso(at),
    });
    return id;
  };
  const addEvent = (
    at: number,
    e: { actorId: string | null; verb: string; objectType: string; objectId: string; accountId: string; payload?: object },
  ) => {
    events.push({
      id: newId(at),
      actor_id: e.actorId,
      verb: e.verb,
      object_type: e.objectType,
      object_id: e.objectId,
      account_id: e.accountId,
      payload: JSON.stringify(e.payload ?? {}),
      created_at: iso(at),
    });
  };

  const adminUsername = "bench-admin";
  const adminId = addUser(historyStart, { username: adminUsername, name: "Avery Admin", role: "admin", accountId: null });
  const agents: { id: string; name: string; username: string }[] = [];
  for (let a = 0; a < options.agents; a++) {
    const name = `${personName(a + 7)} (agent)`;
    const username = `bench-agent-${a + 1}`;
    agents.push({ id: addUser(historyStart + a + 1, { username, name, role: "agent", accountId: null }), name, username });
  }

  const clientUsernames: string[] = [];
  const perAccount = options.usersPerAccount;
  // created, registered × contacts, activated × contacts, assigned, updated, password changed
  const slots = 2 * perAccount + 5;
  for (let i = 0; i < options.accounts; i++) {
    // The account's history fills its slice of the timeline in `slots` steps, so ids (which
    // embed the time) and created_at agree whatever the counts.
    const base = historyStart + (i + 1) * step;
    const at = (slot: number) => Math.floor(base + (step * slot) / slots);
    const accountId = newId(at(0));
    const name = companyName(i);
    accounts.push({
      id: accountId,
      name,
      name_key: companyKey(name),
      phone: null,
      website: `https://example.com/${i + 1}`,
      created_at: iso(at(0)),
      updated_at: iso(at(0)),
    });
    addEvent(at(0), { actorId: null, verb: "account.created", objectType: "account", objectId: accountId, accountId, payload: { name } });

    const contactIds: string[] = [];
    for (let c = 0; c < perAccount; c++) {
      const username = `bench-client-${i + 1}-${c + 1}`;
      const id = addUser(at(1 + c), { username, name: personName(i * perAccount + c), role: "client", accountId });
      clientUsernames.push(username);
      contactIds.push(id);
      addEvent(at(1 + c), { actorId: id, verb: "user.registered", objectType: "user", objectId: id, accountId });
    }
    for (const [c, id] of contactIds.entries()) {
      addEvent(at(1 + perAccount + c), { actorId: id, verb: "user.activated", objectType: "user", objectId: id, accountId });
    }
    if (agents.length > 0) {
      const agent = agents[i % agents.length]!;
      assignments.push({ account_id: accountId, user_id: agent.id, created_at: iso(at(2 * perAccount + 1)) });
      const payload = { agentId: agent.id, agentName: agent.name };
      addEvent(at(2 * perAccount + 1), {
        actorId: adminId,
        verb: "account.agent_assigned",
        objectType: "account",
        objectId: accountId,
        accountId,
        payload,
      });
    }
    // Staff-only history, so the client's verb filter has something to skip.
    const before = { name, phone: null, website: null };
    addEvent(at(2 * perAccount + 2), {
      actorId: adminId,
      verb: "account.updated",
      objectType: "account",
      objectId: accountId,
      accountId,
      payload: { before, after: { ...before, website: `https://example.com/${i + 1}` } },
    });
    if (contactIds.length > 0) {
      addEvent(at(2 * perAccount + 3), {
        actorId: contactIds[0]!,
        verb: "user.password_changed",
        objectType: "user",
        objectId: contactIds[0]!,
        accountId,
      });
    }
  }

  await db.transaction().execute(async (tx) => {
    for (const rows of chunks(accounts, 1000)) await tx.insertInto("client_accounts").values(rows).execute();
    for (const rows of chunks(users, 500)) await tx.insertInto("users").values(rows).execute();
    for (const rows of chunks(assignments, 1000)) await tx.insertInto("account_agents").values(rows).execute();
    for (const rows of chunks(events, 1000)) await tx.insertInto("events").values(rows).execute();
  });

  return {
    accounts: accounts.length,
    clients: clientUsernames.length,
    agents: agents.length,
    admins: 1,
    events: events.length,
    assignments: assignments.length,
    accountIds: accounts.map((a) => a.id),
    clientUsernames,
    agentUsernames: agents.map((a) => a.username),
    adminUsername,
    seconds: (Date.now() - started) / 1000,
  };
}

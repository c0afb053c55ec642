import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignAgent, buildAccount, buildTicket, buildUser, login, type Session } from "../../test/factories";
import { createTestApp, drainJobs, lastEmailTo, type TestApp } from "../../test/harness";

/**
 * The authorization matrix for client accounts: a client reaches only its own account, an
 * agent only the accounts assigned to them, an admin all; anything else is a 404.
 */
let t: TestApp;
let accountA: { id: string };
let accountB: { id: string };
let clientA: Session;
let clientA2: Session;
let agentA: Session;
let agentNone: Session;
let admin: Session;
let agentAUser: { id: string; username: string };

beforeAll(async () => {
  t = await createTestApp();
  accountA = await buildAccount(t, { name: "Alpha Plumbing" });
  accountB = await buildAccount(t, { name: "Bravo Bakery" });
  clientA = await login(t, (await buildUser(t, { accountId: accountA.id, name: "Anna Alpha" })).username);
  clientA2 = await login(t, (await buildUser(t, { accountId: accountA.id, name: "Arne Alpha" })).username);
  await buildUser(t, { accountId: accountB.id, name: "Bob Bravo" });
  agentAUser = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  await assignAgent(t, accountA.id, agentAUser.id);
  agentA = await login(t, agentAUser.username);
  agentNone = await login(t, (await buildUser(t, { role: "agent" })).username);
  admin = await login(t, (await buildUser(t, { role: "admin" })).username);
});
afterAll(() => t.close());

const names = (body: { data: { name: string }[] }) => body.data.map((a) => a.name).sort();

describe("GET /api/accounts/:id", () => {
  it("lets a contact of A see A with its contacts and agents", async () => {
    const response = await clientA.inject({ method: "GET", url: `/api/accounts/${accountA.id}` });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.data.account).toMatchObject({ name: "Alpha Plumbing", contactCount: 2, agents: [{ name: "Agnes Agent" }] });
    expect(body.data.contacts.map((c: { name: string }) => c.name).sort()).toEqual(["Anna Alpha", "Arne Alpha"]);
    expect(body.policies).toEqual({ update: false, assignAgents: false, inviteContacts: false, merge: false });
    expect(JSON.stringify(body)).not.toContain("password");
  });

  it("answers 404 — never another client's data — for B's id or a made-up id", async () => {
    for (const session of [clientA, clientA2, agentNone]) {
      const other = await session.inject({ method: "GET", url: `/api/accounts/${accountB.id}` });
      expect(other.statusCode).toBe(404);
      expect(other.body).not.toContain("Bravo");
    }
    const made = await admin.inject({ method: "GET", url: "/api/accounts/0190a0a0-0000-7000-8000-000000000000" });
    expect(made.statusCode).toBe(404);
    const agentOther = await agentA.inject({ method: "GET", url: `/api/accounts/${accountB.id}` });
    expect(agentOther.statusCode).toBe(404);
  });

  it("rejects a malformed id with 400", async () => {
    const response = await admin.inject({ method: "GET", url: "/api/accounts/1" });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.field).toBe("params.id");
  });
});

describe("GET /api/accounts", () => {
  it("scopes the list: client own, agent assigned, admin all", async () => {
    expect(names((await clientA.inject({ method: "GET", url: "/api/accounts" })).json())).toEqual(["Alpha Plumbing"]);
    expect(names((await agentA.inject({ method: "GET", url: "/api/accounts" })).json())).toEqual(["Alpha Plumbing"]);
    expect(names((await agentNone.inject({ method: "GET", url: "/api/accounts" })).json())).toEqual([]);
    expect(names((await admin.inject({ method: "GET", url: "/api/accounts" })).json())).toEqual(
      expect.arrayContaining(["Alpha Plumbing", "Bravo Bakery"]),
    );
    const search = await admin.inject({ method: "GET", url: "/api/accounts?q=bRaVo" });
    expect(names(search.json())).toEqual(["Bravo Bakery"]);
  });
});

describe("dashboard", () => {
  it("shows a client only its own account and activity", async () => {
    const body = (await clientA.inject({ method: "GET", url: "/api/dashboard" })).json();
    expect(body.data.account.name).toBe("Alpha Plumbing");
    for (const event of body.data.recentActivity) expect(event.accountId).toBe(accountA.id);
    expect(JSON.stringify(body)).not.toContain("Bravo");
  });

  it("counts what an agent works and what an admin oversees", async () => {
    const agent = (await agentA.inject({ method: "GET", url: "/api/dashboard" })).json().data;
    expect(agent.stats).toMatchObject({ accounts: 1, contacts: 2 });
    expect(JSON.stringify(agent)).not.toContain("Bravo");
    const unassigned = (await agentNone.inject({ method: "GET", url: "/api/dashboard" })).json().data;
    expect(unassigned.stats).toMatchObject({ accounts: 0, contacts: 0 });
    const adminView = (await admin.inject({ method: "GET", url: "/api/dashboard" })).json().data;
    expect(adminView.stats.accounts).toBeGreaterThanOrEqual(2);
  });
});

describe("assignments", () => {
  it("admin assigns and unassigns agents; the agent's reach follows", async () => {
    const agent = await buildUser(t, { role: "agent", name: "Ben Builder" });
    const session = await login(t, agent.username);
    expect((await session.inject({ method: "GET", url: `/api/accounts/${accountB.id}` })).statusCode).toBe(404);
    const assigned = await admin.inject({ method: "PUT", url: `/api/admin/accounts/${accountB.id}/agents/${agent.id}` });
    expect(assigned.json().data.agents.map((a: { name: string }) => a.name)).toContain("Ben Builder");
    expect((await session.inject({ method: "GET", url: `/api/accounts/${accountB.id}` })).statusCode).toBe(200);
    await admin.inject({ method: "DELETE", url: `/api/admin/accounts/${accountB.id}/agents/${agent.id}` });
    expect((await session.inject({ method: "GET", url: `/api/accounts/${accountB.id}` })).statusCode).toBe(404);
    const events = await t.ctx.db.selectFrom("events").select("verb").where("object_id", "=", accountB.id).orderBy("id").execute();
    expect(events.map((e) => e.verb)).toEqual(["account.agent_assigned", "account.agent_unassigned"]);
  });

  it("assigns an invited agent, who sees that account's tickets once they accept — and no other account's", async () => {
    const account = await buildAccount(t, { name: "Delta Dental" });
    const ticket = await buildTicket(t, { accountId: account.id, subject: "Booking form broken" });
    const elsewhere = await buildTicket(t, { accountId: accountB.id, subject: "Bravo's own problem" });
    const invited = await admin.inject({
      method: "POST",
      url: "/api/admin/users/invitations",
      payload: { email: "ivy.invited@agency.test", name: "Ivy Invited", role: "agent" },
    });
    const ivy = invited.json().data as { id: string; state: string };
    expect(ivy.state).toBe("invited");

    const assigned = await admin.inject({ method: "PUT", url: `/api/admin/accounts/${account.id}/agents/${ivy.id}` });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().data.agents).toEqual([{ id: ivy.id, name: "Ivy Invited", email: "ivy.invited@agency.test", state: "invited" }]);

    await drainJobs(t);
    const { token } = await lastEmailTo(t, "ivy.invited@agency.test");
    const accepted = await t.app.inject({
      method: "POST",
      url: "/api/auth/invitation/accept",
      payload: { token, password: "ivy password 1" },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const cookie = accepted.cookies.find((c) => c.name === "portico_session");
    const headers = { cookie: `portico_session=${cookie?.value}` };
    const tickets = await t.app.inject({ method: "GET", url: "/api/tickets", headers });
    expect(tickets.statusCode).toBe(200);
    expect(tickets.json().data.map((x: { id: string }) => x.id)).toEqual([ticket.id]);
    expect(tickets.body).not.toContain("Bravo");
    expect((await t.app.inject({ method: "GET", url: `/api/tickets/${elsewhere.id}`, headers })).statusCode).toBe(404);
    const detail = await admin.inject({ method: "GET", url: `/api/accounts/${account.id}` });
    expect(detail.json().data.account.agents).toMatchObject([{ id: ivy.id, state: "active" }]);
  });

  it("refuses a suspended agent with a 400 naming userId, and assigns nothing", async () => {
    const account = await buildAccount(t);
    const suspended = await buildUser(t, { role: "agent", status: "suspended", name: "Sam Suspended" });
    const response = await admin.inject({ method: "PUT", url: `/api/admin/accounts/${account.id}/agents/${suspended.id}` });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "validation_error", field: "userId" });
    expect(response.json().error.message).toBe("Sam Suspended is suspended and cannot be assigned. Reactivate them under Users first.");
    expect((await admin.inject({ method: "GET", url: `/api/accounts/${account.id}` })).json().data.account.agents).toEqual([]);
  });

  it("refuses to assign a client contact as an agent", async () => {
    const client = await buildUser(t, { accountId: accountB.id });
    const response = await admin.inject({ method: "PUT", url: `/api/admin/accounts/${accountA.id}/agents/${client.id}` });
    expect(response.statusCode).toBe(400);
  });
});

describe("admin edits a client account", () => {
  it("creates and renames an account, validating input", async () => {
    const created = await admin.inject({
      method: "POST",
      url: "/api/admin/accounts",
      payload: { name: "Charlie Cafe", website: "https://charlie.test" },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().data.id;
    const empty = await admin.inject({ method: "PATCH", url: `/api/admin/accounts/${id}`, payload: { name: "" } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.field).toBe("name");
    const renamed = await admin.inject({ method: "PATCH", url: `/api/admin/accounts/${id}`, payload: { name: "Charlie's Cafe" } });
    expect(renamed.json().data).toMatchObject({ name: "Charlie's Cafe", website: "https://charlie.test" });
  });
});

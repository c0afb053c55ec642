import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TNextAction, TNextActions } from "../../../common/next-actions";
import { assignAgent, buildAccount, buildTask, buildTicket, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, type TestApp } from "../../test/harness";

/*
 * "Next actions": one list of what waits on the client, oldest first, built from every module's
 * descriptor; the agency's mirror lists what waits on it and what clients left waiting too long.
 */
let t: TestApp;
let accountA: { id: string };
let accountB: { id: string };
let anna: Person;
let clientA: Session;
let clientB: Session;
let agentA: Session;
let agentOther: Session;
let admin: Session;

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

async function list(session: Session): Promise<TNextActions["data"]> {
  const response = await session.inject({ method: "GET", url: "/api/dashboard/next-actions" });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}
const keys = (items: TNextAction[]) => items.map((item) => item.key);

beforeAll(async () => {
  t = await createTestApp();
  accountA = await buildAccount(t, { name: "Alpha Plumbing" });
  accountB = await buildAccount(t, { name: "Bravo Bakery" });
  anna = await buildUser(t, { accountId: accountA.id, name: "Anna Alpha" });
  const bob = await buildUser(t, { accountId: accountB.id, name: "Bob Bravo" });
  clientA = await login(t, anna.username);
  clientB = await login(t, bob.username);
  const agent = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  await assignAgent(t, accountA.id, agent.id);
  agentA = await login(t, agent.username);
  agentOther = await login(t, (await buildUser(t, { role: "agent" })).username);
  admin = await login(t, (await buildUser(t, { role: "admin" })).username);
});
afterAll(() => t.close());

describe("next actions", () => {
  it("lists a client's approvals oldest first, never another account's, and mirrors them for the agency once overdue", async () => {
    const recent = await buildTask(t, { by: anna, summary: "New hero banner" });
    const old = await buildTask(t, { by: anna, summary: "Footer links" });
    const other = await buildTask(t, { accountId: accountB.id, by: await buildUser(t, { accountId: accountB.id }) });
    const toApproval = (id: string, since: string) =>
      t.ctx.db.updateTable("tasks").set({ stage: "client_approval", stage_entered_at: since }).where("id", "=", id).execute();
    await toApproval(recent.id, daysAgo(1));
    await toApproval(old.id, daysAgo(5));
    await toApproval(other.id, daysAgo(9));

    const mine = await list(clientA);
    const approvals = mine.waiting.filter((item) => item.kind === "task_approval");
    expect(keys(approvals)).toEqual([`task_approval:${old.id}`, `task_approval:${recent.id}`]);
    expect(approvals[0]).toMatchObject({
      title: "Approve the finished work",
      detail: "Footer links",
      actionLabel: "Review and approve",
      url: `/work-requests/${old.id}`,
      accountName: "Alpha Plumbing",
    });
    expect(mine.clientsOverdue).toEqual([]);
    expect(keys((await list(clientB)).waiting)).toEqual([`task_approval:${other.id}`]);

    // The agency sees what Alpha left waiting for more than three days — and only in its accounts.
    const agency = await list(agentA);
    expect(agency.overdueDays).toBe(3);
    expect(keys(agency.clientsOverdue)).toEqual([`task_approval:${old.id}`]);
    expect(keys((await list(admin)).clientsOverdue)).toEqual([`task_approval:${other.id}`, `task_approval:${old.id}`]);
    expect((await list(agentOther)).clientsOverdue).toEqual([]);
  });

  it("puts a new ticket and a new work request on the agency's list, not the client's", async () => {
    const ticket = await buildTicket(t, { by: anna, subject: "Contact form broken" });
    const request = await buildTask(t, { by: anna, summary: "Add a price list" });
    const agency = await list(agentA);
    expect(agency.waiting.find((item) => item.key === `ticket:${ticket.id}`)).toMatchObject({
      title: "Answer a new support ticket",
      detail: "Contact form broken",
      url: `/tickets/${ticket.id}`,
      accountName: "Alpha Plumbing",
    });
    expect(keys(agency.waiting)).toContain(`task_request:${request.id}`);
    const since = agency.waiting.map((item) => item.since);
    expect(since).toEqual([...since].sort());
    expect(keys((await list(clientA)).waiting)).not.toContain(`ticket:${ticket.id}`);
    expect(keys((await list(agentOther)).waiting)).not.toContain(`ticket:${ticket.id}`);
  });

  it("is for signed-in people only", async () => {
    const response = await t.app.inject({ method: "GET", url: "/api/dashboard/next-actions" });
    expect(response.statusCode).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { assignAgent, buildAccount, buildUser, login, type Session } from "../../test/factories";
import { createTestApp, type TestApp } from "../../test/harness";

/**
 * The ticket list read again while nothing in it changed comes from memory (the tickets
 * service's list cache, keyed by the accounts' versions): no read of the tickets table. Every
 * change that shows in a list shows at once — a reply, a status, a category's or the account's
 * new name, an agent's scope — and a client only ever gets their own account's list.
 */
let t: TestApp;
let admin: Session;
let client: Session;
let agent: Session;
let otherClient: Session;
let alpha: { id: string };
let agentId: string;

beforeAll(async () => {
  t = await createTestApp();
  alpha = await buildAccount(t, { name: "Alpha Plumbing" });
  client = await login(t, (await buildUser(t, { accountId: alpha.id, name: "Anna Alpha" })).username);
  const agnes = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  agentId = agnes.id;
  await assignAgent(t, alpha.id, agnes.id);
  agent = await login(t, agnes.username);
  admin = await login(t, (await buildUser(t, { role: "admin", name: "Ada Admin" })).username);
  const bravo = await buildAccount(t, { name: "Bravo Bakery" });
  otherClient = await login(t, (await buildUser(t, { accountId: bravo.id })).username);
});
afterAll(() => t.close());

interface Row {
  id: string;
  subject: string;
  status: string;
  messageCount: number;
  category: { name: string } | null;
  account: { name: string };
}
async function list(session: Session, query = ""): Promise<{ rows: Row[]; readTickets: boolean }> {
  const spy = vi.spyOn(t.ctx.db, "selectFrom");
  try {
    const response = await session.inject({ method: "GET", url: `/api/tickets${query}` });
    expect(response.statusCode, response.body).toBe(200);
    return { rows: (response.json() as { data: Row[] }).data, readTickets: spy.mock.calls.some(([table]) => table === "tickets") };
  } finally {
    spy.mockRestore();
  }
}
async function send(session: Session, method: "POST" | "PATCH", url: string, payload: object, status = 200) {
  const response = await session.inject({ method, url, payload });
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as { data: { id: string } };
}
const raise = async (subject: string, categoryId?: string) =>
  (await send(client, "POST", "/api/tickets", { subject, description: "Details.", priority: "normal", fileIds: [], categoryId }, 201)).data
    .id;

describe("the ticket list read again", () => {
  it("does not read the tickets again while nothing changed, and shows a reply and a status at once", async () => {
    const id = await raise("Leaking tap");
    const first = await list(client);
    expect(first.readTickets).toBe(true);
    const again = await list(client);
    expect(again.readTickets).toBe(false);
    expect(again.rows).toEqual(first.rows);

    await send(agent, "POST", `/api/tickets/${id}/messages`, { body: "On our way.", kind: "reply", fileIds: [] }, 201);
    const afterReply = await list(client);
    expect(afterReply.readTickets).toBe(true);
    expect(afterReply.rows.find((row) => row.id === id)?.messageCount).toBe(1);

    await send(agent, "POST", `/api/tickets/${id}/close`, {});
    expect((await list(client)).rows.find((row) => row.id === id)?.status).toBe("closed");
    expect((await list(agent)).rows.find((row) => row.id === id)?.status).toBe("closed");
  });

  it("shows a category's new name and the account's new name in lists read before", async () => {
    const category = await send(admin, "POST", "/api/admin/ticket-categories", { name: "Plumbing" }, 201);
    const id = await raise("Dripping shower", category.data.id);
    await list(client);
    expect((await list(client)).rows.find((row) => row.id === id)?.category?.name).toBe("Plumbing");

    await send(admin, "PATCH", `/api/admin/ticket-categories/${category.data.id}`, { name: "Pipes and taps" });
    expect((await list(client)).rows.find((row) => row.id === id)?.category?.name).toBe("Pipes and taps");

    await list(agent);
    await send(admin, "PATCH", `/api/admin/accounts/${alpha.id}`, { name: "Alpha Plumbing & Heating" });
    expect((await list(client)).rows.find((row) => row.id === id)?.account.name).toBe("Alpha Plumbing & Heating");
    expect((await list(agent)).rows.find((row) => row.id === id)?.account.name).toBe("Alpha Plumbing & Heating");
  });

  it("gives each account its own list, and an agent only the accounts they still work", async () => {
    const id = await raise("Alpha's own ticket");
    await list(client);
    expect((await list(otherClient)).rows.map((row) => row.id)).not.toContain(id);
    expect((await list(agent)).rows.map((row) => row.id)).toContain(id);

    const removed = await admin.inject({ method: "DELETE", url: `/api/admin/accounts/${alpha.id}/agents/${agentId}` });
    expect(removed.statusCode, removed.body).toBeLessThan(300);
    expect((await list(agent)).rows.map((row) => row.id)).not.toContain(id);
    await assignAgent(t, alpha.id, agentId);
  });
});

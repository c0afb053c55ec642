import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assignAgent,
  buildAccount,
  buildComment,
  buildReply,
  buildTask,
  buildTicket,
  buildUser,
  login,
  type Person,
  type Session,
} from "../../test/factories";
import { createTestApp, type TestApp, upload } from "../../test/harness";

/*
 * Merging two client accounts — the admin's fix when one company ended up with two: everything
 * of the duplicate moves to the account that stays, nothing is lost, and nobody outside the
 * company sees any of it.
 */
let t: TestApp;
let duplicate: { id: string };
let keeper: { id: string };
let stranger: Session;
let admin: Session;
let agentOfDuplicate: Person;
let agentOfKeeper: Person;
let dupContact: Person;
let keeperContact: Person;
let ticket: Awaited<ReturnType<typeof buildTicket>>;
let task: Awaited<ReturnType<typeof buildTask>>;
let fileUrl: string;

beforeAll(async () => {
  t = await createTestApp();
  duplicate = await buildAccount(t, { name: "Doe Bakery (2)" });
  keeper = await buildAccount(t, { name: "Doe Bakery" });
  agentOfDuplicate = await buildUser(t, { role: "agent", name: "Dana Duplicate" });
  agentOfKeeper = await buildUser(t, { role: "agent", name: "Kai Keeper" });
  await assignAgent(t, duplicate.id, agentOfDuplicate.id);
  await assignAgent(t, keeper.id, agentOfKeeper.id);
  dupContact = await buildUser(t, { accountId: duplicate.id, name: "Jane Doe" });
  keeperContact = await buildUser(t, { accountId: keeper.id, name: "John Doe" });
  ticket = await buildTicket(t, { by: dupContact, subject: "Oven page is down" });
  const jane = await login(t, dupContact.username);
  const file = (await upload(jane, "oven.pdf", "oven")).json().data as { id: string; url: string };
  fileUrl = file.url;
  await buildReply(t, ticket, { by: dupContact, body: "Still down", fileIds: [file.id] });
  task = await buildTask(t, { by: dupContact, summary: "New oven photos" });
  await buildComment(t, { id: task.id, by: dupContact }, { body: "Photos attached soon" });
  admin = await login(t, (await buildUser(t, { role: "admin" })).username);
  stranger = await login(t, (await buildUser(t, { accountId: (await buildAccount(t)).id })).username);
});
afterAll(() => t.close());

const merge = (session: Session, fromId: string, intoAccountId: string) =>
  session.inject({ method: "POST", url: `/api/admin/accounts/${fromId}/merge`, payload: { intoAccountId } });

describe("merging two client accounts", () => {
  it("refuses anyone but an admin, a merge into itself and an account that does not exist", async () => {
    const agent = await login(t, agentOfKeeper.username);
    expect((await merge(agent, duplicate.id, keeper.id)).statusCode).toBe(403);
    const self = await merge(admin, duplicate.id, duplicate.id);
    expect(self.statusCode).toBe(400);
    expect(self.json().error.field).toBe("intoAccountId");
    const nowhere = await merge(admin, duplicate.id, "0190a000-0000-7000-8000-00000000dead");
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.json().error.field).toBe("intoAccountId");
    expect((await admin.inject({ method: "GET", url: `/api/accounts/${duplicate.id}` })).statusCode).toBe(200);
  });

  it("moves contacts, tickets, work requests, comments, files and history, joins the agents, and records it", async () => {
    const historyBefore = await t.ctx.db.selectFrom("events").select("id").where("account_id", "=", duplicate.id).execute();
    const merged = await merge(admin, duplicate.id, keeper.id);
    expect(merged.statusCode, merged.body).toBe(200);
    expect(
      merged
        .json()
        .data.agents.map((a: { name: string }) => a.name)
        .sort(),
    ).toEqual(["Dana Duplicate", "Kai Keeper"]);
    expect(merged.json().data.contactCount).toBe(2);
    expect((await admin.inject({ method: "GET", url: `/api/accounts/${duplicate.id}` })).statusCode).toBe(404);

    // Jane now belongs to Doe Bakery and still has her ticket, its reply and its file; John sees them too.
    for (const person of [dupContact, keeperContact]) {
      const session = await login(t, person.username);
      const detail = await session.inject({ method: "GET", url: `/api/tickets/${ticket.id}` });
      expect(detail.statusCode, person.name).toBe(200);
      expect(detail.json().data.ticket.account.name).toBe("Doe Bakery");
      expect((await session.inject({ method: "GET", url: `/api/tasks/${task.id}` })).statusCode).toBe(200);
      expect((await session.inject({ method: "GET", url: fileUrl })).statusCode).toBe(200);
    }
    // The duplicate's agent works the merged account.
    const dana = await login(t, agentOfDuplicate.username);
    expect((await dana.inject({ method: "GET", url: `/api/tickets/${ticket.id}` })).statusCode).toBe(200);

    const history = await t.ctx.db.selectFrom("events").select(["id", "verb", "payload"]).where("account_id", "=", keeper.id).execute();
    expect(history.map((e) => e.id)).toEqual(expect.arrayContaining(historyBefore.map((e) => e.id)));
    const record = history.find((e) => e.verb === "account.merged");
    expect(JSON.parse(record?.payload ?? "{}")).toMatchObject({
      fromName: "Doe Bakery (2)",
      intoName: "Doe Bakery",
      moved: { contacts: 1, tickets: 1, tasks: 1, comments: 2, agents: 1 },
    });
    expect(await t.ctx.db.selectFrom("events").select("id").where("account_id", "=", duplicate.id).execute()).toEqual([]);
  });

  it("shows none of it to another company", async () => {
    expect((await stranger.inject({ method: "GET", url: `/api/tickets/${ticket.id}` })).statusCode).toBe(404);
    expect((await stranger.inject({ method: "GET", url: `/api/tasks/${task.id}` })).statusCode).toBe(404);
    expect((await stranger.inject({ method: "GET", url: fileUrl })).statusCode).toBe(404);
    expect((await stranger.inject({ method: "GET", url: `/api/accounts/${keeper.id}` })).statusCode).toBe(404);
  });
});

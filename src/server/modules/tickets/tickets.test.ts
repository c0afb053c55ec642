import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignAgent, buildAccount, buildTicket, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, type TestApp } from "../../test/harness";

let t: TestApp;
let accountA: { id: string };
let accountB: { id: string };
let anna: Person;
let bob: Person;
let clientA: Session;
let clientB: Session;
let agentA: Session;
let agentAUser: Person;
let agentOther: Session;
let admin: Session;
let categoryId: string;

beforeAll(async () => {
  t = await createTestApp();
  accountA = await buildAccount(t, { name: "Alpha Plumbing" });
  accountB = await buildAccount(t, { name: "Bravo Bakery" });
  anna = await buildUser(t, { accountId: accountA.id, name: "Anna Alpha" });
  bob = await buildUser(t, { accountId: accountB.id, name: "Bob Bravo" });
  clientA = await login(t, anna.username);
  clientB = await login(t, bob.username);
  agentAUser = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  await assignAgent(t, accountA.id, agentAUser.id);
  agentA = await login(t, agentAUser.username);
  agentOther = await login(t, (await buildUser(t, { role: "agent" })).username);
  admin = await login(t, (await buildUser(t, { role: "admin" })).username);
  categoryId = (await clientA.inject({ method: "GET", url: "/api/ticket-categories" })).json().data[0].id;
});
afterAll(() => t.close());

describe("a ticket's life", () => {
  it("is raised, answered, closed and reopened, with every step in the timeline", async () => {
    const raised = await clientA.inject({
      method: "POST",
      url: "/api/tickets",
      payload: { subject: "Contact form is broken", description: "The **contact form** shows an error.", priority: "high", categoryId },
    });
    expect(raised.statusCode, raised.body).toBe(201);
    const ticket = raised.json().data as { id: string; number: number; status: string };
    expect(ticket).toMatchObject({
      status: "new",
      priority: "high",
      account: { name: "Alpha Plumbing" },
      createdBy: { name: "Anna Alpha" },
    });
    expect(ticket.number).toBeGreaterThanOrEqual(1001);

    const reply = await agentA.inject({
      method: "POST",
      url: `/api/tickets/${ticket.id}/messages`,
      payload: { body: "Looking at it now." },
    });
    expect(reply.statusCode).toBe(201);
    expect(reply.json().data.status).toBe("active");
    await clientA.inject({ method: "POST", url: `/api/tickets/${ticket.id}/messages`, payload: { body: "Thanks!" } });

    const closed = await clientA.inject({ method: "POST", url: `/api/tickets/${ticket.id}/close`, payload: {} });
    expect(closed.json().data.status).toBe("closed");
    const refused = await clientA.inject({
      method: "POST",
      url: `/api/tickets/${ticket.id}/messages`,
      payload: { body: "One more thing" },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toMatch(/Reopen/);
    const noComment = await clientA.inject({ method: "POST", url: `/api/tickets/${ticket.id}/reopen`, payload: { body: "" } });
    expect(noComment.statusCode).toBe(400);
    const reopened = await clientA.inject({
      method: "POST",
      url: `/api/tickets/${ticket.id}/reopen`,
      payload: { body: "It broke again." },
    });
    expect(reopened.json().data.status).toBe("new");

    const detail = (await clientA.inject({ method: "GET", url: `/api/tickets/${ticket.id}` })).json();
    expect(detail.data.description).toBe("The **contact form** shows an error.");
    const lines = detail.data.timeline.map(
      (i: { type: string; message?: { body: string }; event?: { verb: string; payload: { to?: string } } }) =>
        i.type === "message" ? `message:${i.message?.body}` : `${i.event?.verb}:${i.event?.payload.to ?? ""}`,
    );
    expect(lines).toEqual([
      "message:Looking at it now.",
      "message:Thanks!",
      "ticket.status_changed:closed",
      "message:It broke again.",
      "ticket.reopened:new",
    ]);
    expect(detail.policies).toEqual({ reply: true, note: false, close: true, reopen: false, update: false });
  });

  it("names the field at fault and writes nothing on bad input", async () => {
    const count = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom("tickets")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ subject: "" }, "subject"],
      [{ priority: "whenever" }, "priority"],
      [{ categoryId: "0190a0a0-0000-7000-8000-000000000000" }, "categoryId"],
      [{ description: undefined }, "description"],
    ];
    for (const [override, field] of cases) {
      const response = await clientA.inject({
        method: "POST",
        url: "/api/tickets",
        payload: { subject: "S", description: "D", priority: "low", ...override },
      });
      expect(response.statusCode, field).toBe(400);
      expect(response.json().error.field).toBe(field);
    }
    const staffWithoutClient = await agentA.inject({
      method: "POST",
      url: "/api/tickets",
      payload: { subject: "S", description: "D", priority: "low" },
    });
    expect(staffWithoutClient.json().error.field).toBe("accountId");
    const notTheirClient = await agentOther.inject({
      method: "POST",
      url: "/api/tickets",
      payload: { subject: "S", description: "D", priority: "low", accountId: accountA.id },
    });
    expect(notTheirClient.statusCode).toBe(400);
    expect(await count()).toBe(before);
  });

  it("gives each ticket the next number", async () => {
    const [a, b] = [await buildTicket(t, { by: anna }), await buildTicket(t, { by: bob })];
    expect(b.number).toBe(a.number + 1);
  });
});

describe("authorization matrix", () => {
  it("answers 404 to another account's client and to an agent not assigned, on every endpoint", async () => {
    const ticket = await buildTicket(t, { by: anna, subject: "Contact form is broken" });
    const endpoints: [string, string, unknown?][] = [
      ["GET", `/api/tickets/${ticket.id}`],
      ["POST", `/api/tickets/${ticket.id}/messages`, { body: "hi" }],
      ["POST", `/api/tickets/${ticket.id}/close`, {}],
      ["POST", `/api/tickets/${ticket.id}/reopen`, { body: "hi" }],
      ["PATCH", `/api/tickets/${ticket.id}`, { priority: "low" }],
    ];
    for (const session of [clientB, agentOther]) {
      for (const [method, url, payload] of endpoints) {
        const response = await session.inject({ method: method as "GET", url, payload: payload as object });
        expect(response.statusCode, `${method} ${url}`).toBe(404);
        expect(response.body).not.toContain("Contact form");
      }
    }
    for (const session of [clientA, agentA, admin]) {
      expect((await session.inject({ method: "GET", url: `/api/tickets/${ticket.id}` })).statusCode).toBe(200);
    }
  });

  it("scopes lists: a client sees its account's tickets, an agent its accounts', an admin all", async () => {
    await buildTicket(t, { by: bob, subject: "Bravo oven page" });
    const accountsIn = async (session: Session) =>
      new Set(
        ((await session.inject({ method: "GET", url: "/api/tickets?limit=100" })).json().data as { account: { name: string } }[]).map(
          (x) => x.account.name,
        ),
      );
    expect(await accountsIn(clientA)).toEqual(new Set(["Alpha Plumbing"]));
    expect(await accountsIn(clientB)).toEqual(new Set(["Bravo Bakery"]));
    expect(await accountsIn(agentA)).toEqual(new Set(["Alpha Plumbing"]));
    expect(await accountsIn(agentOther)).toEqual(new Set());
    expect(await accountsIn(admin)).toEqual(new Set(["Alpha Plumbing", "Bravo Bakery"]));
  });

  it("lets only staff change status, priority, category and assignee", async () => {
    const ticket = await buildTicket(t, { by: anna });
    const client = await clientA.inject({ method: "PATCH", url: `/api/tickets/${ticket.id}`, payload: { priority: "urgent" } });
    expect(client.statusCode).toBe(403);
    const assigned = await agentA.inject({
      method: "PATCH",
      url: `/api/tickets/${ticket.id}`,
      payload: { assigneeId: agentAUser.id, priority: "urgent", status: "active" },
    });
    expect(assigned.json().data).toMatchObject({ priority: "urgent", status: "active", assignee: { name: "Agnes Agent" } });
    const outsider = await buildUser(t, { role: "agent" });
    const wrongAgent = await agentA.inject({ method: "PATCH", url: `/api/tickets/${ticket.id}`, payload: { assigneeId: outsider.id } });
    expect(wrongAgent.statusCode).toBe(400);
    expect(wrongAgent.json().error.field).toBe("assigneeId");
  });
});

describe("internal notes", () => {
  it("never reach the client: not in the ticket, not in the list's search", async () => {
    const ticket = await buildTicket(t, { by: anna, subject: "Slow homepage" });
    const note = await agentA.inject({
      method: "POST",
      url: `/api/tickets/${ticket.id}/messages`,
      payload: { body: "Client's hosting plan is the cheap one zebra", kind: "note" },
    });
    expect(note.statusCode).toBe(201);
    const forClient = await clientA.inject({ method: "GET", url: `/api/tickets/${ticket.id}` });
    expect(forClient.body).not.toContain("zebra");
    expect(forClient.json().data.ticket.messageCount).toBe(0);
    const forAgent = await agentA.inject({ method: "GET", url: `/api/tickets/${ticket.id}` });
    expect(forAgent.json().data.timeline[0].message).toMatchObject({ kind: "note", body: "Client's hosting plan is the cheap one zebra" });
    expect((await clientA.inject({ method: "GET", url: "/api/tickets?q=zebra" })).json().data).toEqual([]);
    expect((await agentA.inject({ method: "GET", url: "/api/tickets?q=zebra" })).json().data.map((x: { id: string }) => x.id)).toEqual([
      ticket.id,
    ]);
    const clientNote = await clientA.inject({
      method: "POST",
      url: `/api/tickets/${ticket.id}/messages`,
      payload: { body: "sneaky", kind: "note" },
    });
    expect(clientNote.statusCode).toBe(403);
  });
});

describe("the list", () => {
  it("filters, searches by text or number, and pages with a cursor", async () => {
    const account = await buildAccount(t, { name: "Paging Co" });
    const contact = await buildUser(t, { accountId: account.id });
    const client = await login(t, contact.username);
    const made = [];
    for (let i = 0; i < 7; i++)
      made.push(await buildTicket(t, { by: contact, subject: `Paging ticket ${i}`, priority: i % 2 ? "low" : "urgent" }));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { id: string }[]; nextCursor: string | null } = (
        await client.inject({ method: "GET", url: `/api/tickets?limit=3${cursor ? `&cursor=${cursor}` : ""}` })
      ).json();
      seen.push(...page.data.map((x) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(made.map((x) => x.id).reverse());
    const urgent = (await client.inject({ method: "GET", url: "/api/tickets?priority=urgent" })).json().data;
    expect(urgent).toHaveLength(4);
    const byNumber = (await client.inject({ method: "GET", url: `/api/tickets?q=%23${made[2]!.number}` })).json().data;
    expect(byNumber.map((x: { id: string }) => x.id)).toEqual([made[2]!.id]);
    const bad = await client.inject({ method: "GET", url: "/api/tickets?cursor=garbage" });
    expect(bad.statusCode).toBe(400);
  });
});

describe("categories and canned replies", () => {
  it("are managed by admins; a disabled category stays on old tickets but can't be chosen", async () => {
    const created = await admin.inject({ method: "POST", url: "/api/admin/ticket-categories", payload: { name: "SEO" } });
    expect(created.statusCode).toBe(201);
    const seo = created.json().data.id;
    const ticket = await buildTicket(t, { by: anna, categoryId: seo });
    await admin.inject({ method: "PATCH", url: `/api/admin/ticket-categories/${seo}`, payload: { disabled: true } });
    expect(
      (await clientA.inject({ method: "GET", url: "/api/ticket-categories" })).json().data.map((c: { name: string }) => c.name),
    ).not.toContain("SEO");
    expect((await clientA.inject({ method: "GET", url: `/api/tickets/${ticket.id}` })).json().data.ticket.category.name).toBe("SEO");
    expect(
      (
        await clientA.inject({
          method: "POST",
          url: "/api/tickets",
          payload: { subject: "x", description: "y", priority: "low", categoryId: seo },
        })
      ).statusCode,
    ).toBe(400);
    expect((await agentA.inject({ method: "POST", url: "/api/admin/ticket-categories", payload: { name: "Nope" } })).statusCode).toBe(403);
    const dup = await admin.inject({ method: "POST", url: "/api/admin/ticket-categories", payload: { name: "SEO" } });
    expect(dup.statusCode).toBe(409);

    const canned = await admin.inject({
      method: "POST",
      url: "/api/admin/canned-replies",
      payload: { title: "Thanks", body: "Thanks for reaching out!" },
    });
    expect(canned.statusCode).toBe(201);
    expect(
      (await agentA.inject({ method: "GET", url: "/api/canned-replies" })).json().data.map((c: { title: string }) => c.title),
    ).toContain("Thanks");
    expect((await clientA.inject({ method: "GET", url: "/api/canned-replies" })).statusCode).toBe(403);
    const removed = await admin.inject({ method: "DELETE", url: `/api/admin/canned-replies/${canned.json().data.id}` });
    expect(removed.statusCode).toBe(204);
  });
});

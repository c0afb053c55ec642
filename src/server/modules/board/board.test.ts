import { Value } from "typebox/value";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZBoard, ZBoardCard } from "../../../common/board";
import { newId } from "../../platform/ids";
import { assignAgent, buildAccount, buildTask, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, drainJobs, type TestApp, upload } from "../../test/harness";

/**
 * Website Work Requests through the API, as the client guide tells it: a client logs a request
 * from the template with a file, the agency quotes it, the client accepts, the work moves
 * across the board, the client approves and the card lands in COMPLETED — with the history,
 * the approval record, the time with each side and the emails on the way.
 */
let t: TestApp;
let accountA: { id: string };
let accountB: { id: string };
let clientA: Session;
let clientB: Session;
let agentA: Session;
let agentOther: Session;
let admin: Session;
let anna: Person;
let bob: Person;
let agnes: Person;
let requestTypeId: string;

beforeAll(async () => {
  t = await createTestApp();
  accountA = await buildAccount(t, { name: "Alpha Plumbing" });
  accountB = await buildAccount(t, { name: "Bravo Bakery" });
  anna = await buildUser(t, { accountId: accountA.id, name: "Anna Alpha" });
  clientA = await login(t, anna.username);
  bob = await buildUser(t, { accountId: accountB.id, name: "Bob Bravo" });
  clientB = await login(t, bob.username);
  agnes = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  await assignAgent(t, accountA.id, agnes.id);
  agentA = await login(t, agnes.username);
  agentOther = await login(t, (await buildUser(t, { role: "agent" })).username);
  admin = await login(t, (await buildUser(t, { role: "admin", name: "Ada Admin" })).username);
  requestTypeId = (await clientA.inject({ method: "GET", url: "/api/request-types" })).json().data[0].id;
});
afterAll(() => t.close());

type Card = { id: string; number: number; stage: string; quote: string; commentCount: number; fileCount: number; archived: boolean };

async function ok<T = { data: Card }>(response: { statusCode: number; body: string; json(): unknown }, status = 200): Promise<T> {
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as T;
}

/** A move; the agency's move to CLIENT APPROVAL says what to review unless the test gives its own. */
const move = (session: Session, id: string, payload: Record<string, unknown>) =>
  session.inject({
    method: "POST",
    url: `/api/tasks/${id}/move`,
    payload:
      payload.stage === "client_approval" && !("review" in payload)
        ? { ...payload, review: { note: "Please check the new page." } }
        : payload,
  });

describe("request types and templates", () => {
  it("starts with the guide's eight request types, in its words and order", async () => {
    const types = (await clientA.inject({ method: "GET", url: "/api/request-types" })).json().data.map((r: { name: string }) => r.name);
    expect(types).toEqual([
      "Content Updates",
      "New Content Additions",
      "Design Changes",
      "New Design – Enhancement Features",
      "New Services – Improve SEO, Speed Optimisation, WordPress Hosting, Website Offsite Back/up Services",
      "Logo/Brand Redesign",
      "Ad Word Campaigns",
      "Email Campaigns",
    ]);
  });

  it("lets an admin add, rename, reorder and disable a type; a disabled type is kept but cannot be chosen", async () => {
    const created = await ok<{ data: { id: string } }>(
      await admin.inject({ method: "POST", url: "/api/admin/request-types", payload: { name: "Accessibility Review" } }),
      201,
    );
    const id = created.data.id;
    const clash = await admin.inject({ method: "POST", url: "/api/admin/request-types", payload: { name: "Content Updates" } });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.field).toBe("name");
    await ok(
      await admin.inject({ method: "PATCH", url: `/api/admin/request-types/${id}`, payload: { name: "Accessibility Audit", position: 0 } }),
    );
    const task = await buildTask(t, { by: anna, requestTypeId: id });
    await ok(await admin.inject({ method: "PATCH", url: `/api/admin/request-types/${id}`, payload: { disabled: true } }));
    const enabled = (await clientA.inject({ method: "GET", url: "/api/request-types" })).json().data.map((r: { name: string }) => r.name);
    expect(enabled).not.toContain("Accessibility Audit");
    const all = (await admin.inject({ method: "GET", url: "/api/admin/request-types" })).json().data;
    expect(all.find((r: { id: string }) => r.id === id)).toMatchObject({ name: "Accessibility Audit", disabled: true, position: 0 });
    const refused = await clientA.inject({
      method: "POST",
      url: "/api/tasks",
      payload: { summary: "x", description: "", requestTypeId: id },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.field).toBe("requestTypeId");
    // The task filed under it keeps its type's name.
    const detail = (await clientA.inject({ method: "GET", url: `/api/tasks/${task.id}` })).json();
    expect(detail.data.task.requestType.name).toBe("Accessibility Audit");
    for (const session of [clientA, agentA]) {
      expect((await session.inject({ method: "POST", url: "/api/admin/request-types", payload: { name: "Nope" } })).statusCode).toBe(403);
    }
    const audit = await t.ctx.db.selectFrom("events").select("verb").where("object_id", "=", id).orderBy("id").execute();
    expect(audit.map((e) => e.verb)).toEqual(["request_type.created", "request_type.updated", "request_type.updated"]);
  });

  it("shows the Work Task Template on the board, and admins manage templates", async () => {
    const board = (await clientA.inject({ method: "GET", url: "/api/board" })).json();
    expect(board.data.templates.map((x: { name: string; summary: string }) => [x.name, x.summary])).toEqual([
      ["Work Task Template", "Work Task Template"],
    ]);
    const created = await ok<{ data: { id: string; requestType: { name: string } } }>(
      await admin.inject({
        method: "POST",
        url: "/api/admin/task-templates",
        payload: { name: "Blog post", summary: "New blog post", description: "Title:\n\nText:", requestTypeId },
      }),
      201,
    );
    expect(created.data.requestType.name).toBe("Content Updates");
    expect((await clientA.inject({ method: "GET", url: `/api/task-templates/${created.data.id}` })).statusCode).toBe(200);
    await ok(await admin.inject({ method: "PATCH", url: `/api/admin/task-templates/${created.data.id}`, payload: { disabled: true } }));
    expect((await clientA.inject({ method: "GET", url: `/api/task-templates/${created.data.id}` })).statusCode).toBe(404);
    const names = (await clientA.inject({ method: "GET", url: "/api/board" })).json().data.templates.map((x: { name: string }) => x.name);
    expect(names).toEqual(["Work Task Template"]);
    expect(
      (
        await agentA.inject({
          method: "POST",
          url: "/api/admin/task-templates",
          payload: { name: "x", summary: "x", description: "", requestTypeId: null },
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe("a work request's life", () => {
  it("goes from the template to COMPLETED through quote, work and the client's approval, with every step recorded", async () => {
    const template = (await clientA.inject({ method: "GET", url: "/api/board" })).json().data.templates[0];
    const file = await ok<{ data: { id: string } }>(await upload(clientA, "brief.pdf", "%PDF-1.4 brief"), 201);
    const logged = await clientA.inject({
      method: "POST",
      url: "/api/tasks",
      payload: {
        summary: "Add the Christmas hours banner",
        description: template.description,
        requestTypeId,
        templateId: template.id,
        deadline: "2099-12-01",
        fileIds: [file.data.id],
      },
    });
    const task = (await ok(logged, 201)).data;
    expect(task).toMatchObject({ stage: "requested", quote: "none", fileCount: 1, commentCount: 0 });

    // The agency asks a question and quotes; work cannot commence before the client accepts.
    await ok(await agentA.inject({ method: "POST", url: `/api/tasks/${task.id}/comments`, payload: { body: "Which pages?" } }), 201);
    await ok(await clientA.inject({ method: "POST", url: `/api/tasks/${task.id}/comments`, payload: { body: "Home and contact." } }), 201);
    const quoted = await ok(
      await agentA.inject({
        method: "POST",
        url: `/api/tasks/${task.id}/quotes`,
        payload: { scope: "Banner on two pages.", amountMinor: 12_500, currency: "AUD" },
      }),
      201,
    );
    expect(quoted.data.quote).toBe("pending");
    const early = await move(agentA, task.id, { stage: "in_progress" });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.message).toMatch(/waiting for the client to accept/);
    const quoteId = (await clientA.inject({ method: "GET", url: `/api/tasks/${task.id}` })).json().data.quotes[0].id;
    expect((await agentA.inject({ method: "POST", url: `/api/tasks/${task.id}/quotes/${quoteId}/accept`, payload: {} })).statusCode).toBe(
      403,
    );
    const accepted = await ok(await clientA.inject({ method: "POST", url: `/api/tasks/${task.id}/quotes/${quoteId}/accept`, payload: {} }));
    expect(accepted.data.quote).toBe("accepted");
    const again = await clientA.inject({ method: "POST", url: `/api/tasks/${task.id}/quotes/${quoteId}/decline`, payload: {} });
    expect(again.statusCode).toBe(409);

    await ok(await move(agentA, task.id, { stage: "in_progress" }));
    const noWhy = await move(agentA, task.id, { stage: "on_hold" });
    expect(noWhy.statusCode).toBe(400);
    expect(noWhy.json().error.field).toBe("comment");
    await ok(await move(agentA, task.id, { stage: "on_hold", comment: "Waiting for the banner artwork." }));
    await ok(await move(agentA, task.id, { stage: "in_progress" }));
    await ok(await move(agentA, task.id, { stage: "client_approval" }));
    const agentCompletes = await move(agentA, task.id, { stage: "completed" });
    expect(agentCompletes.statusCode).toBe(403);
    expect(agentCompletes.json().error.message).toMatch(/client's approval/);

    const approved = await ok(
      await clientA.inject({ method: "POST", url: `/api/tasks/${task.id}/approve`, payload: { comment: "Looks great" } }),
    );
    expect(approved.data.stage).toBe("completed");

    const detail = (await clientA.inject({ method: "GET", url: `/api/tasks/${task.id}` })).json();
    expect(detail.data.template).toMatchObject({ name: "Work Task Template" });
    expect(detail.data.files.map((f: { name: string }) => f.name)).toEqual(["brief.pdf"]);
    expect(detail.data.quotes[0]).toMatchObject({
      status: "accepted",
      amountMinor: 12_500,
      currency: "AUD",
      decidedBy: { name: "Anna Alpha" },
    });
    expect(detail.data.quotes[0].decidedAt).toBeTruthy();
    expect(detail.data.approvals).toHaveLength(1);
    expect(detail.data.approvals[0]).toMatchObject({
      decision: "approved",
      actor: { name: "Anna Alpha" },
      comment: "Looks great",
      snapshot: {
        summary: "Add the Christmas hours banner",
        requestType: "Content Updates",
        deadline: "2099-12-01",
        quote: { amountMinor: 12_500, currency: "AUD" },
        files: ["brief.pdf"],
      },
    });
    expect(detail.data.approvals[0].taskVersion).toBeLessThan(detail.data.version);
    const lines = detail.data.timeline.map(
      (i: { type: string; comment?: { body: string }; event?: { verb: string; payload: { to?: string } } }) =>
        i.type === "comment" ? `comment:${i.comment?.body}` : `${i.event?.verb}${i.event?.payload.to ? `:${i.event.payload.to}` : ""}`,
    );
    expect(lines).toEqual([
      "task.created",
      "comment:Which pages?",
      "comment:Home and contact.",
      "task.quoted",
      "task.quote_accepted",
      "task.moved:in_progress",
      "comment:Waiting for the banner artwork.",
      "task.moved:on_hold",
      "task.moved:in_progress",
      "task.moved:client_approval",
      "comment:Looks great",
      "task.approved:completed",
    ]);
    expect(detail.policies).toEqual({
      comment: true,
      note: false,
      edit: false,
      quote: false,
      decideQuote: false,
      approve: false,
      requestChanges: false,
      archive: false,
      unarchive: false,
      assign: false,
      changeScope: false,
    });

    // Ownership drives the clock: periods with the client and with the agency; none after completion.
    const periods = await t.ctx.db
      .selectFrom("task_stage_periods")
      .selectAll()
      .where("task_id", "=", task.id)
      .orderBy("started_at")
      .execute();
    expect(periods.map((p) => `${p.stage}:${p.owner}:${p.ended_at ? "closed" : "open"}`)).toEqual([
      "requested:client:closed",
      "in_progress:agency:closed",
      "on_hold:agency:closed",
      "in_progress:agency:closed",
      "client_approval:client:closed",
      "completed:agency:open",
    ]);
  });

  it("counts the time with the client and with the agency from the stage periods", async () => {
    const task = await buildTask(t, { by: anna });
    await t.ctx.db
      .updateTable("task_stage_periods")
      .set({ started_at: new Date(Date.now() - 3 * 3600_000).toISOString() })
      .where("task_id", "=", task.id)
      .execute();
    const hourAgo = new Date(Date.now() - 3600_000).toISOString();
    await t.ctx.db.updateTable("task_stage_periods").set({ ended_at: hourAgo }).where("task_id", "=", task.id).execute();
    await t.ctx.db
      .insertInto("task_stage_periods")
      .values({
        id: "0190a0a0-0000-7000-8000-00000000a001",
        task_id: task.id,
        account_id: accountA.id,
        stage: "in_progress",
        owner: "agency",
        started_at: hourAgo,
        ended_at: null,
      })
      .execute();
    const { time } = (await agentA.inject({ method: "GET", url: `/api/tasks/${task.id}` })).json().data;
    expect(time.clientSeconds).toBe(2 * 3600);
    expect(time.agencySeconds).toBeGreaterThanOrEqual(3600);
    expect(time.agencySeconds).toBeLessThan(3600 + 60);
  });

  it("lets the client request changes with a comment, which sends the task back to IN PROGRESS", async () => {
    const task = await buildTask(t, { by: anna });
    await ok(await move(agentA, task.id, { stage: "in_progress" }));
    await ok(await move(agentA, task.id, { stage: "client_approval" }));
    const bare = await clientA.inject({ method: "POST", url: `/api/tasks/${task.id}/request-changes`, payload: { comment: "" } });
    expect(bare.statusCode).toBe(400);
    const back = await ok(
      await clientA.inject({ method: "POST", url: `/api/tasks/${task.id}/request-changes`, payload: { comment: "Make the logo bigger." } }),
    );
    expect(back.data.stage).toBe("in_progress");
    const { approvals } = (await agentA.inject({ method: "GET", url: `/api/tasks/${task.id}` })).json().data;
    expect(approvals[0]).toMatchObject({ decision: "changes_requested", comment: "Make the logo bigger.", actor: { name: "Anna Alpha" } });
  });

  it("lets an admin complete a task without the client's approval only with a reason, and records it", async () => {
    const task = await buildTask(t, { by: anna });
    await ok(await move(agentA, task.id, { stage: "in_progress" }));
    await ok(await move(agentA, task.id, { stage: "client_approval" }));
    const noReason = await move(admin, task.id, { stage: "completed" });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.field).toBe("reason");
    await ok(await move(admin, task.id, { stage: "completed", reason: "Client approved by phone on 1 Dec." }));
    const { data } = (await clientA.inject({ method: "GET", url: `/api/tasks/${task.id}` })).json();
    expect(data.task.stage).toBe("completed");
    expect(data.approvals[0]).toMatchObject({
      decision: "override",
      comment: "Client approved by phone on 1 Dec.",
      actor: { name: "Ada Admin" },
    });
  });

  it("refuses a move to a declined quote's task until a new quote is accepted", async () => {
    const task = await buildTask(t, { by: anna });
    await ok(
      await agentA.inject({
        method: "POST",
        url: `/api/tasks/${task.id}/quotes`,
        payload: { scope: "A", amountMinor: 100, currency: "AUD" },
      }),
      201,
    );
    const first = (await clientA.inject({ method: "GET", url: `/api/tasks/${task.id}` })).json().data.quotes[0].id;
    await ok(
      await clientA.inject({ method: "POST", url: `/api/tasks/${task.id}/quotes/${first}/decline`, payload: { comment: "Too much" } }),
    );
    expect((await move(agentA, task.id, { stage: "in_progress" })).json().error.message).toMatch(/declined the quote/);
    await ok(
      await agentA.inject({
        method: "POST",
        url: `/api/tasks/${task.id}/quotes`,
        payload: { scope: "B", amountMinor: 80, currency: "AUD" },
      }),
      201,
    );
    const stale = await clientA.inject({ method: "POST", url: `/api/tasks/${task.id}/quotes/${first}/accept`, payload: {} });
    expect(stale.statusCode).toBe(409);
    const quotes = (await clientA.inject({ method: "GET", url: `/api/tasks/${task.id}` })).json().data.quotes;
    expect(quotes.map((q: { status: string; amountMinor: number }) => `${q.status}:${q.amountMinor}`)).toEqual([
      "pending:80",
      "superseded:100",
    ]);
    await ok(
      await clientA.inject({ method: "POST", url: `/api/tasks/${quotes[0] ? task.id : ""}/quotes/${quotes[0].id}/accept`, payload: {} }),
    );
    await ok(await move(agentA, task.id, { stage: "in_progress" }));
  });
});

describe("bad input", () => {
  it("names the field at fault and writes nothing", async () => {
    const count = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom("tasks")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ summary: "" }, "summary"],
      [{ summary: "   " }, "summary"],
      [{ requestTypeId: "0190a0a0-0000-7000-8000-000000000000" }, "requestTypeId"],
      [{ deadline: "2026-02-30" }, "deadline"],
      [{ deadline: "1 Dec" }, "deadline"],
      [{ deadline: "2001-01-01" }, "deadline"],
      [{ templateId: "0190a0a0-0000-7000-8000-000000000000" }, "templateId"],
      [{ fileIds: ["0190a0a0-0000-7000-8000-000000000000"] }, "fileIds"],
    ];
    for (const [override, field] of cases) {
      const response = await clientA.inject({
        method: "POST",
        url: "/api/tasks",
        payload: { summary: "S", description: "D", requestTypeId, ...override },
      });
      expect(response.statusCode, `${field}: ${response.body}`).toBe(400);
      expect(response.json().error.field).toBe(field);
    }
    const staffWithoutClient = await agentA.inject({
      method: "POST",
      url: "/api/tasks",
      payload: { summary: "S", description: "", requestTypeId },
    });
    expect(staffWithoutClient.json().error.field).toBe("accountId");
    const notTheirClient = await agentOther.inject({
      method: "POST",
      url: "/api/tasks",
      payload: { summary: "S", description: "", requestTypeId, accountId: accountA.id },
    });
    expect(notTheirClient.statusCode).toBe(400);
    const task = await buildTask(t, { by: anna });
    const quote = await agentA.inject({
      method: "POST",
      url: `/api/tasks/${task.id}/quotes`,
      payload: { scope: "x", amountMinor: -5, currency: "aud" },
    });
    expect(quote.statusCode).toBe(400);
    const wrongAfter = await move(agentA, task.id, { stage: "requested", afterId: "0190a0a0-0000-7000-8000-000000000000" });
    expect(wrongAfter.statusCode).toBe(400);
    expect(wrongAfter.json().error.field).toBe("afterId");
    expect(await count()).toBe(before + 1);
  });

  it("lets a client edit a request only while it is in REQUESTED WORK", async () => {
    const task = await buildTask(t, { by: anna });
    const edited = await ok(
      await clientA.inject({
        method: "PATCH",
        url: `/api/tasks/${task.id}`,
        payload: { summary: "Update the winter hours", deadline: null },
      }),
    );
    expect(edited.data).toMatchObject({ stage: "requested" });
    await ok(await move(agentA, task.id, { stage: "in_progress" }));
    const late = await clientA.inject({ method: "PATCH", url: `/api/tasks/${task.id}`, payload: { summary: "Something else" } });
    expect(late.statusCode).toBe(403);
    await ok(await agentA.inject({ method: "PATCH", url: `/api/tasks/${task.id}`, payload: { summary: "Winter hours, all pages" } }));
    const updates = (await clientA.inject({ method: "GET", url: `/api/tasks/${task.id}` }))
      .json()
      .data.timeline.filter((i: { event?: { verb: string } }) => i.event?.verb === "task.updated");
    expect(
      updates.map((u: { event: { payload: { changes: { summary: { to: string } } } } }) => u.event.payload.changes.summary.to),
    ).toEqual(["Update the winter hours", "Winter hours, all pages"]);
  });
});

describe("the board", () => {
  it("shows each column in the saved order, a client only their own account, and a card moved within a column stays put", async () => {
    const account = await buildAccount(t, { name: "Order Co" });
    const client = await buildUser(t, { accountId: account.id });
    const contact = await login(t, client.username);
    const [a, b, c] = [
      await buildTask(t, { by: client, summary: "A" }),
      await buildTask(t, { by: client, summary: "B" }),
      await buildTask(t, { by: client, summary: "C" }),
    ];
    const order = async (session: Session, query = "") =>
      ((await session.inject({ method: "GET", url: `/api/board${query}` })).json().data.columns[0].tasks as { summary: string }[]).map(
        (x) => x.summary,
      );
    expect(await order(contact)).toEqual(["C", "B", "A"]); // newest request on top
    await ok(await move(contact, a.id, { stage: "requested", afterId: null }));
    await ok(await move(contact, c.id, { stage: "requested", afterId: b.id }));
    expect(await order(contact)).toEqual(["A", "B", "C"]);
    expect(await order(admin, `?accountId=${account.id}`)).toEqual(["A", "B", "C"]);
    const board = (await contact.inject({ method: "GET", url: "/api/board" })).json().data;
    expect(board.columns.map((col: { stage: string }) => col.stage)).toEqual([
      "requested",
      "in_progress",
      "on_hold",
      "client_approval",
      "completed",
    ]);
    expect(board.columns[0].total).toBe(3);
    // A reorder is not a notification and not a history line, but it is an event boards follow.
    const reorder = await t.ctx.db
      .selectFrom("events")
      .select("id")
      .where("object_id", "=", c.id)
      .where("verb", "=", "task.reordered")
      .execute();
    expect(reorder).toHaveLength(1);
    expect(await t.ctx.db.selectFrom("notifications").select("id").where("event_id", "=", reorder[0]!.id).execute()).toHaveLength(0);
  });

  it("gives the agency a board per client account and a combined one across the accounts they work", async () => {
    await buildTask(t, { by: anna, summary: "Alpha work" });
    await buildTask(t, { by: bob, summary: "Bravo work" });
    const accounts = async (session: Session, query = "") => {
      const board = (await session.inject({ method: "GET", url: `/api/board${query}` })).json().data as {
        columns: { tasks: { accountId: string }[] }[];
        accounts: { id: string; name: string }[];
      };
      const names = new Map(board.accounts.map((a) => [a.id, a.name]));
      return new Set(board.columns.flatMap((col) => col.tasks.map((x) => names.get(x.accountId))));
    };
    expect(await accounts(clientA)).toEqual(new Set(["Alpha Plumbing"]));
    expect(await accounts(clientB)).toEqual(new Set(["Bravo Bakery"]));
    expect(await accounts(agentA)).toEqual(new Set(["Alpha Plumbing"]));
    expect(await accounts(agentOther)).toEqual(new Set());
    expect(await accounts(admin)).toEqual(new Set(["Alpha Plumbing", "Bravo Bakery", "Order Co"]));
    expect(await accounts(admin, `?accountId=${accountB.id}`)).toEqual(new Set(["Bravo Bakery"]));
    expect((await agentA.inject({ method: "GET", url: `/api/board?accountId=${accountB.id}` })).statusCode).toBe(404);
    // A client cannot widen their board by naming another account.
    expect(await accounts(clientA, `?accountId=${accountB.id}`)).toEqual(new Set(["Alpha Plumbing"]));
  });
});

describe("card order", () => {
  it("renumbers a column when two neighbours are too close to split, keeping the order", async () => {
    const account = await buildAccount(t, { name: "Crowded Co" });
    const client = await buildUser(t, { accountId: account.id });
    const contact = await login(t, client.username);
    const [a, b, c] = [
      await buildTask(t, { by: client, summary: "A" }),
      await buildTask(t, { by: client, summary: "B" }),
      await buildTask(t, { by: client, summary: "C" }),
    ];
    // After many moves to one spot, A and B sit a hair apart.
    await t.ctx.db.updateTable("tasks").set({ position: 5000 }).where("id", "=", a.id).execute();
    await t.ctx.db.updateTable("tasks").set({ position: 5000.0000001 }).where("id", "=", b.id).execute();
    await t.ctx.db.updateTable("tasks").set({ position: 9000 }).where("id", "=", c.id).execute();
    await ok(await move(contact, c.id, { stage: "requested", afterId: a.id }));
    const rows = await t.ctx.db
      .selectFrom("tasks")
      .select(["summary", "position"])
      .where("account_id", "=", account.id)
      .orderBy("position")
      .execute();
    expect(rows.map((r) => r.summary)).toEqual(["A", "C", "B"]);
    expect(rows.map((r) => Number(r.position))).toEqual([1024, 2048, 3072]);
  });

  it("places a card dropped after another client's card on the combined board among its own account's cards", async () => {
    const one = await buildAccount(t, { name: "One Co" });
    const two = await buildAccount(t, { name: "Two Co" });
    const c1 = await buildUser(t, { accountId: one.id });
    const c2 = await buildUser(t, { accountId: two.id });
    const [x, y] = [await buildTask(t, { by: c1, summary: "X" }), await buildTask(t, { by: c1, summary: "Y" })];
    const other = await buildTask(t, { by: c2, summary: "Other" });
    await t.ctx.db.updateTable("tasks").set({ position: 100 }).where("id", "=", y.id).execute();
    await t.ctx.db.updateTable("tasks").set({ position: 200 }).where("id", "=", other.id).execute();
    await t.ctx.db.updateTable("tasks").set({ position: 300 }).where("id", "=", x.id).execute();
    // The admin drops Y after "Other" (another account's card at 200): Y lands after its own cards up to 200.
    await ok(await move(admin, y.id, { stage: "requested", afterId: other.id }));
    const order = await t.ctx.db
      .selectFrom("tasks")
      .select(["summary", "position"])
      .where("account_id", "=", one.id)
      .orderBy("position")
      .execute();
    expect(order.map((r) => r.summary)).toEqual(["Y", "X"]);
    expect(Number(order[0]!.position)).toBeLessThan(300);
    // An agent who cannot see that other account cannot place after its card.
    const refused = await move(agentA, (await buildTask(t, { by: anna })).id, { stage: "requested", afterId: other.id });
    expect(refused.statusCode).toBe(400);
  });
});

describe("the board's answer", () => {
  it("matches its published schema, card by card, and names each request type and client once", async () => {
    await buildTask(t, { by: anna, summary: "Schema check", deadline: "2099-01-31" });
    const response = await clientA.inject({ method: "GET", url: "/api/board" });
    expect(response.headers["content-type"]).toBe("application/json; charset=utf-8");
    const body = response.json();
    expect(Value.Check(ZBoard, body), JSON.stringify([...Value.Errors(ZBoard, body)].slice(0, 3))).toBe(true);
    const cards = (body.data.columns as { tasks: Record<string, unknown>[] }[]).flatMap((col) => col.tasks);
    expect(cards.length).toBeGreaterThan(0);
    // Every required field, and nothing the schema does not name (assigneeId and review appear only when set).
    const required = new Set(ZBoardCard.required ?? []);
    for (const card of cards) {
      for (const key of required) expect(card, key).toHaveProperty(key);
      for (const key of Object.keys(card)) expect(Object.keys(ZBoardCard.properties)).toContain(key);
    }
    expect(body.data.accounts).toEqual([{ id: accountA.id, name: "Alpha Plumbing" }]);
    expect(body.data.requestTypes.map((t: { name: string }) => t.name)).toContain("Content Updates");
  });
});

describe("waiting for the client", () => {
  it("lists a client's tasks in CLIENT APPROVAL or with a quote to accept, and nobody else's", async () => {
    const account = await buildAccount(t, { name: "Waiting Co" });
    const client = await buildUser(t, { accountId: account.id });
    const contact = await login(t, client.username);
    const [toApprove, quoted] = [
      await buildTask(t, { by: client, summary: "To approve" }),
      await buildTask(t, { by: client, summary: "Quoted" }),
      await buildTask(t, { by: client, summary: "Plain" }),
    ];
    await t.ctx.db.updateTable("tasks").set({ stage: "client_approval" }).where("id", "=", toApprove.id).execute();
    await t.ctx.db.updateTable("tasks").set({ quote_state: "pending" }).where("id", "=", quoted.id).execute();
    const waiting = (await contact.inject({ method: "GET", url: "/api/tasks/waiting" })).json().data as {
      task: { summary: string };
      waitingFor: string;
    }[];
    expect(waiting.map((x) => `${x.task.summary}: ${x.waitingFor}`).sort()).toEqual(["Quoted: quote", "To approve: approval"]);
    const others = (await clientB.inject({ method: "GET", url: "/api/tasks/waiting" })).json().data as { task: { summary: string } }[];
    expect(others.map((x) => x.task.summary)).not.toContain("To approve");
    expect((await agentOther.inject({ method: "GET", url: "/api/tasks/waiting" })).json().data).toEqual([]);
  });
});

describe("a very full column", () => {
  it("is cut at the column limit and says how many cards it holds in all", async () => {
    const account = await buildAccount(t, { name: "Busy Co" });
    const creator = await buildUser(t, { accountId: account.id });
    const now = new Date().toISOString();
    const rows = Array.from({ length: 501 }, (_, i) => ({
      id: newId(),
      number: 900_000 + i,
      account_id: account.id,
      summary: `Busy ${i}`,
      description: "",
      request_type_id: requestTypeId,
      template_id: null,
      stage: "requested" as const,
      position: i,
      deadline: null,
      created_by: creator.id,
      created_at: now,
      updated_at: now,
      stage_entered_at: now,
      completed_at: null,
      archived_at: null,
      unarchived_at: null,
    }));
    for (let i = 0; i < rows.length; i += 100)
      await t.ctx.db
        .insertInto("tasks")
        .values(rows.slice(i, i + 100))
        .execute();
    const board = (await admin.inject({ method: "GET", url: `/api/board?accountId=${account.id}` })).json().data;
    expect(board.columnLimit).toBe(500);
    expect(board.columns[0].tasks).toHaveLength(500);
    expect(board.columns[0].total).toBe(501);
    expect(board.columns[0].tasks[499].summary).toBe("Busy 499");
    expect(board.columns[1]).toMatchObject({ tasks: [], total: 0 });
  });
});

describe("notifications", () => {
  it("tells the agency of a new request and the client of a move, in the portal and by a threaded email", async () => {
    await drainJobs(t);
    await t.ctx.db.deleteFrom("mailbox").execute();
    const task = await buildTask(t, { by: anna, summary: "New staff photos" });
    await drainJobs(t);
    const toAgnes = await t.ctx.db.selectFrom("mailbox").selectAll().where("to_address", "=", agnes.email).execute();
    expect(toAgnes.map((m) => m.subject)).toEqual([`New work request WEB-${task.number}: New staff photos`]);
    expect(toAgnes[0]!.text_body).toContain(`http://portal.test/work-requests/${task.id}`);
    const headers = JSON.parse(toAgnes[0]!.headers) as Record<string, string>;
    expect(headers["In-Reply-To"]).toBe(`<task-${task.id}@portal.test>`);
    expect(headers["Reply-To"]).toMatch(/^reply\+task\./);
    expect(await t.ctx.db.selectFrom("mailbox").select("id").where("to_address", "=", anna.email).execute()).toHaveLength(0);

    await ok(await move(agentA, task.id, { stage: "in_progress" }));
    await ok(await move(agentA, task.id, { stage: "client_approval" }));
    await drainJobs(t);
    const toAnna = await t.ctx.db.selectFrom("mailbox").selectAll().where("to_address", "=", anna.email).orderBy("id").execute();
    expect(toAnna.map((m) => m.subject)).toEqual([
      `WEB-${task.number} moved to IN PROGRESS: New staff photos`,
      `Approval needed: WEB-${task.number} New staff photos`,
    ]);
    expect(toAnna[1]!.text_body).toContain("from IN PROGRESS to CLIENT APPROVAL");
    expect(toAnna[1]!.text_body).toContain("approve it, or request changes");
    const bell = (await clientA.inject({ method: "GET", url: "/api/notifications" })).json();
    expect(bell.data[0]).toMatchObject({
      title: `WEB-${task.number} moved to CLIENT APPROVAL: New staff photos`,
      url: `/work-requests/${task.id}`,
    });
  });
});

describe("moves at the same moment", () => {
  it("gives every card its own place when many are moved to the top of one column at once", async () => {
    const account = await buildAccount(t);
    const tasks = [];
    for (let i = 0; i < 8; i++) tasks.push(await buildTask(t, { accountId: account.id, summary: `Crowded ${i}` }));
    const answers = await Promise.all(tasks.map((task) => move(admin, task.id, { stage: "requested", afterId: null })));
    for (const answer of answers) expect(answer.statusCode, answer.body).toBe(200);
    const positions = await t.ctx.db.selectFrom("tasks").select("position").where("account_id", "=", account.id).execute();
    // Two moves reading the same first card used to land on the same position (PostgreSQL).
    expect(new Set(positions.map((p) => Number(p.position))).size).toBe(tasks.length);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignAgent, buildAccount, buildTask, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, drainJobs, type TestApp } from "../../test/harness";

/**
 * A work request's assignee (who at the agency handles it) and the combined board's filters:
 * assignee, request type, due date and text, combined with AND — and, whatever the filter, a
 * client never sees another client's cards.
 */
let t: TestApp;
let accountA: { id: string };
let accountB: { id: string };
let anna: Person;
let bob: Person;
let agnes: Person;
let otto: Person;
let ada: Person;
let clientA: Session;
let clientB: Session;
let agentA: Session;
let agentB: Session;
let admin: Session;
let typeContent: string;
let typeDesign: string;

/** A calendar day `days` from today (UTC), as the server counts them. */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await createTestApp();
  accountA = await buildAccount(t, { name: "Alpha Plumbing" });
  accountB = await buildAccount(t, { name: "Bravo Bakery" });
  anna = await buildUser(t, { accountId: accountA.id, name: "Anna Alpha" });
  bob = await buildUser(t, { accountId: accountB.id, name: "Bob Bravo" });
  agnes = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  otto = await buildUser(t, { role: "agent", name: "Otto Other" });
  ada = await buildUser(t, { role: "admin", name: "Ada Admin" });
  await assignAgent(t, accountA.id, agnes.id);
  await assignAgent(t, accountB.id, otto.id);
  clientA = await login(t, anna.username);
  clientB = await login(t, bob.username);
  agentA = await login(t, agnes.username);
  agentB = await login(t, otto.username);
  admin = await login(t, ada.username);
  const types = (await clientA.inject({ method: "GET", url: "/api/request-types" })).json().data as { id: string; name: string }[];
  typeContent = types.find((x) => x.name === "Content Updates")!.id;
  typeDesign = types.find((x) => x.name === "Design Changes")!.id;
});
afterAll(() => t.close());

const patch = (session: Session, id: string, payload: Record<string, unknown>) =>
  session.inject({ method: "PATCH", url: `/api/tasks/${id}`, payload });

const assigneeOf = async (id: string) =>
  (await t.ctx.db.selectFrom("tasks").select("assignee_id").where("id", "=", id).executeTakeFirstOrThrow()).assignee_id;

const countTasks = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom("tasks")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("a task's assignee", () => {
  it("is set by staff on create and edit, recorded as task.assigned, and shown to the client by name", async () => {
    const created = await agentA.inject({
      method: "POST",
      url: "/api/tasks",
      payload: {
        summary: "Refresh the menu page",
        description: "",
        requestTypeId: typeContent,
        accountId: accountA.id,
        assigneeId: agnes.id,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const task = created.json().data as { id: string; number: number };
    expect(created.json().data.assignee).toEqual({ id: agnes.id, name: "Agnes Agent" });

    const toAda = await patch(agentA, task.id, { assigneeId: ada.id });
    expect(toAda.statusCode, toAda.body).toBe(200);
    expect(toAda.json().data.assignee).toEqual({ id: ada.id, name: "Ada Admin" });

    const events = await t.ctx.db
      .selectFrom("events")
      .select(["verb", "payload"])
      .where("object_id", "=", task.id)
      .where("verb", "=", "task.assigned")
      .orderBy("id")
      .execute();
    expect(events.map((e) => JSON.parse(e.payload))).toMatchObject([
      { assigneeId: agnes.id, assigneeName: "Agnes Agent", previousAssigneeId: null, internal: false },
      { assigneeId: ada.id, assigneeName: "Ada Admin", previousAssigneeId: agnes.id, internal: false },
    ]);

    // The new assignee hears of it; the client reads who handles it and the history line, but may not change it.
    await drainJobs(t);
    const bell = (await admin.inject({ method: "GET", url: "/api/notifications" })).json().data as { title: string; url: string }[];
    expect(bell[0]).toMatchObject({
      title: `WEB-${task.number} is assigned to you: Refresh the menu page`,
      url: `/work-requests/${task.id}`,
    });
    const asClient = (await clientA.inject({ method: "GET", url: `/api/tasks/${task.id}` })).json();
    expect(asClient.data.task.assignee).toEqual({ id: ada.id, name: "Ada Admin" });
    expect(asClient.policies.assign).toBe(false);
    expect(asClient.data.timeline.filter((i: { event?: { verb: string } }) => i.event?.verb === "task.assigned")).toHaveLength(2);
    expect((await agentA.inject({ method: "GET", url: `/api/tasks/${task.id}` })).json().policies.assign).toBe(true);

    const cleared = await patch(admin, task.id, { assigneeId: null });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().data.assignee).toBeNull();
  });

  it("refuses a client's choice with 403 and anyone but an admin or the account's agent with 400, writing nothing", async () => {
    const task = await buildTask(t, { by: anna, summary: "Fix the contact form" });
    const before = await countTasks();
    const clientCreate = await clientA.inject({
      method: "POST",
      url: "/api/tasks",
      payload: { summary: "Mine please", description: "", requestTypeId: typeContent, assigneeId: agnes.id },
    });
    expect(clientCreate.statusCode).toBe(403);
    expect(await countTasks()).toBe(before);

    // The client may edit their request in REQUESTED WORK, but not choose who handles it.
    const clientEdit = await patch(clientA, task.id, { summary: "Fix the contact form now", assigneeId: agnes.id });
    expect(clientEdit.statusCode).toBe(403);
    expect(clientEdit.json().error.code).toBe("staff_only");

    for (const wrong of [otto.id, anna.id, bob.id, "0190a0a0-0000-7000-8000-000000000000"]) {
      const refused = await patch(agentA, task.id, { assigneeId: wrong });
      expect(refused.statusCode, wrong).toBe(400);
      expect(refused.json().error.field).toBe("assigneeId");
    }
    const staffCreate = await agentA.inject({
      method: "POST",
      url: "/api/tasks",
      payload: { summary: "Wrong person", description: "", requestTypeId: typeContent, accountId: accountA.id, assigneeId: otto.id },
    });
    expect(staffCreate.statusCode).toBe(400);
    expect(staffCreate.json().error.field).toBe("assigneeId");
    expect(await countTasks()).toBe(before);
    expect(await assigneeOf(task.id)).toBeNull();
    const summary = (await t.ctx.db.selectFrom("tasks").select("summary").where("id", "=", task.id).executeTakeFirstOrThrow()).summary;
    expect(summary).toBe("Fix the contact form");
  });

  it("lists whom a client's task may be assigned to, for staff only and only for accounts they work", async () => {
    const names = async (session: Session, query = "") => {
      const res = await session.inject({ method: "GET", url: `/api/board/assignees${query}` });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().data as { name: string }[]).map((p) => p.name);
    };
    expect(await names(agentA, `?accountId=${accountA.id}`)).toEqual(["Ada Admin", "Agnes Agent"]);
    expect(await names(admin, `?accountId=${accountB.id}`)).toEqual(["Ada Admin", "Otto Other"]);
    expect((await agentA.inject({ method: "GET", url: `/api/board/assignees?accountId=${accountB.id}` })).statusCode).toBe(404);
    for (const client of [clientA, clientB]) {
      expect((await client.inject({ method: "GET", url: "/api/board/assignees" })).statusCode).toBe(403);
      expect((await client.inject({ method: "GET", url: `/api/board/assignees?accountId=${accountA.id}` })).statusCode).toBe(403);
    }
  });
});

describe("the board's filters", () => {
  type Board = { columns: { stage: string; total: number; tasks: { number: number; accountId: string; assigneeId: string | null }[] }[] };
  const tasks: Record<string, { id: string; number: number }> = {};

  beforeAll(async () => {
    const make = async (
      key: string,
      by: Person,
      input: { summary: string; requestTypeId: string; deadline?: string },
      assignee?: Person,
    ) => {
      const task = await buildTask(t, { by, ...input });
      tasks[key] = task;
      if (assignee) expect((await patch(admin, task.id, { assigneeId: assignee.id })).statusCode).toBe(200);
    };
    await make("alphaMine", anna, { summary: "Homepage banner swap", requestTypeId: typeContent, deadline: day(3) }, agnes);
    await make("alphaAda", anna, { summary: "Logo colours", requestTypeId: typeDesign, deadline: day(-1) }, ada);
    await make("alphaNobody", anna, { summary: "Footer links", requestTypeId: typeContent });
    await make("alphaLater", anna, { summary: "Banner for winter", requestTypeId: typeDesign, deadline: day(30) });
    await make("bravoOtto", bob, { summary: "Homepage banner bakery", requestTypeId: typeContent, deadline: day(-1) }, otto);
    await make("bravoNobody", bob, { summary: "Cake gallery", requestTypeId: typeDesign });
    // Completed work is never due: a past deadline on a completed card is not overdue.
    await make("alphaDone", anna, { summary: "Old banner retired", requestTypeId: typeContent, deadline: day(-1) });
    await t.ctx.db.updateTable("tasks").set({ stage: "completed" }).where("id", "=", tasks.alphaDone!.id).execute();
  });

  const board = async (session: Session, query: string): Promise<Board> => {
    const res = await session.inject({ method: "GET", url: `/api/board?${query}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().data as Board;
  };
  /** The filter's cards by their test names, among the tasks this describe block made. */
  const found = async (session: Session, query: string) => {
    const numbers = new Set((await board(session, query)).columns.flatMap((c) => c.tasks.map((x) => x.number)));
    return Object.entries(tasks)
      .filter(([, task]) => numbers.has(task.number))
      .map(([key]) => key)
      .sort();
  };

  it("filters by assignee: a person, me, or nobody", async () => {
    expect(await found(admin, `assignee=${agnes.id}`)).toEqual(["alphaMine"]);
    expect(await found(agentA, "assignee=me")).toEqual(["alphaMine"]);
    expect(await found(admin, "assignee=me")).toEqual(["alphaAda"]);
    expect(await found(admin, "assignee=none")).toEqual(["alphaDone", "alphaLater", "alphaNobody", "bravoNobody"]);
    expect(await found(agentA, "assignee=none")).toEqual(["alphaDone", "alphaLater", "alphaNobody"]);
    // The card names its assignee once, in `assignees`.
    const res = (await admin.inject({ method: "GET", url: `/api/board?assignee=${otto.id}` })).json().data;
    expect(res.assignees).toEqual([{ id: otto.id, name: "Otto Other" }]);
  });

  it("filters by request type and by due date", async () => {
    expect(await found(admin, `requestType=${typeDesign}`)).toEqual(["alphaAda", "alphaLater", "bravoNobody"]);
    expect(await found(admin, "due=overdue")).toEqual(["alphaAda", "bravoOtto"]);
    expect(await found(admin, "due=week")).toEqual(["alphaMine"]);
    expect(await found(admin, "due=none")).toEqual(["alphaNobody", "bravoNobody"]);
  });

  it("finds a card by words in its summary, any case, or by its number with or without the prefix", async () => {
    expect(await found(admin, "q=BANNER")).toEqual(["alphaDone", "alphaLater", "alphaMine", "bravoOtto"]);
    const n = tasks.alphaNobody!.number;
    for (const q of [`${n}`, `%23${n}`, `WEB-${n}`, `web-${n}`]) expect(await found(admin, `q=${q}`), q).toEqual(["alphaNobody"]);
    expect(await found(admin, "q=50%25_off")).toEqual([]);
  });

  it("combines every filter with AND, and counts each column within the filter", async () => {
    expect(await found(admin, `q=banner&requestType=${typeContent}`)).toEqual(["alphaDone", "alphaMine", "bravoOtto"]);
    expect(await found(admin, `q=banner&requestType=${typeContent}&due=overdue`)).toEqual(["bravoOtto"]);
    expect(await found(admin, `q=banner&due=overdue&assignee=${agnes.id}`)).toEqual([]);
    expect(await found(admin, `accountId=${accountA.id}&q=banner`)).toEqual(["alphaDone", "alphaLater", "alphaMine"]);
    const columns = (await board(admin, `q=banner&accountId=${accountA.id}`)).columns;
    expect(Object.fromEntries(columns.map((c) => [c.stage, c.total]))).toEqual({
      requested: 2,
      in_progress: 0,
      on_hold: 0,
      client_approval: 0,
      completed: 1,
    });
  });

  it("never shows a client or an agent another account's cards, whatever the filter", async () => {
    const bravoNumber = tasks.bravoOtto!.number;
    expect(await found(clientA, `q=${bravoNumber}`)).toEqual([]);
    expect(await found(clientA, `q=WEB-${bravoNumber}`)).toEqual([]);
    expect(await found(clientA, "q=homepage")).toEqual(["alphaMine"]);
    expect(await found(clientA, `requestType=${typeDesign}`)).toEqual(["alphaAda", "alphaLater"]);
    expect(await found(clientA, "due=overdue")).toEqual(["alphaAda"]);
    expect(await found(clientA, `accountId=${accountB.id}&due=overdue`)).toEqual(["alphaAda"]);
    expect(await found(clientB, "q=banner")).toEqual(["bravoOtto"]);
    expect(await found(agentB, "q=banner")).toEqual(["bravoOtto"]);
    expect(await found(agentA, `q=${bravoNumber}`)).toEqual([]);
    for (const session of [clientA, clientB, agentA, agentB, admin]) {
      const cards = (await board(session, "q=a")).columns.flatMap((c) => c.tasks);
      const own =
        session === clientA || session === agentA ? [accountA.id] : session === admin ? [accountA.id, accountB.id] : [accountB.id];
      expect(cards.every((card) => own.includes(card.accountId))).toBe(true);
    }
    // The assignee filter is the agency's: a client is refused, and sees nothing of it.
    const refused = await clientA.inject({ method: "GET", url: "/api/board?assignee=none" });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.field).toBe("assignee");
    // Staff only see who has cards on the boards they may see.
    const people = (await agentA.inject({ method: "GET", url: "/api/board/assignees" })).json().data.map((p: { name: string }) => p.name);
    expect(people).not.toContain("Otto Other");
  });

  it("answers a bad value with 400 naming the parameter", async () => {
    for (const [query, field] of [
      ["assignee=somebody", "assignee"],
      [`assignee=${anna.id}`, "assignee"],
      ["assignee=0190a0a0-0000-7000-8000-000000000000", "assignee"],
      ["requestType=design", "requestType"],
      ["requestType=0190a0a0-0000-7000-8000-000000000000", "requestType"],
      ["due=soon", "due"],
    ] as const) {
      const res = await admin.inject({ method: "GET", url: `/api/board?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.field, query).toBe(field);
    }
    const long = await admin.inject({ method: "GET", url: `/api/board?q=${"x".repeat(201)}` });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.field).toContain("q");
  });
});

describe("the archive's search", () => {
  it("finds an archived task by its reference as the screen shows it, inside the viewer's scope", async () => {
    const alpha = await buildTask(t, { by: anna, summary: "Archived brochure" });
    const bravo = await buildTask(t, { by: bob, summary: "Archived flyer" });
    await t.ctx.db
      .updateTable("tasks")
      .set({ stage: "completed", archived_at: new Date().toISOString() })
      .where("id", "in", [alpha.id, bravo.id])
      .execute();
    const numbers = async (session: Session, q: string) =>
      (
        (await session.inject({ method: "GET", url: `/api/tasks/archive?q=${encodeURIComponent(q)}` })).json().data as { number: number }[]
      ).map((task) => task.number);
    expect(await numbers(clientA, `WEB-${alpha.number}`)).toEqual([alpha.number]);
    expect(await numbers(clientA, `#${alpha.number}`)).toEqual([alpha.number]);
    expect(await numbers(clientA, `WEB-${bravo.number}`)).toEqual([]);
    expect(await numbers(admin, `web-${bravo.number}`)).toEqual([bravo.number]);
  });
});

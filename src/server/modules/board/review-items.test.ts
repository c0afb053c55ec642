import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { assignAgent, buildAccount, buildTask, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, type TestApp, upload } from "../../test/harness";

/**
 * A work-request task in CLIENT APPROVAL can point at the draft or deliverable to review: the
 * agency's move says which one (one of the task's account's drafts for review or deliverables),
 * the round keeps it, and the client sees "Review the draft: …" / "Deliverable: …" on the card and
 * the task — never before the move, and never another account's. The board reads every card's
 * in the same queries, however many cards there are.
 */
let t: TestApp;
let alpha: { id: string };
let anna: Person;
let client: Session;
let agent: Session;
let admin: Session;
let otherClient: Session;
let bravo: { id: string };

beforeAll(async () => {
  t = await createTestApp();
  alpha = await buildAccount(t, { name: "Alpha Plumbing" });
  anna = await buildUser(t, { accountId: alpha.id, name: "Anna Alpha" });
  client = await login(t, anna.username);
  const agnes = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  await assignAgent(t, alpha.id, agnes.id);
  agent = await login(t, agnes.username);
  admin = await login(t, (await buildUser(t, { role: "admin", name: "Ada Admin" })).username);
  bravo = await buildAccount(t, { name: "Bravo Bakery" });
  otherClient = await login(t, (await buildUser(t, { accountId: bravo.id })).username);
});
afterAll(() => t.close());

type Response = { statusCode: number; body: string; json(): unknown };
// biome-ignore lint/suspicious/noExplicitAny: test reads of JSON answers
async function ok(response: Response, status = 200): Promise<any> {
  expect(response.statusCode, response.body).toBe(status);
  return response.json();
}
const post = (session: Session, url: string, payload: object = {}) => session.inject({ method: "POST", url, payload });
const move = (session: Session, id: string, payload: object) => post(session, `/api/tasks/${id}/move`, payload);
// biome-ignore lint/suspicious/noExplicitAny: test reads of JSON answers
const detail = async (session: Session, id: string): Promise<any> =>
  await ok(await session.inject({ method: "GET", url: `/api/tasks/${id}` }));
// biome-ignore lint/suspicious/noExplicitAny: test reads of JSON answers
const allCards = async (session: Session): Promise<any[]> =>
  (await ok(await session.inject({ method: "GET", url: "/api/board" }))).data.columns.flatMap(
    (column: { tasks: unknown[] }) => column.tasks,
  );
// biome-ignore lint/suspicious/noExplicitAny: test reads of JSON answers
const boardCard = async (session: Session, id: string): Promise<any> => (await allCards(session)).find((card) => card.id === id);
const reviewRows = (taskId: string) =>
  t.ctx.db.selectFrom("task_reviews").select(["draft_id", "deliverable_id"]).where("task_id", "=", taskId).execute();
const taskState = (id: string) => t.ctx.db.selectFrom("tasks").select(["stage", "version"]).where("id", "=", id).executeTakeFirstOrThrow();

/** A draft for review (or a work update) posted by the agency on an account's feed. */
async function postUpdate(session: Session, accountId: string, title: string, kind: "draft" | "update" = "draft"): Promise<string> {
  const body = await ok(await post(session, `/api/accounts/${accountId}/updates`, { kind, title, body: `About ${title}.` }), 201);
  return body.data.update.id as string;
}

/** A final deliverable of an account, from a work update marking its file. */
async function postDeliverable(session: Session, accountId: string, name: string): Promise<string> {
  const file = (await ok(await upload(session, `${name}.pdf`, `%PDF ${name}`), 201)).data;
  const body = await ok(
    await post(session, `/api/accounts/${accountId}/updates`, {
      kind: "update",
      title: `Delivered: ${name}`,
      body: "Final files attached.",
      fileIds: [file.id],
      deliverables: [{ fileId: file.id, name }],
    }),
    201,
  );
  return body.data.versions[0].deliverables[0].deliverableId as string;
}

/** A task of Alpha in IN PROGRESS. */
async function inProgress(summary: string) {
  const task = await buildTask(t, { by: anna, summary });
  await ok(await move(agent, task.id, { stage: "in_progress" }));
  return task;
}

describe("pointing a review at a draft or deliverable", () => {
  it("stores the draft on the round and shows it to the client on the card and the task — only once it is moved", async () => {
    const draftId = await postUpdate(agent, alpha.id, "Homepage copy, version for review");
    const task = await inProgress("New homepage copy");

    // Before the move the client sees no review at all.
    const before = await detail(client, task.id);
    expect(before.data.review).toBeNull();
    expect(before.data.reviews).toEqual([]);
    expect((await boardCard(client, task.id)).review).toBeUndefined();

    const moved = await move(agent, task.id, {
      stage: "client_approval",
      review: { note: "Read the new homepage copy.", item: { type: "draft", id: draftId } },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await reviewRows(task.id)).toEqual([{ draft_id: draftId, deliverable_id: null }]);

    const item = { type: "draft", id: draftId, title: "Homepage copy, version for review" };
    const opened = await detail(client, task.id);
    expect(opened.data.review).toMatchObject({ round: 1, note: "Read the new homepage copy.", item });
    expect(opened.data.reviews[0].item).toEqual(item);
    expect((await boardCard(client, task.id)).review).toEqual({ note: "Read the new homepage copy.", link: null, files: [], item });
    // Staff see the same on their board and on the task.
    expect((await boardCard(agent, task.id)).review.item).toEqual(item);
    expect((await detail(agent, task.id)).data.review.item).toEqual(item);
    // The client can open the draft it points at.
    expect((await client.inject({ method: "GET", url: `/api/updates/${draftId}` })).statusCode).toBe(200);

    // Once the client answers, the card no longer asks; the round keeps what it pointed at.
    await ok(await post(client, `/api/tasks/${task.id}/approve`, {}));
    const done = (await detail(client, task.id)).data;
    expect(done.review).toBeNull();
    expect(done.reviews[0].item).toEqual(item);
  });

  it("points at a deliverable of the account, and a round without one shows none", async () => {
    const deliverableId = await postDeliverable(agent, alpha.id, "Brand guide");
    const task = await inProgress("Brand guide PDF");
    await ok(
      await move(agent, task.id, {
        stage: "client_approval",
        review: { note: "Check the brand guide.", item: { type: "deliverable", id: deliverableId } },
      }),
    );
    expect(await reviewRows(task.id)).toEqual([{ draft_id: null, deliverable_id: deliverableId }]);
    const item = { type: "deliverable", id: deliverableId, title: "Brand guide" };
    expect((await detail(client, task.id)).data.review.item).toEqual(item);
    expect((await boardCard(client, task.id)).review.item).toEqual(item);

    const plain = await inProgress("Nothing to point at");
    await ok(await move(agent, plain.id, { stage: "client_approval", review: { note: "Look at the site.", item: null } }));
    expect((await detail(client, plain.id)).data.review.item).toBeUndefined();
    expect((await boardCard(client, plain.id)).review).toEqual({ note: "Look at the site.", link: null, files: [] });
  });

  it("refuses another account's draft or deliverable (or a work update, or nothing) naming review.item, and writes nothing", async () => {
    const task = await inProgress("Guarded review");
    const before = await taskState(task.id);
    const bravoDraft = await postUpdate(admin, bravo.id, "Bravo secret draft");
    const bravoDeliverable = await postDeliverable(admin, bravo.id, "Bravo secret logo");
    const alphaUpdate = await postUpdate(agent, alpha.id, "Just a work update", "update");
    const cases: [string, object, Session][] = [
      ["another account's draft (an admin sees both)", { type: "draft", id: bravoDraft }, admin],
      ["another account's draft (the agent does not see it)", { type: "draft", id: bravoDraft }, agent],
      ["another account's deliverable", { type: "deliverable", id: bravoDeliverable }, admin],
      ["a work update, not a draft", { type: "draft", id: alphaUpdate }, agent],
      ["a draft id given as a deliverable", { type: "deliverable", id: bravoDraft }, admin],
      ["an id that is nothing", { type: "draft", id: "0190a0a0-0000-7000-8000-000000000000" }, agent],
    ];
    for (const [what, item, session] of cases) {
      const response = await move(session, task.id, { stage: "client_approval", review: { note: "Look", item } });
      expect(response.statusCode, what).toBe(400);
      expect((response.json() as { error: { field: string } }).error.field, what).toBe("review.item");
      expect(response.body, what).not.toContain("Bravo secret");
    }
    // A malformed choice is refused by the schema, still a 400.
    const malformed = await move(agent, task.id, {
      stage: "client_approval",
      review: { note: "Look", item: { type: "ticket", id: bravoDraft } },
    });
    expect(malformed.statusCode).toBe(400);

    expect(await taskState(task.id)).toEqual(before);
    expect(await reviewRows(task.id)).toEqual([]);
    // The client still sees no review, and never another account's draft.
    expect((await detail(client, task.id)).data.review).toBeNull();
    expect(JSON.stringify(await allCards(client))).not.toContain("Bravo secret");
    expect(JSON.stringify(await allCards(otherClient))).not.toContain("Guarded review");
  });

  it("reads the board with its cards and their drafts in the same number of queries, however many cards point at one", async () => {
    const account = await buildAccount(t, { name: "Charlie Cafe" });
    const carla = await buildUser(t, { accountId: account.id, name: "Carla Charlie" });
    const carlaSession = await login(t, carla.username);
    const inApproval = async (n: number) => {
      const task = await buildTask(t, { by: carla, summary: `Charlie task ${n}` });
      await ok(await move(admin, task.id, { stage: "in_progress" }));
      const item =
        n % 2 === 0
          ? { type: "draft", id: await postUpdate(admin, account.id, `Charlie draft ${n}`) }
          : { type: "deliverable", id: await postDeliverable(admin, account.id, `Charlie deliverable ${n}`) };
      await ok(await move(admin, task.id, { stage: "client_approval", review: { note: `Review ${n}`, item } }));
      return task.id;
    };
    const queriesForBoard = async () => {
      const spy = vi.spyOn(t.ctx.db, "selectFrom");
      try {
        const cards = await allCards(carlaSession);
        // The board's own reads: the session's lookup may be cached after the first request.
        return { cards, queries: spy.mock.calls.filter(([table]) => table !== "sessions").length };
      } finally {
        spy.mockRestore();
      }
    };

    await inApproval(0);
    const few = await queriesForBoard();
    for (let n = 1; n <= 12; n++) await inApproval(n);
    const many = await queriesForBoard();
    expect(few.queries).toBeGreaterThan(0);
    expect(many.queries).toBe(few.queries);

    const approval = many.cards.filter((card) => card.stage === "client_approval");
    expect(approval).toHaveLength(13);
    const titles = Object.fromEntries(approval.map((card) => [card.review.note, `${card.review.item.type}:${card.review.item.title}`]));
    expect(titles["Review 0"]).toBe("draft:Charlie draft 0");
    expect(titles["Review 7"]).toBe("deliverable:Charlie deliverable 7");
    expect(titles["Review 12"]).toBe("draft:Charlie draft 12");
  });
});

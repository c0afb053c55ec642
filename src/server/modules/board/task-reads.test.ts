import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { assignAgent, buildAccount, buildTask, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, type TestApp } from "../../test/harness";

/**
 * A task page read again while nothing on it changed is answered from the rows kept in memory
 * (modules/board/task-reads.ts): the access check and the board's version, none of the page's
 * own reads.
 * Any change shows at once, to everyone; a client never gets staff's notes or another account's
 * task from what was kept.
 */
let t: TestApp;
let anna: Person;
let client: Session;
let agent: Session;
let otherClient: Session;

beforeAll(async () => {
  t = await createTestApp();
  const alpha = await buildAccount(t, { name: "Alpha Plumbing" });
  anna = await buildUser(t, { accountId: alpha.id, name: "Anna Alpha" });
  client = await login(t, anna.username);
  const agnes = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  await assignAgent(t, alpha.id, agnes.id);
  agent = await login(t, agnes.username);
  const bravo = await buildAccount(t, { name: "Bravo Bakery" });
  otherClient = await login(t, (await buildUser(t, { accountId: bravo.id })).username);
});
afterAll(() => t.close());

interface Detail {
  data: { task: { stage: string }; timeline: Array<{ type: string; comment?: { body: string; kind: string } }> };
}
/** The tables of the page's own reads (the task row's lookup and the version aside). */
const PAGE_TABLES = ["comments", "events", "task_quotes", "task_approvals", "task_stage_periods", "files", "task_reviews"];

async function read(session: Session, id: string): Promise<{ detail: Detail; pageTables: string[] }> {
  const spy = vi.spyOn(t.ctx.db, "selectFrom");
  try {
    const response = await session.inject({ method: "GET", url: `/api/tasks/${id}` });
    expect(response.statusCode, response.body).toBe(200);
    const tables = spy.mock.calls.map(([table]) => String(table));
    return { detail: response.json() as Detail, pageTables: tables.filter((table) => PAGE_TABLES.includes(table)) };
  } finally {
    spy.mockRestore();
  }
}
const comments = (detail: Detail) => detail.data.timeline.flatMap((item) => (item.comment ? [item.comment.body] : []));
const comment = async (session: Session, id: string, body: string, kind: "reply" | "note" = "reply") => {
  const response = await session.inject({ method: "POST", url: `/api/tasks/${id}/comments`, payload: { body, kind, fileIds: [] } });
  expect(response.statusCode, response.body).toBe(201);
};

describe("a task page read again", () => {
  it("costs the access check and the version while nothing changed, and shows every change at once", async () => {
    const task = await buildTask(t, { by: anna, summary: "Kept task" });
    const first = await read(client, task.id);
    const again = await read(client, task.id);
    expect(first.pageTables).toEqual(expect.arrayContaining(PAGE_TABLES));
    expect(again.pageTables).toEqual([]);
    expect(again.detail).toEqual(first.detail);

    await comment(agent, task.id, "We are on it.");
    const afterComment = await read(client, task.id);
    expect(afterComment.pageTables).toEqual(expect.arrayContaining(PAGE_TABLES));
    expect(comments(afterComment.detail)).toContain("We are on it.");

    const moved = await agent.inject({ method: "POST", url: `/api/tasks/${task.id}/move`, payload: { stage: "in_progress" } });
    expect(moved.statusCode, moved.body).toBe(200);
    const afterMove = await read(client, task.id);
    expect(afterMove.detail.data.task.stage).toBe("in_progress");
    expect(afterMove.detail.data.timeline.some((item) => item.type === "event")).toBe(true);
  });

  it("keeps staff's internal notes from a client, whoever read the task first", async () => {
    const task = await buildTask(t, { by: anna, summary: "Task with a note" });
    await comment(agent, task.id, "Internal: quote high.", "note");
    // Staff read first, then the client: each gets what they may see, twice.
    for (let round = 0; round < 2; round++) {
      expect(comments((await read(agent, task.id)).detail)).toContain("Internal: quote high.");
      expect(comments((await read(client, task.id)).detail)).not.toContain("Internal: quote high.");
    }
  });

  it("answers 404 to another account's client even while the task is kept", async () => {
    const task = await buildTask(t, { by: anna, summary: "Alpha's own" });
    await read(client, task.id);
    await read(client, task.id);
    const response = await otherClient.inject({ method: "GET", url: `/api/tasks/${task.id}` });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain("Alpha's own");
  });
});

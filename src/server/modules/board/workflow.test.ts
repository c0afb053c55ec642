import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STAGES, type TStage } from "../../../common/board";
import { JobWorker, periodicJobId } from "../../platform/jobs";
import { assignAgent, buildAccount, buildTask, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, type TestApp } from "../../test/harness";
import { archiveJob } from "./workflow";

/**
 * The workflow rules, enforced by the server: the whole transition matrix for every role, the
 * authorization matrix on every task endpoint, and the archive job with a controllable clock.
 */
let t: TestApp;
let accountA: { id: string };
let client: Person;
let s: Record<"client" | "agent" | "admin" | "otherClient" | "otherAgent", Session>;
let requestTypeId: string;

beforeAll(async () => {
  t = await createTestApp();
  accountA = await buildAccount(t, { name: "Alpha Plumbing" });
  const accountB = await buildAccount(t, { name: "Bravo Bakery" });
  const agent = await buildUser(t, { role: "agent" });
  await assignAgent(t, accountA.id, agent.id);
  const otherAgent = await buildUser(t, { role: "agent" });
  await assignAgent(t, accountB.id, otherAgent.id);
  client = await buildUser(t, { accountId: accountA.id });
  s = {
    client: await login(t, client.username),
    agent: await login(t, agent.username),
    admin: await login(t, (await buildUser(t, { role: "admin" })).username),
    otherClient: await login(t, (await buildUser(t, { accountId: accountB.id })).username),
    otherAgent: await login(t, otherAgent.username),
  };
  requestTypeId = (await s.client.inject({ method: "GET", url: "/api/request-types" })).json().data[0].id;
});
afterAll(() => t.close());

/** Puts a task straight into a stage (the matrix tests one move at a time, from every stage). */
async function inStage(stage: TStage): Promise<string> {
  const { id } = await buildTask(t, { by: client, summary: `From ${stage}` });
  await t.ctx.db
    .updateTable("tasks")
    .set({ stage, completed_at: stage === "completed" ? new Date().toISOString() : null })
    .where("id", "=", id)
    .execute();
  return id;
}

const snapshot = async (id: string) => {
  const task = await t.ctx.db
    .selectFrom("tasks")
    .select(["stage", "version", "position", "updated_at"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  const events = await t.ctx.db.selectFrom("events").select("id").where("object_id", "=", id).execute();
  const comments = await t.ctx.db
    .selectFrom("comments")
    .select("id")
    .where("object_type", "=", "task")
    .where("object_id", "=", id)
    .execute();
  return { ...task, events: events.length, comments: comments.length };
};

/*
 * Expected answers, written out from the guide's workflow table (not computed from the rules
 * under test): [client, agent, admin] for every from → to. 200 moves (or reorders), 403 is not
 * this role's move, 409 is not allowed from this stage. Moves that need a comment or a reason
 * are sent with one.
 */
const r = (client: number, agent: number, admin: number) => ({ client, agent, admin });
const MATRIX: Record<TStage, Record<TStage, ReturnType<typeof r>>> = {
  requested: {
    requested: r(200, 200, 200),
    in_progress: r(403, 200, 200),
    on_hold: r(403, 409, 409),
    client_approval: r(403, 409, 409),
    completed: r(403, 403, 409),
  },
  in_progress: {
    requested: r(403, 409, 409),
    in_progress: r(403, 200, 200),
    on_hold: r(403, 200, 200),
    client_approval: r(403, 200, 200),
    completed: r(403, 403, 200),
  },
  on_hold: {
    requested: r(403, 409, 409),
    in_progress: r(403, 200, 200),
    on_hold: r(403, 200, 200),
    client_approval: r(403, 200, 200),
    completed: r(403, 403, 200),
  },
  client_approval: {
    requested: r(403, 409, 409),
    in_progress: r(200, 200, 200),
    on_hold: r(403, 409, 409),
    client_approval: r(403, 200, 200),
    completed: r(200, 403, 200),
  },
  completed: {
    requested: r(409, 409, 409),
    in_progress: r(409, 409, 409),
    on_hold: r(409, 409, 409),
    client_approval: r(409, 409, 409),
    completed: r(403, 200, 200),
  },
};

describe("the transition matrix", () => {
  for (const from of STAGES) {
    it(`from ${from}: every target, as client, agent, admin and another account's people`, async () => {
      for (const to of STAGES) {
        for (const role of ["client", "agent", "admin"] as const) {
          const id = await inStage(from);
          const before = await snapshot(id);
          const response = await s[role].inject({
            method: "POST",
            url: `/api/tasks/${id}/move`,
            payload: { stage: to, comment: "Because of the artwork.", reason: "Approved by phone.", review: { note: "The new page." } },
          });
          const expected = MATRIX[from][to][role];
          expect(response.statusCode, `${role} ${from} → ${to}: ${response.body}`).toBe(expected);
          const after = await snapshot(id);
          if (expected === 200) {
            expect(after.stage).toBe(to);
            expect(after.events).toBe(before.events + 1);
          } else {
            // Refused: nothing changed, nothing recorded, and the reason is in words.
            expect(after).toEqual(before);
            expect(response.json().error.message.length).toBeGreaterThan(20);
          }
        }
        for (const role of ["otherClient", "otherAgent"] as const) {
          const id = await inStage(from);
          const response = await s[role].inject({
            method: "POST",
            url: `/api/tasks/${id}/move`,
            payload: { stage: to, comment: "x", reason: "x" },
          });
          expect(response.statusCode, `${role} ${from} → ${to}`).toBe(404);
          expect(response.body).not.toContain("From ");
        }
      }
    });
  }

  it("refuses every move of an archived task", async () => {
    const id = await inStage("completed");
    await t.ctx.db.updateTable("tasks").set({ archived_at: new Date().toISOString() }).where("id", "=", id).execute();
    const response = await s.admin.inject({ method: "POST", url: `/api/tasks/${id}/move`, payload: { stage: "completed" } });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.message).toMatch(/archived/);
  });
});

describe("authorization", () => {
  it("answers 404 to another account's client and to an agent not assigned, on every task endpoint", async () => {
    const { id } = await buildTask(t, { by: client, summary: "Secret Alpha work" });
    await s.agent.inject({ method: "POST", url: `/api/tasks/${id}/quotes`, payload: { scope: "x", amountMinor: 1, currency: "AUD" } });
    const quoteId = (await s.client.inject({ method: "GET", url: `/api/tasks/${id}` })).json().data.quotes[0].id;
    const endpoints: [string, string, unknown?][] = [
      ["GET", `/api/tasks/${id}`],
      ["PATCH", `/api/tasks/${id}`, { summary: "Mine now" }],
      ["POST", `/api/tasks/${id}/move`, { stage: "in_progress" }],
      ["POST", `/api/tasks/${id}/comments`, { body: "hi" }],
      ["POST", `/api/tasks/${id}/quotes`, { scope: "x", amountMinor: 1, currency: "AUD" }],
      ["POST", `/api/tasks/${id}/quotes/${quoteId}/accept`, {}],
      ["POST", `/api/tasks/${id}/quotes/${quoteId}/decline`, {}],
      ["POST", `/api/tasks/${id}/approve`, {}],
      ["POST", `/api/tasks/${id}/request-changes`, { comment: "x" }],
      ["POST", `/api/tasks/${id}/archive`],
      ["POST", `/api/tasks/${id}/unarchive`],
    ];
    for (const session of [s.otherClient, s.otherAgent]) {
      for (const [method, url, payload] of endpoints) {
        const response = await session.inject({ method: method as "GET", url, payload: payload as object });
        expect(response.statusCode, `${method} ${url}`).toBe(404);
        expect(response.body).not.toContain("Secret Alpha");
      }
      const archive = (await session.inject({ method: "GET", url: "/api/tasks/archive?q=Secret" })).json();
      expect(archive.data).toEqual([]);
    }
    const unchanged = (await s.client.inject({ method: "GET", url: `/api/tasks/${id}` })).json().data;
    expect(unchanged.task).toMatchObject({ summary: "Secret Alpha work", stage: "requested", commentCount: 0 });
    expect(unchanged.quotes[0].status).toBe("pending");
  });

  it("asks for a session", async () => {
    for (const [method, url] of [
      ["GET", "/api/board"],
      ["GET", "/api/request-types"],
      ["POST", "/api/tasks"],
    ] as const) {
      const payload = method === "POST" ? { summary: "S", description: "", requestTypeId } : undefined;
      expect((await t.app.inject({ method, url, payload })).statusCode).toBe(401);
    }
  });
});

describe("the archive", () => {
  const day = 86_400_000;

  async function completedDaysAgo(days: number, summary: string): Promise<string> {
    const id = await inStage("completed");
    await t.ctx.db
      .updateTable("tasks")
      .set({ summary, completed_at: new Date(Date.now() - days * day).toISOString() })
      .where("id", "=", id)
      .execute();
    return id;
  }
  const onBoard = async (id: string) =>
    ((await s.client.inject({ method: "GET", url: "/api/board" })).json().data.columns as { tasks: { id: string }[] }[]).some((col) =>
      col.tasks.some((x) => x.id === id),
    );
  /** Runs the archive job through the real job queue, with its clock set `days` ahead. */
  async function runArchiveJob(daysAhead: number) {
    t.ctx.jobs.registerRecurring(
      archiveJob(t.ctx, () => new Date(Date.now() + daysAhead * day)),
      60 * 60_000,
    );
    // The recurring run of this hour may already be done: queue a fresh one the way a new period would.
    await t.ctx.db.deleteFrom("jobs").where("kind", "=", "board.archive_completed").execute();
    await t.ctx.jobs.enqueueRecurring(Date.now() + daysAhead * day);
    await t.ctx.jobs.runDue();
  }

  it("takes completed tasks off the board after the admin's number of days, by a background job", async () => {
    const old = await completedDaysAgo(31, "Old banner");
    const recent = await completedDaysAgo(10, "Recent banner");
    await runArchiveJob(0);
    expect(await onBoard(old)).toBe(false);
    expect(await onBoard(recent)).toBe(true);
    const event = await t.ctx.db
      .selectFrom("events")
      .selectAll()
      .where("object_id", "=", old)
      .where("verb", "=", "task.archived")
      .execute();
    expect(event).toHaveLength(1);
    expect(JSON.parse(event[0]!.payload)).toMatchObject({ automatic: true });
    expect(event[0]!.actor_id).toBeNull();

    // Running again archives nothing twice; moving the clock on archives the recent one.
    await runArchiveJob(0);
    expect(
      await t.ctx.db.selectFrom("events").select("id").where("object_id", "=", old).where("verb", "=", "task.archived").execute(),
    ).toHaveLength(1);
    await runArchiveJob(21);
    expect(await onBoard(recent)).toBe(false);

    // An admin shortens the wait.
    const fresh = await completedDaysAgo(3, "Fresh banner");
    await s.admin.inject({ method: "PATCH", url: "/api/admin/settings", payload: { archiveCompletedAfterDays: 2 } });
    await runArchiveJob(0);
    expect(await onBoard(fresh)).toBe(false);
    await s.admin.inject({ method: "PATCH", url: "/api/admin/settings", payload: { archiveCompletedAfterDays: 30 } });
  });

  it("lists archived tasks with search, and brings one back to COMPLETED until its days are up again", async () => {
    const id = await completedDaysAgo(40, "Archived gallery page");
    await runArchiveJob(0);
    const found = (await s.client.inject({ method: "GET", url: "/api/tasks/archive?q=gallery" })).json();
    expect(found.data.map((x: { id: string; archived: boolean }) => [x.id, x.archived])).toEqual([[id, true]]);
    expect((await s.client.inject({ method: "GET", url: "/api/tasks/archive?q=nothing-like-this" })).json().data).toEqual([]);
    expect((await s.client.inject({ method: "POST", url: `/api/tasks/${id}/unarchive` })).statusCode).toBe(403);
    const back = await s.agent.inject({ method: "POST", url: `/api/tasks/${id}/unarchive` });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().data).toMatchObject({ stage: "completed", archived: false });
    await runArchiveJob(0);
    expect(await onBoard(id)).toBe(true);
    await runArchiveJob(31);
    expect(await onBoard(id)).toBe(false);
  });

  it("pages the archive with a cursor", async () => {
    for (let i = 0; i < 3; i++) await completedDaysAgo(60, `Paged archive ${i}`);
    await runArchiveJob(0);
    const first = (await s.agent.inject({ method: "GET", url: "/api/tasks/archive?q=Paged&limit=2" })).json();
    expect(first.data).toHaveLength(2);
    const second = (await s.agent.inject({ method: "GET", url: `/api/tasks/archive?q=Paged&limit=2&cursor=${first.nextCursor}` })).json();
    expect(second.data).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.data, ...second.data].map((x: { id: string }) => x.id)).size).toBe(3);
    expect((await s.agent.inject({ method: "GET", url: "/api/tasks/archive?cursor=nonsense" })).statusCode).toBe(400);
  });

  it("queues one run per period however many workers ask", async () => {
    const period = Date.UTC(2030, 0, 1, 5);
    const id = periodicJobId("board.archive_completed", period);
    // Two instances' workers, each with the job registered, in the same hour.
    const other = new JobWorker(t.ctx.db, t.dialect, pino({ level: "silent" }));
    other.registerRecurring(archiveJob(t.ctx), 60 * 60_000);
    await t.ctx.jobs.enqueueRecurring(period + 1000);
    await other.enqueueRecurring(period + 2000);
    const rows = await t.ctx.db.selectFrom("jobs").select(["id", "run_at"]).where("id", "=", id).execute();
    expect(rows).toEqual([{ id, run_at: new Date(period).toISOString() }]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignAgent, buildAccount, buildTask, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, type TestApp, upload } from "../../test/harness";

/**
 * Clients approve something they can see, and quotes have lines: the agency's move to CLIENT
 * APPROVAL says what to review (shown on the card and the task, kept per round with the
 * decision that answered it); a quote's total is the server's sum of its lines; accepting it
 * locks the task's scope until a new quote is sent. Another client sees none of it.
 */
let t: TestApp;
let anna: Person;
let client: Session;
let agent: Session;
let otherClient: Session;

beforeAll(async () => {
  t = await createTestApp();
  const account = await buildAccount(t, { name: "Alpha Plumbing" });
  anna = await buildUser(t, { accountId: account.id, name: "Anna Alpha" });
  client = await login(t, anna.username);
  const agnes = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  await assignAgent(t, account.id, agnes.id);
  agent = await login(t, agnes.username);
  const bravo = await buildAccount(t, { name: "Bravo Bakery" });
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
async function boardCard(session: Session, id: string): Promise<any> {
  const board = await ok(await session.inject({ method: "GET", url: "/api/board" }));
  return board.data.columns.flatMap((column: { tasks: { id: string }[] }) => column.tasks).find((card: { id: string }) => card.id === id);
}
const taskState = (id: string) =>
  t.ctx.db.selectFrom("tasks").select(["stage", "version", "file_count"]).where("id", "=", id).executeTakeFirstOrThrow();

/** A task in IN PROGRESS (quoted and accepted first, as the guide has it). */
async function inProgress(summary: string) {
  const task = await buildTask(t, { by: anna, summary });
  await ok(await move(agent, task.id, { stage: "in_progress" }));
  return task;
}

describe("what the client is asked to review", () => {
  it("refuses a move to CLIENT APPROVAL that does not say what to review, naming the field, and changes nothing", async () => {
    const task = await inProgress("Needs a review note");
    const before = await taskState(task.id);
    const cases: [object, string][] = [
      [{ stage: "client_approval" }, "review"],
      [{ stage: "client_approval", review: { note: "   " } }, "review.note"],
      [{ stage: "client_approval", review: { note: "Look", link: "javascript:alert(1)" } }, "review.link"],
      [{ stage: "client_approval", review: { note: "Look", link: "not a link" } }, "review.link"],
      [{ stage: "client_approval", review: { note: "x".repeat(2001) } }, "review.note"],
    ];
    for (const [payload, field] of cases) {
      const response = await move(agent, task.id, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect((response.json() as { error: { field: string } }).error.field).toBe(field);
    }
    // Someone else's upload cannot be attached: refused, and nothing half-written.
    const annasFile = (await ok(await upload(client, "mine.pdf", "mine"), 201)).data;
    const refused = await move(agent, task.id, { stage: "client_approval", review: { note: "Look", fileIds: [annasFile.id] } });
    expect(refused.statusCode).toBe(400);
    expect((refused.json() as { error: { field: string } }).error.field).toBe("fileIds");
    expect(await taskState(task.id)).toEqual(before);
    expect(await t.ctx.db.selectFrom("task_reviews").select("id").where("task_id", "=", task.id).execute()).toEqual([]);
  });

  it("shows the client what to review at the top of the card and on the task, and keeps each round with its answer", async () => {
    const task = await inProgress("Christmas banner");
    const file = (await ok(await upload(agent, "banner-preview.png", "png", "image/png"), 201)).data;
    await ok(
      await move(agent, task.id, {
        stage: "client_approval",
        review: { note: "Check the banner on the home page.", link: "https://staging.example.com/", fileIds: [file.id] },
      }),
    );

    const card = await boardCard(client, task.id);
    expect(card.review).toMatchObject({ note: "Check the banner on the home page.", link: "https://staging.example.com/" });
    expect(card.review.files.map((f: { name: string }) => f.name)).toEqual(["banner-preview.png"]);
    expect(card.fileCount).toBe(1);
    const opened = await detail(client, task.id);
    expect(opened.data.review).toMatchObject({ round: 1, note: "Check the banner on the home page.", askedBy: { name: "Agnes Agent" } });
    // The client may open the file they are asked to review.
    expect((await client.inject({ method: "GET", url: card.review.files[0].url })).statusCode).toBe(200);

    // Round 1: changes requested; round 2: approved. Each decision names the round it answered.
    await ok(await post(client, `/api/tasks/${task.id}/request-changes`, { comment: "Make it red." }));
    expect((await detail(client, task.id)).data.review).toBeNull();
    expect((await boardCard(client, task.id)).review).toBeUndefined();
    await ok(await move(agent, task.id, { stage: "client_approval", review: { note: "Now in red." } }));
    expect((await boardCard(client, task.id)).review).toEqual({ note: "Now in red.", link: null, files: [] });
    await ok(await post(client, `/api/tasks/${task.id}/approve`, { comment: "Perfect." }));

    const done = (await detail(client, task.id)).data;
    expect(done.review).toBeNull();
    expect(done.reviews.map((r: { round: number; note: string }) => `${r.round}:${r.note}`)).toEqual([
      "2:Now in red.",
      "1:Check the banner on the home page.",
    ]);
    const [round2, round1] = done.reviews;
    expect(round1.files.map((f: { name: string }) => f.name)).toEqual(["banner-preview.png"]);
    const answers = Object.fromEntries(
      done.approvals.map((a: { reviewId: string; decision: string; comment: string; actor: { name: string } }) => [
        a.reviewId,
        `${a.decision}:${a.actor.name}:${a.comment}`,
      ]),
    );
    expect(answers).toEqual({
      [round1.id]: "changes_requested:Anna Alpha:Make it red.",
      [round2.id]: "approved:Anna Alpha:Perfect.",
    });
  });

  it("lets another client see none of it: the task, its review, its file, its move", async () => {
    const task = await inProgress("Secret Alpha banner");
    const file = (await ok(await upload(agent, "secret-preview.pdf", "pdf"), 201)).data;
    await ok(await move(agent, task.id, { stage: "client_approval", review: { note: "Secret Alpha note", fileIds: [file.id] } }));
    expect((await otherClient.inject({ method: "GET", url: `/api/tasks/${task.id}` })).statusCode).toBe(404);
    expect((await otherClient.inject({ method: "GET", url: `/api/files/${file.id}/download` })).statusCode).toBe(404);
    const board = await otherClient.inject({ method: "GET", url: "/api/board" });
    expect(board.body).not.toContain("Secret Alpha");
    for (const [url, payload] of [
      [`/api/tasks/${task.id}/move`, { stage: "client_approval", review: { note: "Mine" } }],
      [`/api/tasks/${task.id}/approve`, {}],
      [`/api/tasks/${task.id}/request-changes`, { comment: "No" }],
    ] as const) {
      const response = await post(otherClient, url, payload);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain("Secret Alpha");
    }
  });
});

describe("quotes with lines", () => {
  it("computes the total from the lines on the server, and refuses bad lines naming the field", async () => {
    const task = await buildTask(t, { by: anna, summary: "Quoted in lines" });
    const url = `/api/tasks/${task.id}/quotes`;
    const bad: [object, string][] = [
      [{ scope: "S", currency: "AUD" }, "lines"],
      [{ scope: "S", currency: "AUD", lines: [] }, "lines"],
      [{ scope: "S", currency: "AUD", lines: [{ description: "A", quantity: 1.005, unitPriceMinor: 100 }] }, "lines.0.quantity"],
      [{ scope: "S", currency: "AUD", lines: [{ description: "A", quantity: 0, unitPriceMinor: 100 }] }, "lines.0.quantity"],
      [{ scope: "S", currency: "AUD", lines: [{ description: "  ", quantity: 1, unitPriceMinor: 100 }] }, "lines.0.description"],
      [{ scope: "S", currency: "AUD", lines: [{ description: "A", quantity: 1, unitPriceMinor: -1 }] }, "lines.0.unitPriceMinor"],
      [
        { scope: "S", currency: "AUD", lines: Array.from({ length: 51 }, () => ({ description: "A", quantity: 1, unitPriceMinor: 1 })) },
        "lines",
      ],
      [{ scope: "S", currency: "AUD", amountMinor: 1, lines: [{ description: "A", quantity: 1, unitPriceMinor: 1 }] }, "amountMinor"],
    ];
    for (const [payload, field] of bad) {
      const response = await post(agent, url, payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 120)).toBe(400);
      expect((response.json() as { error: { field: string } }).error.field).toBe(field);
    }
    expect((await detail(agent, task.id)).data.quotes).toEqual([]);

    await ok(
      await post(agent, url, {
        scope: "Design and build the banner.",
        currency: "AUD",
        lines: [
          { description: "Design", quantity: 1.5, unitPriceMinor: 10_000 },
          { description: "Build", quantity: 3, unitPriceMinor: 33_333 },
          { description: "Half a cent", quantity: 0.5, unitPriceMinor: 1 },
        ],
      }),
      201,
    );
    const [quote] = (await detail(client, task.id)).data.quotes;
    expect(quote.lines).toEqual([
      { description: "Design", quantity: 1.5, unitPriceMinor: 10_000, amountMinor: 15_000 },
      { description: "Build", quantity: 3, unitPriceMinor: 33_333, amountMinor: 99_999 },
      { description: "Half a cent", quantity: 0.5, unitPriceMinor: 1, amountMinor: 1 },
    ]);
    expect(quote.amountMinor).toBe(115_000);
    expect(quote.acceptedAt).toBeNull();

    // The older single amount still works: one line.
    await ok(await post(agent, url, { scope: "Just the banner.\nNothing else.", amountMinor: 12_500, currency: "AUD" }), 201);
    const [single] = (await detail(client, task.id)).data.quotes;
    expect(single.lines).toEqual([{ description: "Just the banner.", quantity: 1, unitPriceMinor: 12_500, amountMinor: 12_500 }]);
  });

  it("answers 403 to a client sending a quote and 404 to another client for every quote endpoint", async () => {
    const task = await buildTask(t, { by: anna, summary: "Secret Alpha quote" });
    const line = { description: "Design", quantity: 1, unitPriceMinor: 100 };
    expect((await post(client, `/api/tasks/${task.id}/quotes`, { scope: "S", currency: "AUD", lines: [line] })).statusCode).toBe(403);
    await ok(await post(agent, `/api/tasks/${task.id}/quotes`, { scope: "Secret Alpha scope", currency: "AUD", lines: [line] }), 201);
    const quoteId = (await detail(client, task.id)).data.quotes[0].id;
    for (const [url, payload] of [
      [`/api/tasks/${task.id}/quotes`, { scope: "S", currency: "AUD", lines: [line] }],
      [`/api/tasks/${task.id}/quotes/${quoteId}/accept`, {}],
      [`/api/tasks/${task.id}/quotes/${quoteId}/decline`, {}],
    ] as const) {
      const response = await post(otherClient, url, payload);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain("Secret Alpha");
    }
    const patch = await otherClient.inject({ method: "PATCH", url: `/api/tasks/${task.id}`, payload: { summary: "Mine" } });
    expect(patch.statusCode).toBe(404);
    expect((await detail(client, task.id)).data.quotes[0].status).toBe("pending");
  });
});

describe("accepting a quote locks the scope", () => {
  it("records who accepted and when, refuses scope changes with 409 scope_locked, and a new quote unlocks them", async () => {
    const task = await buildTask(t, { by: anna, summary: "Locked scope" });
    const line = { description: "Design", quantity: 2, unitPriceMinor: 62_500 };
    await ok(await post(agent, `/api/tasks/${task.id}/quotes`, { scope: "Banner.", currency: "AUD", lines: [line] }), 201);
    expect((await detail(client, task.id)).policies.changeScope).toBe(true);
    const quoteId = (await detail(client, task.id)).data.quotes[0].id;
    await ok(await post(client, `/api/tasks/${task.id}/quotes/${quoteId}/accept`, {}));

    const accepted = await detail(agent, task.id);
    expect(accepted.data.quotes[0]).toMatchObject({ status: "accepted", amountMinor: 125_000, decidedBy: { name: "Anna Alpha" } });
    expect(accepted.data.quotes[0].acceptedAt).toBe(accepted.data.quotes[0].decidedAt);
    expect(Date.parse(accepted.data.quotes[0].acceptedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(accepted.policies.changeScope).toBe(false);
    expect((await detail(client, task.id)).policies.changeScope).toBe(false);

    const version = (await taskState(task.id)).version;
    for (const [session, payload] of [
      [agent, { summary: "A bigger banner" }],
      [agent, { description: "And a popup." }],
      [client, { summary: "Also a popup" }],
    ] as const) {
      const refused = await session.inject({ method: "PATCH", url: `/api/tasks/${task.id}`, payload });
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json().error).toMatchObject({
        code: "scope_locked",
        message:
          session === client
            ? `The quote for WEB-${task.number} was accepted; ask your agency in a comment for a new quote to change its scope.`
            : `The quote for WEB-${task.number} was accepted; send a new quote to change its scope.`,
      });
    }
    expect((await taskState(task.id)).version).toBe(version);
    // Sending the same summary back, or changing the deadline, is not a change of scope.
    await ok(
      await agent.inject({ method: "PATCH", url: `/api/tasks/${task.id}`, payload: { summary: "Locked scope", deadline: "2099-05-01" } }),
    );

    // A new quote unlocks the scope until it is accepted.
    await ok(await post(agent, `/api/tasks/${task.id}/quotes`, { scope: "Banner and popup.", currency: "AUD", lines: [line, line] }), 201);
    expect((await detail(agent, task.id)).policies.changeScope).toBe(true);
    const changed = await ok(
      await agent.inject({ method: "PATCH", url: `/api/tasks/${task.id}`, payload: { summary: "Banner and popup" } }),
    );
    expect(changed.data.summary).toBe("Banner and popup");
  });

  it("takes a new quote for a changed scope while the work is under way, without moving the task", async () => {
    const task = await buildTask(t, { by: anna, summary: "Growing scope" });
    const line = { description: "Design", quantity: 1, unitPriceMinor: 10_000 };
    await ok(await post(agent, `/api/tasks/${task.id}/quotes`, { scope: "Banner.", currency: "AUD", lines: [line] }), 201);
    await ok(await post(client, `/api/tasks/${task.id}/quotes/${(await detail(client, task.id)).data.quotes[0].id}/accept`, {}));
    await ok(await move(agent, task.id, { stage: "in_progress" }));
    expect((await detail(agent, task.id)).policies).toMatchObject({ changeScope: false, quote: true });

    await ok(await post(agent, `/api/tasks/${task.id}/quotes`, { scope: "Banner and popup.", currency: "AUD", lines: [line, line] }), 201);
    const waiting = await detail(client, task.id);
    expect(waiting.policies).toMatchObject({ decideQuote: true, changeScope: true });
    const asks = (await client.inject({ method: "GET", url: "/api/tasks/waiting" })).json().data as {
      task: { id: string };
      waitingFor: string;
    }[];
    expect(asks.find((a) => a.task.id === task.id)?.waitingFor).toBe("quote");
    await ok(await post(client, `/api/tasks/${task.id}/quotes/${waiting.data.quotes[0].id}/accept`, {}));
    const after = await detail(agent, task.id);
    expect(after.data.task).toMatchObject({ stage: "in_progress" });
    expect(after.data.quotes[0]).toMatchObject({ status: "accepted", amountMinor: 20_000 });

    // Once it waits for the client's approval, the scope is what they review: no new quote there.
    await ok(await move(agent, task.id, { stage: "client_approval", review: { note: "Have a look." } }));
    const late = await post(agent, `/api/tasks/${task.id}/quotes`, { scope: "More.", currency: "AUD", lines: [line] });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe("quote_not_allowed");
  });
});

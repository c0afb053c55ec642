import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildComment, buildTask, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, drainJobs, type TestApp, upload } from "../../test/harness";
import { openStream, type Stream } from "../../test/sse";

/*
 * Internal notes on a work request, through the conversation primitive: the agency's team talks
 * about a card where the client never sees it — not on the card, in the history, the counts,
 * the live stream, notifications, email, file downloads or the approval record.
 */
let t: TestApp;
let base: string;
let task: Awaited<ReturnType<typeof buildTask>>;
let anna: Person;
let agnes: Person;
let client: Session;
let agent: Session;
let otherAgent: Session;
const streams: Stream[] = [];

beforeAll(async () => {
  t = await createTestApp();
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  task = await buildTask(t, { summary: "New hero image" });
  anna = task.by;
  agnes = task.agent as Person;
  client = await login(t, anna.username);
  agent = await login(t, agnes.username);
  otherAgent = await login(t, (await buildUser(t, { role: "agent" })).username);
});
afterAll(async () => {
  for (const stream of streams) stream.close();
  await t.close();
});

const detail = (session: Session) => session.inject({ method: "GET", url: `/api/tasks/${task.id}` });
const comment = (session: Session, payload: Record<string, unknown>) =>
  session.inject({ method: "POST", url: `/api/tasks/${task.id}/comments`, payload });

describe("internal notes on a work request", () => {
  it("lets staff add a note the client never sees, anywhere", async () => {
    const annaStream = await openStream(base, client);
    const agentStream = await openStream(base, agent);
    streams.push(annaStream, agentStream);
    await drainJobs(t);
    const mailBefore = await t.ctx.db.selectFrom("mailbox").select("id").execute();

    const file = (await upload(agent, "brief.pdf", "internal brief")).json().data as { id: string; url: string };
    const before = (await detail(agent)).json().data.task;
    const noted = await comment(agent, { body: "Client prefers blue; check the budget first.", kind: "note", fileIds: [file.id] });
    expect(noted.statusCode, noted.body).toBe(201);
    // Counts on the card are what the client sees: a note adds to neither.
    expect(noted.json().data).toMatchObject({ commentCount: before.commentCount, fileCount: before.fileCount });

    const forAgent = (await detail(agent)).json().data;
    const note = forAgent.timeline.find((item: { type: string }) => item.type === "comment");
    expect(note.comment).toMatchObject({ kind: "note", body: "Client prefers blue; check the budget first.", source: "portal" });
    expect(note.comment.files.map((f: { name: string }) => f.name)).toEqual(["brief.pdf"]);
    expect((await detail(client)).json().data.timeline.filter((item: { type: string }) => item.type === "comment")).toEqual([]);

    // The file on the note: the team downloads it, the client gets the same 404 as a missing file.
    expect((await agent.inject({ method: "GET", url: file.url })).statusCode).toBe(200);
    expect((await client.inject({ method: "GET", url: file.url })).statusCode).toBe(404);

    // Live: the agent's stream carries it, the client's does not.
    const event = await t.ctx.db
      .selectFrom("events")
      .select("id")
      .where("object_id", "=", task.id)
      .where("verb", "=", "task.commented")
      .executeTakeFirstOrThrow();
    await agentStream.waitFor(event.id);
    const publicComment = await buildComment(t, { id: task.id, by: agnes }, { body: "We will send a draft tomorrow." });
    await annaStream.waitFor(publicComment.eventId);
    expect(annaStream.changes().map((c) => c.id)).not.toContain(event.id);

    // Nobody is notified of the note, in the app or by email; the public comment reaches Anna.
    await drainJobs(t);
    const told = await t.ctx.db.selectFrom("notifications").select(["user_id", "event_id"]).where("event_id", "=", event.id).execute();
    expect(told).toEqual([]);
    const mail = await t.ctx.db
      .selectFrom("mailbox")
      .select(["to_address", "text_body"])
      .where("id", "not in", mailBefore.length ? mailBefore.map((m) => m.id) : [""])
      .execute();
    expect(mail.map((m) => m.to_address)).toEqual([anna.email.toLowerCase()]);
    expect(mail.some((m) => m.text_body.includes("budget"))).toBe(false);
  });

  it("keeps notes out of the client's approval record", async () => {
    const file = (await upload(agent, "internal-costs.pdf", "costs")).json().data as { id: string };
    await buildComment(t, { id: task.id, by: agnes }, { kind: "note", body: "Costs attached.", fileIds: [file.id] });
    for (const stage of ["in_progress", "client_approval"]) {
      const moved = await agent.inject({
        method: "POST",
        url: `/api/tasks/${task.id}/move`,
        payload: { stage, review: { note: "The new page." } },
      });
      expect(moved.statusCode, moved.body).toBe(200);
    }
    const approved = await client.inject({ method: "POST", url: `/api/tasks/${task.id}/approve`, payload: {} });
    expect(approved.statusCode, approved.body).toBe(200);
    const approvals = (await detail(agent)).json().data.approvals as { snapshot: { files: string[] } }[];
    expect(approvals[0]?.snapshot.files).not.toContain("internal-costs.pdf");
    expect(approvals[0]?.snapshot.files).not.toContain("brief.pdf");
  });

  it("refuses a note from a client, and from staff who cannot see the account", async () => {
    const byClient = await comment(client, { body: "Can I hide this?", kind: "note" });
    expect(byClient.statusCode).toBe(403);
    expect(byClient.json().error).toMatchObject({ code: "staff_only" });
    expect((await comment(otherAgent, { body: "Not my client", kind: "note" })).statusCode).toBe(404);
    expect((await detail(agent)).json().policies).toMatchObject({ comment: true, note: true });
    expect((await detail(client)).json().policies).toMatchObject({ comment: true, note: false });
  });

  it("names the field of a bad comment kind with a 400", async () => {
    const response = await comment(agent, { body: "Hello", kind: "secret" });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("kind");
  });
});

import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildComment, buildReply, buildTask, buildTicket, login } from "../../test/factories";
import { createTestApp, type TestApp, upload } from "../../test/harness";
import { migrateTo, migrateToLatest } from "./database";

/*
 * The conversations migration moves every ticket message and task comment into `comments`
 * with its id, kind and files, and back: run on a real database of each kind with real data
 * written by the services, down to the migration before and up again.
 */
let t: TestApp;
let ticket: Awaited<ReturnType<typeof buildTicket>>;
let task: Awaited<ReturnType<typeof buildTask>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  ticket = await buildTicket(t, { subject: "Migrated ticket" });
  const agent = await login(t, (ticket.agent as { username: string }).username);
  const file = (await upload(agent, "reply.pdf", "reply file")).json().data as { id: string };
  ids.reply = (
    await buildReply(t, ticket, { by: ticket.agent ?? undefined, kind: "reply", body: "A public reply", fileIds: [file.id] })
  ).messageId;
  ids.note = (await buildReply(t, ticket, { kind: "note", body: "A note" })).messageId;
  task = await buildTask(t, { summary: "Migrated task" });
  ids.taskComment = (await buildComment(t, { id: task.id, by: task.by }, { body: "A task comment" })).commentId;
  ids.file = file.id;
});
afterAll(() => t.close());

const rows = async (query: string) => (await sql.raw<Record<string, unknown>>(query).execute(t.ctx.db)).rows;

describe("the conversations migration", () => {
  it("goes back to one table per kind with every comment and file owner, and forward again", async () => {
    await migrateTo(t.ctx.db, "20261201T1100-typed-jobs");
    expect(await rows("select id, ticket_id, kind, body from ticket_messages order by id")).toEqual([
      { id: ids.reply, ticket_id: ticket.id, kind: "reply", body: "A public reply" },
      { id: ids.note, ticket_id: ticket.id, kind: "note", body: "A note" },
    ]);
    expect(await rows("select id, task_id, body from task_comments")).toEqual([
      { id: ids.taskComment, task_id: task.id, body: "A task comment" },
    ]);
    expect(await rows(`select owner_type, owner_id from files where id = '${ids.file}'`)).toEqual([
      { owner_type: "ticket_message", owner_id: ids.reply },
    ]);

    await migrateToLatest(t.ctx.db);
    expect(await rows("select id, object_type, object_id, kind, body from comments order by id")).toEqual([
      { id: ids.reply, object_type: "ticket", object_id: ticket.id, kind: "reply", body: "A public reply" },
      { id: ids.note, object_type: "ticket", object_id: ticket.id, kind: "note", body: "A note" },
      { id: ids.taskComment, object_type: "task", object_id: task.id, kind: "reply", body: "A task comment" },
    ]);
    expect(await rows(`select owner_type, owner_id from files where id = '${ids.file}'`)).toEqual([
      { owner_type: "comment", owner_id: ids.reply },
    ]);

    // The services read the migrated conversation as before, files included.
    const client = await login(t, ticket.by.username);
    const timeline = (await client.inject({ method: "GET", url: `/api/tickets/${ticket.id}` })).json().data.timeline as {
      type: string;
      message?: { body: string; files: { name: string }[] };
    }[];
    const messages = timeline.filter((item) => item.type === "message");
    expect(messages.map((m) => m.message?.body)).toEqual(["A public reply"]);
    expect(messages[0]?.message?.files.map((f) => f.name)).toEqual(["reply.pdf"]);
  });
});

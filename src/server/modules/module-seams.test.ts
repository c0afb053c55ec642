import { sql } from "kysely";
import { Type } from "typebox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventCatalogue, Visibility } from "../../common/events";
import type { Executor } from "../platform/db/database";
import { recordEvent } from "../platform/events";
import { requireActor } from "../platform/http";
import { newId } from "../platform/ids";
import { replyAddressFor } from "../platform/reply-address";
import { assignAgent, buildAccount, buildUser, login, type Session } from "../test/factories";
import { createTestApp, type TestApp, upload } from "../test/harness";
import { openStream, type Stream } from "../test/sse";
import { writeComment } from "./conversations/service";
import { attachFiles } from "./files/service";
import type { ModuleDescriptor } from "./module";
import { MODULES } from "./registry";

/*
 * A module the app has never heard of — "memos", with tables of its own — plugged in through its
 * descriptor alone. It proves the seams every next module (onboarding, updates, asks, billing)
 * relies on: its routes answer, its files attach and obey its own download rule, its events
 * reach exactly the people the catalogue says, and replies to its emails arrive — without a
 * line of platform code knowing it.
 */
declare module "../../common/events" {
  interface EventPayloads {
    "memo.posted": Visibility & { number: number };
    "memo.replied": Visibility & { number: number; body: string };
  }
}

interface MemoRow {
  id: string;
  number: number;
  account_id: string;
  internal: number;
}
// The memo tables are not in the app's schema types: this module reaches them with raw SQL.
const findMemo = async (db: Executor, id: string) =>
  (await sql<MemoRow>`select id, number, account_id, internal from memos where id = ${id}`.execute(db)).rows[0];

let numbers = 0;
const MEMO_EVENTS: EventCatalogue<{ "memo.posted": unknown; "memo.replied": unknown }> = {
  "memo.posted": { label: "Memo posted", audience: "client_when_public" },
  "memo.replied": { label: "Memo answered", audience: "client_when_public" },
};

const memoModule: ModuleDescriptor = {
  name: "memos",
  events: MEMO_EVENTS,
  routes: (ctx) => async (app) => {
    app.post(
      "/api/memos",
      { schema: { body: Type.Object({ accountId: Type.String(), internal: Type.Boolean(), fileIds: Type.Array(Type.String()) }) } },
      async (request) => {
        const actor = requireActor(request);
        const { accountId, internal, fileIds } = request.body;
        return ctx.db.transaction().execute(async (tx) => {
          const id = newId();
          const number = ++numbers;
          await sql`insert into memos (id, number, account_id, internal) values (${id}, ${number}, ${accountId}, ${internal ? 1 : 0})`.execute(
            tx,
          );
          await attachFiles(tx, actor, fileIds, { type: "memo", id, accountId });
          const eventId = await recordEvent(tx, {
            actorId: actor.id,
            verb: "memo.posted",
            objectType: "memo",
            objectId: id,
            accountId,
            payload: { number, internal },
          });
          return { id, number, eventId };
        });
      },
    );
  },
  fileOwners: {
    // The module's own rule: a client never downloads a file on an internal memo.
    memo: async (db, actor, file) => actor.role !== "client" || (await findMemo(db, file.owner_id))?.internal === 0,
  },
  replyTargets: [
    {
      type: "memo",
      subjectTag: /\[Memo #(\d{1,9})\]/,
      byId: async (db, id) => findMemo(db, id),
      byNumber: async (db, number) =>
        (await sql<MemoRow>`select id, number, account_id, internal from memos where number = ${number}`.execute(db)).rows[0],
      // Replies go into the shared conversation, so a later email threaded on one finds the memo too.
      post: async (tx, ref, author, reply) => {
        const object = { type: "memo", id: ref.id, accountId: ref.account_id };
        await writeComment(tx, object, author, { kind: "reply", source: "email", ...reply });
        await recordEvent(tx, {
          actorId: author.id,
          verb: "memo.replied",
          objectType: "memo",
          objectId: ref.id,
          accountId: ref.account_id,
          payload: { number: ref.number, internal: false, body: reply.body },
        });
      },
    },
  ],
};

const SECRET = "inbound-secret-for-tests-0123456789";
let t: TestApp;
let base: string;
let accountA: { id: string };
let anna: Awaited<ReturnType<typeof buildUser>>;
let client: Session;
let otherClient: Session;
let agent: Session;
const streams: Stream[] = [];

beforeAll(async () => {
  t = await createTestApp({ INBOUND_SECRET: SECRET }, { modules: [...MODULES, memoModule] });
  await sql`create table memos (id text primary key, number integer not null, account_id text not null, internal integer not null)`.execute(
    t.ctx.db,
  );
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  accountA = await buildAccount(t, { name: "Alpha Plumbing" });
  const accountB = await buildAccount(t, { name: "Bravo Bakery" });
  anna = await buildUser(t, { accountId: accountA.id, email: "anna@alpha.test" });
  const agnes = await buildUser(t, { role: "agent" });
  await assignAgent(t, accountA.id, agnes.id);
  client = await login(t, anna.username);
  otherClient = await login(t, (await buildUser(t, { accountId: accountB.id })).username);
  agent = await login(t, agnes.username);
});
afterAll(async () => {
  for (const stream of streams) stream.close();
  await t.close();
});

async function post(session: Session, internal: boolean, fileIds: string[] = []) {
  const response = await session.inject({ method: "POST", url: "/api/memos", payload: { accountId: accountA.id, internal, fileIds } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { id: string; number: number; eventId: string };
}
const download = (session: Session, url: string) => session.inject({ method: "GET", url });
async function uploaded(session: Session, name: string) {
  const response = await upload(session, name, "memo attachment");
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data as { id: string; url: string };
}

describe("a module plugged in by its descriptor alone", () => {
  it("answers its routes and attaches files that obey its own download rule", async () => {
    const publicFile = await uploaded(agent, "public.pdf");
    const internalFile = await uploaded(agent, "internal.pdf");
    await post(agent, false, [publicFile.id]);
    await post(agent, true, [internalFile.id]);
    expect((await download(client, publicFile.url)).statusCode).toBe(200);
    expect((await download(agent, internalFile.url)).statusCode).toBe(200);
    // The module's rule: not on an internal memo; the account scope: not another client's.
    expect((await download(client, internalFile.url)).statusCode).toBe(404);
    expect((await download(otherClient, publicFile.url)).statusCode).toBe(404);
  });

  it("streams its events to the people the catalogue names, and labels them", async () => {
    const annaStream = await openStream(base, client);
    const otherStream = await openStream(base, otherClient);
    const agentStream = await openStream(base, agent);
    streams.push(annaStream, otherStream, agentStream);
    const internal = await post(agent, true);
    const shown = await post(agent, false);
    await agentStream.waitFor(internal.eventId);
    await agentStream.waitFor(shown.eventId);
    await annaStream.waitFor(shown.eventId);
    const annaSaw = annaStream.changes().map((c) => c.id);
    expect(annaSaw).not.toContain(internal.eventId);
    expect(otherStream.changes().map((c) => c.id)).not.toContain(shown.eventId);
  });

  const inbound = (headers: string[], body: string) =>
    t.app.inject({
      method: "POST",
      url: "/api/inbound/email",
      headers: { "content-type": "message/rfc822", "x-inbound-secret": SECRET },
      payload: Buffer.from([...headers, "Content-Type: text/plain; charset=utf-8", "", body, ""].join("\r\n")),
    });
  const memoReplies = async (memoId: string) =>
    (
      await t.ctx.db
        .selectFrom("comments")
        .select(["body", "source"])
        .where("object_type", "=", "memo")
        .where("object_id", "=", memoId)
        .orderBy("id")
        .execute()
    ).map((r) => r.body);

  it("takes a reply to its email by the signed reply address, into the shared conversation", async () => {
    const memo = await post(agent, false);
    const messageId = `<${newId()}@mail.example.com>`;
    const response = await inbound(
      [
        `From: Anna <${anna.email}>`,
        `To: ${replyAddressFor(t.config, "memo", memo.id)}`,
        `Subject: Re: [Memo #${memo.number}] Opening hours`,
        `Message-ID: ${messageId}`,
      ],
      "We open at nine from Monday.",
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().data).toMatchObject({ status: "attached", objectType: "memo", objectId: memo.id, ticketId: null, taskId: null });
    expect(await memoReplies(memo.id)).toEqual(["We open at nine from Monday."]);
    const events = await t.ctx.db.selectFrom("events").select("verb").where("object_id", "=", memo.id).orderBy("id").execute();
    expect(events.map((e) => e.verb)).toEqual(["memo.posted", "memo.replied"]);

    // A follow-up that names only that reply's Message-ID (someone answered the copy in their
    // sent folder) finds the memo through the conversation, with no lookup of the module's own.
    const followUp = await inbound(
      [
        `From: Anna <${anna.email}>`,
        "To: support@agency.test",
        `Subject: Re: Re: [Memo #${memo.number}] Opening hours`,
        `Message-ID: <${newId()}@mail.example.com>`,
        `In-Reply-To: ${messageId}`,
        `References: ${messageId}`,
      ],
      "And at ten on Saturdays.",
    );
    expect(followUp.statusCode, followUp.body).toBe(200);
    expect(followUp.json().data).toMatchObject({ status: "attached", objectType: "memo", objectId: memo.id });
    expect(await memoReplies(memo.id)).toEqual(["We open at nine from Monday.", "And at ten on Saturdays."]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVENT_CATALOGUE, isClientVisibleWith } from "../../common/events";
import { NOTIFICATION_KINDS } from "../../common/notifications";
import { assignAgent, buildAccount, buildUser, login, type Session } from "../test/factories";
import { createTestApp, drainJobs, type TestApp } from "../test/harness";
import { openStream, type Stream } from "../test/sse";
import { isClientVisible, recordEvent } from "./events";

describe("the event catalogue", () => {
  it("says a missing or unreadable internal flag means not visible to a client", () => {
    const spec = { label: "Ticket moved", audience: "client_when_public" } as const;
    expect(isClientVisibleWith(spec, { internal: false })).toBe(true);
    expect(isClientVisibleWith(spec, { internal: true })).toBe(false);
    expect(isClientVisibleWith(spec, {})).toBe(false);
    expect(isClientVisibleWith(spec, { internal: "false" })).toBe(false);
    expect(isClientVisibleWith(spec, undefined)).toBe(false);
    expect(isClientVisibleWith({ label: "Settings updated", audience: "staff" }, { internal: false })).toBe(false);
    expect(isClientVisibleWith(undefined, { internal: false })).toBe(false);
  });

  it("keeps staff-only verbs from clients and names every notification kind it feeds", () => {
    expect(isClientVisible({ verb: "settings.updated", payload: { internal: false } })).toBe(false);
    expect(isClientVisible({ verb: "user.invited", payload: {} })).toBe(false);
    expect(isClientVisible({ verb: "no.such_verb", payload: { internal: false } })).toBe(false);
    expect(isClientVisible({ verb: "account.agent_assigned", payload: {} })).toBe(true);
    const fed = new Set(Object.values(EVENT_CATALOGUE).flatMap((spec) => (spec.notify ? [spec.notify] : [])));
    expect([...fed].sort()).toEqual([...NOTIFICATION_KINDS].sort());
  });
});

/*
 * An event that can be internal but whose payload lost its flag (an older row, a bug in a new
 * module) must reach no client on any channel: not the live stream, not the timeline, not an
 * in-app notification, not an email. Staff still see it.
 */
describe("an event without its internal flag, on every channel", () => {
  let t: TestApp;
  let base: string;
  let client: Session;
  let agent: Session;
  let annaEmail: string;
  let ticketId: string;
  let eventId: string;
  const streams: Stream[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
    const account = await buildAccount(t);
    const anna = await buildUser(t, { accountId: account.id });
    annaEmail = anna.email;
    const agnes = await buildUser(t, { role: "agent" });
    await assignAgent(t, account.id, agnes.id);
    client = await login(t, anna.username);
    agent = await login(t, agnes.username);
    const raised = await client.inject({
      method: "POST",
      url: "/api/tickets",
      payload: { subject: "Contact form is broken", description: "It shows an error.", priority: "normal" },
    });
    expect(raised.statusCode, raised.body).toBe(201);
    const ticket = raised.json().data as { id: string; number: number };
    ticketId = ticket.id;
    await drainJobs(t);

    const clientStream = await openStream(base, client);
    const agentStream = await openStream(base, agent);
    streams.push(clientStream, agentStream);
    // Written directly, as a buggy or older writer would: the typed payload requires the flag.
    const payload = { number: ticket.number, subject: "Contact form is broken", assigneeId: null, from: "new", to: "active" };
    eventId = await t.ctx.db.transaction().execute((tx) =>
      recordEvent(tx, {
        actorId: agnes.id,
        verb: "ticket.status_changed",
        objectType: "ticket",
        objectId: ticket.id,
        accountId: account.id,
        payload: payload as never,
      }),
    );
    t.realtime.wake();
    await agentStream.waitFor(eventId);
    // A public event after it: once the client has that one, the flagless one would have come first.
    const reply = await agent.inject({
      method: "POST",
      url: `/api/tickets/${ticket.id}/messages`,
      payload: { body: "Looking into it.", kind: "reply" },
    });
    expect(reply.statusCode, reply.body).toBeLessThan(300);
    await clientStream.waitFor((await lastEventId(t)) as string);
  });
  afterAll(async () => {
    for (const stream of streams) stream.close();
    await t.close();
  });

  it("is not streamed to the client", () => {
    expect(streams[0]?.changes().map((c) => c.id)).not.toContain(eventId);
    expect(streams[1]?.changes().map((c) => c.id)).toContain(eventId);
  });

  it("is not on the client's timeline, and is on the agent's", async () => {
    const ids = async (session: Session) =>
      ((await session.inject({ method: "GET", url: `/api/tickets/${ticketId}` })).json().data.timeline as { id: string }[]).map(
        (i) => i.id,
      );
    expect(await ids(client)).not.toContain(eventId);
    expect(await ids(agent)).toContain(eventId);
  });

  it("notifies and emails no client", async () => {
    await drainJobs(t);
    const notified = await t.ctx.db
      .selectFrom("notifications")
      .innerJoin("users", "users.id", "notifications.user_id")
      .select("users.role")
      .where("event_id", "=", eventId)
      .execute();
    expect(notified.map((n) => n.role)).not.toContain("client");
    // Anna's only email after the acknowledgement of her ticket is the agent's public reply; the flagless move sent her none.
    const mails = await t.ctx.db
      .selectFrom("mailbox")
      .select("text_body")
      .where("to_address", "=", annaEmail.toLowerCase())
      .where("subject", "not like", "Received: %")
      .execute();
    expect(mails.map((m) => m.text_body.includes("Looking into it."))).toEqual([true]);
  });
});

async function lastEventId(t: TestApp): Promise<string | undefined> {
  const row = await t.ctx.db.selectFrom("events").select("id").orderBy("id", "desc").executeTakeFirst();
  return row?.id;
}

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount, buildUser, login, type Session } from "../../test/factories";
import { createTestApp, type TestApp } from "../../test/harness";
import { openStream, type Stream } from "../../test/sse";

/** A posted notice reaches the live stream of each account it went to, and no other. */
let t: TestApp;
let base: string;
let accountA: { id: string };
let annaSession: Session;
let bobSession: Session;
let admin: Session;
const streams: Stream[] = [];

beforeAll(async () => {
  t = await createTestApp();
  base = await t.app.listen({ port: 0, host: "127.0.0.1" });
  accountA = await buildAccount(t, { name: "Alpha Plumbing" });
  const accountB = await buildAccount(t, { name: "Bravo Bakery" });
  annaSession = await login(t, (await buildUser(t, { accountId: accountA.id })).username);
  bobSession = await login(t, (await buildUser(t, { accountId: accountB.id })).username);
  admin = await login(t, (await buildUser(t, { role: "admin" })).username);
});
afterAll(async () => {
  for (const stream of streams) stream.close();
  await t.close();
});

const eventOf = async (noticeId: string, accountId: string) =>
  (
    await t.ctx.db
      .selectFrom("events")
      .select("id")
      .where("object_type", "=", "notice")
      .where("object_id", "=", noticeId)
      .where("account_id", "=", accountId)
      .executeTakeFirstOrThrow()
  ).id;

describe("live notices", () => {
  it("pushes notice.posted to the reached accounts' clients only", async () => {
    const anna = await openStream(base, annaSession);
    const bob = await openStream(base, bobSession);
    streams.push(anna, bob);
    const res = await admin.inject({
      method: "POST",
      url: "/api/notices",
      payload: { title: "Alpha news", body: "Hello", audience: "accounts", accountIds: [accountA.id] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const noticeId = res.json().data.id as string;
    t.realtime.wake();
    await anna.waitFor(await eventOf(noticeId, accountA.id));
    expect(anna.changes().find((c) => c.objectId === noticeId)).toMatchObject({ verb: "notice.posted", objectType: "notice" });
    // Give Bob's stream the same chance, then check nothing about the notice reached it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bob.changes().some((c) => c.objectId === noticeId)).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignAgent, buildAccount, buildUser, login, type Session } from "../../test/factories";
import { createTestApp, drainJobs, type TestApp } from "../../test/harness";
import { type BrowserKeys, decryptPush, newBrowserKeys, type PushServiceStandIn, startPushService } from "../../test/push-service";

/**
 * An ask reaches the client's phone by Web Push, and the answer reaches the agent's: each push
 * decrypted as the browser would (RFC 8291) links to the ask and never holds the code.
 */
let t: TestApp;
let pushService: PushServiceStandIn;
let accountId: string;
let client: Session;
let agent: Session;
const CODE = "551177";

async function subscribe(session: Session, name: string): Promise<BrowserKeys> {
  const keys = newBrowserKeys();
  const res = await session.inject({
    method: "POST",
    url: "/api/push/subscriptions",
    payload: { endpoint: pushService.endpoint(name), keys: { p256dh: keys.p256dh, auth: keys.auth } },
  });
  expect(res.statusCode, res.body).toBe(201);
  return keys;
}

function pushesTo(name: string, keys: BrowserKeys) {
  return pushService.requests
    .filter((r) => r.path === new URL(pushService.endpoint(name)).pathname)
    .map((r) => JSON.parse(decryptPush(r.body, keys).toString("utf8")) as { title: string; body: string; url: string; tag: string });
}

beforeAll(async () => {
  pushService = await startPushService();
  t = await createTestApp({ PUSH_ALLOWED_HOSTS: pushService.host });
  accountId = (await buildAccount(t, { name: "Foxtrot Florist" })).id;
  client = await login(t, (await buildUser(t, { accountId, name: "Fay Fox" })).username);
  const agentUser = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  await assignAgent(t, accountId, agentUser.id);
  agent = await login(t, agentUser.username);
});
afterAll(async () => {
  await t?.close();
  await pushService?.close();
});

describe("asks by Web Push", () => {
  it("pushes the ask to the client's phone and the answer's arrival to the agent's, never the code", async () => {
    const phone = await subscribe(client, "fay-phone");
    const laptop = await subscribe(agent, "agnes-laptop");
    const created = await agent.inject({
      method: "POST",
      url: "/api/asks",
      payload: { accountId, kind: "code", prompt: "Enter the code Instagram texted you", minutes: 10 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().data.id as string;
    await drainJobs(t);
    const toPhone = pushesTo("fay-phone", phone);
    expect(toPhone).toEqual([
      expect.objectContaining({ url: `/asks/${id}`, tag: `ask:${id}`, body: "Enter the code Instagram texted you" }),
    ]);
    expect(toPhone[0]?.title).toMatch(/^Enter the one-time code — by \d\d:\d\d UTC$/);

    expect((await client.inject({ method: "POST", url: `/api/asks/${id}/answer`, payload: { code: CODE } })).statusCode).toBe(200);
    await drainJobs(t);
    const toLaptop = pushesTo("agnes-laptop", laptop);
    expect(toLaptop).toEqual([
      expect.objectContaining({ title: "Fay Fox answered: Enter the code Instagram texted you", url: `/asks/${id}` }),
    ]);
    // Neither the wire (encrypted) nor what the browsers decrypt holds the code.
    expect(JSON.stringify([...toPhone, ...toLaptop])).not.toContain(CODE);
    for (const r of pushService.requests) expect(r.body.toString("latin1")).not.toContain(CODE);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventCatalogue } from "../../../common/events";
import { recordEvent } from "../../platform/events";
import { renderEmail } from "../../platform/mail";
import { pushTopic, queuePush } from "../../platform/push";
import { buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, drainJobs, type TestApp, upload } from "../../test/harness";
import { type BrowserKeys, decryptPush, newBrowserKeys, type PushServiceStandIn, startPushService } from "../../test/push-service";
import type { ModuleDescriptor } from "../module";
import { clientSide } from "../notifications/service";
import { MODULES } from "../registry";
import { deviceLabel } from "./device-label";
import { initialsOf } from "./manifest";

/*
 * Web Push end to end against a push service stand-in on 127.0.0.1 (PUSH_ALLOWED_HOSTS): a
 * browser's subscription is saved, a queued push goes out signed (VAPID) and encrypted
 * (aes128gcm) — decrypted here as the browser would — and a "gone" answer forgets the device.
 * A test-only topic with a `push` hook proves notifyEvent's push branch through a real event.
 */
declare module "../../../common/events" {
  interface EventPayloads {
    "beep.sent": { words: string };
  }
}

const BEEP_EVENTS: EventCatalogue<{ "beep.sent": unknown }> = {
  "beep.sent": { label: "Beep sent", audience: "client", notify: "notice.posted" },
};

/** A module the app has never heard of whose topic pushes: the lock screen gets its words. */
const beepModule: ModuleDescriptor = {
  name: "beeps",
  events: BEEP_EVENTS,
  notifications: [
    {
      objectType: "beep",
      recipients: (tx, event) => (event.accountId ? clientSide(tx, event.accountId) : Promise.resolve([])),
      words: (event) => ({ title: "Beep", body: String(event.payload?.words ?? ""), lead: "A beep.", quote: [] }),
      path: (id) => `/beeps/${id}`,
      email: (_config, _event, to, words) =>
        renderEmail({ to: to.email, subject: words.title, greeting: "Hello", paragraphs: [words.body] }),
      push: (_event, words) => ({ title: `${words.title}!`, body: words.body }),
    },
  ],
};

const ANDROID_CHROME =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

let t: TestApp;
let pushService: PushServiceStandIn;
let anna: Person;
let annaSession: Session;
let amos: Person;
let amosSession: Session;
let bobSession: Session;
let admin: Session;

beforeAll(async () => {
  pushService = await startPushService();
  t = await createTestApp({ PUSH_ALLOWED_HOSTS: pushService.host }, { modules: [...MODULES, beepModule] });
  anna = await buildUser(t, { name: "Anna Alpha" });
  amos = await buildUser(t, { accountId: anna.accountId, name: "Amos Alpha" });
  annaSession = await login(t, anna.username);
  amosSession = await login(t, amos.username);
  bobSession = await login(t, (await buildUser(t, { name: "Bob Bravo" })).username);
  admin = await login(t, (await buildUser(t, { role: "admin" })).username);
});
afterAll(async () => {
  await t?.close();
  await pushService?.close();
});

function subscribe(session: Session, endpoint: string, keys: { p256dh: string; auth: string }, extra: Record<string, unknown> = {}) {
  return session.inject({
    method: "POST",
    url: "/api/push/subscriptions",
    headers: { "user-agent": ANDROID_CHROME },
    payload: { endpoint, expirationTime: null, keys: { p256dh: keys.p256dh, auth: keys.auth }, ...extra },
  });
}
async function subscribed(session: Session, endpoint: string, keys: BrowserKeys): Promise<{ id: string }> {
  const res = await subscribe(session, endpoint, keys);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data;
}
async function devices(session: Session, current?: string) {
  const res = await session.inject({
    method: "GET",
    url: "/api/push/subscriptions",
    headers: current ? { "x-push-endpoint": current } : {},
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().data as { id: string; label: string; service: string; current: boolean; lastUsedAt: string | null }[];
}
const received = (path: string) => pushService.requests.filter((r) => r.path === path);
const pathOf = (endpoint: string) => new URL(endpoint).pathname;
const countRows = async (userId: string) =>
  (await t.ctx.db.selectFrom("push_subscriptions").select("id").where("user_id", "=", userId).execute()).length;

/** The JWT of a `vapid t=…, k=…` header, its claims decoded. */
function vapidOf(authorization: string | undefined) {
  const match = /^vapid t=([\w-]+)\.([\w-]+)\.([\w-]+), k=([\w-]+)$/.exec(authorization ?? "");
  if (!match?.[2] || !match[4]) throw new Error(`not a VAPID Authorization header: ${authorization}`);
  return { claims: JSON.parse(Buffer.from(match[2], "base64url").toString()) as { aud: string; sub: string; exp: number }, key: match[4] };
}

describe("the VAPID key", () => {
  it("is served to signed-in people: a P-256 public key, the one the server signs with", async () => {
    const res = await annaSession.inject({ method: "GET", url: "/api/push/key" });
    expect(res.statusCode).toBe(200);
    const { publicKey } = res.json().data;
    expect(publicKey).toBe(t.config.vapidPublicKey);
    expect(Buffer.from(publicKey, "base64url")).toHaveLength(65);
  });

  it("and nothing of push answers without a session", async () => {
    for (const [method, url] of [
      ["GET", "/api/push/key"],
      ["GET", "/api/push/subscriptions"],
      ["POST", "/api/push/subscriptions"],
      ["DELETE", "/api/push/subscriptions/0190a8a0-0000-7000-8000-000000000000"],
    ] as const) {
      const res = await t.app.inject({
        method,
        url,
        payload: method === "POST" ? { endpoint: "x", keys: { p256dh: "x", auth: "x" } } : undefined,
      });
      expect(res.statusCode, `${method} ${url}`).toBe(401);
    }
  });
});

describe("a device's subscription", () => {
  it("is saved with a readable label, listed as this device for its own browser, never with its endpoint", async () => {
    const keys = newBrowserKeys();
    const endpoint = pushService.endpoint("anna-phone");
    const res = await subscribe(annaSession, endpoint, keys);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data).toMatchObject({ label: "Chrome on Android", service: pushService.host, current: true, lastUsedAt: null });
    expect(res.body).not.toContain("anna-phone");

    const listed = await devices(annaSession, endpoint);
    expect(listed).toEqual([expect.objectContaining({ id: res.json().data.id, label: "Chrome on Android", current: true })]);
    expect((await devices(annaSession))[0]?.current).toBe(false);
    expect(JSON.stringify(await devices(annaSession))).not.toContain("anna-phone");
  });

  it("subscribed again updates it in place, and moves to whoever subscribed the browser last", async () => {
    const endpoint = pushService.endpoint("shared-laptop");
    const first = await subscribed(amosSession, endpoint, newBrowserKeys());
    const renewed = await subscribe(amosSession, endpoint, newBrowserKeys(), { label: "  Office laptop " });
    expect(renewed.statusCode).toBe(201);
    expect(renewed.json().data).toMatchObject({ id: first.id, label: "Office laptop" });
    expect((await devices(amosSession)).filter((d) => d.id === first.id)).toHaveLength(1);

    const moved = await subscribed(bobSession, endpoint, newBrowserKeys());
    expect(moved.id).toBe(first.id);
    expect((await devices(amosSession)).map((d) => d.id)).not.toContain(first.id);
    expect((await devices(bobSession)).map((d) => d.id)).toContain(first.id);
  });

  it("is refused, naming the field, for an endpoint that is not a push service or keys that are not a browser's", async () => {
    const before = await countRows(anna.id);
    const good = newBrowserKeys();
    const cases: [string, { p256dh: string; auth: string }, string][] = [
      ["https://evil.example.com/push/1", good, "endpoint"],
      ["https://169.254.169.254/latest/meta-data", good, "endpoint"],
      ["http://fcm.googleapis.com/fcm/send/abc", good, "endpoint"],
      ["https://fcm.googleapis.com:8443/fcm/send/abc", good, "endpoint"],
      ["https://fcm.googleapis.com.evil.example/fcm/send/abc", good, "endpoint"],
      ["http://127.0.0.1:1/push/elsewhere", good, "endpoint"],
      [`http://user:pw@${pushService.host}/push/x`, good, "endpoint"],
      ["not a url", good, "endpoint"],
      // 65 bytes starting 0x04, but not a point on the curve.
      [
        pushService.endpoint("bad-key"),
        { ...good, p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString("base64url") },
        "keys.p256dh",
      ],
      [pushService.endpoint("bad-key"), { ...good, p256dh: Buffer.alloc(33, 2).toString("base64url") }, "keys.p256dh"],
      [pushService.endpoint("bad-key"), { ...good, p256dh: "not base64!" }, "keys.p256dh"],
      [pushService.endpoint("bad-auth"), { ...good, auth: Buffer.alloc(15, 1).toString("base64url") }, "keys.auth"],
    ];
    for (const [endpoint, keys, field] of cases) {
      const res = await subscribe(annaSession, endpoint, keys);
      expect(res.statusCode, `${endpoint}: ${res.body}`).toBe(400);
      expect(res.json().error).toMatchObject({ code: "validation_error", field });
    }
    const noKeys = await annaSession.inject({
      method: "POST",
      url: "/api/push/subscriptions",
      payload: { endpoint: pushService.endpoint("x") },
    });
    expect(noKeys.statusCode).toBe(400);
    expect(noKeys.json().error.field).toBe("keys");
    expect(await countRows(anna.id)).toBe(before);
  });

  it("accepts the push services browsers really use", async () => {
    const keys = newBrowserKeys();
    for (const endpoint of [
      "https://fcm.googleapis.com/fcm/send/dGVzdA:APA91b",
      "https://updates.push.services.mozilla.com/wpush/v2/gAAAAA",
      "https://wns2-par02p.notify.windows.com/w/?token=BQYAAA",
      "https://web.push.apple.com/QGuQyavXutnMH",
    ]) {
      const res = await subscribe(bobSession, endpoint, keys);
      expect(res.statusCode, `${endpoint}: ${res.body}`).toBe(201);
      await bobSession.inject({ method: "DELETE", url: `/api/push/subscriptions/${res.json().data.id}` });
    }
  });

  it("is removed by its owner only: another person's is a 404 and never in their list", async () => {
    const mine = await subscribed(bobSession, pushService.endpoint("bob-desktop"), newBrowserKeys());
    expect((await devices(annaSession)).map((d) => d.id)).not.toContain(mine.id);
    const theirs = await annaSession.inject({ method: "DELETE", url: `/api/push/subscriptions/${mine.id}` });
    expect(theirs.statusCode).toBe(404);
    expect((await devices(bobSession)).map((d) => d.id)).toContain(mine.id);
    expect((await bobSession.inject({ method: "DELETE", url: `/api/push/subscriptions/${mine.id}` })).statusCode).toBe(204);
    expect((await devices(bobSession)).map((d) => d.id)).not.toContain(mine.id);
    expect((await bobSession.inject({ method: "DELETE", url: `/api/push/subscriptions/${mine.id}` })).statusCode).toBe(404);
    expect((await bobSession.inject({ method: "DELETE", url: "/api/push/subscriptions/not-an-id" })).statusCode).toBe(400);
  });
});

describe("sending", () => {
  it("POSTs the message signed with VAPID and encrypted for the browser, which decrypts it", async () => {
    const person = await buildUser(t);
    const session = await login(t, person.username);
    const keys = newBrowserKeys();
    const endpoint = pushService.endpoint("send-ok");
    const device = await subscribed(session, endpoint, keys);
    await t.ctx.db
      .transaction()
      .execute((tx) =>
        queuePush(tx, { userId: person.id, title: "Your code, please", body: "LinkedIn texted you a code", url: "/asks/1", tag: "ask:1" }),
      );
    await drainJobs(t);

    const [push, ...more] = received(pathOf(endpoint));
    expect(more).toEqual([]);
    if (!push) throw new Error("the push service received nothing");
    expect(push.method).toBe("POST");
    expect(push.headers["content-encoding"]).toBe("aes128gcm");
    expect(push.headers.ttl).toBe("600");
    expect(push.headers.urgency).toBe("high");
    expect(push.headers.topic).toBe(pushTopic("ask:1"));
    const vapid = vapidOf(push.headers.authorization);
    expect(vapid.key).toBe(t.config.vapidPublicKey);
    expect(vapid.claims).toMatchObject({ aud: pushService.origin, sub: t.config.vapidSubject });
    expect(vapid.claims.exp * 1000).toBeGreaterThan(Date.now());
    // What the browser reads once it decrypts the body with its private key.
    expect(JSON.parse(decryptPush(push.body, keys).toString("utf8"))).toEqual({
      title: "Your code, please",
      body: "LinkedIn texted you a code",
      url: "/asks/1",
      tag: "ask:1",
    });
    // The wrong browser cannot read it.
    expect(() => decryptPush(push.body, newBrowserKeys())).toThrow();
    expect((await devices(session)).find((d) => d.id === device.id)?.lastUsedAt).toBeTruthy();
  });

  it("queues nothing for a person without a device", async () => {
    const person = await buildUser(t);
    const queued = await t.ctx.db
      .transaction()
      .execute((tx) => queuePush(tx, { userId: person.id, title: "t", body: "b", url: "/", tag: "x:1" }));
    expect(queued).toBeUndefined();
    const jobs = await t.ctx.db.selectFrom("jobs").select("payload").where("kind", "=", "push.send").execute();
    expect(jobs.some((j) => j.payload.includes(person.id))).toBe(false);
  });

  it("forgets a device the push service says is gone (410), and retries any other failure", async () => {
    const person = await buildUser(t);
    const session = await login(t, person.username);
    const gone = pushService.endpoint("send-gone");
    const failing = pushService.endpoint("send-500");
    await subscribed(session, gone, newBrowserKeys());
    const kept = await subscribed(session, failing, newBrowserKeys());
    pushService.answer(pathOf(gone), 410);
    pushService.answer(pathOf(failing), 500);
    const jobId = await t.ctx.db
      .transaction()
      .execute((tx) => queuePush(tx, { userId: person.id, title: "t", body: "b", url: "/", tag: "x:2" }));
    await drainJobs(t);

    expect(received(pathOf(gone))).toHaveLength(1);
    expect(received(pathOf(failing))).toHaveLength(1);
    expect((await devices(session)).map((d) => d.id)).toEqual([kept.id]);
    const job = await t.ctx.db
      .selectFrom("jobs")
      .selectAll()
      .where("id", "=", jobId ?? "")
      .executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: "queued", max_attempts: 5 });
    expect(Number(job.attempts)).toBe(1);
    expect(job.last_error).toMatch(/answered 500/);
    // The endpoint is a capability: it never lands in the job's error.
    expect(job.last_error).not.toContain("send-500");
    await t.ctx.db.deleteFrom("jobs").where("id", "=", job.id).execute();
  });
});

describe("a topic's push hook", () => {
  it("pushes an event's words to each recipient's devices, whatever their email preference, never to the actor", async () => {
    const annaKeys = newBrowserKeys();
    const annaEndpoint = pushService.endpoint("topic-anna");
    const amosEndpoint = pushService.endpoint("topic-amos");
    await subscribed(annaSession, annaEndpoint, annaKeys);
    await subscribed(amosSession, amosEndpoint, newBrowserKeys());
    const optOut = await annaSession.inject({
      method: "PUT",
      url: "/api/notifications/preferences",
      payload: { preferences: [{ kind: "notice.posted", email: false }] },
    });
    expect(optOut.statusCode, optOut.body).toBe(200);

    const beepId = "0190a8a0-0000-7000-8000-00000000beef";
    await t.ctx.db.transaction().execute((tx) =>
      recordEvent(tx, {
        actorId: amos.id,
        verb: "beep.sent",
        objectType: "beep",
        objectId: beepId,
        accountId: anna.accountId,
        payload: { words: "The code is on its way" },
      }),
    );
    await drainJobs(t);

    const [push, ...more] = received(pathOf(annaEndpoint));
    expect(more).toEqual([]);
    if (!push) throw new Error("Anna's device received nothing");
    expect(JSON.parse(decryptPush(push.body, annaKeys).toString())).toEqual({
      title: "Beep!",
      body: "The code is on its way",
      url: `/beeps/${beepId}`,
      tag: `beep:${beepId}`,
    });
    // Amos beeped: nobody is told of their own action.
    expect(received(pathOf(amosEndpoint))).toEqual([]);
  });
});

describe("the web app manifest", () => {
  it("is public and carries the agency's name, colour and an initials icon until a logo is set", async () => {
    const res = await t.app.inject({ method: "GET", url: "/manifest.webmanifest" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/manifest\+json/);
    expect(res.headers["cache-control"]).toBe("public, max-age=300");
    expect(res.json()).toMatchObject({
      name: "Portico",
      short_name: "Portico",
      start_url: "/",
      display: "standalone",
      theme_color: "#4263eb",
      background_color: "#4263eb",
      icons: [
        { src: "/app-icon.svg", sizes: "any", type: "image/svg+xml", purpose: "any" },
        { src: "/app-icon-maskable.svg", sizes: "any", type: "image/svg+xml", purpose: "maskable" },
      ],
    });

    const saved = await admin.inject({
      method: "PATCH",
      url: "/api/admin/settings",
      payload: { agencyName: "Doe & Bakery <Web>", accentColor: "#0b7285" },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const branded = (await t.app.inject({ method: "GET", url: "/manifest.webmanifest" })).json();
    expect(branded).toMatchObject({ name: "Doe & Bakery <Web>", theme_color: "#0b7285" });
    const icon = await t.app.inject({ method: "GET", url: "/app-icon.svg" });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers["content-type"]).toMatch(/^image\/svg\+xml/);
    expect(icon.body).toContain('fill="#0b7285"');
    expect(icon.body).toContain(">DB</text>");
    expect(icon.body).not.toContain("<Web>");
    expect((await t.app.inject({ method: "GET", url: "/app-icon-maskable.svg" })).body).not.toContain("rx=");
  });

  it("uses the agency's logo once it has one, keeping the maskable initials icon", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
    const logo = (await upload(admin, "logo.png", png, "image/png")).json().data as { id: string };
    expect((await admin.inject({ method: "PATCH", url: "/api/admin/settings", payload: { logoFileId: logo.id } })).statusCode).toBe(200);
    const manifest = (await t.app.inject({ method: "GET", url: "/manifest.webmanifest" })).json();
    expect(manifest.icons).toEqual([
      { src: `/api/branding/logo/${logo.id}`, sizes: "any", type: "image/png", purpose: "any" },
      { src: "/app-icon-maskable.svg", sizes: "any", type: "image/svg+xml", purpose: "maskable" },
    ]);
  });
});

describe("words", () => {
  it("names a browser from its User-Agent", () => {
    expect(deviceLabel(ANDROID_CHROME)).toBe("Chrome on Android");
    expect(
      deviceLabel(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("Safari on iPhone");
    expect(deviceLabel("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0")).toBe("Firefox on Windows");
    expect(
      deviceLabel(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
      ),
    ).toBe("Edge on Windows");
    expect(
      deviceLabel("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15"),
    ).toBe("Safari on macOS");
    expect(deviceLabel(undefined)).toBe("A web browser");
  });

  it("takes an agency's initials from its first two words", () => {
    expect(initialsOf("Portico")).toBe("P");
    expect(initialsOf("doe bakery & sons")).toBe("DB");
    expect(initialsOf("Ærø Design")).toBe("ÆD");
    expect(initialsOf("!!!")).toBe("?");
  });
});

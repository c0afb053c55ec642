import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ModuleDescriptor } from "../../modules/module";
import { MODULES } from "../../modules/registry";
import { buildAccount, buildUser, login, type Person, type Session, TEST_PASSWORD } from "../../test/factories";
import { createTestApp, drainJobs, lastEmailTo, type TestApp } from "../../test/harness";
import { requireActor } from "../http";

/**
 * Sessions are cached in memory (session-cache.ts); every path that ends a session or changes
 * who someone is must still take effect on that person's very next request — not after the
 * cache's lifetime. Each case first warms the cache with a request, then changes something
 * through the API, then asks again at once. On PostgreSQL the same holds across instances.
 */

/** The actor exactly as the request sees it: no re-read from the database on the way out. */
const whoamiModule: ModuleDescriptor = {
  name: "whoami",
  routes: () => async (app) => {
    app.get("/api/test/whoami", async (request) => {
      const { id, role, accountId, sessionId } = requireActor(request);
      return { id, role, accountId, sessionId };
    });
  },
};
const modules = [...MODULES, whoamiModule];

let t: TestApp;
let admin: Person;
let adminSession: Session;
beforeAll(async () => {
  t = await createTestApp({}, { modules });
  admin = await buildUser(t, { role: "admin" });
  adminSession = await login(t, admin.username);
});
afterAll(() => t.close());

const whoami = (session: Session) => session.inject({ method: "GET", url: "/api/test/whoami" });

/** A warmed-up session: it has been answered from the database once and sits in the cache. */
async function cachedLogin(app: TestApp, person: Person, password = TEST_PASSWORD): Promise<Session> {
  const session = await login(app, person.username, password);
  for (let i = 0; i < 2; i++) expect((await whoami(session)).statusCode).toBe(200);
  return session;
}

const patchUser = (id: string, payload: Record<string, unknown>) =>
  adminSession.inject({ method: "PATCH", url: `/api/admin/users/${id}`, payload });

describe("a cached session, on one instance", () => {
  it("is refused at once after logout", async () => {
    const person = await buildUser(t);
    const session = await cachedLogin(t, person);
    expect((await session.inject({ method: "POST", url: "/api/auth/logout" })).statusCode).toBe(204);
    expect((await whoami(session)).statusCode).toBe(401);
  });

  it("is refused at once after an admin suspends the person", async () => {
    const person = await buildUser(t);
    const session = await cachedLogin(t, person);
    expect((await patchUser(person.id, { status: "suspended" })).statusCode).toBe(200);
    expect((await whoami(session)).statusCode).toBe(401);
  });

  it("is refused at once after an admin changes the person's role", async () => {
    const person = await buildUser(t, { role: "agent" });
    const session = await cachedLogin(t, person);
    expect((await patchUser(person.id, { role: "admin" })).statusCode).toBe(200);
    expect((await whoami(session)).statusCode).toBe(401);
  });

  it("acts for the new account at once after an admin moves a client contact", async () => {
    const person = await buildUser(t);
    const target = await buildAccount(t);
    const session = await cachedLogin(t, person);
    expect((await patchUser(person.id, { accountId: target.id })).statusCode).toBe(200);
    expect((await whoami(session)).json()).toMatchObject({ id: person.id, accountId: target.id });
  });

  it("acts for the surviving account at once after an admin merges the contact's account away", async () => {
    const person = await buildUser(t);
    const into = await buildAccount(t);
    const session = await cachedLogin(t, person);
    const merged = await adminSession.inject({
      method: "POST",
      url: `/api/admin/accounts/${person.accountId}/merge`,
      payload: { intoAccountId: into.id },
    });
    expect(merged.statusCode).toBe(200);
    expect((await whoami(session)).json()).toMatchObject({ id: person.id, accountId: into.id });
  });

  it("ends the person's other sessions at once on a password change, and keeps this one", async () => {
    const person = await buildUser(t);
    const laptop = await cachedLogin(t, person);
    const phone = await cachedLogin(t, person);
    const changed = await laptop.inject({
      method: "POST",
      url: "/api/account/password",
      payload: { currentPassword: TEST_PASSWORD, newPassword: "a different long password" },
    });
    expect(changed.statusCode).toBe(200);
    expect((await whoami(phone)).statusCode).toBe(401);
    expect((await whoami(laptop)).statusCode).toBe(200);
  });

  it("ends every session at once on a password reset", async () => {
    const person = await buildUser(t);
    const session = await cachedLogin(t, person);
    await t.app.inject({ method: "POST", url: "/api/auth/password/forgot", payload: { email: person.email } });
    await drainJobs(t);
    const { token } = await lastEmailTo(t, person.email);
    const reset = await t.app.inject({
      method: "POST",
      url: "/api/auth/password/reset",
      payload: { token, password: "a brand new password" },
    });
    expect(reset.statusCode).toBe(200);
    expect((await whoami(session)).statusCode).toBe(401);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)("a cached session on another instance (PostgreSQL)", () => {
  let b: TestApp;
  beforeAll(async () => {
    b = await createTestApp({}, { sharedDatabaseUrl: t.databaseUrl, modules });
  });
  afterAll(() => b.close());

  /** Instance B's answer, polled: NOTIFY takes a moment to cross, well under a second. */
  const onB = async (session: Session, expected: (status: number, body: { accountId?: string }) => boolean) => {
    const started = Date.now();
    await expect
      .poll(
        async () => {
          const response = await whoami(session);
          return expected(response.statusCode, response.statusCode === 200 ? response.json() : {});
        },
        { timeout: 2000, interval: 25 },
      )
      .toBe(true);
    return Date.now() - started;
  };

  /** A session usable on both instances: the same cookie, cached by B before A changes anything. */
  async function sessionOnBoth(person: Person) {
    const onA = await login(t, person.username);
    const viaB: Session = {
      ...onA,
      inject: (options) => b.app.inject({ ...options, headers: { cookie: onA.cookie, "x-csrf-token": onA.csrf } }),
    };
    for (let i = 0; i < 2; i++) expect((await whoami(viaB)).statusCode).toBe(200);
    return { onA, viaB };
  }

  it("refuses on B within a second a session logged out on A", async () => {
    const { onA, viaB } = await sessionOnBoth(await buildUser(t));
    expect((await onA.inject({ method: "POST", url: "/api/auth/logout" })).statusCode).toBe(204);
    expect(await onB(viaB, (status) => status === 401)).toBeLessThan(1000);
  });

  it("refuses on B within a second a person suspended on A", async () => {
    const person = await buildUser(t);
    const { viaB } = await sessionOnBoth(person);
    expect((await patchUser(person.id, { status: "suspended" })).statusCode).toBe(200);
    expect(await onB(viaB, (status) => status === 401)).toBeLessThan(1000);
  });

  it("acts on B within a second for the account a contact was moved to on A", async () => {
    const person = await buildUser(t);
    const target = await buildAccount(t);
    const { viaB } = await sessionOnBoth(person);
    expect((await patchUser(person.id, { accountId: target.id })).statusCode).toBe(200);
    expect(await onB(viaB, (status, body) => status === 200 && body.accountId === target.id)).toBeLessThan(1000);
    expect(b.ctx.bus.stats.received).toBeGreaterThan(0);
  });
});

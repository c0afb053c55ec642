import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, login, TEST_PASSWORD } from "../../test/factories";
import { createTestApp, drainJobs, lastEmailTo, type TestApp } from "../../test/harness";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const attempt = (username: string, password: string) =>
  t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });

describe("log in", () => {
  it("accepts username or email, case-insensitively, and sets a hardened cookie", async () => {
    const user = await buildUser(t, { username: "casey" });
    for (const name of ["casey", "CASEY", user.email.toUpperCase()]) {
      const response = await attempt(name, TEST_PASSWORD);
      expect(response.statusCode, name).toBe(200);
      const cookie = response.cookies.find((c) => c.name === "portico_session");
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
      expect(cookie?.secure).toBeFalsy();
    }
  });

  it("gives the same answer for an unknown user and a wrong password", async () => {
    await buildUser(t, { username: "known" });
    const unknown = await attempt("nobody-here", "whatever-password");
    const wrong = await attempt("known", "wrong-password");
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.json().error.message).toBe("Incorrect username or password.");
  });

  it("refuses a suspended account only after the right password", async () => {
    await buildUser(t, { username: "sus", status: "suspended" });
    expect((await attempt("sus", "wrong-password")).statusCode).toBe(401);
    const right = await attempt("sus", TEST_PASSWORD);
    expect(right.statusCode).toBe(403);
    expect(right.json().error.message).toMatch(/suspended/);
  });

  it("rate-limits repeated attempts on one username", async () => {
    await buildUser(t, { username: "target" });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      // A forged X-Forwarded-For must not buy fresh attempts (TRUST_PROXY is off by default).
      const response = await t.app.inject({
        method: "POST",
        url: "/api/auth/login",
        headers: { "x-forwarded-for": `203.0.113.${i}` },
        payload: { username: "target", password: `guess-${i}-password` },
      });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    const limited = await attempt("target", TEST_PASSWORD);
    expect(limited.json().error.code).toBe("rate_limited");
  });
});

describe("CSRF", () => {
  it("refuses cookie-authenticated writes without the session's token", async () => {
    const user = await buildUser(t);
    const session = await login(t, user.username);
    const payload = { currentPassword: TEST_PASSWORD, newPassword: "another long password" };
    const missing = await t.app.inject({ method: "POST", url: "/api/account/password", headers: { cookie: session.cookie }, payload });
    expect(missing.statusCode).toBe(403);
    expect(missing.json().error.code).toBe("csrf_failed");
    const other = await login(t, (await buildUser(t)).username);
    const foreign = await t.app.inject({
      method: "POST",
      url: "/api/account/password",
      headers: { cookie: session.cookie, "x-csrf-token": other.csrf },
      payload,
    });
    expect(foreign.statusCode).toBe(403);
    const ok = await session.inject({ method: "POST", url: "/api/account/password", payload });
    expect(ok.statusCode).toBe(200);
  });
});

describe("sessions", () => {
  it("answers 401 without a session and for a forged cookie", async () => {
    expect((await t.app.inject({ method: "GET", url: "/api/dashboard" })).statusCode).toBe(401);
    const forged = await t.app.inject({ method: "GET", url: "/api/dashboard", headers: { cookie: "portico_session=forged" } });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe("authentication_required");
  });

  it("stores only a hash of the session token", async () => {
    const user = await buildUser(t);
    const session = await login(t, user.username);
    const raw = session.cookie.split("=")[1];
    const rows = await t.ctx.db.selectFrom("sessions").select("token_hash").where("user_id", "=", user.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).not.toContain(raw);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("ends a session when it expires", async () => {
    const user = await buildUser(t);
    const session = await login(t, user.username);
    await t.ctx.db.updateTable("sessions").set({ expires_at: "2000-01-01T00:00:00.000Z" }).where("user_id", "=", user.id).execute();
    expect((await session.inject({ method: "GET", url: "/api/dashboard" })).statusCode).toBe(401);
  });
});

describe("forgotten password", () => {
  it("resets by email link and ends every other session", async () => {
    const user = await buildUser(t, { username: "forgetful" });
    const laptop = await login(t, "forgetful");
    const phone = await login(t, "forgetful");
    const sent = await t.app.inject({ method: "POST", url: "/api/auth/password/forgot", payload: { email: user.email } });
    expect(sent.statusCode).toBe(202);
    await drainJobs(t);
    const mail = await lastEmailTo(t, user.email);
    expect(mail.subject).toMatch(/Reset your/);
    expect(mail.link).toMatch(/^http:\/\/portal\.test\/reset-password\?token=/);

    const weak = await t.app.inject({ method: "POST", url: "/api/auth/password/reset", payload: { token: mail.token, password: "short" } });
    expect(weak.statusCode).toBe(400);
    const reset = await t.app.inject({
      method: "POST",
      url: "/api/auth/password/reset",
      payload: { token: mail.token, password: "brand new password" },
    });
    expect(reset.statusCode).toBe(200);
    for (const old of [laptop, phone]) expect((await old.inject({ method: "GET", url: "/api/dashboard" })).statusCode).toBe(401);
    expect((await attempt("forgetful", TEST_PASSWORD)).statusCode).toBe(401);
    await login(t, "forgetful", "brand new password");
    const reuse = await t.app.inject({
      method: "POST",
      url: "/api/auth/password/reset",
      payload: { token: mail.token, password: "yet another password" },
    });
    expect(reuse.statusCode).toBe(410);
  });

  it("answers the same for an unknown email and sends nothing", async () => {
    const before = await t.ctx.db
      .selectFrom("jobs")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const response = await t.app.inject({ method: "POST", url: "/api/auth/password/forgot", payload: { email: "ghost@example.com" } });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ data: { ok: true } });
    const after = await t.ctx.db
      .selectFrom("jobs")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe("forgotten password before activation", () => {
  it("sends a fresh activation link instead of a reset link", async () => {
    const user = await buildUser(t, { username: "never-activated", status: "pending", verified: false });
    await t.app.inject({ method: "POST", url: "/api/auth/password/forgot", payload: { email: user.email } });
    await drainJobs(t);
    const mail = await lastEmailTo(t, user.email);
    expect(mail.subject).toMatch(/^Activate your/);
    const activated = await t.app.inject({ method: "POST", url: "/api/auth/activate", payload: { token: mail.token } });
    expect(activated.json().data.status).toBe("active");
  });
});

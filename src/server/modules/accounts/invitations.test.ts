import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount, buildUser, login, type Session } from "../../test/factories";
import { createTestApp, drainJobs, lastEmailTo, type TestApp } from "../../test/harness";

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t, (await buildUser(t, { role: "admin", name: "Ada Admin" })).username);
});
afterAll(() => t.close());

/** Invites someone as the admin and returns the token from their invitation email. */
async function invite(payload: { email: string; name: string; role: string; accountId?: string }) {
  const response = await admin.inject({ method: "POST", url: "/api/admin/users/invitations", payload });
  expect(response.statusCode, response.body).toBe(201);
  await drainJobs(t);
  const { token } = await lastEmailTo(t, payload.email);
  if (!token) throw new Error(`no token in the invitation to ${payload.email}`);
  return { id: response.json().data.id as string, token };
}

describe("accepting an invitation", () => {
  it("logs the person in, as setup does: the answer carries the session and the cookie works", async () => {
    const account = await buildAccount(t, { name: "Echo Electrics" });
    const { id, token } = await invite({ email: "erin@echo.test", name: "Erin Echo", role: "client", accountId: account.id });
    const accepted = await t.app.inject({
      method: "POST",
      url: "/api/auth/invitation/accept",
      payload: { token, password: "erin password 1", username: "erin" },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const body = accepted.json().data;
    expect(body.user).toMatchObject({ id, username: "erin", role: "client", accountId: account.id, accountName: "Echo Electrics" });
    expect(body.user.lastLoginAt).toEqual(expect.any(String));
    expect(body.csrfToken).toEqual(expect.any(String));
    const cookie = accepted.cookies.find((c) => c.name === "portico_session");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });

    const headers = { cookie: `portico_session=${cookie?.value}` };
    const session = await t.app.inject({ method: "GET", url: "/api/auth/session", headers });
    expect(session.json().data.user).toMatchObject({ id, username: "erin", lastLoginAt: body.user.lastLoginAt });
    expect(session.json().data.csrfToken).toBe(body.csrfToken);
    // The CSRF token from the answer is the session's: a write works at once.
    const write = await t.app.inject({
      method: "POST",
      url: "/api/account/password",
      headers: { ...headers, "x-csrf-token": body.csrfToken },
      payload: { currentPassword: "erin password 1", newPassword: "erin password 2" },
    });
    expect(write.statusCode, write.body).toBe(200);
  });

  it("sets no cookie when the link is spent or the password too weak", async () => {
    const { token } = await invite({ email: "walt@agency.test", name: "Walt Weak", role: "agent" });
    const weak = await t.app.inject({ method: "POST", url: "/api/auth/invitation/accept", payload: { token, password: "short" } });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.field).toBe("password");
    expect(weak.cookies).toEqual([]);
    const ok = await t.app.inject({ method: "POST", url: "/api/auth/invitation/accept", payload: { token, password: "walt password 1" } });
    expect(ok.statusCode).toBe(200);
    const again = await t.app.inject({
      method: "POST",
      url: "/api/auth/invitation/accept",
      payload: { token, password: "walt password 2" },
    });
    expect(again.statusCode).toBe(410);
    expect(again.cookies).toEqual([]);
  });
});

describe("last log-in", () => {
  it("is recorded at every log-in and returned in the session answer", async () => {
    const user = await buildUser(t);
    const session = await login(t, user.username);
    const me = (await session.inject({ method: "GET", url: "/api/auth/session" })).json().data.user;
    expect(me.lastLoginAt).toEqual(expect.any(String));
    const row = await t.ctx.db.selectFrom("users").select("last_login_at").where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.last_login_at).toBe(me.lastLoginAt);
    const listed = (await admin.inject({ method: "GET", url: `/api/admin/users?q=${user.username}` })).json().data;
    expect(listed).toMatchObject([{ id: user.id, lastLoginAt: me.lastLoginAt }]);
  });
});

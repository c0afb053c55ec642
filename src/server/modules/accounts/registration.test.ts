import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, login } from "../../test/factories";
import { createTestApp, drainJobs, lastEmailTo, type TestApp } from "../../test/harness";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const registration = (overrides: Record<string, unknown> = {}) => ({
  email: "Jane.Doe@Example.com",
  username: "JaneDoe",
  name: "Jane Doe",
  phone: "+61 8 9468 8967",
  company: "Doe Bakery",
  password: "a long enough password",
  ...overrides,
});

async function countRows(table: "users" | "client_accounts" | "jobs") {
  const row = await t.ctx.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe("register → activate → log in → log out", () => {
  it("walks a new client from registration to their dashboard", async () => {
    const registered = await t.app.inject({ method: "POST", url: "/api/auth/register", payload: registration() });
    expect(registered.statusCode).toBe(201);
    expect(registered.json().data.email).toBe("jane.doe@example.com");

    // Not active yet: the right password is told why it cannot enter.
    const early = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "janedoe", password: "a long enough password" },
    });
    expect(early.statusCode).toBe(403);
    expect(early.json().error.message).toMatch(/not activated/);

    await drainJobs(t);
    const mail = await lastEmailTo(t, "jane.doe@example.com");
    expect(mail.subject).toBe("Activate your Portico account");
    expect(mail.link).toMatch(/^http:\/\/portal\.test\/activate\?token=/);
    expect(mail.html_body).toContain("Activate your account");

    // Opening the link (a GET) only inspects the token: mail scanners must not activate.
    const inspect1 = await t.app.inject({ method: "GET", url: `/api/auth/tokens?kind=activation&token=${mail.token}` });
    const inspect2 = await t.app.inject({ method: "GET", url: `/api/auth/tokens?kind=activation&token=${mail.token}` });
    expect(inspect1.json().data).toMatchObject({ valid: true, email: "jane.doe@example.com", name: "Jane Doe" });
    expect(inspect2.json().data.valid).toBe(true);

    const activated = await t.app.inject({ method: "POST", url: "/api/auth/activate", payload: { token: mail.token } });
    expect(activated.json()).toEqual({ data: { status: "active" } });
    const again = await t.app.inject({ method: "POST", url: "/api/auth/activate", payload: { token: mail.token } });
    expect(again.statusCode).toBe(410);

    const session = await login(t, "jane.doe@example.com", "a long enough password");
    const me = await session.inject({ method: "GET", url: "/api/auth/session" });
    expect(me.json().data.user).toMatchObject({ username: "janedoe", role: "client", accountName: "Doe Bakery" });
    const dashboard = await session.inject({ method: "GET", url: "/api/dashboard" });
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.json().data.account.name).toBe("Doe Bakery");
    expect(dashboard.json().data.recentActivity.map((e: { verb: string }) => e.verb)).toContain("user.activated");

    const out = await session.inject({ method: "POST", url: "/api/auth/logout" });
    expect(out.statusCode).toBe(204);
    // The old cookie is dead server-side, not just cleared in the browser.
    const after = await t.app.inject({ method: "GET", url: "/api/dashboard", headers: { cookie: session.cookie } });
    expect(after.statusCode).toBe(401);
  });

  it("names the field at fault and writes nothing on bad input", async () => {
    const before = await Promise.all([countRows("users"), countRows("client_accounts"), countRows("jobs")]);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ email: "not-an-email" }, "email", /valid email/],
      [{ username: "a b" }, "username", /letters, digits/],
      [{ username: "ab" }, "username", /at least 3/],
      [{ password: "short" }, "password", /at least 10/],
      [{ password: "aaaaaaaaaaaa" }, "password", /repeated/],
      [{ phone: "call me maybe" }, "phone", /Digits/],
      [{ name: undefined }, "name", /required/],
    ];
    for (const [override, field, message] of cases) {
      const response = await t.app.inject({
        method: "POST",
        url: "/api/auth/register",
        payload: registration({ email: "other@example.com", username: "other", ...override }),
      });
      expect(response.statusCode, JSON.stringify(override)).toBe(400);
      expect(response.json().error).toMatchObject({ code: "validation_error", field });
      expect(response.json().error.message).toMatch(message);
    }
    expect(await Promise.all([countRows("users"), countRows("client_accounts"), countRows("jobs")])).toEqual(before);
  });

  it("refuses a taken email or username with 409 and leaves no orphan account", async () => {
    const existing = await buildUser(t, { username: "taken-name" });
    const accounts = await countRows("client_accounts");
    const byEmail = await t.app.inject({
      method: "POST",
      url: "/api/auth/register",
      payload: registration({ email: existing.email, username: "fresh-name" }),
    });
    expect(byEmail.statusCode).toBe(409);
    expect(byEmail.json().error.field).toBe("email");
    const byUsername = await t.app.inject({
      method: "POST",
      url: "/api/auth/register",
      payload: registration({ email: "fresh@example.com", username: "Taken-Name" }),
    });
    expect(byUsername.statusCode).toBe(409);
    expect(byUsername.json().error.field).toBe("username");
    expect(await countRows("client_accounts")).toBe(accounts);
  });
});

describe("admin approval of new registrations", () => {
  it("keeps an activated client waiting until an admin approves, then emails them", async () => {
    const admin = await buildUser(t, { role: "admin" });
    const adminSession = await login(t, admin.username);
    const setting = await adminSession.inject({ method: "PATCH", url: "/api/admin/settings", payload: { requireApproval: true } });
    expect(setting.json().data.requireApproval).toBe(true);

    await t.app.inject({
      method: "POST",
      url: "/api/auth/register",
      payload: registration({ email: "wait@example.com", username: "waiting" }),
    });
    await drainJobs(t);
    const { token } = await lastEmailTo(t, "wait@example.com");
    const activated = await t.app.inject({ method: "POST", url: "/api/auth/activate", payload: { token } });
    expect(activated.json().data.status).toBe("awaiting_approval");
    await drainJobs(t);
    expect((await lastEmailTo(t, admin.email)).subject).toMatch(/awaits approval: Jane Doe/);

    const denied = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "waiting", password: "a long enough password" },
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.message).toMatch(/awaits approval/);

    const list = await adminSession.inject({ method: "GET", url: "/api/admin/users?state=awaiting_approval" });
    const waiting = list.json().data.find((u: { username: string }) => u.username === "waiting");
    expect(waiting.state).toBe("awaiting_approval");
    const approved = await adminSession.inject({ method: "PATCH", url: `/api/admin/users/${waiting.id}`, payload: { status: "active" } });
    expect(approved.json().data.state).toBe("active");
    await drainJobs(t);
    expect((await lastEmailTo(t, "wait@example.com")).subject).toMatch(/is approved/);
    await login(t, "waiting", "a long enough password");

    await adminSession.inject({ method: "PATCH", url: "/api/admin/settings", payload: { requireApproval: false } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveSettings } from "../../platform/settings";
import { buildAccount, buildUser, login } from "../../test/factories";
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

const placeRegistrations = (registrationPlacement: "agency" | "domain" | "own") => saveSettings(t.ctx.db, { registrationPlacement });

describe("register → activate → log in → log out", () => {
  it("walks a new client from registration to their dashboard", async () => {
    // Registrations get an account of their own here; the default (the agency places them) is below.
    await placeRegistrations("own");
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
    // "Recent activity" is work on tickets and requests, not account lines like "Account activated".
    expect(dashboard.json().data.recentActivity.map((e: { verb: string }) => e.verb)).not.toContain("user.activated");

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

    await placeRegistrations("own");
    await t.app.inject({
      method: "POST",
      url: "/api/auth/register",
      payload: registration({ email: "wait@example.com", username: "waiting", company: "Waiting Co" }),
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

describe("where a registration lands (Settings → New registrations)", () => {
  let adminSession: Awaited<ReturnType<typeof login>>;
  beforeAll(async () => {
    adminSession = await login(t, (await buildUser(t, { role: "admin" })).username);
  });

  /** Registers and activates someone; returns their user as the admin's list shows it. */
  async function registerAndActivate(email: string, company: string) {
    const username = email.split("@")[0]?.replace(/[^a-z0-9]/g, "") ?? "someone";
    const registered = await t.app.inject({
      method: "POST",
      url: "/api/auth/register",
      payload: registration({ email, username, company }),
    });
    expect(registered.statusCode, registered.body).toBe(201);
    await drainJobs(t);
    const { token } = await lastEmailTo(t, email);
    const activated = await t.app.inject({ method: "POST", url: "/api/auth/activate", payload: { token } });
    const list = await adminSession.inject({ method: "GET", url: `/api/admin/users?q=${encodeURIComponent(email)}` });
    const user = list.json().data[0] as {
      id: string;
      accountId: string | null;
      accountName: string | null;
      company: string | null;
      state: string;
    };
    return { status: activated.json().data.status as string, user };
  }

  it("by default waits for the agency to place them, even with a customer's exact company name", async () => {
    await placeRegistrations("agency");
    const existing = await buildAccount(t, { name: "Acme Roofing" });
    const contactsBefore = (await adminSession.inject({ method: "GET", url: `/api/accounts/${existing.id}` })).json().data.contacts.length;
    const { status, user } = await registerAndActivate("mallory@acme-roofing.test", "ACME  roofing");
    expect(status).toBe("awaiting_approval");
    expect(user).toMatchObject({ accountId: null, company: "ACME  roofing", state: "awaiting_approval" });
    // Nobody joined Acme's account, and no second "Acme Roofing" appeared.
    expect((await adminSession.inject({ method: "GET", url: `/api/accounts/${existing.id}` })).json().data.contacts).toHaveLength(
      contactsBefore,
    );
    const accounts = (await adminSession.inject({ method: "GET", url: "/api/accounts?q=acme" })).json().data as { name: string }[];
    expect(accounts.map((a) => a.name)).toEqual(["Acme Roofing"]);
    await drainJobs(t);
    const toAdmin = await t.ctx.db.selectFrom("mailbox").select(["subject", "text_body"]).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(toAdmin.subject).toMatch(/awaits placement/);
    expect(toAdmin.text_body).toContain("Place them in their company's client account");

    // Approving without an account is refused; placing them in the account and approving lets them in.
    const unplaced = await adminSession.inject({ method: "PATCH", url: `/api/admin/users/${user.id}`, payload: { status: "active" } });
    expect(unplaced.statusCode).toBe(400);
    expect(unplaced.json().error.field).toBe("accountId");
    const placed = await adminSession.inject({
      method: "PATCH",
      url: `/api/admin/users/${user.id}`,
      payload: { status: "active", accountId: existing.id },
    });
    expect(placed.statusCode, placed.body).toBe(200);
    expect(placed.json().data).toMatchObject({ state: "active", accountId: existing.id, accountName: "Acme Roofing" });
    const session = await login(t, "mallory@acme-roofing.test", "a long enough password");
    expect((await session.inject({ method: "GET", url: "/api/dashboard" })).json().data.account.name).toBe("Acme Roofing");
  });

  it("lets the admin create the registrant's account in the same step, and refuses a name already taken", async () => {
    await placeRegistrations("agency");
    const { user } = await registerAndActivate("new@brand-new.test", "Brand New Ltd");
    const taken = await adminSession.inject({
      method: "PATCH",
      url: `/api/admin/users/${user.id}`,
      payload: { status: "active", newAccountName: "acme roofing" },
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.message).toMatch(/“Acme Roofing” already exists/);
    const created = await adminSession.inject({
      method: "PATCH",
      url: `/api/admin/users/${user.id}`,
      payload: { status: "active", newAccountName: "Brand New Ltd" },
    });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json().data).toMatchObject({ state: "active", accountName: "Brand New Ltd" });
  });

  it("joins the account listing the email's domain, and waits when none does", async () => {
    await placeRegistrations("domain");
    const account = await adminSession.inject({
      method: "POST",
      url: "/api/admin/accounts",
      payload: { name: "Doe Plumbing", domains: ["@DoePlumbing.test"] },
    });
    expect(account.statusCode, account.body).toBe(201);
    expect(account.json().data.domains).toEqual(["doeplumbing.test"]);
    const joined = await registerAndActivate("pat@doeplumbing.test", "Doe Plumbing");
    expect(joined.status).toBe("active");
    expect(joined.user).toMatchObject({ accountId: account.json().data.id, state: "active" });
    const stranger = await registerAndActivate("sam@elsewhere.test", "Doe Plumbing");
    expect(stranger.status).toBe("awaiting_approval");
    expect(stranger.user.accountId).toBeNull();
  });

  it("creates their own account when so set, but never a second account of the same name", async () => {
    await placeRegistrations("own");
    const own = await registerAndActivate("kim@kims-cafe.test", "Kim's Café");
    expect(own.user.accountName).toBe("Kim's Café");
    const copy = await registerAndActivate("lee@other.test", "  KIM'S   café ");
    expect(copy.status).toBe("awaiting_approval");
    expect(copy.user.accountId).toBeNull();
    await placeRegistrations("agency");
  });
});

describe("client account names and domains", () => {
  let adminSession: Awaited<ReturnType<typeof login>>;
  beforeAll(async () => {
    adminSession = await login(t, (await buildUser(t, { role: "admin" })).username);
  });
  const create = (payload: Record<string, unknown>) => adminSession.inject({ method: "POST", url: "/api/admin/accounts", payload });

  it("keeps company names unique whatever their case or spacing, on create and rename", async () => {
    expect((await create({ name: "Unique Bakes" })).statusCode).toBe(201);
    const again = await create({ name: "  unique   BAKES " });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ field: "name" });
    expect(again.json().error.message).toMatch(/“Unique Bakes” already exists/);
    const other = (await create({ name: "Other Bakes" })).json().data;
    const rename = await adminSession.inject({
      method: "PATCH",
      url: `/api/admin/accounts/${other.id}`,
      payload: { name: "UNIQUE bakes" },
    });
    expect(rename.statusCode).toBe(409);
    // Renaming an account to its own name in another case is not a clash.
    const recase = await adminSession.inject({ method: "PATCH", url: `/api/admin/accounts/${other.id}`, payload: { name: "Other BAKES" } });
    expect(recase.statusCode, recase.body).toBe(200);
  });

  it("refuses free-mail domains, malformed domains and a domain another account lists, naming the field", async () => {
    const cases: [unknown[], number, RegExp][] = [
      [["gmail.com"], 400, /free email provider/],
      [["not a domain"], 400, /not an email domain/],
      [["doeplumbing.test"], 409, /already places registrations in “Doe Plumbing”/],
    ];
    for (const [domains, status, message] of cases) {
      const response = await create({ name: `Domains ${status} ${String(domains[0])}`, domains });
      expect(response.statusCode, JSON.stringify(domains)).toBe(status);
      expect(response.json().error.field).toBe("domains");
      expect(response.json().error.message).toMatch(message);
    }
  });
});

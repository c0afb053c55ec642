import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAccount, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, drainJobs, lastEmailTo, type TestApp } from "../../test/harness";

let t: TestApp;
let admin: Person;
let adminSession: Session;
beforeAll(async () => {
  t = await createTestApp();
  admin = await buildUser(t, { role: "admin", name: "Ada Admin" });
  adminSession = await login(t, admin.username);
});
afterAll(() => t.close());

async function eventsFor(objectId: string) {
  return t.ctx.db.selectFrom("events").selectAll().where("object_id", "=", objectId).orderBy("id").execute();
}

describe("invitations", () => {
  it("invites an agent who sets a password and logs in", async () => {
    const invited = await adminSession.inject({
      method: "POST",
      url: "/api/admin/users/invitations",
      payload: { email: "Alex.Agent@agency.test", name: "Alex Agent", role: "agent" },
    });
    expect(invited.statusCode).toBe(201);
    const user = invited.json().data;
    expect(user).toMatchObject({ email: "alex.agent@agency.test", username: "alex.agent", role: "agent", state: "invited" });

    await drainJobs(t);
    const mail = await lastEmailTo(t, "alex.agent@agency.test");
    expect(mail.subject).toMatch(/invited/);
    expect(mail.text_body).toContain("Ada Admin invited you");
    expect(mail.link).toMatch(/^http:\/\/portal\.test\/invitation\?token=/);

    const inspect = await t.app.inject({ method: "GET", url: `/api/auth/tokens?kind=invitation&token=${mail.token}` });
    expect(inspect.json().data).toMatchObject({ valid: true, username: "alex.agent", name: "Alex Agent" });
    const accepted = await t.app.inject({
      method: "POST",
      url: "/api/auth/invitation/accept",
      payload: { token: mail.token, password: "agent password 1", username: "alex" },
    });
    expect(accepted.statusCode).toBe(200);
    const session = await login(t, "alex", "agent password 1");
    expect((await session.inject({ method: "GET", url: "/api/auth/session" })).json().data.user.role).toBe("agent");

    const verbs = (await eventsFor(user.id)).map((e) => e.verb);
    expect(verbs).toEqual(["user.invited", "user.invitation_accepted"]);
    const invitedEvent = (await eventsFor(user.id))[0]!;
    expect(invitedEvent.actor_id).toBe(admin.id);
  });

  it("requires a client account for a client and refuses one for staff", async () => {
    const noAccount = await adminSession.inject({
      method: "POST",
      url: "/api/admin/users/invitations",
      payload: { email: "c@x.test", name: "C", role: "client" },
    });
    expect(noAccount.statusCode).toBe(400);
    expect(noAccount.json().error.field).toBe("accountId");
    const account = await buildAccount(t);
    const staffWithAccount = await adminSession.inject({
      method: "POST",
      url: "/api/admin/users/invitations",
      payload: { email: "s@x.test", name: "S", role: "agent", accountId: account.id },
    });
    expect(staffWithAccount.statusCode).toBe(400);
    const ok = await adminSession.inject({
      method: "POST",
      url: "/api/admin/users/invitations",
      payload: { email: "c@x.test", name: "C", role: "client", accountId: account.id },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().data.accountId).toBe(account.id);
  });

  it("resends an invitation and the old link stops working", async () => {
    const invited = await adminSession.inject({
      method: "POST",
      url: "/api/admin/users/invitations",
      payload: { email: "late@x.test", name: "Late", role: "agent" },
    });
    await drainJobs(t);
    const first = await lastEmailTo(t, "late@x.test");
    await adminSession.inject({ method: "POST", url: `/api/admin/users/${invited.json().data.id}/invitation` });
    await drainJobs(t);
    const second = await lastEmailTo(t, "late@x.test");
    expect(second.token).not.toBe(first.token);
    const old = await t.app.inject({
      method: "POST",
      url: "/api/auth/invitation/accept",
      payload: { token: first.token, password: "late password 1" },
    });
    expect(old.statusCode).toBe(410);
    const fresh = await t.app.inject({
      method: "POST",
      url: "/api/auth/invitation/accept",
      payload: { token: second.token, password: "late password 1" },
    });
    expect(fresh.statusCode).toBe(200);
  });
});

describe("suspend, reactivate, change role", () => {
  it("suspending ends the person's sessions; reactivating lets them back in", async () => {
    const agent = await buildUser(t, { role: "agent" });
    const agentSession = await login(t, agent.username);
    const suspended = await adminSession.inject({ method: "PATCH", url: `/api/admin/users/${agent.id}`, payload: { status: "suspended" } });
    expect(suspended.json().data.state).toBe("suspended");
    expect((await agentSession.inject({ method: "GET", url: "/api/dashboard" })).statusCode).toBe(401);
    const reactivated = await adminSession.inject({ method: "PATCH", url: `/api/admin/users/${agent.id}`, payload: { status: "active" } });
    expect(reactivated.json().data.state).toBe("active");
    await login(t, agent.username);
    expect((await eventsFor(agent.id)).map((e) => e.verb)).toEqual(["user.suspended", "user.reactivated"]);
  });

  it("changes a role and records who changed what", async () => {
    const agent = await buildUser(t, { role: "agent" });
    const promoted = await adminSession.inject({ method: "PATCH", url: `/api/admin/users/${agent.id}`, payload: { role: "admin" } });
    expect(promoted.json().data.role).toBe("admin");
    const event = (await eventsFor(agent.id))[0]!;
    expect(event.actor_id).toBe(admin.id);
    expect(JSON.parse(event.payload).changes.role).toEqual({ from: "agent", to: "admin" });
    const toClient = await adminSession.inject({ method: "PATCH", url: `/api/admin/users/${agent.id}`, payload: { role: "client" } });
    expect(toClient.statusCode).toBe(400);
    expect(toClient.json().error.field).toBe("accountId");
  });

  it("never lets the agency lock itself out", async () => {
    const self = await adminSession.inject({ method: "PATCH", url: `/api/admin/users/${admin.id}`, payload: { status: "suspended" } });
    expect(self.statusCode).toBe(403);
    const selfRole = await adminSession.inject({ method: "PATCH", url: `/api/admin/users/${admin.id}`, payload: { role: "agent" } });
    expect(selfRole.statusCode).toBe(403);
  });
});

describe("admin-only endpoints", () => {
  it("answer 403 to agents and clients and 401 to visitors", async () => {
    const agentSession = await login(t, (await buildUser(t, { role: "agent" })).username);
    const clientSession = await login(t, (await buildUser(t)).username);
    const anyId = admin.id;
    const endpoints: [string, string, unknown?][] = [
      ["GET", "/api/admin/users"],
      ["POST", "/api/admin/users/invitations", { email: "z@z.test", name: "Z", role: "agent" }],
      ["PATCH", `/api/admin/users/${anyId}`, { role: "agent" }],
      ["POST", `/api/admin/users/${anyId}/invitation`],
      ["GET", "/api/admin/settings"],
      ["PATCH", "/api/admin/settings", { requireApproval: true }],
      ["GET", "/api/admin/mailbox"],
      ["GET", "/api/admin/events"],
      ["POST", "/api/admin/accounts", { name: "X" }],
    ];
    for (const [method, url, payload] of endpoints) {
      for (const session of [agentSession, clientSession]) {
        const response = await session.inject({ method: method as "GET", url, payload: payload as object });
        expect(response.statusCode, `${method} ${url}`).toBe(403);
      }
      const anonymous = await t.app.inject({ method: method as "GET", url, payload: payload as object });
      expect(anonymous.statusCode, `${method} ${url}`).toBe(401);
    }
    const settings = await adminSession.inject({ method: "GET", url: "/api/admin/settings" });
    expect(settings.json().data.requireApproval).toBe(false);
  });
});

describe("audit log and mailbox", () => {
  it("lists what admins changed, newest first, and the mail the portal sent", async () => {
    await adminSession.inject({ method: "PATCH", url: "/api/admin/settings", payload: { agencyName: "WP Xpress" } });
    const events = await adminSession.inject({ method: "GET", url: "/api/admin/events?verb=settings" });
    const [latest] = events.json().data;
    expect(latest).toMatchObject({ verb: "settings.updated", actor: { id: admin.id, name: "Ada Admin" } });
    expect(latest.payload.after.agencyName).toBe("WP Xpress");

    await adminSession.inject({
      method: "POST",
      url: "/api/admin/users/invitations",
      payload: { email: "mailbox@x.test", name: "M", role: "agent" },
    });
    await drainJobs(t);
    const list = await adminSession.inject({ method: "GET", url: "/api/admin/mailbox?to=mailbox@" });
    expect(list.json().data).toHaveLength(1);
    expect(list.json().data[0].subject).toBe("You are invited to the WP Xpress client portal");
    const mail = await adminSession.inject({ method: "GET", url: `/api/admin/mailbox/${list.json().data[0].id}` });
    expect(mail.json().data.text).toContain("http://portal.test/invitation?token=");
  });
});

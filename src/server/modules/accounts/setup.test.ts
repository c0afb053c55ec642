import { describe, expect, it } from "vitest";
import { createTestApp } from "../../test/harness";
import { ensureFirstAdmin } from "./setup";

describe("first admin", () => {
  it("is created from ADMIN_EMAIL and ADMIN_PASSWORD on an empty database, once", async () => {
    const t = await createTestApp({ ADMIN_EMAIL: "Boss@Agency.test", ADMIN_PASSWORD: "first admin password" });
    try {
      expect(await ensureFirstAdmin(t.ctx)).toBeUndefined();
      expect(await ensureFirstAdmin(t.ctx)).toBeUndefined();
      const admins = await t.ctx.db.selectFrom("users").selectAll().where("role", "=", "admin").execute();
      expect(admins).toHaveLength(1);
      expect(admins[0]).toMatchObject({ email: "boss@agency.test", status: "active" });
      const login = await t.app.inject({
        method: "POST",
        url: "/api/auth/login",
        payload: { username: "boss@agency.test", password: "first admin password" },
      });
      expect(login.statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it("otherwise comes from a one-time setup link that stops working once used", async () => {
    const t = await createTestApp();
    try {
      const session = await t.app.inject({ method: "GET", url: "/api/auth/session" });
      expect(session.json().data.setupRequired).toBe(true);
      const link = await ensureFirstAdmin(t.ctx);
      expect(link).toMatch(/^http:\/\/portal\.test\/setup\?token=/);
      const token = new URL(link as string).searchParams.get("token");
      const payload = { token, email: "owner@agency.test", username: "owner", name: "Olive Owner", password: "owner password 1" };

      const wrong = await t.app.inject({ method: "POST", url: "/api/setup", payload: { ...payload, token: "x".repeat(43) } });
      expect(wrong.statusCode).toBe(410);
      const done = await t.app.inject({ method: "POST", url: "/api/setup", payload });
      expect(done.statusCode).toBe(200);
      expect(done.json().data.user).toMatchObject({ role: "admin", username: "owner" });
      expect(done.cookies.some((c) => c.name === "portico_session")).toBe(true);
      // Setup is the first admin's first log-in: their own row must not say "Never".
      const owner = await t.ctx.db.selectFrom("users").select("last_login_at").where("username", "=", "owner").executeTakeFirstOrThrow();
      expect(owner.last_login_at).toBe(done.json().data.user.lastLoginAt);
      expect(owner.last_login_at).toEqual(expect.any(String));

      const again = await t.app.inject({
        method: "POST",
        url: "/api/setup",
        payload: { ...payload, email: "intruder@x.test", username: "intruder" },
      });
      expect(again.statusCode).toBe(410);
      expect((await t.app.inject({ method: "GET", url: "/api/auth/session" })).json().data.setupRequired).toBe(false);
      expect(await ensureFirstAdmin(t.ctx)).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});

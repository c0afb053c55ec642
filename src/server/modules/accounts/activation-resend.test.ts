import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser } from "../../test/factories";
import { createTestApp, drainJobs, lastEmailTo, type TestApp } from "../../test/harness";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

let ip = 0;
/** Each test asks from its own address, so the per-address rate limit of one test leaves the others alone. */
const nextIp = () => `198.51.100.${++ip}`;

const resend = (email: string, remoteAddress: string) =>
  t.app.inject({ method: "POST", url: "/api/auth/activation/resend", payload: { email }, remoteAddress });

async function register(email: string, username: string) {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/auth/register",
    payload: { email, username, name: "Rita Resend", phone: "+61 8 9468 8967", password: "a long enough password" },
    remoteAddress: nextIp(),
  });
  expect(response.statusCode, response.body).toBe(201);
  await drainJobs(t);
  return lastEmailTo(t, email);
}

/** As if every activation link to this person went out `ms` ago. */
async function age(email: string, ms: number) {
  const user = await t.ctx.db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
  await t.ctx.db
    .updateTable("one_time_tokens")
    .set({ created_at: new Date(Date.now() - ms).toISOString() })
    .where("user_id", "=", user.id)
    .where("kind", "=", "activation")
    .execute();
}

async function mailCount(to?: string) {
  await drainJobs(t);
  let query = t.ctx.db.selectFrom("mailbox").select((eb) => eb.fn.countAll<number>().as("n"));
  if (to) query = query.where("to_address", "=", to);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

describe("POST /api/auth/activation/resend", () => {
  it("emails a new link that works, and the old one stops working", async () => {
    const first = await register("rita@example.com", "rita");
    await age("rita@example.com", 2 * 60_000);
    const response = await resend("RITA@example.com", nextIp());
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ data: { ok: true } });
    await drainJobs(t);
    const second = await lastEmailTo(t, "rita@example.com");
    expect(second.subject).toBe(first.subject);
    expect(second.token).toBeDefined();
    expect(second.token).not.toBe(first.token);

    const old = await t.app.inject({ method: "POST", url: "/api/auth/activate", payload: { token: first.token } });
    expect(old.statusCode).toBe(410);
    expect(old.json().error.code).toBe("invalid_token");
    const fresh = await t.app.inject({ method: "POST", url: "/api/auth/activate", payload: { token: second.token } });
    expect(fresh.statusCode, fresh.body).toBe(200);
  });

  it("answers an unknown address exactly as a known one, and sends nothing", async () => {
    const before = await mailCount();
    const unknown = await resend("nobody@example.com", nextIp());
    expect(unknown.statusCode).toBe(202);
    expect(await mailCount()).toBe(before);
    const waiting = await buildUser(t, { status: "pending", verified: false });
    const known = await resend(waiting.email, nextIp());
    expect(known.statusCode).toBe(202);
    expect(await mailCount(waiting.email)).toBe(1);
    expect(unknown.body).toBe(known.body);
    expect(unknown.headers["content-type"]).toBe(known.headers["content-type"]);
  });

  it("sends nothing to someone already active or only invited", async () => {
    const active = await buildUser(t);
    const invited = await buildUser(t, { role: "agent", status: "pending", verified: false });
    await t.ctx.db.updateTable("users").set({ password_hash: null }).where("id", "=", invited.id).execute();
    for (const email of [active.email, invited.email]) {
      expect((await resend(email, nextIp())).statusCode).toBe(202);
      expect(await mailCount(email)).toBe(0);
    }
  });

  it("sends at most one email per address a minute, and the link already sent keeps working", async () => {
    await register("quick@example.com", "quick");
    // Right after registering: the registration email is under a minute old.
    expect((await resend("quick@example.com", nextIp())).statusCode).toBe(202);
    expect(await mailCount("quick@example.com")).toBe(1);

    await age("quick@example.com", 2 * 60_000);
    expect((await resend("quick@example.com", nextIp())).statusCode).toBe(202);
    expect(await mailCount("quick@example.com")).toBe(2);
    const sent = await lastEmailTo(t, "quick@example.com");
    // A second press within the minute, even from another address, sends no second email.
    expect((await resend("quick@example.com", nextIp())).statusCode).toBe(202);
    expect(await mailCount("quick@example.com")).toBe(2);
    const activated = await t.app.inject({ method: "POST", url: "/api/auth/activate", payload: { token: sent.token } });
    expect(activated.statusCode, activated.body).toBe(200);
  });

  it("is rate-limited per address with a 429 that says when to try again", async () => {
    const from = nextIp();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await resend(`someone${i}@example.com`, from)).statusCode);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    const limited = await resend("someone@example.com", from);
    expect(limited.json().error.code).toBe("rate_limited");
    expect(limited.json().error.message).toMatch(/^Too many attempts/);
  });

  it("names the field when the email is malformed", async () => {
    const response = await resend("not-an-email", nextIp());
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: "validation_error", field: "email" });
  });
});

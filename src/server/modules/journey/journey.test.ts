import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventVerb } from "../../../common/events";
import type { TClientJourney, TJourneyStep } from "../../../common/journey";
import { recordEvent } from "../../platform/events";
import { newId } from "../../platform/ids";
import { assignAgent, buildAccount, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, type TestApp } from "../../test/harness";

let t: TestApp;
let accountA: { id: string };
let accountB: { id: string };
let anna: Person;
let clientA: Session;
let clientB: Session;
let agentA: Session;
let agentOther: Session;
let admin: Session;

const journeyOf = async (s: Session, accountId?: string): Promise<TClientJourney> => {
  const r = await s.inject({ method: "GET", url: accountId ? `/api/accounts/${accountId}/journey` : "/api/journey" });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().data;
};
const states = (j: TClientJourney) => j.steps.map((s) => `${s.label} ${s.title}: ${s.state}`);
const adminSteps = async (): Promise<TJourneyStep[]> =>
  (await admin.inject({ method: "GET", url: "/api/admin/journey-steps" })).json().data;

/**
 * What the onboarding module leaves when an agent approves a form: the submission approved, and
 * its event (written here directly so the journey is tested on its own).
 */
async function approveOnboarding(accountId: string) {
  const db = t.ctx.db;
  const form = await db.selectFrom("onboarding_forms").select("id").where("is_default", "=", 1).executeTakeFirstOrThrow();
  const version = await db
    .selectFrom("onboarding_form_versions")
    .select(["id", "version"])
    .where("form_id", "=", form.id)
    .executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const submissionId = newId();
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto("onboarding_submissions")
      .values({
        id: submissionId,
        account_id: accountId,
        form_id: form.id,
        form_version_id: version.id,
        form_version: version.version,
        status: "approved",
        answers: "{}",
        revision: 2,
        saved_at: now,
        round_count: 1,
        shared_at: now,
        shared_by: null,
        submitted_at: now,
        approved_at: now,
        updated_at: now,
      })
      .execute();
    await recordEvent(tx, {
      actorId: null,
      verb: "onboarding.approved" as EventVerb,
      objectType: "onboarding_submission",
      objectId: submissionId,
      accountId,
      payload: { submissionId, formName: "Client onboarding", round: 1 } as never,
    });
  });
}

beforeAll(async () => {
  t = await createTestApp();
  accountA = await buildAccount(t, { name: "Alpha Plumbing" });
  accountB = await buildAccount(t, { name: "Bravo Bakery" });
  anna = await buildUser(t, { accountId: accountA.id, name: "Anna Alpha" });
  const bob = await buildUser(t, { accountId: accountB.id, name: "Bob Bravo" });
  clientA = await login(t, anna.username);
  clientB = await login(t, bob.username);
  const agent = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  await assignAgent(t, accountA.id, agent.id);
  agentA = await login(t, agent.username);
  agentOther = await login(t, (await buildUser(t, { role: "agent" })).username);
  admin = await login(t, (await buildUser(t, { role: "admin" })).username);
});
afterAll(() => t.close());

describe("the seeded steps", () => {
  it("are the seed's three, in its words and order, the last one ongoing", async () => {
    const steps = await adminSteps();
    expect(steps.map((s) => [s.title, s.rule, s.actionPath, s.builtIn])).toEqual([
      ["Create your account", "account_active", null, true],
      ["Complete onboarding", "onboarding_approved", "/onboarding", true],
      ["Stay active in your dashboard", "ongoing", "/updates", true],
    ]);
    expect(steps[0]?.body).toMatch(/^Register with your correct email/);
    const j = await journeyOf(clientA);
    expect(states(j)).toEqual([
      "Step 1 Create your account: done",
      "Step 2 Complete onboarding: current",
      "Step 3+ Stay active in your dashboard: upcoming",
    ]);
    expect(j.next).toMatchObject({ actionLabel: "Open the onboarding form", actionPath: "/onboarding" });
    expect(j.next.text).toMatch(/onboarding form/);
  });
});

describe("automatic completion", () => {
  it("activating a client user does step 1; an approved onboarding does step 2; the client is then on Step 3+", async () => {
    const account = await buildAccount(t, { name: "Charlie Cafe" });
    const before = await journeyOf(admin, account.id);
    expect(before.steps[0]?.state).toBe("current");
    expect(before.next.text).toMatch(/activate their login/);

    const pending = await buildUser(t, { accountId: account.id, status: "pending" });
    expect((await journeyOf(admin, account.id)).steps[0]?.state).toBe("current");
    const approved = await admin.inject({ method: "PATCH", url: `/api/admin/users/${pending.id}`, payload: { status: "active" } });
    expect(approved.statusCode, approved.body).toBe(200);
    const active = await journeyOf(admin, account.id);
    expect(active.steps.map((s) => s.state)).toEqual(["done", "current", "upcoming"]);
    expect(active.since).toBe(active.steps[0]?.doneAt);

    await approveOnboarding(account.id);
    const client = await login(t, pending.username);
    const after = await journeyOf(client);
    expect(after.steps.map((s) => s.state)).toEqual(["done", "done", "current"]);
    expect(after.currentStepId).toBe(after.steps[2]?.id);
    expect(after.next).toMatchObject({ actionLabel: "See your updates", actionPath: "/updates" });
    // The client never sees staff controls.
    expect(after.steps.every((s) => !s.policies.markDone && !s.policies.moveBack)).toBe(true);
  });
});

describe("staff moves", () => {
  it("marks a step done with a reason (shown to staff, not to the client), tells the client, and moves back", async () => {
    const step2 = (await journeyOf(agentA, accountA.id)).steps[1]!;
    expect(step2.policies).toEqual({ markDone: true, moveBack: false, useAutomatic: false });
    const empty = await agentA.inject({
      method: "POST",
      url: `/api/accounts/${accountA.id}/journey/steps/${step2.id}`,
      payload: { to: "done", reason: "   " },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.field).toBe("reason");

    const done = await agentA.inject({
      method: "POST",
      url: `/api/accounts/${accountA.id}/journey/steps/${step2.id}`,
      payload: { to: "done", reason: "Onboarding done on a call" },
    });
    expect(done.statusCode, done.body).toBe(200);
    const moved = done.json().data as TClientJourney;
    expect(moved.steps[1]).toMatchObject({
      state: "done",
      override: { to: "done", reason: "Onboarding done on a call", by: "Agnes Agent" },
      policies: { markDone: false, moveBack: true, useAutomatic: true },
    });
    expect(moved.steps[2]?.state).toBe("current");

    const seen = await journeyOf(clientA);
    expect(seen.steps[1]).toMatchObject({ state: "done", override: null });
    const events = await t.ctx.db
      .selectFrom("events")
      .select(["verb", "payload"])
      .where("account_id", "=", accountA.id)
      .where("verb", "like", "journey.%")
      .orderBy("id")
      .execute();
    expect(events.map((e) => e.verb)).toEqual(["journey.step_moved", "journey.step_done"]);
    expect(JSON.parse(events[0]!.payload)).toMatchObject({
      stepTitle: "Complete onboarding",
      to: "done",
      reason: "Onboarding done on a call",
    });
    const told = await t.ctx.db
      .selectFrom("notifications")
      .select(["user_id", "title", "url"])
      .where("verb", "=", "journey.step_done")
      .execute();
    expect(told).toEqual([{ user_id: anna.id, title: "Step done: Complete onboarding", url: "/" }]);

    const back = await admin.inject({
      method: "POST",
      url: `/api/accounts/${accountA.id}/journey/steps/${step2.id}`,
      payload: { to: "not_done", reason: "The form was missing files" },
    });
    expect(back.statusCode).toBe(200);
    expect((back.json().data as TClientJourney).steps.map((s) => s.state)).toEqual(["done", "current", "upcoming"]);
    // Overrides win over the rules: an approval does not undo a move back...
    await approveOnboarding(accountA.id);
    expect((await journeyOf(clientA)).steps[1]?.state).toBe("current");
    // ...until staff hand the step back to its rule.
    const auto = await admin.inject({
      method: "POST",
      url: `/api/accounts/${accountA.id}/journey/steps/${step2.id}`,
      payload: { to: "auto", reason: "Approved in the portal now" },
    });
    expect((auto.json().data as TClientJourney).steps[1]).toMatchObject({ state: "done", override: null });
  });

  it("refuses a client (403), another account's client and an unassigned agent (404), and an unknown step (404)", async () => {
    const stepId = (await journeyOf(clientA)).steps[1]!.id;
    const url = `/api/accounts/${accountA.id}/journey/steps/${stepId}`;
    const payload = { to: "done", reason: "Because" };
    expect((await clientA.inject({ method: "POST", url, payload })).statusCode).toBe(403);
    expect((await clientB.inject({ method: "POST", url, payload })).statusCode).toBe(404);
    expect((await agentOther.inject({ method: "POST", url, payload })).statusCode).toBe(404);
    expect((await clientB.inject({ method: "GET", url: `/api/accounts/${accountA.id}/journey` })).statusCode).toBe(404);
    expect((await agentOther.inject({ method: "GET", url: `/api/accounts/${accountA.id}/journey` })).statusCode).toBe(404);
    const unknown = await admin.inject({ method: "POST", url: `/api/accounts/${accountA.id}/journey/steps/${newId()}`, payload });
    expect(unknown.statusCode).toBe(404);
    expect((await admin.inject({ method: "GET", url: "/api/journey" })).statusCode).toBe(403);
  });
});

describe("the admin's steps", () => {
  it("adds, edits, reorders, turns off and deletes steps, and the client sees each change", async () => {
    const created = await admin.inject({
      method: "POST",
      url: "/api/admin/journey-steps",
      payload: {
        title: "Kick-off call",
        body: "Book a kick-off call with your agent.",
        actionLabel: "Raise a ticket",
        actionPath: "/tickets/new",
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const kickoff = created.json().data as TJourneyStep;
    expect(kickoff).toMatchObject({ rule: "manual", enabled: true, builtIn: false, position: 3 });
    // Last, after the ongoing step: that one is no longer "Step 3+".
    expect(states(await journeyOf(clientB)).slice(2)).toEqual([
      "Step 3 Stay active in your dashboard: upcoming",
      "Step 4 Kick-off call: upcoming",
    ]);

    const steps = await adminSteps();
    const order = [steps[0]!.id, steps[1]!.id, kickoff.id, steps[2]!.id];
    const reordered = await admin.inject({ method: "PUT", url: "/api/admin/journey-steps/order", payload: { ids: order } });
    expect(reordered.statusCode, reordered.body).toBe(200);
    const edited = await admin.inject({ method: "PATCH", url: `/api/admin/journey-steps/${steps[1]!.id}`, payload: { enabled: false } });
    expect(edited.statusCode).toBe(200);
    await admin.inject({ method: "PATCH", url: `/api/admin/journey-steps/${kickoff.id}`, payload: { title: "Kick-off meeting" } });
    const seen = await journeyOf(clientB);
    expect(states(seen)).toEqual([
      "Step 1 Create your account: done",
      "Step 2 Kick-off meeting: current",
      "Step 3+ Stay active in your dashboard: upcoming",
    ]);
    expect(seen.next).toMatchObject({ actionLabel: "Raise a ticket", actionPath: "/tickets/new" });

    // A turned-off step cannot be moved.
    const off = await admin.inject({
      method: "POST",
      url: `/api/accounts/${accountB.id}/journey/steps/${steps[1]!.id}`,
      payload: { to: "done", reason: "x" },
    });
    expect(off.statusCode).toBe(409);
    expect(off.json().error.code).toBe("step_disabled");

    const builtIn = await admin.inject({ method: "DELETE", url: `/api/admin/journey-steps/${steps[0]!.id}` });
    expect(builtIn.statusCode).toBe(409);
    expect((await admin.inject({ method: "DELETE", url: `/api/admin/journey-steps/${kickoff.id}` })).statusCode).toBe(204);
    await admin.inject({ method: "PATCH", url: `/api/admin/journey-steps/${steps[1]!.id}`, payload: { enabled: true } });
    expect((await journeyOf(clientB)).steps.map((s) => s.title)).toEqual([
      "Create your account",
      "Complete onboarding",
      "Stay active in your dashboard",
    ]);
  });

  it("names the field at fault", async () => {
    const emptyTitle = await admin.inject({ method: "POST", url: "/api/admin/journey-steps", payload: { title: "" } });
    expect(emptyTitle.statusCode).toBe(400);
    expect(emptyTitle.json().error.field).toBe("title");
    const blankTitle = await admin.inject({ method: "POST", url: "/api/admin/journey-steps", payload: { title: "   " } });
    expect(blankTitle.json().error.field).toBe("title");
    for (const actionPath of ["onboarding", "https://evil.example", "//evil.example", "/with space"]) {
      const bad = await admin.inject({
        method: "POST",
        url: "/api/admin/journey-steps",
        payload: { title: "X", actionLabel: "Go", actionPath },
      });
      expect(bad.statusCode, actionPath).toBe(400);
      expect(bad.json().error.field).toBe("actionPath");
    }
    const noPath = await admin.inject({ method: "POST", url: "/api/admin/journey-steps", payload: { title: "X", actionLabel: "Go" } });
    expect(noPath.json().error.field).toBe("actionPath");
    const badRule = await admin.inject({ method: "POST", url: "/api/admin/journey-steps", payload: { title: "X", rule: "invoice_paid" } });
    expect(badRule.statusCode).toBe(400);
    const partial = await admin.inject({ method: "PUT", url: "/api/admin/journey-steps/order", payload: { ids: [newId()] } });
    expect(partial.statusCode).toBe(400);
    expect(partial.json().error.field).toBe("ids");
    expect((await adminSteps()).length).toBe(3);
  });

  it("is for admins only: a client and an agent get 403", async () => {
    const stepId = (await adminSteps())[0]!.id;
    for (const s of [clientA, agentA]) {
      expect((await s.inject({ method: "GET", url: "/api/admin/journey-steps" })).statusCode).toBe(403);
      expect((await s.inject({ method: "POST", url: "/api/admin/journey-steps", payload: { title: "X" } })).statusCode).toBe(403);
      expect((await s.inject({ method: "PATCH", url: `/api/admin/journey-steps/${stepId}`, payload: { title: "X" } })).statusCode).toBe(
        403,
      );
      expect((await s.inject({ method: "DELETE", url: `/api/admin/journey-steps/${stepId}` })).statusCode).toBe(403);
      expect((await s.inject({ method: "PUT", url: "/api/admin/journey-steps/order", payload: { ids: [stepId] } })).statusCode).toBe(403);
    }
  });
});

describe("the overview", () => {
  it("lists each client's current step and since when, filters by step and stuck days, agents see their accounts", async () => {
    const old = await buildAccount(t, { name: "Delta Dental" });
    const longAgo = new Date(Date.now() - 10 * 86_400_000).toISOString();
    await t.ctx.db.updateTable("client_accounts").set({ created_at: longAgo }).where("id", "=", old.id).execute();
    const steps = await adminSteps();

    const all = (await admin.inject({ method: "GET", url: "/api/journey/overview" })).json();
    expect(all.total).toBeGreaterThanOrEqual(4);
    expect(all.data[0]).toMatchObject({
      accountName: "Delta Dental",
      stepLabel: "Step 1",
      stepTitle: "Create your account",
      since: longAgo,
    });
    expect(all.data[0].days).toBe(10);

    const stuck = (await admin.inject({ method: "GET", url: "/api/journey/overview?stuckDays=7" })).json();
    expect(stuck.data.map((r: { accountName: string }) => r.accountName)).toEqual(["Delta Dental"]);
    const onStep2 = (await admin.inject({ method: "GET", url: `/api/journey/overview?step=${steps[1]!.id}` })).json();
    expect(onStep2.data.map((r: { accountName: string }) => r.accountName)).toContain("Bravo Bakery");
    expect(onStep2.data.every((r: { stepId: string }) => r.stepId === steps[1]!.id)).toBe(true);

    const agents = (await agentA.inject({ method: "GET", url: "/api/journey/overview" })).json();
    expect(agents.data.map((r: { accountName: string }) => r.accountName)).toEqual(["Alpha Plumbing"]);
    expect((await agentOther.inject({ method: "GET", url: "/api/journey/overview" })).json().total).toBe(0);
    expect((await clientA.inject({ method: "GET", url: "/api/journey/overview" })).statusCode).toBe(403);
    expect((await admin.inject({ method: "GET", url: "/api/journey/overview?stuckDays=-1" })).statusCode).toBe(400);
  });
});

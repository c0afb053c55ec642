import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorFor, assignAgent, buildAccount, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, drainJobs, lastEmailTo, type TestApp } from "../../test/harness";
import { noticesModule } from "./index";

let t: TestApp;
let accountA: { id: string };
let accountB: { id: string };
let anna: Person;
let amos: Person;
let bob: Person;
let clientA: Session;
let clientA2: Session;
let clientB: Session;
let agentAUser: Person;
let agentA: Session;
let agentOther: Session;
let admin: Session;

const inFuture = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

function post(session: Session, payload: Record<string, unknown>) {
  return session.inject({ method: "POST", url: "/api/notices", payload: { body: "Our office is **closed** on Friday.", ...payload } });
}
async function posted(session: Session, payload: Record<string, unknown>): Promise<{ id: string }> {
  const res = await post(session, payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data;
}
async function activeIds(session: Session): Promise<string[]> {
  const res = await session.inject({ method: "GET", url: "/api/notices?status=active" });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().data as { id: string }[]).map((n) => n.id);
}
async function allIds(session: Session): Promise<string[]> {
  return ((await session.inject({ method: "GET", url: "/api/notices?status=all" })).json().data as { id: string }[]).map((n) => n.id);
}

beforeAll(async () => {
  t = await createTestApp();
  accountA = await buildAccount(t, { name: "Alpha Plumbing" });
  accountB = await buildAccount(t, { name: "Bravo Bakery" });
  anna = await buildUser(t, { accountId: accountA.id, name: "Anna Alpha" });
  amos = await buildUser(t, { accountId: accountA.id, name: "Amos Alpha" });
  bob = await buildUser(t, { accountId: accountB.id, name: "Bob Bravo" });
  clientA = await login(t, anna.username);
  clientA2 = await login(t, amos.username);
  clientB = await login(t, bob.username);
  agentAUser = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  await assignAgent(t, accountA.id, agentAUser.id);
  agentA = await login(t, agentAUser.username);
  agentOther = await login(t, (await buildUser(t, { role: "agent" })).username);
  admin = await login(t, (await buildUser(t, { role: "admin", name: "Ada Admin" })).username);
});
afterAll(() => t.close());

describe("posting a notice", () => {
  it("to all clients reaches every account's contacts, and an account created afterwards too", async () => {
    const notice = await posted(admin, { title: "Holiday hours", audience: "all", importance: "important" });
    expect(await activeIds(clientA)).toContain(notice.id);
    expect(await activeIds(clientB)).toContain(notice.id);

    const later = await buildUser(t, { name: "Lena Later" });
    const laterSession = await login(t, later.username);
    expect(await activeIds(laterSession)).toContain(notice.id);
    const detail = (await laterSession.inject({ method: "GET", url: `/api/notices/${notice.id}` })).json();
    expect(detail.data.notice).toMatchObject({ title: "Holiday hours", importance: "important", active: true, readAt: null, counts: null });
    expect(detail.data.receipts).toEqual([]);
    expect(detail.policies).toEqual({ edit: false, end: false, read: true, dismiss: true });
  });

  it("to an agent's assigned account reaches only that account", async () => {
    const notice = await posted(agentA, { title: "Alpha only", audience: "accounts", accountIds: [accountA.id] });
    expect(await activeIds(clientA)).toContain(notice.id);
    expect(await activeIds(clientB)).not.toContain(notice.id);
    expect((await clientB.inject({ method: "GET", url: `/api/notices/${notice.id}` })).statusCode).toBe(404);
    // The sender's list shows it with the account it went to.
    const sent = (await agentA.inject({ method: "GET", url: "/api/notices" })).json();
    const mine = sent.data.find((n: { id: string }) => n.id === notice.id);
    expect(mine).toMatchObject({ accounts: [{ id: accountA.id, name: "Alpha Plumbing" }], counts: { recipients: 2, read: 0 } });
    expect(mine.policies).toMatchObject({ edit: true, end: true, read: false, dismiss: false });
    expect(sent.policies).toEqual({ post: true, postToAll: false });
  });

  it("refuses what may not be posted, writing nothing", async () => {
    const before = await allIds(admin);
    const agentToAll = await post(agentA, { title: "Everyone", audience: "all" });
    expect(agentToAll.statusCode).toBe(403);
    const unassigned = await post(agentA, { title: "Bravo", audience: "accounts", accountIds: [accountB.id] });
    expect(unassigned.statusCode).toBe(404);
    const mixed = await post(agentA, { title: "Both", audience: "accounts", accountIds: [accountA.id, accountB.id] });
    expect(mixed.statusCode).toBe(404);
    const byClient = await post(clientA, { title: "Hi", audience: "accounts", accountIds: [accountA.id] });
    expect(byClient.statusCode).toBe(403);
    const past = await post(admin, { title: "Late", audience: "all", endsAt: new Date(Date.now() - 60_000).toISOString() });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.field).toBe("endsAt");
    const noAccounts = await post(admin, { title: "Nobody", audience: "accounts", accountIds: [] });
    expect(noAccounts.statusCode).toBe(400);
    expect(noAccounts.json().error.field).toBe("accountIds");
    const blankTitle = await post(admin, { title: "   ", audience: "all" });
    expect(blankTitle.statusCode).toBe(400);
    expect(blankTitle.json().error.field).toBe("title");
    const badDate = await post(admin, { title: "When", audience: "all", endsAt: "next friday" });
    expect(badDate.statusCode).toBe(400);
    expect(await allIds(admin)).toEqual(before);
  });
});

describe("the client's dashboard list", () => {
  it("drops dismissed, ended and expired notices, while Notices → All keeps them", async () => {
    const dismissed = await posted(admin, { title: "Dismiss me", audience: "accounts", accountIds: [accountA.id] });
    const ended = await posted(admin, { title: "End me", audience: "accounts", accountIds: [accountA.id] });
    const expiring = await posted(admin, { title: "Expires", audience: "accounts", accountIds: [accountA.id], endsAt: inFuture(1) });
    const running = await posted(admin, { title: "Still running", audience: "accounts", accountIds: [accountA.id] });
    expect(await activeIds(clientA)).toEqual(expect.arrayContaining([dismissed.id, ended.id, expiring.id, running.id]));

    expect((await clientA.inject({ method: "POST", url: `/api/notices/${dismissed.id}/dismiss` })).statusCode).toBe(200);
    const endRes = await admin.inject({ method: "POST", url: `/api/notices/${ended.id}/end` });
    expect(endRes.statusCode).toBe(200);
    expect(endRes.json().data).toMatchObject({ active: false });
    expect((await admin.inject({ method: "POST", url: `/api/notices/${ended.id}/end` })).json().error.code).toBe("notice_ended");
    await t.ctx.db
      .updateTable("notices")
      .set({ ends_at: new Date(Date.now() - 1000).toISOString() })
      .where("id", "=", expiring.id)
      .execute();

    const active = await activeIds(clientA);
    expect(active).toContain(running.id);
    expect(active).not.toContain(dismissed.id);
    expect(active).not.toContain(ended.id);
    expect(active).not.toContain(expiring.id);
    // Another contact of the same account did not dismiss it: it stays on their dashboard.
    expect(await activeIds(clientA2)).toContain(dismissed.id);
    expect(await allIds(clientA)).toEqual(expect.arrayContaining([dismissed.id, ended.id, expiring.id, running.id]));
    // Newest first.
    const all = await allIds(clientA);
    expect(all.indexOf(running.id)).toBeLessThan(all.indexOf(dismissed.id));
    // An expired notice can no longer be changed.
    const edit = await admin.inject({ method: "PATCH", url: `/api/notices/${expiring.id}`, payload: { title: "x" } });
    expect(edit.statusCode).toBe(409);
  });
});

describe("read receipts", () => {
  it("show the sender who read and dismissed it, with counts", async () => {
    const notice = await posted(agentA, { title: "New portal", audience: "accounts", accountIds: [accountA.id] });
    const read = await clientA.inject({ method: "POST", url: `/api/notices/${notice.id}/read` });
    expect(read.statusCode).toBe(200);
    const readAt = read.json().data.readAt as string;
    expect(readAt).toBeTruthy();
    // Reading again keeps the first time.
    await clientA.inject({ method: "POST", url: `/api/notices/${notice.id}/read` });
    await clientA2.inject({ method: "POST", url: `/api/notices/${notice.id}/dismiss` });

    const detail = (await agentA.inject({ method: "GET", url: `/api/notices/${notice.id}` })).json();
    expect(detail.data.notice.counts).toEqual({ recipients: 2, read: 2, dismissed: 1 });
    const byName = Object.fromEntries(
      (detail.data.receipts as { user: { name: string }; account: { name: string }; readAt: string; dismissedAt: string | null }[]).map(
        (r) => [r.user.name, r],
      ),
    );
    expect(byName["Anna Alpha"]).toMatchObject({ account: { name: "Alpha Plumbing" }, readAt, dismissedAt: null });
    expect(byName["Amos Alpha"]?.dismissedAt).toBeTruthy();
    expect(byName["Amos Alpha"]?.readAt).toBeTruthy();
  });

  it("of an all-clients notice count only the agent's accounts for an agent; a late contact joins when they open it", async () => {
    const notice = await posted(admin, { title: "Everyone read this", audience: "all" });
    await clientB.inject({ method: "POST", url: `/api/notices/${notice.id}/read` });
    const agentView = (await agentA.inject({ method: "GET", url: `/api/notices/${notice.id}` })).json();
    expect(agentView.data.receipts.map((r: { account: { id: string } }) => r.account.id)).toEqual([accountA.id, accountA.id]);
    expect(agentView.data.notice.counts).toMatchObject({ recipients: 2, read: 0 });
    expect(agentView.policies).toMatchObject({ edit: false, end: false });
    expect((await agentA.inject({ method: "POST", url: `/api/notices/${notice.id}/end` })).statusCode).toBe(403);

    const late = await buildUser(t, { accountId: accountA.id, name: "Lou Late" });
    await (await login(t, late.username)).inject({ method: "POST", url: `/api/notices/${notice.id}/read` });
    const after = (await agentA.inject({ method: "GET", url: `/api/notices/${notice.id}` })).json();
    expect(after.data.notice.counts).toMatchObject({ recipients: 3, read: 1 });
  });
});

describe("telling clients", () => {
  it("sends an in-app notification and an email per preference", async () => {
    const optOut = await clientA2.inject({
      method: "PUT",
      url: "/api/notifications/preferences",
      payload: { preferences: [{ kind: "notice.posted", email: false }] },
    });
    expect(optOut.statusCode, optOut.body).toBe(200);
    const notice = await posted(agentA, { title: "Maintenance window", audience: "accounts", accountIds: [accountA.id] });
    await drainJobs(t);

    const mail = await lastEmailTo(t, anna.email);
    expect(mail.subject).toBe("Notice: Maintenance window");
    expect(mail.text_body).toContain("Our office is closed on Friday.");
    expect(mail.link).toBe(`http://portal.test/notices?open=${notice.id}`);
    const amosMail = await t.ctx.db
      .selectFrom("mailbox")
      .select("subject")
      .where("to_address", "=", amos.email.toLowerCase())
      .where("subject", "=", "Notice: Maintenance window")
      .execute();
    expect(amosMail).toEqual([]);

    for (const session of [clientA, clientA2]) {
      const bell = (await session.inject({ method: "GET", url: "/api/notifications" })).json();
      expect(bell.data[0]).toMatchObject({
        verb: "notice.posted",
        title: "New notice: Maintenance window",
        url: `/notices?open=${notice.id}`,
      });
    }
    const bobBell = (await clientB.inject({ method: "GET", url: "/api/notifications" })).json();
    expect(bobBell.data.some((n: { title: string }) => n.title.includes("Maintenance window"))).toBe(false);
  });

  it("records one notice.posted per account reached (what the live stream sends each client)", async () => {
    const notice = await posted(admin, { title: "Live", audience: "all" });
    const events = await t.ctx.db
      .selectFrom("events")
      .select(["account_id"])
      .where("object_type", "=", "notice")
      .where("object_id", "=", notice.id)
      .where("verb", "=", "notice.posted")
      .execute();
    const accounts = await t.ctx.db.selectFrom("client_accounts").select("id").execute();
    expect(events.map((e) => e.account_id).sort()).toEqual(accounts.map((a) => a.id).sort());
  });
});

describe("editing and ending", () => {
  it("lets the sender edit a running notice's words and end date, and refuses others", async () => {
    const notice = await posted(agentA, { title: "Draft words", audience: "accounts", accountIds: [accountA.id] });
    const edited = await agentA.inject({
      method: "PATCH",
      url: `/api/notices/${notice.id}`,
      payload: { title: "Final words", body: "Updated text", endsAt: inFuture(3) },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().data).toMatchObject({ title: "Final words", body: "Updated text", active: true });
    const past = await agentA.inject({ method: "PATCH", url: `/api/notices/${notice.id}`, payload: { endsAt: "2001-01-01T00:00:00Z" } });
    expect(past.statusCode).toBe(400);
    expect((await clientA.inject({ method: "PATCH", url: `/api/notices/${notice.id}`, payload: { title: "x" } })).statusCode).toBe(403);
    expect((await clientA.inject({ method: "POST", url: `/api/notices/${notice.id}/end` })).statusCode).toBe(403);
    expect((await agentA.inject({ method: "POST", url: `/api/notices/${notice.id}/read` })).statusCode).toBe(403);
    expect((await clientA.inject({ method: "GET", url: `/api/notices/${notice.id}` })).json().data.notice.title).toBe("Final words");
  });
});

describe("authorization", () => {
  it("answers 404 for a notice outside the viewer's scope on every endpoint", async () => {
    const alphaOnly = await posted(admin, { title: "Alpha secret", audience: "accounts", accountIds: [accountA.id] });
    const url = `/api/notices/${alphaOnly.id}`;
    for (const session of [clientB, agentOther]) {
      expect((await session.inject({ method: "GET", url })).statusCode).toBe(404);
      expect((await session.inject({ method: "PATCH", url, payload: { title: "x" } })).statusCode).toBe(404);
      expect((await session.inject({ method: "POST", url: `${url}/end` })).statusCode).toBe(404);
      expect((await session.inject({ method: "POST", url: `${url}/read` })).statusCode).toBe(404);
      expect((await session.inject({ method: "POST", url: `${url}/dismiss` })).statusCode).toBe(404);
      expect(await allIds(session)).not.toContain(alphaOnly.id);
    }
    const unknown = "01900000-0000-7000-8000-000000000000";
    expect((await admin.inject({ method: "GET", url: `/api/notices/${unknown}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: "GET", url: "/api/notices" })).statusCode).toBe(401);
    const unknownAccount = await post(admin, { title: "Ghost", audience: "accounts", accountIds: [unknown] });
    expect(unknownAccount.statusCode).toBe(404);
  });
});

describe("next actions", () => {
  it("lists a client's unread running notices, and nothing for the agency", async () => {
    const fresh = await buildAccount(t, { name: "Charlie Cafe" });
    const carla = await buildUser(t, { accountId: fresh.id, name: "Carla" });
    const carlaSession = await login(t, carla.username);
    const first = await posted(admin, { title: "First", audience: "accounts", accountIds: [fresh.id] });
    const second = await posted(admin, { title: "Second", audience: "accounts", accountIds: [fresh.id] });
    const actor = await actorFor(t, carla);
    const nextActions = noticesModule.nextActions;
    if (!nextActions) throw new Error("notices contribute next actions");
    const waiting = (await nextActions(t.ctx, actor, "client")).filter((a) => [first.id, second.id].some((id) => a.key === `notice:${id}`));
    expect(waiting).toEqual([
      expect.objectContaining({
        key: `notice:${first.id}`,
        kind: "notice",
        title: "Read the notice",
        detail: "First",
        actionLabel: "Read the notice",
        url: `/notices?open=${first.id}`,
        accountId: fresh.id,
        accountName: "Charlie Cafe",
      }),
      expect.objectContaining({ key: `notice:${second.id}` }),
    ]);
    await carlaSession.inject({ method: "POST", url: `/api/notices/${first.id}/read` });
    await admin.inject({ method: "POST", url: `/api/notices/${second.id}/end` });
    const keys = (await nextActions(t.ctx, actor, "client")).map((a) => a.key);
    expect(keys).not.toContain(`notice:${first.id}`);
    expect(keys).not.toContain(`notice:${second.id}`);
    expect(await nextActions(t.ctx, await actorFor(t, agentAUser), "agency")).toEqual([]);
  });
});

describe("account merge", () => {
  it("moves the merged account's notices and receipts", async () => {
    const from = await buildAccount(t, { name: "Delta Dup" });
    const into = await buildAccount(t, { name: "Delta Keep" });
    const dan = await buildUser(t, { accountId: from.id, name: "Dan" });
    const both = await posted(admin, { title: "Both", audience: "accounts", accountIds: [from.id, into.id] });
    const fromOnly = await posted(admin, { title: "From only", audience: "accounts", accountIds: [from.id] });
    const merged = await admin.inject({ method: "POST", url: `/api/admin/accounts/${from.id}/merge`, payload: { intoAccountId: into.id } });
    expect(merged.statusCode, merged.body).toBe(200);
    const danSession = await login(t, dan.username);
    expect(await activeIds(danSession)).toEqual(expect.arrayContaining([both.id, fromOnly.id]));
    const detail = (await admin.inject({ method: "GET", url: `/api/notices/${both.id}` })).json();
    expect(detail.data.notice.accounts).toEqual([{ id: into.id, name: "Delta Keep" }]);
    expect(detail.data.receipts).toEqual([
      expect.objectContaining({ user: { id: dan.id, name: "Dan" }, account: { id: into.id, name: "Delta Keep" } }),
    ]);
  });
});

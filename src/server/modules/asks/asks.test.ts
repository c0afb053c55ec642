import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { assignAgent, buildAccount, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, drainJobs, lastEmailTo, type TestApp, upload } from "../../test/harness";

/** Time-boxed asks: every kind, expiry on a controlled clock, cancel, ask again, and who may see what. */
let t: TestApp;
let accountA: { id: string };
let accountB: { id: string };
let anna: Person;
let asker: Person;
let clientA: Session;
let clientB: Session;
let agentA: Session;
let agentA2: Session;
let agentOther: Session;
let admin: Session;

type Json = Record<string, unknown>;

async function ask(session: Session, payload: Json): Promise<Json & { id: string }> {
  const res = await session.inject({ method: "POST", url: "/api/asks", payload: { accountId: accountA.id, minutes: 10, ...payload } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().data;
}
const answer = (session: Session, id: string, payload: Json) => session.inject({ method: "POST", url: `/api/asks/${id}/answer`, payload });
const countAsks = async () =>
  Number(
    (
      await t.ctx.db
        .selectFrom("asks")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestApp();
  accountA = await buildAccount(t, { name: "Alpha Plumbing" });
  accountB = await buildAccount(t, { name: "Bravo Bakery" });
  anna = await buildUser(t, { accountId: accountA.id, name: "Anna Alpha" });
  clientA = await login(t, anna.username);
  clientB = await login(t, (await buildUser(t, { accountId: accountB.id, name: "Bob Bravo" })).username);
  asker = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  const second = await buildUser(t, { role: "agent", name: "Sam Second" });
  await assignAgent(t, accountA.id, asker.id);
  await assignAgent(t, accountA.id, second.id);
  agentA = await login(t, asker.username);
  agentA2 = await login(t, second.username);
  agentOther = await login(t, (await buildUser(t, { role: "agent", name: "Otto Other" })).username);
  admin = await login(t, (await buildUser(t, { role: "admin", name: "Ada Admin" })).username);
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

describe("asking and answering", () => {
  it("a one-time code: sealed at rest, revealed to the asker once recorded, never shown to the client", async () => {
    const created = await ask(agentA, { kind: "code", prompt: "Enter the code LinkedIn just texted you" });
    expect(created).toMatchObject({ kind: "code", secret: true, status: "open", account: { id: accountA.id, name: "Alpha Plumbing" } });
    expect(Date.parse(created.deadlineAt as string) - Date.parse(created.askedAt as string)).toBeGreaterThan(9.9 * 60_000);

    const res = await answer(clientA, created.id, { code: " 482 913 " });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toMatchObject({ status: "answered", secretState: "sealed", answer: null, secretUntil: null });
    expect(res.json().policies).toMatchObject({ answer: false, reveal: false });

    const row = await t.ctx.db.selectFrom("asks").selectAll().where("id", "=", created.id).executeTakeFirstOrThrow();
    expect(row.answer_secret).toMatch(/^v1\./);
    expect(row.answer_secret).not.toContain("482");
    expect(row.answer_text).toBeNull();

    const detail = (await agentA.inject({ method: "GET", url: `/api/asks/${created.id}` })).json();
    expect(detail.data.ask).toMatchObject({ status: "answered", secretState: "sealed", answeredBy: { name: "Anna Alpha" } });
    expect(JSON.stringify(detail)).not.toContain("482 913");
    const revealed = await agentA.inject({ method: "POST", url: `/api/asks/${created.id}/reveal` });
    expect(revealed.statusCode, revealed.body).toBe(200);
    expect(revealed.json().data.secret).toBe("482 913");
    expect(revealed.headers["cache-control"]).toBe("no-store");
    const views = (await agentA.inject({ method: "GET", url: `/api/asks/${created.id}` })).json().data.views;
    expect(views).toEqual([expect.objectContaining({ by: expect.objectContaining({ name: "Agnes Agent" }) })]);

    // The other agent of the account sees that it was answered, not what; an admin may reveal.
    const other = await agentA2.inject({ method: "POST", url: `/api/asks/${created.id}/reveal` });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe("asker_only");
    expect((await admin.inject({ method: "POST", url: `/api/asks/${created.id}/reveal` })).json().data.secret).toBe("482 913");
    const client = await clientA.inject({ method: "POST", url: `/api/asks/${created.id}/reveal` });
    expect(client.statusCode).toBe(403);
    expect((await clientA.inject({ method: "GET", url: `/api/asks/${created.id}` })).json().data.views).toEqual([]);

    // A second answer is refused.
    const again = await answer(clientA, created.id, { code: "111111" });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("ask_answered");
  });

  it("a yes/no confirmation and a short answer (plain, or secret) are stored as asked", async () => {
    const confirm = await ask(agentA, { kind: "confirm", prompt: "May we publish the new homepage today?" });
    const yes = await answer(clientA, confirm.id, { confirm: true });
    expect(yes.json().data).toMatchObject({ status: "answered", answer: { confirm: true }, secretState: "none" });

    const plain = await ask(agentA, { kind: "text", prompt: "Which email should the invoices go to?" });
    expect(plain.secret).toBe(false);
    expect((await answer(clientA, plain.id, { text: "billing@alpha.test" })).json().data.answer).toEqual({ text: "billing@alpha.test" });

    const secret = await ask(agentA, { kind: "text", prompt: "Your hosting panel's PIN", secret: true });
    const sealed = await answer(clientA, secret.id, { text: "pin 7781" });
    expect(sealed.json().data).toMatchObject({ answer: null, secretState: "sealed" });
    expect((await agentA.inject({ method: "POST", url: `/api/asks/${secret.id}/reveal` })).json().data.secret).toBe("pin 7781");

    // A confirmation is never secret, whatever the request says.
    expect((await ask(agentA, { kind: "confirm", prompt: "OK?", secret: true })).secret).toBe(false);
  });

  it("a file upload is attached to the ask and downloadable by the agency", async () => {
    const wanted = await ask(agentA, { kind: "file", prompt: "Upload your logo as a PNG", minutes: 1440 });
    const file = await upload(clientA, "logo.pdf", "%PDF-1.4 logo");
    expect(file.statusCode, file.body).toBe(201);
    const fileId = file.json().data.id as string;
    const res = await answer(clientA, wanted.id, { fileId });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.file).toMatchObject({ id: fileId, name: "logo.pdf" });
    expect((await agentA.inject({ method: "GET", url: `/api/files/${fileId}/download` })).statusCode).toBe(200);
    expect((await clientB.inject({ method: "GET", url: `/api/files/${fileId}/download` })).statusCode).toBe(404);
  });

  it("refuses bad input by name and writes nothing", async () => {
    const before = await countAsks();
    const cases: [Json, string][] = [
      [{ kind: "code", prompt: "   " }, "prompt"],
      [{ kind: "code", prompt: "Code", minutes: undefined }, "minutes"],
      [{ kind: "code", prompt: "Code", deadlineAt: new Date(Date.now() + 3_600_000).toISOString() }, "minutes"],
      [{ kind: "code", prompt: "Code", minutes: undefined, deadlineAt: "2001-01-01T00:00:00Z" }, "deadlineAt"],
      [{ kind: "code", prompt: "Code", minutes: 0 }, "minutes"],
    ];
    for (const [payload, field] of cases) {
      const res = await agentA.inject({ method: "POST", url: "/api/asks", payload: { accountId: accountA.id, minutes: 10, ...payload } });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.field ?? res.json().error.message, JSON.stringify(payload)).toContain(field);
    }
    const unknownKind = await agentA.inject({
      method: "POST",
      url: "/api/asks",
      payload: { accountId: accountA.id, kind: "sms", prompt: "x", minutes: 5 },
    });
    expect(unknownKind.statusCode).toBe(400);
    expect(await countAsks()).toBe(before);

    const code = await ask(agentA, { kind: "code", prompt: "Code please" });
    for (const [payload, field] of [
      [{ code: "" }, "code"],
      [{ code: "<script>" }, "code"],
      [{ text: "123456" }, "code"],
    ] as [Json, string][]) {
      const res = await answer(clientA, code.id, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.field).toBe(field);
    }
    const confirm = await ask(agentA, { kind: "confirm", prompt: "Yes?" });
    expect((await answer(clientA, confirm.id, { code: "1" })).json().error.field).toBe("confirm");
    const still = (await agentA.inject({ method: "GET", url: `/api/asks/${code.id}` })).json().data.ask;
    expect(still.status).toBe("open");
  });
});

describe("deadlines", () => {
  it("expires an unanswered ask at its deadline (the job, on a controlled clock), tells the asker, and refuses a late answer", async () => {
    const created = await ask(agentA, { kind: "code", prompt: "Google's code", minutes: 5 });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 4 * 60_000);
    await drainJobs(t);
    expect((await agentA.inject({ method: "GET", url: `/api/asks/${created.id}` })).json().data.ask.status).toBe("open");

    vi.setSystemTime(Date.now() + 2 * 60_000);
    // Past the deadline, before the job ran: already refused, with the words to show.
    const late = await answer(clientA, created.id, { code: "123456" });
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toMatchObject({ code: "ask_expired" });
    expect(late.json().error.message).toMatch(/^This request expired at \d\d:\d\d UTC .*Ask your agent to send a new one\.$/);

    await drainJobs(t);
    const detail = (await agentA.inject({ method: "GET", url: `/api/asks/${created.id}` })).json();
    expect(detail.data.ask.status).toBe("expired");
    expect(detail.policies).toMatchObject({ reask: true, cancel: false });
    const bell = (await agentA.inject({ method: "GET", url: "/api/notifications" })).json();
    expect(bell.data[0]).toMatchObject({ verb: "ask.expired", url: `/asks/${created.id}` });
    const after = await answer(clientA, created.id, { code: "123456" });
    expect(after.json().error.code).toBe("ask_expired");
  });

  it("an answered ask is not expired by its job", async () => {
    const created = await ask(agentA, { kind: "confirm", prompt: "Go ahead?", minutes: 1 });
    await answer(clientA, created.id, { confirm: false });
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + 2 * 60_000);
    await drainJobs(t);
    const detail = (await agentA.inject({ method: "GET", url: `/api/asks/${created.id}` })).json().data.ask;
    expect(detail).toMatchObject({ status: "answered", answer: { confirm: false } });
  });

  it("cancel takes it off the client's list; ask again makes a new ask, once", async () => {
    const created = await ask(agentA, { kind: "code", prompt: "Meta's code" });
    const cancelled = await agentA.inject({ method: "POST", url: `/api/asks/${created.id}/cancel` });
    expect(cancelled.json().data.status).toBe("cancelled");
    expect((await agentA.inject({ method: "POST", url: `/api/asks/${created.id}/cancel` })).json().error.code).toBe("ask_not_open");
    expect((await answer(clientA, created.id, { code: "1" })).json().error.code).toBe("ask_cancelled");
    const open = (await clientA.inject({ method: "GET", url: "/api/asks" })).json().data.map((a: { id: string }) => a.id);
    expect(open).not.toContain(created.id);

    const again = await agentA.inject({ method: "POST", url: `/api/asks/${created.id}/reask`, payload: { minutes: 30 } });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json().data).toMatchObject({ status: "open", prompt: "Meta's code", reaskedFrom: created.id });
    expect((await agentA.inject({ method: "GET", url: `/api/asks/${created.id}` })).json().data.ask.reaskedBy).toBe(again.json().data.id);
    const twice = await agentA.inject({ method: "POST", url: `/api/asks/${created.id}/reask`, payload: { minutes: 30 } });
    expect(twice.statusCode).toBe(409);
    const openReask = await agentA.inject({ method: "POST", url: `/api/asks/${again.json().data.id}/reask`, payload: { minutes: 5 } });
    expect(openReask.json().error.code).toBe("ask_not_open");
    expect((await clientA.inject({ method: "POST", url: `/api/asks/${created.id}/cancel` })).statusCode).toBe(403);
  });
});

describe("telling people", () => {
  it("tells the client in-app and by email with a one-click link, and the asker when answered — never the answer", async () => {
    const created = await ask(agentA, { kind: "code", prompt: "Enter the code Shopify sent" });
    await drainJobs(t);
    const mail = await lastEmailTo(t, anna.email);
    expect(mail.subject).toMatch(/^Action needed: Enter the one-time code — by \d\d:\d\d UTC$/);
    expect(mail.text_body).toContain("Enter the code Shopify sent");
    expect(mail.link).toBe(`http://portal.test/asks/${created.id}`);
    const bell = (await clientA.inject({ method: "GET", url: "/api/notifications" })).json();
    expect(bell.data[0]).toMatchObject({ verb: "ask.created", url: `/asks/${created.id}` });

    await answer(clientA, created.id, { code: "909090" });
    await drainJobs(t);
    const toAsker = await lastEmailTo(t, asker.email);
    expect(toAsker.subject).toBe("Anna Alpha answered: Enter the code Shopify sent");
    const agentBell = (await agentA.inject({ method: "GET", url: "/api/notifications" })).json();
    expect(agentBell.data[0]).toMatchObject({ verb: "ask.answered", url: `/asks/${created.id}` });
    // The second agent of the account is not told of someone else's ask.
    const secondBell = (await agentA2.inject({ method: "GET", url: "/api/notifications" })).json();
    expect(secondBell.data.some((n: { verb: string }) => n.verb === "ask.answered")).toBe(false);
  });
});

describe("next actions and response times", () => {
  it("puts an open ask on top of the client's next actions with its deadline, and the sealed answer on the asker's", async () => {
    const fresh = await buildAccount(t, { name: "Charlie Cafe" });
    const carla = await login(t, (await buildUser(t, { accountId: fresh.id, name: "Carla" })).username);
    await assignAgent(t, fresh.id, asker.id);
    const notice = await admin.inject({
      method: "POST",
      url: "/api/notices",
      payload: { title: "Older", body: "Read me", audience: "accounts", accountIds: [fresh.id] },
    });
    expect(notice.statusCode).toBe(201);
    const created = await ask(agentA, { accountId: fresh.id, kind: "code", prompt: "Your bank's code" });
    const list = (await carla.inject({ method: "GET", url: "/api/dashboard/next-actions" })).json().data.waiting;
    expect(list[0]).toMatchObject({
      key: `ask:${created.id}`,
      kind: "ask",
      title: "Enter the one-time code",
      detail: "Your bank's code",
      url: `/asks/${created.id}`,
      dueAt: created.deadlineAt,
    });
    expect(list.some((a: { kind: string }) => a.kind === "notice")).toBe(true);

    await answer(carla, created.id, { code: "5544" });
    const after = (await carla.inject({ method: "GET", url: "/api/dashboard/next-actions" })).json().data.waiting;
    expect(after.some((a: { key: string }) => a.key === `ask:${created.id}`)).toBe(false);
    const agency = (await agentA.inject({ method: "GET", url: "/api/dashboard/next-actions" })).json().data.waiting;
    expect(agency[0].dueAt).toBeTruthy();
    expect(agency.find((a: { key: string }) => a.key === `ask_answer:${created.id}`)).toMatchObject({
      title: "Use the code your client sent",
      accountName: "Charlie Cafe",
    });
    const other = (await agentA2.inject({ method: "GET", url: "/api/dashboard/next-actions" })).json().data.waiting;
    expect(other.some((a: { key: string }) => a.key === `ask_answer:${created.id}`)).toBe(false);
  });

  it("reports per client how fast asks are answered: median and slowest", async () => {
    const account = await buildAccount(t, { name: "Delta Dental" });
    const dora = await login(t, (await buildUser(t, { accountId: account.id })).username);
    const ids: string[] = [];
    for (const _ of [1, 2, 3]) ids.push((await ask(admin, { accountId: account.id, kind: "confirm", prompt: "OK?" })).id);
    for (const id of ids) await answer(dora, id, { confirm: true });
    // Set known answer times: 30 s, 60 s and 300 s after asking.
    for (const [i, seconds] of [30, 60, 300].entries()) {
      const row = await t.ctx.db
        .selectFrom("asks")
        .select("created_at")
        .where("id", "=", ids[i] ?? "")
        .executeTakeFirstOrThrow();
      await t.ctx.db
        .updateTable("asks")
        .set({ answered_at: new Date(Date.parse(row.created_at) + seconds * 1000).toISOString() })
        .where("id", "=", ids[i] ?? "")
        .execute();
    }
    await ask(admin, { accountId: account.id, kind: "code", prompt: "Unanswered" });
    const times = (await admin.inject({ method: "GET", url: "/api/asks/response-times" })).json().data;
    expect(times.find((r: { account: { id: string } }) => r.account.id === account.id)).toEqual({
      account: { id: account.id, name: "Delta Dental" },
      asked: 4,
      answered: 3,
      expired: 0,
      medianSeconds: 60,
      slowestSeconds: 300,
    });
    const agentView = (await agentOther.inject({ method: "GET", url: "/api/asks/response-times" })).json().data;
    expect(agentView).toEqual([]);
    expect((await dora.inject({ method: "GET", url: "/api/asks/response-times" })).statusCode).toBe(403);
  });
});

describe("authorization", () => {
  it("answers 404 outside the viewer's scope on every endpoint, and refuses a client's writes of staff actions", async () => {
    const created = await ask(agentA, { kind: "code", prompt: "Alpha only" });
    const url = `/api/asks/${created.id}`;
    for (const session of [clientB, agentOther]) {
      expect((await session.inject({ method: "GET", url })).statusCode).toBe(404);
      expect((await answer(session, created.id, { code: "1" })).statusCode).toBe(404);
      expect((await session.inject({ method: "POST", url: `${url}/cancel` })).statusCode).toBe(404);
      expect((await session.inject({ method: "POST", url: `${url}/reask`, payload: { minutes: 5 } })).statusCode).toBe(404);
      expect((await session.inject({ method: "POST", url: `${url}/reveal` })).statusCode).toBe(404);
      expect((await session.inject({ method: "POST", url: `${url}/used` })).statusCode).toBe(404);
      const list = (await session.inject({ method: "GET", url: "/api/asks?status=all" })).json().data as { id: string }[];
      expect(list.map((a) => a.id)).not.toContain(created.id);
    }
    // An unassigned agent cannot ask an account they do not work; a client cannot ask at all.
    const unassigned = await agentOther.inject({
      method: "POST",
      url: "/api/asks",
      payload: { accountId: accountA.id, kind: "code", prompt: "x", minutes: 5 },
    });
    expect(unassigned.statusCode).toBe(404);
    const byClient = await clientA.inject({
      method: "POST",
      url: "/api/asks",
      payload: { accountId: accountA.id, kind: "code", prompt: "x", minutes: 5 },
    });
    expect(byClient.statusCode).toBe(403);
    // Staff may not answer for the client.
    expect((await answer(agentA, created.id, { code: "1" })).json().error.code).toBe("client_only");
    expect((await t.app.inject({ method: "GET", url: "/api/asks" })).statusCode).toBe(401);
    const ghost = "01900000-0000-7000-8000-000000000000";
    expect((await admin.inject({ method: "GET", url: `/api/asks/${ghost}` })).statusCode).toBe(404);
    expect(
      (await admin.inject({ method: "POST", url: "/api/asks", payload: { accountId: ghost, kind: "code", prompt: "x", minutes: 5 } }))
        .statusCode,
    ).toBe(404);
  });
});

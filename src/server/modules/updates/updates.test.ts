import { inflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isClientVisible } from "../../platform/events";
import { assignAgent, buildAccount, buildTask, buildTicket, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, drainJobs, type TestApp, upload } from "../../test/harness";
import { updatesModule } from "./index";

let t: TestApp;
let accountA: { id: string };
let accountB: { id: string };
let anna: Person;
let bob: Person;
let clientA: Session;
let clientB: Session;
let agentAUser: Person;
let agentA: Session;
let agentOther: Session;
let adminUser: Person;
let admin: Session;

beforeAll(async () => {
  t = await createTestApp();
  accountA = await buildAccount(t, { name: "Alpha Plumbing" });
  accountB = await buildAccount(t, { name: "Bravo Bakery" });
  anna = await buildUser(t, { accountId: accountA.id, name: "Anna Alpha" });
  bob = await buildUser(t, { accountId: accountB.id, name: "Bob Bravo" });
  clientA = await login(t, anna.username);
  clientB = await login(t, bob.username);
  agentAUser = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  await assignAgent(t, accountA.id, agentAUser.id);
  agentA = await login(t, agentAUser.username);
  agentOther = await login(t, (await buildUser(t, { role: "agent", name: "Otto Other" })).username);
  adminUser = await buildUser(t, { role: "admin", name: "Ada Admin" });
  admin = await login(t, adminUser.username);
});
afterAll(() => t.close());

async function uploadId(session: Session, name: string, data: string | Buffer, type = "application/pdf"): Promise<string> {
  const response = await upload(session, name, data, type);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data.id as string;
}

async function post(session: Session, accountId: string, payload: Record<string, unknown>) {
  return session.inject({ method: "POST", url: `/api/accounts/${accountId}/updates`, payload });
}

async function postDraft(title = "Homepage copy"): Promise<string> {
  const response = await post(agentA, accountA.id, { kind: "draft", title, body: "Version **one** of the homepage." });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().data.update.id as string;
}

async function notificationsOf(session: Session) {
  return (await session.inject({ method: "GET", url: "/api/notifications?limit=100" })).json().data as {
    verb: string;
    title: string;
    body: string;
    url: string;
  }[];
}

async function nextActions(actor: Person, side: "client" | "agency") {
  const { actorFor } = await import("../../test/factories");
  return updatesModule.nextActions!(t.ctx, await actorFor(t, actor), side);
}

/** The entries of a zip (central directory names and each file's bytes). */
function unzip(buffer: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  let end = buffer.length - 22;
  while (end >= 0 && buffer.readUInt32LE(end) !== 0x06054b50) end--;
  expect(end).toBeGreaterThanOrEqual(0);
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    expect(buffer.readUInt32LE(at)).toBe(0x02014b50);
    const method = buffer.readUInt16LE(at + 10);
    const compressed = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.subarray(at + 46, at + 46 + nameLength).toString("utf8");
    const dataAt = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const raw = buffer.subarray(dataAt, dataAt + compressed);
    entries.set(name, method === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

describe("the feed", () => {
  it("staff post a work update and a draft; the client sees both, newest first, with unread dots", async () => {
    const fileId = await uploadId(agentA, "report.pdf", "%PDF report");
    const update = await post(agentA, accountA.id, {
      kind: "update",
      title: "Week 1: site audit done",
      body: "We **audited** the site.\n\nNext: fixes.",
      fileIds: [fileId],
    });
    expect(update.statusCode, update.body).toBe(201);
    const body = update.json();
    expect(body.data.update).toMatchObject({
      kind: "update",
      title: "Week 1: site audit done",
      draftStatus: null,
      postedBy: { name: "Agnes Agent" },
      account: { id: accountA.id, name: "Alpha Plumbing" },
      fileCount: 1,
      latestVersion: 1,
    });
    expect(body.data.versions[0].files[0]).toMatchObject({ id: fileId, name: "report.pdf" });
    const draftId = await postDraft("Feed draft");

    const feed = await clientA.inject({ method: "GET", url: "/api/updates" });
    expect(feed.statusCode).toBe(200);
    const items = feed.json().data as { id: string; title: string; read: boolean; draftStatus: string | null; seenBy: unknown[] }[];
    expect(items.slice(0, 2).map((i) => i.title)).toEqual(["Feed draft", "Week 1: site audit done"]);
    expect(items[0]).toMatchObject({ id: draftId, read: false, draftStatus: "waiting", seenBy: [] });
    const drafts = (await clientA.inject({ method: "GET", url: "/api/updates?kind=draft" })).json().data as { kind: string }[];
    expect(drafts.every((d) => d.kind === "draft")).toBe(true);

    // Bob's feed holds none of Alpha's updates, and naming Alpha's account is a 404.
    expect((await clientB.inject({ method: "GET", url: "/api/updates" })).json().data).toEqual([]);
    expect((await clientB.inject({ method: "GET", url: `/api/updates?accountId=${accountA.id}` })).statusCode).toBe(404);
    expect((await agentOther.inject({ method: "GET", url: `/api/updates?accountId=${accountA.id}` })).statusCode).toBe(404);
    expect((await agentOther.inject({ method: "GET", url: "/api/updates" })).json().data).toEqual([]);
    const staffFeed = (await admin.inject({ method: "GET", url: `/api/updates?accountId=${accountA.id}` })).json();
    expect(staffFeed.total).toBeGreaterThanOrEqual(2);
  });

  it("tells the client in the app and by email, with the update's formatted text", async () => {
    await post(agentA, accountA.id, { kind: "update", title: "Emailed update", body: "The **new** menu is live." });
    await drainJobs(t);
    const mail = await t.ctx.db
      .selectFrom("mailbox")
      .selectAll()
      .where("to_address", "=", anna.email)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(mail.subject).toContain("Emailed update");
    expect(mail.html_body).toContain("<strong>new</strong>");
    const notes = await notificationsOf(clientA);
    expect(notes.find((n) => n.title.includes("Emailed update"))).toMatchObject({ verb: "update.posted" });
  });

  it("refuses bad input by field and writes nothing", async () => {
    const count = async () =>
      Number(
        (
          await t.ctx.db
            .selectFrom("updates")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const otherTicket = await buildTicket(t, { accountId: accountB.id });
    const otherTask = await buildTask(t, { accountId: accountB.id });
    const cases: [Record<string, unknown>, string][] = [
      [{ title: "" }, "title"],
      [{ kind: "memo" }, "kind"],
      [{ body: "" }, "body"],
      [{ ticketId: otherTicket.id }, "ticketId"],
      [{ taskId: otherTask.id }, "taskId"],
      [{ deliverables: [{ fileId: "0190a0a0-0000-7000-8000-000000000000" }] }, "deliverables"],
    ];
    for (const [override, field] of cases) {
      const response = await post(agentA, accountA.id, { kind: "update", title: "T", body: "B", ...override });
      expect(response.statusCode, field).toBe(400);
      expect(response.json().error.field, field).toBe(field);
    }
    expect(await count()).toBe(before);
  });

  it("links an update to a ticket or a task of the same account", async () => {
    const ticket = await buildTicket(t, { accountId: accountA.id, subject: "Broken form" });
    const task = await buildTask(t, { accountId: accountA.id, summary: "New banner" });
    const onTicket = await post(agentA, accountA.id, { kind: "update", title: "Form fixed", body: "Done.", ticketId: ticket.id });
    expect(onTicket.json().data.update.link).toMatchObject({ type: "ticket", id: ticket.id, title: "Broken form" });
    const onTask = await post(agentA, accountA.id, { kind: "update", title: "Banner drafted", body: "Done.", taskId: task.id });
    expect(onTask.json().data.update.link).toMatchObject({ type: "task", id: task.id, title: "New banner", number: task.number });
  });

  it("lets only staff who handle the account post", async () => {
    const body = { kind: "update", title: "Nope", body: "Nope" };
    expect((await post(clientA, accountA.id, body)).statusCode).toBe(403);
    expect((await post(clientB, accountA.id, body)).statusCode).toBe(404);
    expect((await post(agentOther, accountA.id, body)).statusCode).toBe(404);
    expect((await post(admin, accountA.id, body)).statusCode).toBe(201);
  });
});

describe("a draft's versions and the client's decisions", () => {
  it("v1 → edits requested (comment required) → v2 → approved, each decision recorded on its version", async () => {
    const id = await postDraft("About page");
    const decide = (session: Session, version: number, payload: Record<string, unknown>) =>
      session.inject({ method: "POST", url: `/api/updates/${id}/versions/${version}/decision`, payload });

    const noComment = await decide(clientA, 1, { decision: "request_edits" });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().error.field).toBe("comment");
    expect((await decide(agentA, 1, { decision: "approve" })).json().error.code).toBe("client_only");
    expect((await decide(clientB, 1, { decision: "approve" })).statusCode).toBe(404);

    const edits = await decide(clientA, 1, { decision: "request_edits", comment: "Shorter intro, please." });
    expect(edits.statusCode, edits.body).toBe(200);
    expect(edits.json().data.update.draftStatus).toBe("edits_requested");
    expect(edits.json().data.versions[0].decision).toMatchObject({
      decision: "edits_requested",
      comment: "Shorter intro, please.",
      decidedBy: { id: anna.id, name: "Anna Alpha" },
    });
    const again = await decide(clientA, 1, { decision: "approve" });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("version_decided");

    // The agency hears of it, and sees it waits on them.
    const agencyNotes = await notificationsOf(agentA);
    expect(agencyNotes.find((n) => n.verb === "draft.edits_requested" && n.title.includes("About page"))).toBeTruthy();
    const agency = await nextActions(agentAUser, "agency");
    expect(agency.find((a) => a.key === `draft:${id}`)).toMatchObject({ title: "Post a new version of the draft", url: `/updates/${id}` });

    expect((await clientA.inject({ method: "POST", url: `/api/updates/${id}/versions`, payload: { body: "v2" } })).statusCode).toBe(403);
    expect((await agentOther.inject({ method: "POST", url: `/api/updates/${id}/versions`, payload: { body: "v2" } })).statusCode).toBe(404);
    const v2 = await agentA.inject({ method: "POST", url: `/api/updates/${id}/versions`, payload: { body: "A **shorter** intro." } });
    expect(v2.statusCode, v2.body).toBe(201);
    expect(v2.json().data.update).toMatchObject({ latestVersion: 2, draftStatus: "waiting" });
    expect((await nextActions(agentAUser, "agency")).find((a) => a.key === `draft:${id}`)).toBeUndefined();
    const clientNotes = await notificationsOf(clientA);
    expect(clientNotes.find((n) => n.verb === "draft.version_posted" && n.url === `/updates/${id}`)).toBeTruthy();

    const old = await decide(clientA, 1, { decision: "approve" });
    expect(old.statusCode).toBe(409);
    expect(old.json().error.code).toBe("version_decided");
    const missing = await decide(clientA, 7, { decision: "approve" });
    expect(missing.statusCode).toBe(404);

    const approved = await decide(clientA, 2, { decision: "approve" });
    expect(approved.statusCode).toBe(200);
    const versions = approved.json().data.versions as { version: number; decision: { decision: string; decidedAt: string } | null }[];
    expect(versions.map((v) => [v.version, v.decision?.decision])).toEqual([
      [1, "edits_requested"],
      [2, "approved"],
    ]);
    expect(versions[1]!.decision!.decidedAt).toMatch(/^\d{4}-/);
    expect(approved.json().data.update.draftStatus).toBe("approved");
    expect(approved.json().policies).toEqual({ decide: false, postVersion: false });
  });

  it("answers not_latest_version on an older undecided version, and not_a_draft on a work update", async () => {
    const id = await postDraft("Services page");
    await agentA.inject({ method: "POST", url: `/api/updates/${id}/versions`, payload: { body: "v2 before any decision" } });
    const old = await clientA.inject({ method: "POST", url: `/api/updates/${id}/versions/1/decision`, payload: { decision: "approve" } });
    expect(old.statusCode).toBe(409);
    expect(old.json().error.code).toBe("not_latest_version");

    const update = (await post(agentA, accountA.id, { kind: "update", title: "Plain", body: "Plain" })).json().data.update.id;
    const onUpdate = await clientA.inject({
      method: "POST",
      url: `/api/updates/${update}/versions/1/decision`,
      payload: { decision: "approve" },
    });
    expect(onUpdate.statusCode).toBe(409);
    expect(onUpdate.json().error.code).toBe("not_a_draft");
    const version = await agentA.inject({ method: "POST", url: `/api/updates/${update}/versions`, payload: { body: "v2" } });
    expect(version.json().error.code).toBe("not_a_draft");
  });
});

describe("read receipts and next actions", () => {
  it("an update is unread until opened; staff see who opened it and when", async () => {
    const id = (await post(agentA, accountA.id, { kind: "update", title: "Read me", body: "News." })).json().data.update.id as string;
    const draftId = await postDraft("Review me");
    const before = await nextActions(anna, "client");
    expect(before.find((a) => a.key === `update:${id}`)).toMatchObject({ title: "Read the update from your agent", url: `/updates/${id}` });
    expect(before.find((a) => a.key === `draft:${draftId}`)).toMatchObject({ title: "Review the draft", actionLabel: "Review the draft" });
    // Another account's client sees none of it.
    expect((await nextActions(bob, "client")).some((a) => a.accountId === accountA.id)).toBe(false);

    expect((await clientB.inject({ method: "GET", url: `/api/updates/${id}` })).statusCode).toBe(404);
    expect((await agentOther.inject({ method: "GET", url: `/api/updates/${id}` })).statusCode).toBe(404);
    const opened = await clientA.inject({ method: "GET", url: `/api/updates/${id}` });
    expect(opened.statusCode).toBe(200);
    expect(opened.json().data.update).toMatchObject({ read: true, seenBy: [] });
    expect((await nextActions(anna, "client")).find((a) => a.key === `update:${id}`)).toBeUndefined();

    const staffView = (await agentA.inject({ method: "GET", url: `/api/updates/${id}` })).json();
    expect(staffView.data.update.seenBy).toEqual([{ name: "Anna Alpha", role: "client", at: expect.stringMatching(/^\d{4}-/) }]);
    // Staff on the client side see the drafts waiting on their clients.
    expect((await nextActions(agentAUser, "client")).find((a) => a.key === `draft:${draftId}`)).toBeTruthy();
    expect(await nextActions(anna, "agency")).toEqual([]);
  });
});

describe("deliverables", () => {
  it("final files become deliverables with versions; one zip holds the latest of each", async () => {
    const account = await buildAccount(t, { name: "Charlie Cafe" });
    const carla = await buildUser(t, { accountId: account.id, name: "Carla" });
    const clientC = await login(t, carla.username);
    await assignAgent(t, account.id, agentAUser.id);
    const logo1 = await uploadId(agentA, "logo-v1.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 1]), "image/png");
    const guide = await uploadId(agentA, "brand guide.pdf", "%PDF guide");
    const notes = await uploadId(agentA, "working notes.txt", "not final", "text/plain");
    const first = await post(agentA, account.id, {
      kind: "update",
      title: "Brand pack",
      body: "Here it is.",
      fileIds: [logo1, guide, notes],
      deliverables: [{ fileId: logo1, name: "Logo" }, { fileId: guide }],
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().data.update.deliverableCount).toBe(2);
    const logoId = (first.json().data.versions[0].deliverables as { name: string; deliverableId: string }[]).find(
      (d) => d.name === "Logo",
    )!.deliverableId;

    const logo2 = await uploadId(agentA, "logo-v2.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 2]), "image/png");
    const second = await post(agentA, account.id, {
      kind: "update",
      title: "Logo, tweaked",
      body: "Version 2.",
      fileIds: [logo2],
      deliverables: [{ fileId: logo2, deliverableId: logoId }],
    });
    expect(second.statusCode, second.body).toBe(201);
    const wrong = await uploadId(agentA, "x.pdf", "x");
    const elsewhere = await post(agentA, accountA.id, {
      kind: "update",
      title: "Wrong account",
      body: "x",
      fileIds: [wrong],
      deliverables: [{ fileId: wrong, deliverableId: logoId }],
    });
    expect(elsewhere.statusCode).toBe(400);

    const list = await clientC.inject({ method: "GET", url: "/api/deliverables" });
    expect(list.statusCode).toBe(200);
    const data = list.json().data as {
      name: string;
      latestVersion: number;
      versions: { version: number; file: { name: string; url: string }; update: { title: string } }[];
    }[];
    expect(data.map((d) => [d.name, d.latestVersion])).toEqual([
      ["Logo", 2],
      ["brand guide.pdf", 1],
    ]);
    expect(data[0]!.versions.map((v) => [v.version, v.file.name, v.update.title])).toEqual([
      [2, "logo-v2.png", "Logo, tweaked"],
      [1, "logo-v1.png", "Brand pack"],
    ]);
    // One click: the file's own download link works for the client.
    const download = await clientC.inject({ method: "GET", url: data[0]!.versions[0]!.file.url });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 2]));
    expect((await clientA.inject({ method: "GET", url: data[0]!.versions[0]!.file.url })).statusCode).toBe(404);

    const staffList = await agentA.inject({ method: "GET", url: `/api/accounts/${account.id}/deliverables` });
    expect(staffList.json().data).toHaveLength(2);
    for (const session of [clientA, agentOther]) {
      expect((await session.inject({ method: "GET", url: `/api/accounts/${account.id}/deliverables` })).statusCode).toBe(404);
      expect((await session.inject({ method: "GET", url: `/api/accounts/${account.id}/deliverables.zip` })).statusCode).toBe(404);
    }
    expect((await agentA.inject({ method: "GET", url: "/api/deliverables" })).statusCode).toBe(400);

    const zip = await clientC.inject({ method: "GET", url: "/api/deliverables.zip" });
    expect(zip.statusCode).toBe(200);
    expect(zip.headers["content-type"]).toBe("application/zip");
    expect(zip.headers["content-disposition"]).toMatch(/^attachment; filename="Charlie Cafe deliverables.zip"/);
    const entries = unzip(zip.rawPayload);
    expect([...entries.keys()].sort()).toEqual(["Logo.png", "brand guide.pdf"]);
    expect(entries.get("Logo.png")).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 2]));
    expect(entries.get("brand guide.pdf")!.toString()).toBe("%PDF guide");
    const staffZip = await agentA.inject({ method: "GET", url: `/api/accounts/${account.id}/deliverables.zip` });
    expect([...unzip(staffZip.rawPayload).keys()].sort()).toEqual(["Logo.png", "brand guide.pdf"]);
  });
});

describe("staff-only notes on a client", () => {
  it("never reach the client: not in responses, notifications, emails or events they can see", async () => {
    const secret = "SECRET-NOTE-budget is tight";
    const fileId = await uploadId(agentA, "internal.txt", "internal only", "text/plain");
    const added = await agentA.inject({
      method: "POST",
      url: `/api/accounts/${accountA.id}/notes`,
      payload: { body: secret, fileIds: [fileId] },
    });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().data).toMatchObject({ author: { name: "Agnes Agent" }, comment: { kind: "note", body: secret } });
    const list = await admin.inject({ method: "GET", url: `/api/accounts/${accountA.id}/notes` });
    expect(list.json().data.map((n: { comment: { body: string } }) => n.comment.body)).toContain(secret);

    expect((await clientA.inject({ method: "GET", url: `/api/accounts/${accountA.id}/notes` })).statusCode).toBe(404);
    expect((await clientA.inject({ method: "POST", url: `/api/accounts/${accountA.id}/notes`, payload: { body: "x" } })).statusCode).toBe(
      404,
    );
    expect((await agentOther.inject({ method: "GET", url: `/api/accounts/${accountA.id}/notes` })).statusCode).toBe(404);
    expect(
      (await agentOther.inject({ method: "POST", url: `/api/accounts/${accountA.id}/notes`, payload: { body: "x" } })).statusCode,
    ).toBe(404);
    expect((await clientA.inject({ method: "GET", url: `/api/files/${fileId}/download` })).statusCode).toBe(404);
    expect((await agentA.inject({ method: "GET", url: `/api/files/${fileId}/download` })).statusCode).toBe(200);

    await drainJobs(t);
    const everything = [
      (await clientA.inject({ method: "GET", url: "/api/updates" })).body,
      (await clientA.inject({ method: "GET", url: "/api/deliverables" })).body,
      (await clientA.inject({ method: "GET", url: "/api/notifications?limit=100" })).body,
    ].join("\n");
    expect(everything).not.toContain("SECRET-NOTE");
    const mails = await t.ctx.db
      .selectFrom("mailbox")
      .select(["text_body", "html_body", "subject"])
      .where("to_address", "=", anna.email)
      .execute();
    expect(JSON.stringify(mails)).not.toContain("SECRET-NOTE");
    const events = await t.ctx.db.selectFrom("events").selectAll().where("object_type", "=", "client_notes").execute();
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(isClientVisible({ verb: event.verb, payload: JSON.parse(event.payload) })).toBe(false);
      expect(event.payload).not.toContain("SECRET-NOTE");
    }
  });
});

import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bumpBoardVersion, readBoardVersion } from "../../platform/board-versions";
import { recordEvent } from "../../platform/events";
import { newId } from "../../platform/ids";
import { actorFor, buildAccount, buildTask, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, type TestApp, upload } from "../../test/harness";
import { openStream } from "../../test/sse";

/**
 * GET /api/board answered from the cache while nothing it shows changed: a revalidation is a 304,
 * every kind of change gives a new ETag and a body that shows it, no answer crosses between
 * accounts or between a client and staff, and the compressed forms are the same JSON. Beside it,
 * the app's compression of large JSON leaves the live stream, downloads and small answers alone.
 */
let t: TestApp;
let accountA: { id: string };
let accountB: { id: string };
let anna: Person;
let agnes: Person;
let clientA: Session;
let clientB: Session;
let agentA: Session;
let admin: Session;
let requestTypeId: string;

beforeAll(async () => {
  t = await createTestApp();
  accountA = await buildAccount(t, { name: "Cache Alpha" });
  accountB = await buildAccount(t, { name: "Cache Bravo" });
  anna = await buildUser(t, { accountId: accountA.id, name: "Anna Cache" });
  clientA = await login(t, anna.username);
  clientB = await login(t, (await buildUser(t, { accountId: accountB.id, name: "Bob Cache" })).username);
  agnes = await buildUser(t, { role: "agent", name: "Agnes Cache" });
  agentA = await login(t, agnes.username);
  admin = await login(t, (await buildUser(t, { role: "admin", name: "Ada Cache" })).username);
  // Through the API, as the admin does it (the factory's direct insert records no event).
  expect((await admin.inject({ method: "PUT", url: `/api/admin/accounts/${accountA.id}/agents/${agnes.id}` })).statusCode).toBe(200);
  requestTypeId = (await clientA.inject({ method: "GET", url: "/api/request-types" })).json().data[0].id;
});
afterAll(() => t.close());

interface Read {
  status: number;
  etag: string;
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: test reads of JSON answers
  board: any;
  headers: Record<string, unknown>;
}

async function readBoard(session: Session, url = "/api/board", headers: Record<string, string> = {}): Promise<Read> {
  const response = await session.inject({ method: "GET", url, headers });
  return {
    status: response.statusCode,
    etag: String(response.headers.etag),
    body: response.body,
    board: response.statusCode === 200 && !response.headers["content-encoding"] ? response.json() : undefined,
    headers: response.headers,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: test reads of JSON answers
const cards = (read: Read): any[] => read.board.data.columns.flatMap((column: { tasks: unknown[] }) => column.tasks);
const cardOf = (read: Read, id: string) => cards(read).find((card) => card.id === id);

/** Runs `change`, then checks the board's ETag moved, the old one no longer revalidates, and returns the new read. */
async function afterChange(session: Session, change: () => Promise<unknown>, url = "/api/board"): Promise<Read> {
  const before = await readBoard(session, url);
  expect(before.status).toBe(200);
  // Cached now: the same ETag answers 304.
  expect((await readBoard(session, url, { "if-none-match": before.etag })).status).toBe(304);
  await change();
  const after = await readBoard(session, url, { "if-none-match": before.etag });
  expect(after.status, "a change must give a new ETag").toBe(200);
  expect(after.etag).not.toBe(before.etag);
  return after;
}

async function expectOk(response: { statusCode: number; body: string }, status = 200) {
  expect(response.statusCode, response.body).toBe(status);
}

describe("revalidation", () => {
  it("answers a repeat with If-None-Match as 304, no body, and tells the browser to revalidate", async () => {
    await buildTask(t, { by: anna, summary: "Cached card" });
    const first = await readBoard(clientA);
    expect(first.status).toBe(200);
    expect(first.etag).toMatch(/^W\/".+"$/);
    expect(first.headers["cache-control"]).toBe("private, no-cache");
    expect(String(first.headers.vary).toLowerCase()).toContain("accept-encoding");
    expect(cards(first).map((card) => card.summary)).toContain("Cached card");

    const again = await readBoard(clientA, "/api/board", { "if-none-match": first.etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe("");
    expect(again.etag).toBe(first.etag);
    // A plain repeat is the same bytes from the cache.
    const plain = await readBoard(clientA);
    expect(plain.body).toBe(first.body);
    // Another ETag, or a list holding this one, as browsers and proxies send them.
    expect((await readBoard(clientA, "/api/board", { "if-none-match": 'W/"other"' })).status).toBe(200);
    expect((await readBoard(clientA, "/api/board", { "if-none-match": `"x", ${first.etag}` })).status).toBe(304);
  });

  it("keys filtered boards apart, and checks the filter before any cached answer", async () => {
    const all = await readBoard(clientA);
    const byType = await readBoard(clientA, `/api/board?requestType=${requestTypeId}`);
    expect(byType.status).toBe(200);
    expect(byType.etag).not.toBe(all.etag);
    expect((await readBoard(clientA, "/api/board?due=someday")).status).toBe(400);
    expect((await readBoard(clientA, "/api/board?assignee=me")).status).toBe(403);
  });
});

describe("every change that a board shows gives a new ETag and a body that shows it", () => {
  it("creates, updates, moves, comments, quotes, assigns, archives and unarchives", async () => {
    let taskId = "";
    let read = await afterChange(clientA, async () => {
      taskId = (await buildTask(t, { by: anna, summary: "Watch me change" })).id;
    });
    expect(cardOf(read, taskId)).toMatchObject({ summary: "Watch me change", stage: "requested", commentCount: 0 });

    read = await afterChange(clientA, () =>
      clientA.inject({ method: "PATCH", url: `/api/tasks/${taskId}`, payload: { summary: "Watch me change again" } }),
    );
    expect(cardOf(read, taskId).summary).toBe("Watch me change again");

    read = await afterChange(clientA, () =>
      clientA.inject({ method: "POST", url: `/api/tasks/${taskId}/comments`, payload: { body: "One more thing." } }),
    );
    expect(cardOf(read, taskId).commentCount).toBe(1);

    read = await afterChange(clientA, () =>
      agentA.inject({
        method: "POST",
        url: `/api/tasks/${taskId}/quotes`,
        payload: { scope: "Two pages.", amountMinor: 10_000, currency: "AUD" },
      }),
    );
    expect(cardOf(read, taskId).quote).toBe("pending");
    const quoteId = (await clientA.inject({ method: "GET", url: `/api/tasks/${taskId}` })).json().data.quotes[0].id;
    read = await afterChange(clientA, () =>
      clientA.inject({ method: "POST", url: `/api/tasks/${taskId}/quotes/${quoteId}/accept`, payload: {} }),
    );
    expect(cardOf(read, taskId).quote).toBe("accepted");

    read = await afterChange(clientA, () =>
      agentA.inject({ method: "POST", url: `/api/tasks/${taskId}/move`, payload: { stage: "in_progress" } }),
    );
    expect(cardOf(read, taskId).stage).toBe("in_progress");

    read = await afterChange(clientA, () =>
      agentA.inject({ method: "PATCH", url: `/api/tasks/${taskId}`, payload: { assigneeId: agnes.id } }),
    );
    expect(cardOf(read, taskId).assigneeId).toBe(agnes.id);
    expect(read.board.data.assignees).toContainEqual({ id: agnes.id, name: "Agnes Cache" });

    read = await afterChange(clientA, () =>
      agentA.inject({
        method: "POST",
        url: `/api/tasks/${taskId}/move`,
        payload: { stage: "client_approval", review: { note: "Look at the new pages." } },
      }),
    );
    expect(cardOf(read, taskId).review).toMatchObject({ note: "Look at the new pages." });

    read = await afterChange(clientA, () => clientA.inject({ method: "POST", url: `/api/tasks/${taskId}/approve`, payload: {} }));
    expect(cardOf(read, taskId).stage).toBe("completed");

    read = await afterChange(clientA, () => admin.inject({ method: "POST", url: `/api/tasks/${taskId}/archive` }));
    expect(cardOf(read, taskId)).toBeUndefined();
    read = await afterChange(clientA, () => admin.inject({ method: "POST", url: `/api/tasks/${taskId}/unarchive` }));
    expect(cardOf(read, taskId)).toMatchObject({ stage: "completed" });
  });

  it("renames of request types, assignees and accounts, which boards show by name", async () => {
    const task = await buildTask(t, { by: anna, summary: "Named things" });
    await expectOk(await agentA.inject({ method: "PATCH", url: `/api/tasks/${task.id}`, payload: { assigneeId: agnes.id } }));

    let read = await afterChange(clientA, () =>
      admin.inject({ method: "PATCH", url: `/api/admin/request-types/${requestTypeId}`, payload: { name: "Content Updates (renamed)" } }),
    );
    expect(read.board.data.requestTypes).toContainEqual({ id: requestTypeId, name: "Content Updates (renamed)" });

    // No screen renames a person yet; whatever does will record a `user.*` event in its transaction.
    read = await afterChange(clientA, () =>
      t.ctx.db.transaction().execute(async (tx) => {
        await tx.updateTable("users").set({ name: "Agnes Renamed" }).where("id", "=", agnes.id).execute();
        await recordEvent(tx, {
          actorId: null,
          verb: "user.updated",
          objectType: "user",
          objectId: agnes.id,
          payload: { name: "Agnes Renamed", changes: { name: { from: "Agnes Cache", to: "Agnes Renamed" } } },
        });
      }),
    );
    expect(read.board.data.assignees).toContainEqual({ id: agnes.id, name: "Agnes Renamed" });

    // Staff see account names on the combined board.
    read = await afterChange(
      admin,
      () => admin.inject({ method: "PATCH", url: `/api/admin/accounts/${accountA.id}`, payload: { name: "Cache Alpha Renamed" } }),
      "/api/board",
    );
    expect(read.board.data.accounts).toContainEqual(expect.objectContaining({ id: accountA.id, name: "Cache Alpha Renamed" }));
  });

  it("a change of who works an account changes that agent's combined board", async () => {
    const bravo = await buildTask(t, { by: (await buildUser(t, { accountId: accountB.id })) as Person, summary: "Bravo's card" });
    let read = await readBoard(agentA);
    expect(cardOf(read, bravo.id)).toBeUndefined();
    read = await afterChange(agentA, () => admin.inject({ method: "PUT", url: `/api/admin/accounts/${accountB.id}/agents/${agnes.id}` }));
    expect(cardOf(read, bravo.id)).toMatchObject({ summary: "Bravo's card" });
    read = await afterChange(agentA, () =>
      admin.inject({ method: "DELETE", url: `/api/admin/accounts/${accountB.id}/agents/${agnes.id}` }),
    );
    expect(cardOf(read, bravo.id)).toBeUndefined();
    // Her one-account board of B is refused again, cached or not.
    expect((await readBoard(admin, `/api/board?accountId=${accountB.id}`)).status).toBe(200);
    expect((await readBoard(agentA, `/api/board?accountId=${accountB.id}`)).status).toBe(404);
  });
});

describe("merges", () => {
  it("a merge moves the cards onto the remaining account's board, for its client and for staff", async () => {
    const from = await buildAccount(t, { name: "Cache Merged Away" });
    const moved = await buildTask(t, { by: (await buildUser(t, { accountId: from.id })) as Person, summary: "Moving card" });
    const staffUrl = `/api/board?accountId=${accountA.id}`;
    await readBoard(admin, staffUrl);
    const client = await afterChange(clientA, () =>
      admin.inject({ method: "POST", url: `/api/admin/accounts/${from.id}/merge`, payload: { intoAccountId: accountA.id } }),
    );
    expect(cardOf(client, moved.id)).toMatchObject({ summary: "Moving card", accountId: accountA.id });
    expect(cardOf(await readBoard(admin, staffUrl), moved.id)).toMatchObject({ accountId: accountA.id });
  });
});

describe("tenant isolation through the cache", () => {
  it("never gives one account's board to another, nor a staff board to a client", async () => {
    const alpha = await buildTask(t, { by: anna, summary: "Alpha only" });
    const bravo = await buildTask(t, { by: (await buildUser(t, { accountId: accountB.id })) as Person, summary: "Bravo only" });
    // Warm every key first, then read each again from the cache.
    for (let round = 0; round < 2; round++) {
      const a = await readBoard(clientA);
      const b = await readBoard(clientB);
      const staffA = await readBoard(admin, `/api/board?accountId=${accountA.id}`);
      const combined = await readBoard(admin);
      expect(cardOf(a, alpha.id)).toBeDefined();
      expect(a.body).not.toContain("Bravo only");
      expect(cardOf(b, bravo.id)).toBeDefined();
      expect(b.body).not.toContain("Alpha only");
      expect(cardOf(combined, alpha.id)).toBeDefined();
      expect(cardOf(combined, bravo.id)).toBeDefined();
      expect(new Set([a.etag, b.etag, staffA.etag, combined.etag]).size).toBe(4);
      // A client's ETag never revalidates another viewer's board, and a client cannot reach staff's.
      expect((await readBoard(clientB, "/api/board", { "if-none-match": a.etag })).status).toBe(200);
      expect((await readBoard(clientA, "/api/board", { "if-none-match": staffA.etag })).status).toBe(200);
      expect((await readBoard(clientA, `/api/board?accountId=${accountB.id}`)).body).not.toContain("Bravo only");
      expect((await readBoard(agentA, `/api/board?accountId=${accountB.id}`)).status).toBe(404);
    }
  });
});

describe("compression", () => {
  it("sends the board as brotli or gzip when accepted, the same JSON either way", async () => {
    const plain = await readBoard(clientA);
    const br = await readBoard(clientA, "/api/board", { "accept-encoding": "gzip, deflate, br" });
    const gz = await readBoard(clientA, "/api/board", { "accept-encoding": "gzip" });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    const inject = (accept: string) => clientA.inject({ method: "GET", url: "/api/board", headers: { "accept-encoding": accept } });
    expect(brotliDecompressSync((await inject("br")).rawPayload).toString()).toBe(plain.body);
    expect(gunzipSync((await inject("gzip")).rawPayload).toString()).toBe(plain.body);
    expect(br.etag).toBe(plain.etag);
    expect((await inject("br;q=0, gzip;q=0")).headers["content-encoding"]).toBeUndefined();
    expect((await readBoard(clientA, "/api/board", { "accept-encoding": "br", "if-none-match": plain.etag })).status).toBe(304);
  });

  it("compresses other large JSON answers, never small ones", async () => {
    const docs = await admin.inject({ method: "GET", url: "/api/docs/json", headers: { "accept-encoding": "br, gzip" } });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers["content-encoding"]).toBe("br");
    const small = await clientA.inject({ method: "GET", url: "/api/request-types", headers: { "accept-encoding": "br, gzip" } });
    expect(small.statusCode).toBe(200);
    expect(small.headers["content-encoding"]).toBeUndefined();
    expect(small.json().data.length).toBeGreaterThan(0);
  });

  it("leaves downloads as stored: a Range request is a 206 of the raw bytes, a whole JSON file too", async () => {
    const data = JSON.stringify({ filler: "x".repeat(20_000) });
    const uploaded = await upload(clientA, "big.json", data, "application/json");
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const id = uploaded.json().data.id;
    const headers = { "accept-encoding": "gzip, br" };
    const part = await clientA.inject({ method: "GET", url: `/api/files/${id}/download`, headers: { ...headers, range: "bytes=0-9" } });
    expect(part.statusCode).toBe(206);
    expect(part.headers["content-encoding"]).toBeUndefined();
    expect(part.body).toBe(data.slice(0, 10));
    const whole = await clientA.inject({ method: "GET", url: `/api/files/${id}/download`, headers });
    expect(whole.statusCode).toBe(200);
    expect(whole.headers["content-encoding"]).toBeUndefined();
    expect(whole.headers["content-length"]).toBe(String(data.length));
    expect(whole.body).toBe(data);
  });

  it("leaves the live stream uncompressed and streaming", async () => {
    const base = await t.app.listen({ port: 0, host: "127.0.0.1" });
    const stream = await openStream(base, clientA, { "accept-encoding": "gzip, br" });
    try {
      expect(stream.response.headers.get("content-type")).toMatch(/^text\/event-stream/);
      expect(stream.response.headers.get("content-encoding")).toBeNull();
      // A change reaches the open stream as it happens (nothing buffered it).
      const task = await buildTask(t, { by: anna, summary: "Live while cached" });
      const until = Date.now() + 5000;
      while (!stream.changes().some((change) => JSON.stringify(change).includes(task.id)) && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(stream.changes().some((change) => JSON.stringify(change).includes(task.id))).toBe(true);
    } finally {
      stream.close();
    }
  });
});

describe("board versions", () => {
  it("loses no bump when writers race (one upsert adding in the database)", async () => {
    const accountId = newId();
    const actor = await actorFor(t, anna);
    const before = await readBoardVersion(t.ctx.db, actor, accountId);
    await Promise.all(Array.from({ length: 20 }, () => t.ctx.db.transaction().execute((tx) => bumpBoardVersion(tx, accountId))));
    const row = await t.ctx.db.selectFrom("board_versions").select("version").where("account_id", "=", accountId).executeTakeFirstOrThrow();
    expect(Number(row.version)).toBe(20);
    expect(await readBoardVersion(t.ctx.db, actor, accountId)).not.toBe(before);
  });
});

import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INT32_MAX } from "../../common/integers";
import { requestTypes } from "../modules/board/catalog";
import { buildAccount, buildTask, buildUser, login, type Person, type Session } from "../test/factories";
import { createTestApp, multipart, type TestApp } from "../test/harness";
import { fromDatabaseError } from "./errors";
import { newId, nowIso } from "./ids";
import { MAX_INPUT_DEPTH } from "./input-guards";

/*
 * Issue 10, item 5: what a schema-driven fuzzer sent that answered 5xx. Every request here is
 * hostile or malformed, and every answer must be a 4xx with a stable code naming the field —
 * on SQLite and PostgreSQL alike (PostgreSQL is where NULs and 32-bit overflows used to crash).
 */

let t: TestApp;
let admin: Session;
let adminPerson: Person;
let client: Session;

beforeAll(async () => {
  t = await createTestApp();
  adminPerson = await buildUser(t, { role: "admin" });
  admin = await login(t, adminPerson.username);
  client = await login(t, (await buildUser(t, {})).username);
});
afterAll(() => t.close());

type Answer = { statusCode: number; json(): { error?: { code: string; field?: string; message: string } } };

/** A 400 `validation_error` naming `field` (and, when given, saying `message`). */
function expectRefused(response: Answer & { body?: string }, field: string | undefined, message?: RegExp) {
  expect(response.statusCode, response.body).toBe(400);
  const error = response.json().error;
  expect(error?.code).toBe("validation_error");
  if (field !== undefined) expect(error?.field).toBe(field);
  if (message) expect(error?.message).toMatch(message);
}

const json = (payload: string) => ({ payload, headers: { "content-type": "application/json" } });

describe("bounded integers in query strings", () => {
  // What ajv would coerce into a number that is not the whole number a person means, or one out of range.
  const HOSTILE = ["1e21", "1e309", "Infinity", "-0", "0x10", "1.0", " 2", "1e3", "99999999999999999999", String(INT32_MAX + 1)];
  const PAGED = ["/api/admin/users", "/api/accounts", "/api/admin/mailbox", "/api/admin/events", "/api/admin/inbound"];
  const LIMITED = ["/api/tickets", "/api/tasks/archive", "/api/notifications"];

  it("refuses every hostile page number on every paged list with a 400 naming querystring.page", async () => {
    for (const url of PAGED) {
      expect((await admin.inject({ method: "GET", url: `${url}?page=2` })).statusCode, url).toBe(200);
      for (const value of HOSTILE) {
        const response = await admin.inject({ method: "GET", url: `${url}?page=${encodeURIComponent(value)}` });
        expect(response.statusCode, `${url} page=${value}: ${response.body}`).toBe(400);
        expect(response.json().error).toMatchObject({ code: "validation_error", field: "querystring.page" });
      }
    }
  });

  it("refuses every hostile limit, Infinity included, with a 400 naming querystring.limit", async () => {
    for (const url of LIMITED) {
      expect((await admin.inject({ method: "GET", url: `${url}?limit=100` })).statusCode, url).toBe(200);
      for (const value of [...HOSTILE, "101", "0"]) {
        const response = await admin.inject({ method: "GET", url: `${url}?limit=${encodeURIComponent(value)}` });
        expect(response.statusCode, `${url} limit=${value}: ${response.body}`).toBe(400);
        expect(response.json().error).toMatchObject({ code: "validation_error", field: "querystring.limit" });
      }
    }
  });

  it("says why in words: digits for a URL integer, the bound for one out of range", async () => {
    const hex = await admin.inject({ method: "GET", url: "/api/admin/users?page=0x10" });
    expect(hex.json().error.message).toBe("page must be a whole number written in digits, such as 2.");
    const huge = await admin.inject({ method: "GET", url: "/api/tickets?limit=1000" });
    expect(huge.json().error.message).toBe("limit must be <= 100.");
  });
});

describe("numbers in JSON bodies", () => {
  it("refuses a position above the 32-bit range (PostgreSQL's integer overflowed: a 500) and keeps the old one", async () => {
    const category = (await admin.inject({ method: "GET", url: "/api/admin/ticket-categories" })).json().data[0] as {
      id: string;
      position: number;
    };
    for (const position of [INT32_MAX + 1, 99_999_999_999, 1e21]) {
      const response = await admin.inject({ method: "PATCH", url: `/api/admin/ticket-categories/${category.id}`, payload: { position } });
      expectRefused(response, "position");
    }
    const requestType = (await requestTypes.list(t.ctx.db, false))[0]!;
    expectRefused(
      await admin.inject({ method: "PATCH", url: `/api/admin/request-types/${requestType.id}`, payload: { position: INT32_MAX + 1 } }),
      "position",
    );
    const after = (await admin.inject({ method: "GET", url: "/api/admin/ticket-categories" })).json().data as {
      id: string;
      position: number;
    }[];
    expect(after.find((c) => c.id === category.id)?.position).toBe(category.position);
    // The largest 32-bit value itself is a position the database holds.
    const edge = await admin.inject({
      method: "PATCH",
      url: `/api/admin/ticket-categories/${category.id}`,
      payload: { position: INT32_MAX },
    });
    expect(edge.statusCode, edge.body).toBe(200);
    expect(edge.json().data.position).toBe(INT32_MAX);
  });

  it("refuses a number JSON.parse makes Infinity (1e309), naming the field", async () => {
    const category = (await admin.inject({ method: "GET", url: "/api/admin/ticket-categories" })).json().data[0] as { id: string };
    const response = await admin.inject({
      method: "PATCH",
      url: `/api/admin/ticket-categories/${category.id}`,
      ...json('{"position":1e309}'),
    });
    expectRefused(response, "position", /must be a finite number/);
  });

  it("refuses huge amounts in a quote, naming the field", async () => {
    const task = await buildTask(t, { by: adminPerson, accountId: (await buildAccount(t)).id });
    for (const amountMinor of [1e300, Number.MAX_SAFE_INTEGER]) {
      const response = await admin.inject({
        method: "POST",
        url: `/api/tasks/${task.id}/quotes`,
        payload: { scope: "Work", amountMinor, currency: "USD" },
      });
      expectRefused(response, "amountMinor");
    }
    const line = { description: "Design", quantity: 1, unitPriceMinor: 1e21 };
    expectRefused(
      await admin.inject({
        method: "POST",
        url: `/api/tasks/${task.id}/quotes`,
        payload: { scope: "Work", lines: [line], currency: "USD" },
      }),
      "lines.0.unitPriceMinor",
    );
  });
});

describe("malformed multipart on POST /api/files", () => {
  const countFiles = async () =>
    Number(
      (
        await t.ctx.db
          .selectFrom("files")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const raw = (payload: string | Buffer, contentType: string) =>
    admin.inject({ method: "POST", url: "/api/files", payload, headers: { "content-type": contentType } });
  const head = (name: string, filename?: string) =>
    `Content-Disposition: form-data; name="${name}"${filename !== undefined ? `; filename="${filename}"` : ""}\r\nContent-Type: application/pdf\r\n\r\n`;

  it("answers 400 naming what is wrong, and stores nothing", async () => {
    const before = await countFiles();
    const cases: [string, Promise<Answer & { body: string }>, RegExp][] = [
      ["no boundary", raw(`--yy\r\n${head("file", "a.pdf")}abc\r\n--yy--\r\n`, "multipart/form-data"), /no multipart boundary/],
      ["a broken boundary", raw(`--zz\r\n${head("file", "a.pdf")}abc\r\n--zz--\r\n`, "multipart/form-data; boundary=yy"), /ended before/],
      ["a truncated body", raw(`--yy\r\n${head("file", "a.pdf")}abc`, "multipart/form-data; boundary=yy"), /ended before/],
      [
        "a body without its closing boundary",
        raw(`--yy\r\n${head("file", "a.pdf")}abc\r\n--yy`, "multipart/form-data; boundary=yy"),
        /ended before/,
      ],
      ["a field instead of a file", raw(`--yy\r\n${head("file")}abc\r\n--yy--\r\n`, "multipart/form-data; boundary=yy"), /Choose a file/],
      ["an empty body", raw("", "multipart/form-data; boundary=yy"), /Choose a file|ended before/],
      ["an empty form", raw("--yy--\r\n", "multipart/form-data; boundary=yy"), /Choose a file|ended before/],
      [
        "an empty file",
        admin.inject({ method: "POST", url: "/api/files", ...multipart([{ name: "file", filename: "a.pdf", data: "" }]) }),
        /empty/,
      ],
      ["not multipart", raw("file=abc", "application/x-www-form-urlencoded"), /multipart\/form-data|not supported|Unsupported/i],
    ];
    for (const [what, request, message] of cases) {
      const response = await request;
      expect(response.statusCode, `${what}: ${response.body}`).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, `${what}: ${response.body}`).toBeLessThan(500);
      if (response.statusCode === 400) expect(response.json().error?.message, what).toMatch(message);
    }
    for (const [what, request] of cases.slice(0, 7)) {
      const response = await request;
      expect(response.json().error, what).toMatchObject({ code: "validation_error", field: "file" });
    }
    expect(await countFiles()).toBe(before);
  });

  it("refuses a NUL in the file name or in another text field of the form", async () => {
    const before = await countFiles();
    const name = await admin.inject({
      method: "POST",
      url: "/api/files",
      ...multipart([{ name: "file", filename: "re\u0000port.pdf", contentType: "application/pdf", data: "%PDF" }]),
    });
    expectRefused(name, "file", /file name contains a NUL character/);
    const field = await admin.inject({
      method: "POST",
      url: "/api/files",
      ...multipart([
        { name: "note", data: "a\u0000b" },
        { name: "file", filename: "report.pdf", contentType: "application/pdf", data: "%PDF" },
      ]),
    });
    expectRefused(field, "note", /note contains a NUL character/);
    expect(await countFiles()).toBe(before);
    // A well-formed upload still works.
    const ok = await admin.inject({
      method: "POST",
      url: "/api/files",
      ...multipart([{ name: "file", filename: "report.pdf", contentType: "application/pdf", data: "%PDF" }]),
    });
    expect(ok.statusCode, ok.body).toBe(201);
  });
});

describe("a well-formed id that names no account", () => {
  it("answers 400 naming accountId when an admin raises a ticket or logs a task for it, and creates nothing", async () => {
    const missing = newId();
    const ticket = await admin.inject({
      method: "POST",
      url: "/api/tickets",
      payload: { subject: "Printer", description: "Jammed", priority: "normal", accountId: missing },
    });
    expectRefused(ticket, "accountId", /not found/);
    const requestTypeId = (await requestTypes.list(t.ctx.db, false))[0]!.id;
    const task = await admin.inject({
      method: "POST",
      url: "/api/tasks",
      payload: { summary: "New page", description: "", requestTypeId, accountId: missing },
    });
    expectRefused(task, "accountId", /not found/);
    const rows = await t.ctx.db.selectFrom("tasks").select("id").where("account_id", "=", missing).execute();
    expect(rows).toEqual([]);
    expect(await t.ctx.db.selectFrom("tickets").select("id").where("account_id", "=", missing).execute()).toEqual([]);
  });
});

describe("database errors that are the request's fault (the safety net behind the services)", () => {
  const failureOf = async (write: () => Promise<unknown>) => {
    try {
      await write();
    } catch (error) {
      return error;
    }
    throw new Error("the write did not fail");
  };

  it("a foreign-key violation becomes a 400 (naming the column's field on PostgreSQL), not a 500", async () => {
    const now = nowIso();
    const error = await failureOf(() =>
      t.ctx.db.insertInto("account_agents").values({ account_id: newId(), user_id: adminPerson.id, created_at: now }).execute(),
    );
    const known = fromDatabaseError(error);
    expect(known?.statusCode).toBe(400);
    expect(known?.code).toBe("validation_error");
    if (t.dialect === "postgres") expect(known?.field).toBe("accountId");
  });

  it.runIf(process.env.TEST_DATABASE_URL)("PostgreSQL: out-of-range numbers, malformed values and NUL bytes become 400s", async () => {
    const outOfRange = await failureOf(() => sql`select ${String(INT32_MAX + 1)}::integer`.execute(t.ctx.db));
    expect(fromDatabaseError(outOfRange)).toMatchObject({ statusCode: 400, code: "validation_error" });
    const malformed = await failureOf(() => sql`select ${"not-a-uuid"}::uuid`.execute(t.ctx.db));
    expect(fromDatabaseError(malformed)).toMatchObject({ statusCode: 400, code: "validation_error" });
    const nul = await failureOf(() => sql`select ${"a\u0000b"}::text`.execute(t.ctx.db));
    expect(fromDatabaseError(nul)).toMatchObject({ statusCode: 400, code: "validation_error" });
    expect(fromDatabaseError(nul)?.message).toMatch(/NUL character/);
  });

  it("anything else stays unknown (a 500 is for our mistakes)", () => {
    expect(fromDatabaseError(new Error("boom"))).toBeUndefined();
    expect(fromDatabaseError({ code: "42P01" })).toBeUndefined();
    expect(fromDatabaseError(undefined)).toBeUndefined();
  });
});

describe("PATCH /api/admin/settings, validated per key", () => {
  const settings = (payload: string) => admin.inject({ method: "PATCH", url: "/api/admin/settings", ...json(payload) });
  const storedKeys = async () => (await t.ctx.db.selectFrom("settings").select("key").execute()).map((r) => r.key).sort();

  it("refuses an unknown key by name, alone or beside known ones, and stores nothing", async () => {
    const before = await storedKeys();
    expectRefused(await settings('{"bogus":1}'), "bogus", /bogus is not a field this request takes/);
    expectRefused(await settings('{"agencyName":"Acme","colour":"#000000"}'), "colour");
    expect(await storedKeys()).toEqual(before);
    expect((await admin.inject({ method: "GET", url: "/api/admin/settings" })).json().data.agencyName).not.toBe("Acme");
  });

  it("refuses a deeply nested value (it overflowed the stack) and a __proto__ key, without a 500", async () => {
    const deep = `${"[".repeat(50_000)}1${"]".repeat(50_000)}`;
    const nested = await settings(`{"bogus":${deep}}`);
    expect(nested.statusCode, nested.body).toBe(400);
    expect((await settings(`{"agencyName":${deep}}`)).statusCode).toBe(400);
    const proto = await settings('{"__proto__":{"requireApproval":true}}');
    expect(proto.statusCode, proto.body).toBe(400);
    const prototypeChain = await settings('{"constructor":{"prototype":{"x":1}}}');
    expect(prototypeChain.statusCode, prototypeChain.body).toBe(400);
  });

  it("checks each known key against its own schema", async () => {
    expectRefused(await settings('{"requireApproval":"yes please"}'), "requireApproval");
    expectRefused(await settings('{"archiveCompletedAfterDays":1e21}'), "archiveCompletedAfterDays");
    expectRefused(await settings('{"agencyName":{"nested":"object"}}'), "agencyName");
    expectRefused(await settings("{}"), undefined, /at least one field/);
    expect((await settings('{"agencyName":"Acme Studio"}')).statusCode).toBe(200);
  });

  it("never reads back a stored row that is not a setting, or no longer a valid one", async () => {
    const now = nowIso();
    await t.ctx.db
      .insertInto("settings")
      .values([
        { key: "bogus", value: JSON.stringify({ a: 1 }), updated_at: now },
        { key: "accentColor", value: JSON.stringify({ not: "a colour" }), updated_at: now },
        { key: "poweredBy", value: "not json", updated_at: now },
      ])
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
    const data = (await admin.inject({ method: "GET", url: "/api/admin/settings" })).json().data as Record<string, unknown>;
    expect(data).not.toHaveProperty("bogus");
    expect(data.accentColor).toBe("#4263eb");
    expect(data.poweredBy).toBe(true);
    await t.ctx.db.deleteFrom("settings").where("key", "in", ["bogus", "accentColor", "poweredBy"]).execute();
  });
});

describe("NUL characters, on both databases alike", () => {
  const NUL_MESSAGE = /contains a NUL character, which is not allowed\./;

  it("refuses a NUL in a log-in, a ticket subject and a search, naming the field (PostgreSQL answered 500)", async () => {
    const loginResponse = await t.app.inject({
      method: "POST",
      url: "/api/auth/login",
      payload: { username: "ad\u0000min", password: "x" },
    });
    expectRefused(loginResponse, "username", NUL_MESSAGE);
    expectRefused(
      await t.app.inject({ method: "POST", url: "/api/auth/password/forgot", payload: { email: "a\u0000@example.com" } }),
      "email",
      NUL_MESSAGE,
    );
    const ticket = await client.inject({
      method: "POST",
      url: "/api/tickets",
      payload: { subject: "Printer\u0000jammed", description: "It jams.", priority: "normal" },
    });
    expectRefused(ticket, "subject", /^subject contains a NUL character, which is not allowed\.$/);
    for (const url of ["/api/tickets?q=a%00b", "/api/board?q=%00", "/api/tasks/archive?q=%00", "/api/admin/users?q=%00"]) {
      expectRefused(await admin.inject({ method: "GET", url }), "querystring.q", NUL_MESSAGE);
    }
  });

  it("finds a NUL anywhere: nested in arrays, in a key, in a path parameter", async () => {
    const nested = await admin.inject({
      method: "PUT",
      url: "/api/notifications/preferences",
      payload: {
        preferences: [
          { kind: "ticket.created", email: true },
          { kind: "ticket\u0000replied", email: true },
        ],
      },
    });
    expectRefused(nested, "preferences.1.kind", NUL_MESSAGE);
    expectRefused(
      await admin.inject({ method: "POST", url: "/api/admin/accounts", ...json('{"name":"Acme","x\\u0000":1}') }),
      "x\\u0000",
      NUL_MESSAGE,
    );
    expectRefused(await admin.inject({ method: "GET", url: "/api/tickets/%00" }), "params.id", NUL_MESSAGE);
  });
});

describe("other hostile shapes", () => {
  it("refuses a body nested deeper than the limit before anything walks it", async () => {
    const depth = MAX_INPUT_DEPTH + 1;
    const deep = `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    const response = await admin.inject({ method: "POST", url: "/api/admin/accounts", ...json(`{"name":"Acme","extra":${deep}}`) });
    expectRefused(response, undefined, /nested more than 32 levels/);
    expect(response.json().error?.field).toMatch(/^extra(\.a)+$/);
  });

  it("answers 4xx to wrong types, prototype keys, overlong searches and malformed ids", async () => {
    const answers = [
      // A string where an array is expected, an array where an object is.
      await client.inject({
        method: "POST",
        url: "/api/tickets",
        payload: { subject: "S", description: "D", priority: "normal", fileIds: "abc" },
      }),
      await admin.inject({ method: "PUT", url: "/api/notifications/preferences", payload: { preferences: "all" } }),
      await client.inject({ method: "POST", url: "/api/tickets", payload: [1, 2, 3] }),
      await admin.inject({ method: "PATCH", url: "/api/admin/settings", payload: [["agencyName", "x"]] }),
      await client.inject({ method: "POST", url: "/api/tickets", ...json('{"__proto__":{"admin":true},"subject":"S"}') }),
      await admin.inject({ method: "GET", url: `/api/tickets?q=${"a".repeat(10_000)}` }),
      await admin.inject({ method: "GET", url: `/api/admin/users?q=${"a".repeat(10_000)}` }),
      await admin.inject({ method: "GET", url: "/api/tickets/not-a-uuid" }),
      await admin.inject({ method: "GET", url: "/api/tasks/123" }),
      await admin.inject({ method: "GET", url: `/api/admin/accounts/${"f".repeat(36)}` }),
    ];
    for (const answer of answers) {
      expect(answer.statusCode, answer.body).toBeGreaterThanOrEqual(400);
      expect(answer.statusCode, answer.body).toBeLessThan(500);
    }
    // Prototype keys in a query string are plain names the schema ignores, never a 5xx.
    const query = await admin.inject({ method: "GET", url: "/api/tickets?__proto__=x&constructor=y&toString=z" });
    expect(query.statusCode, query.body).toBeLessThan(500);
  });
});

describe("a body over the size limit, over a real connection", () => {
  it("gets its 413 payload_too_large and a connection kept open, not a reset", async () => {
    const { request } = await import("node:http");
    const address = await t.app.listen({ port: 0, host: "127.0.0.1" });
    const { Agent } = await import("node:http");
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const body = Buffer.alloc(3 * 1024 * 1024, "a");
    const send = () =>
      new Promise<{ status: number; connection: string | undefined; code: string }>((resolve, reject) => {
        const req = request(`${address}/api/auth/login`, {
          method: "POST",
          agent,
          headers: { "content-type": "application/json", "content-length": body.length },
        });
        req.on("response", (res) => {
          let text = "";
          res.on("data", (chunk) => (text += chunk));
          res.on("end", () =>
            resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, code: JSON.parse(text).error.code }),
          );
        });
        req.on("error", reject);
        req.end(body);
      });
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await send());
    agent.destroy();
    // Closing a socket with 3 MB unread is what turned some of these 413s into resets.
    expect(answers.every((a) => a.status === 413 && a.code === "payload_too_large" && a.connection !== "close")).toBe(true);
  });
});

/**
 * The fuzz drill's generator, part two: request N of a run — role, path, query, headers and body —
 * from (seed, N), the operation's schemas and the id pools.
 */
import { newId } from "../src/server/platform/ids";
import { type IdPools, NONSENSE_IDS, paramPool } from "./fuzz-ids";
import {
  deep,
  fieldsOf,
  hostileValue,
  type Operation,
  type Parameter,
  Raw,
  Rng,
  requestSeed,
  setAt,
  toJson,
  typeOf,
  type Value,
  validValue,
} from "./fuzz-values";

// ——— requests ———

export type FuzzRole = "client" | "agent" | "admin" | "anonymous";
const ROLES: FuzzRole[] = ["client", "agent", "admin", "anonymous"];

export interface FuzzRequest {
  n: number;
  role: FuzzRole;
  op: Operation;
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** What the generator did, e.g. "valid", "body.priority: hostile", "malformed JSON". */
  shape: string;
  /** The role's session headers were left off or spoiled on purpose. */
  spoiledSession: boolean;
}

/** What the drill knows about the seeded portal while it generates. */
export interface FuzzWorld {
  pools: IdPools;
  /** The seeded people's ids: never suspended, re-roled or moved by the fuzzer (they hold its sessions). */
  protectedUsers: Set<string>;
  /** The seeded accounts: never merged away. */
  protectedAccounts: Set<string>;
  agentOfAccount: { accountId: string; agentId: string };
  inboundSecret: string;
}

const MALFORMED_JSON = [
  '{"a":',
  "{'a':1}",
  '{"a":1,}',
  "[1,2",
  "\u0000",
  '{"a":"\u0000',
  "\uFEFF{}",
  "nul",
  '{"a":1}{"b":2}',
  '{"__proto__":',
  "{".repeat(20_000),
  '"unterminated',
];
const TOP_LEVEL = ["[]", '"text"', "1", "null", "true", "[{}]", "1e309"];

function queryValue(rng: Rng, param: Parameter, world: FuzzWorld, hostile: boolean): string | string[] {
  const schema = param.schema;
  if (!hostile) {
    const value = validValue(rng, schema, world, param.name);
    return value instanceof Raw ? value.text : String(value);
  }
  if (rng.chance(0.1)) return [String(validValue(rng, schema, world, param.name)), "2"];
  const kind = typeOf(schema);
  if (kind === "integer" || kind === "number") {
    const max = schema.maximum ?? 2 ** 31;
    const min = schema.minimum ?? 0;
    return rng.pick([
      "1e21",
      "1e309",
      "-1e309",
      "-0",
      "NaN",
      "Infinity",
      "1.5",
      "0x10",
      " 5",
      "5 ",
      "9007199254740993",
      "2147483648",
      "99999999999999999999",
      `${max + 1}`,
      `${min - 1}`,
      "",
      "\u0000",
      "1\u0000",
    ]);
  }
  if (kind === "boolean") return rng.pick(["yes", "2", "", "TRUE", "\u0000", "null"]);
  const value = hostileValue(rng, schema, world, param.name);
  // Kept under Node's 16 KB request-head limit once percent-encoded: past it Node itself answers 431.
  if (typeof value === "string") return value.length > 1_000 ? value.slice(0, 1_000) : value;
  return value instanceof Raw ? value.text : toJson(value);
}

/** A multipart body for POST /api/files: mostly broken, sometimes a plain good upload. */
function multipartBody(rng: Rng, wellFormed: boolean): { contentType: string; body: Buffer; shape: string } {
  const boundary = `----drill${rng.int(0, 1e9)}`;
  const part = (headers: string, content: string | Buffer) =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`),
      Buffer.isBuffer(content) ? content : Buffer.from(content),
      Buffer.from("\r\n"),
    ]);
  const end = Buffer.from(`--${boundary}--\r\n`);
  const file = (name: string, type = "text/plain", content: string | Buffer = "hello from the drill") =>
    part(`Content-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}`, content);
  const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
  const good = `multipart/form-data; boundary=${boundary}`;
  const cases: (() => { contentType: string; body: Buffer; shape: string })[] = [
    () => ({ contentType: good, body: Buffer.concat([file("notes.txt"), end]), shape: "multipart: a good upload" }),
    () => ({ contentType: good, body: Buffer.concat([file("pixel.png", "image/png", png), end]), shape: "multipart: a truncated PNG" }),
    () => ({ contentType: good, body: Buffer.concat([file("a\u0000b.txt"), end]), shape: "multipart: NUL in the file name" }),
    () => ({
      contentType: good,
      body: Buffer.concat([file("../../../etc/passwd"), end]),
      shape: "multipart: path traversal in the file name",
    }),
    () => ({
      contentType: good,
      body: Buffer.concat([file(`${"n".repeat(5000)}.txt`), end]),
      shape: "multipart: a 5,000-character file name",
    }),
    () => ({
      contentType: good,
      body: Buffer.concat([file("\u202Etxt.exe", "application/x-msdownload"), end]),
      shape: "multipart: RTL override in the name",
    }),
    () => ({
      contentType: good,
      body: Buffer.concat([
        file("evil.svg", "image/svg+xml", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        end,
      ]),
      shape: "multipart: an SVG with a script",
    }),
    () => ({ contentType: good, body: Buffer.concat([file("empty.txt", "text/plain", ""), end]), shape: "multipart: an empty file" }),
    () => ({
      contentType: good,
      body: Buffer.concat([file("x.txt", "text/plain\u0000"), end]),
      shape: "multipart: NUL in the part's content type",
    }),
    () => ({
      contentType: good,
      body: Buffer.concat([part('Content-Disposition: form-data; name="note"', "no file here"), end]),
      shape: "multipart: no file field",
    }),
    () => ({ contentType: good, body: Buffer.concat([file("one.txt"), file("two.txt"), end]), shape: "multipart: two files" }),
    () => ({ contentType: good, body: end, shape: "multipart: no parts at all" }),
    () => ({ contentType: good, body: file("unterminated.txt"), shape: "multipart: no closing boundary" }),
    () => ({
      contentType: good,
      body: Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.txt"\r\n\r\nhalf a fi`),
      shape: "multipart: cut off mid-part",
    }),
    () => ({ contentType: "multipart/form-data", body: Buffer.concat([file("x.txt"), end]), shape: "multipart: no boundary parameter" }),
    () => ({
      contentType: "multipart/form-data; boundary=",
      body: Buffer.concat([file("x.txt"), end]),
      shape: "multipart: an empty boundary",
    }),
    () => ({
      contentType: "multipart/form-data; boundary=other",
      body: Buffer.concat([file("x.txt"), end]),
      shape: "multipart: the wrong boundary",
    }),
    () => ({
      contentType: `multipart/form-data; boundary=${"b".repeat(200)}`,
      body: Buffer.from("garbage"),
      shape: "multipart: a 200-character boundary and no parts",
    }),
    () => ({
      contentType: good,
      body: Buffer.concat([part("Content-Disposition: form-data", "no name"), end]),
      shape: "multipart: a part without a name",
    }),
    () => ({ contentType: good, body: Buffer.concat([part("garbage header line", "x"), end]), shape: "multipart: a broken part header" }),
    () => ({
      contentType: good,
      body: Buffer.concat([
        part(`Content-Disposition: form-data; name="file"; filename="x.txt"\r\nX-Pad: ${"p".repeat(20_000)}`, "x"),
        end,
      ]),
      shape: "multipart: a 20 KB part header",
    }),
    () => ({
      contentType: good,
      body: Buffer.concat([
        part(
          'Content-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream',
          Buffer.alloc(10 * 1024 * 1024 + 1, 0x61),
        ),
        end,
      ]),
      shape: "multipart: 10 MB + 1 byte",
    }),
    () => ({
      contentType: good,
      body: Buffer.concat([part("Content-Disposition: form-data; name=\"file\"; filename*=UTF-8''%E2%80%AE%00.txt", "x"), end]),
      shape: "multipart: RFC 5987 name with NUL",
    }),
    () => ({ contentType: "application/json", body: Buffer.from('{"file":"x"}'), shape: "multipart route: a JSON body" }),
    () => ({ contentType: "text/plain", body: Buffer.from("just text"), shape: "multipart route: text/plain" }),
  ];
  return wellFormed ? cases[0]!() : rng.pick(cases)();
}

/** A raw email for POST /api/inbound/email (the mime drill sends the hostile corpus; here, the HTTP edges). */
function inboundBody(rng: Rng): { contentType: string; body: Buffer; shape: string } {
  const id = `<fuzz-${rng.int(0, 1e9)}@drill.test>`;
  const email = `From: someone@example.test\r\nTo: support@drill.test\r\nSubject: fuzz\r\nMessage-ID: ${id}\r\n\r\nhello\r\n`;
  return rng.pick([
    { contentType: "message/rfc822", body: Buffer.from(email), shape: "inbound: a plain email" },
    { contentType: "text/plain", body: Buffer.from(email.replace("fuzz", "fu\u0000zz")), shape: "inbound: NUL in the subject" },
    { contentType: "message/rfc822", body: Buffer.from(""), shape: "inbound: an empty body" },
    { contentType: "message/rfc822", body: Buffer.from("\u0000\u0001\u0002garbage"), shape: "inbound: binary garbage" },
    { contentType: "application/json", body: Buffer.from('{"raw":"x"}'), shape: "inbound: a JSON body" },
  ]);
}

/** Builds request N: its role, path, query, headers and body, from (seed, N) and the id pools. */
export function buildRequest(seed: number, n: number, op: Operation, world: FuzzWorld): FuzzRequest {
  const rng = new Rng(requestSeed(seed, n));
  // Logging out would end the fuzz session it came from: only anonymous visitors do it.
  const role: FuzzRole = op.path === "/api/auth/logout" ? "anonymous" : rng.pick(ROLES);
  const valid = rng.chance(0.35);
  const shapes: string[] = [];
  const hostilePart = valid ? "none" : rng.pick(["path", "query", "body", "body", "body", "headers"]);

  let path = op.path;
  for (const param of op.parameters.filter((p) => p.in === "path")) {
    let id = world.pools.real(rng, paramPool(op.path, param.name));
    if (hostilePart === "path" && (rng.chance(0.6) || op.parameters.filter((p) => p.in === "path").length === 1)) {
      id = rng.pick(NONSENSE_IDS);
      shapes.push(`path ${param.name}: nonsense`);
    }
    // The seeded people hold the fuzz sessions, and the seeded accounts the leak check: leave them be.
    if (op.method !== "GET" && /\/admin\/users\/\{id\}/.test(op.path) && world.protectedUsers.has(id)) id = newId();
    if (/\/merge$/.test(op.path) && world.protectedAccounts.has(id)) id = newId();
    if (op.method === "DELETE" && /agents\/\{userId\}/.test(op.path) && param.name === "userId" && id === world.agentOfAccount.agentId)
      id = newId();
    path = path.replace(`{${param.name}}`, id.includes("%") || id.length > 100 ? id : encodeURIComponent(id));
  }

  const query = new URLSearchParams();
  const queryParams = op.parameters.filter((p) => p.in === "query");
  const hostileQuery = hostilePart === "query" && queryParams.length > 0 ? rng.pick(queryParams) : undefined;
  for (const param of queryParams) {
    if (param !== hostileQuery && !param.required && rng.chance(0.5)) continue;
    const value = queryValue(rng, param, world, param === hostileQuery);
    for (const v of Array.isArray(value) ? value : [value]) query.append(param.name, v);
  }
  if (hostileQuery) shapes.push(`query ${hostileQuery.name}: hostile`);
  if (hostilePart === "query" && (queryParams.length === 0 || rng.chance(0.2))) {
    query.append(rng.pick(["__proto__", "constructor", "page[limit]", "x".repeat(300), "\u0000"]), rng.pick(["1", "\u0000", "1e309"]));
    shapes.push("query: an unknown parameter");
  }
  const search = query.toString();
  const url = `${path}${search ? `?${search}` : ""}`;

  const headers: Record<string, string> = {};
  let body: string | Buffer | undefined;
  if (op.path === "/api/files" && op.method === "POST") {
    const multipart = multipartBody(rng, valid);
    headers["content-type"] = multipart.contentType;
    body = multipart.body;
    shapes.push(multipart.shape);
  } else if (op.path === "/api/inbound/email") {
    const inbound = inboundBody(rng);
    headers["content-type"] = inbound.contentType;
    body = inbound.body;
    if (rng.chance(0.6)) headers["x-inbound-secret"] = world.inboundSecret;
    shapes.push(inbound.shape, headers["x-inbound-secret"] ? "with the secret" : "without the secret");
  } else if (op.body) {
    const value = validValue(rng, op.body, world) as Record<string, Value>;
    headers["content-type"] = "application/json";
    if (hostilePart === "body") {
      const fields = fieldsOf(op.body, value);
      const mutation = rng.pick([
        "field",
        "field",
        "field",
        "wrong type",
        "missing",
        "extra",
        "deep",
        "array",
        "malformed",
        "content type",
        "top level",
        "huge",
      ]);
      const field = fields.length > 0 ? rng.pick(fields) : undefined;
      if ((mutation === "field" || mutation === "wrong type" || mutation === "array") && field) {
        const next =
          mutation === "array"
            ? [validValue(rng, field.schema, world, field.at.at(-1))]
            : mutation === "wrong type"
              ? rng.pick<Value>([null, true, 0, "x", [], {}])
              : hostileValue(rng, field.schema, world, field.at.at(-1));
        setAt(value, field.at, next);
        shapes.push(`body ${field.at.join(".")}: ${mutation === "field" ? "hostile value" : mutation}`);
        body = toJson(value);
      } else if (mutation === "missing") {
        const required = op.body.required ?? [];
        if (required.length > 0 && rng.chance(0.7)) setAt(value, [rng.pick(required)], undefined);
        else for (const key of Object.keys(value)) delete value[key];
        shapes.push("body: missing required");
        body = toJson(value);
      } else if (mutation === "extra") {
        const extra = rng.pick<[string, Value]>([
          ["__proto__", { admin: true, role: "admin" }],
          ["constructor", { prototype: { admin: true } }],
          ["role", "admin"],
          ["accountId", rng.pick([...world.protectedAccounts])],
          ["zz_unknown", "x"],
          ["x".repeat(1000), 1],
          ["\u0000", "\u0000"],
        ]);
        body = `${toJson(value).slice(0, -1)}${Object.keys(value).length > 0 ? "," : ""}${JSON.stringify(extra[0])}:${toJson(extra[1])}}`;
        shapes.push(`body: extra key ${JSON.stringify(extra[0].slice(0, 20))}`);
      } else if (mutation === "deep") {
        const levels = rng.pick([100, 1_000, 10_000, 100_000]);
        const nested = deep(levels, rng.chance(0.5));
        if (field) setAt(value, field.at, nested);
        body = field ? toJson(value) : nested.text;
        shapes.push(`body ${field ? field.at.join(".") : ""}: ${levels} levels deep`);
      } else if (mutation === "malformed") {
        body = rng.pick(MALFORMED_JSON);
        shapes.push("body: malformed JSON");
      } else if (mutation === "content type") {
        const type = rng.pick([
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/json; charset=latin1",
          "application/xml",
          "",
          "application/json\u0000",
        ]);
        if (type === "") delete headers["content-type"];
        else headers["content-type"] = type.replace("\u0000", "%00");
        body = type.startsWith("application/x-www") ? new URLSearchParams({ subject: "x", priority: "low" }).toString() : toJson(value);
        shapes.push(`body: content-type ${JSON.stringify(type)}`);
      } else if (mutation === "top level") {
        body = rng.pick(TOP_LEVEL);
        shapes.push("body: not an object");
      } else {
        body = `{"x":"${"z".repeat(rng.pick([1_100_000, 3_000_000]))}"}`;
        shapes.push("body: past the body limit");
      }
    } else {
      body = toJson(value);
    }
  } else if (hostilePart === "body" && op.method !== "GET") {
    // An operation without a body gets one anyway (fetch sends none with a GET).
    headers["content-type"] = rng.pick(["application/json", "text/plain"]);
    body = rng.pick(['{"unexpected":true}', "[]", "garbage", '{"a":'.repeat(1000)]);
    shapes.push("body: sent to an operation without one");
  }
  let spoiledSession = false;
  if (hostilePart === "headers") {
    spoiledSession = true;
    const spoil = rng.pick(["no csrf", "wrong csrf", "garbage cookie", "NUL cookie", "two cookies"]);
    headers["x-drill-spoil"] = spoil;
    shapes.push(`headers: ${spoil}`);
  }
  if (shapes.length === 0) shapes.push("valid");
  return { n, role, op, method: op.method, url, headers, body, shape: shapes.join("; "), spoiledSession };
}

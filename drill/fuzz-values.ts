/**
 * The fuzz drill's generator, part one: the OpenAPI document as the generator reads it, the
 * seeded choices, and values from a schema — ones it accepts, and ones at or past its edges.
 */
import { type IdPools, NONSENSE_IDS, PROPERTY_POOL } from "./fuzz-ids";
import { random } from "./server";

// ——— the OpenAPI document, as far as the generator reads it ———

export interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  nullable?: boolean;
  minItems?: number;
  maxItems?: number;
}
export interface Parameter {
  in: "path" | "query" | "header" | "cookie";
  name: string;
  required?: boolean;
  schema: Schema;
}
export interface Operation {
  method: string;
  /** The template, e.g. /api/tickets/{id}/close. */
  path: string;
  parameters: Parameter[];
  /** The JSON body's schema, when the operation takes one. */
  body?: Schema;
}

export function operationsOf(document: {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
}): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      out.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: op.requestBody?.content["application/json"]?.schema,
      });
    }
  }
  return out;
}

// ——— seeded choices ———

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = random(seed);
  }
  float = () => this.next();
  int = (min: number, max: number) => min + Math.floor(this.next() * (max - min + 1));
  chance = (p: number) => this.next() < p;
  pick = <T>(items: readonly T[]): T => items[Math.floor(this.next() * items.length)]!;
}

/** One seed per request, from the run's seed and the request's number. */
export const requestSeed = (seed: number, n: number) => (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(n + 1, 0xc2b2ae35)) >>> 0;

/** A JSON fragment written as is: what JSON.stringify cannot write (1e309, -0, NaN, 10,000 levels of nesting). */
export class Raw {
  constructor(readonly text: string) {}
}
export type Value = Raw | null | boolean | number | string | Value[] | { [key: string]: Value };

export function toJson(value: Value): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

// ——— values from schemas ———

const HOSTILE_STRINGS = [
  "\u0000",
  "a\u0000b",
  "\u0000\u0000\u0000",
  "😀🏳️‍🌈👩‍👩‍👧",
  "\u202Egnp.exe",
  "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
  "\ud800",
  "\udfff\ud800",
  "\uFEFF",
  "\u2028\u2029",
  "日本語のテキスト",
  "   ",
  "\t\r\n",
  "<script>alert(1)</script>",
  "'; drop table users; --",
  "' OR '1'='1",
  "../../../etc/passwd",
  "%00",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, on purpose
  "${7*7}{{7*7}}",
  "\\",
  '"',
  "null",
  "NaN",
  "-0",
  "1e309",
  "\u001b[31mred",
];
const BAD_EMAILS = ["@", "a@", "@b.c", "a@b", "a@b.c\u0000", "a\u0000@b.c", "a b@c.d", `${"a".repeat(300)}@b.cd`, "ä@ö.ü", "a@b.c,d@e.f"];

/** Strings some known patterns accept (the document's own patterns), else a plain word. */
function patternValue(rng: Rng, pattern: string): string {
  if (pattern === "^[A-Z]{3}$") return rng.pick(["EUR", "USD", "GBP", "CHF"]);
  if (pattern.startsWith("^#[0-9a-fA-F]{6}")) return `#${rng.int(0, 0xffffff).toString(16).padStart(6, "0")}`;
  if (pattern.startsWith("^[A-Z][A-Z0-9]")) return rng.pick(["SUP", "WEB", "T1", "ABCDEF"]);
  if (pattern.includes("\\d{4}-\\d{2}-\\d{2}"))
    return `20${rng.int(20, 35)}-${String(rng.int(1, 12)).padStart(2, "0")}-${String(rng.int(1, 28)).padStart(2, "0")}`;
  if (pattern.includes("0-9+()")) return rng.pick(["+44 20 7946 0000", "(555) 123-4567", ""]);
  return "fuzz";
}

function validString(rng: Rng, schema: Schema, ctx: ValueContext, name: string): string {
  if (schema.format === "uuid") return ctx.pools.real(rng, PROPERTY_POOL[name]);
  if (schema.format === "email") return `fuzz-${rng.int(0, 1e9)}@example.test`;
  if (schema.format === "date") return patternValue(rng, "\\d{4}-\\d{2}-\\d{2}");
  if (schema.format === "date-time") return new Date(Date.UTC(2026, rng.int(0, 11), rng.int(1, 28))).toISOString();
  if (schema.pattern) return patternValue(rng, schema.pattern);
  // Never a seeded person's username or password: logins with them would lock the fuzz sessions out.
  if (name === "username") return `fuzz-user-${rng.int(0, 1e9)}`;
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 40, Math.max(min, 40));
  const length = rng.int(Math.max(min, 1), Math.max(min, max));
  const words = ["fuzz", "drill", "portal", "ticket", "värde", "日本", "ok"];
  let out = "";
  while (out.length < length) out += `${rng.pick(words)} `;
  return out.slice(0, length).padEnd(min, "x");
}

export interface ValueContext {
  pools: IdPools;
}

/** A value the schema accepts. */
export function validValue(rng: Rng, schema: Schema, ctx: ValueContext, name = ""): Value {
  if (schema.anyOf) return validValue(rng, rng.pick(schema.anyOf), ctx, name);
  if (schema.enum) return rng.pick(schema.enum) as Value;
  if (schema.nullable && rng.chance(0.15)) return null;
  switch (schema.type) {
    case "string":
      return validString(rng, schema, ctx, name);
    case "integer":
    case "number": {
      const min = schema.minimum ?? 0;
      const max = schema.maximum ?? min + 100;
      return schema.type === "integer" ? rng.int(Math.ceil(min), Math.floor(max)) : min + rng.float() * (max - min);
    }
    case "boolean":
      return rng.chance(0.5);
    case "array": {
      const count = rng.int(schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, 3));
      return Array.from({ length: count }, () => validValue(rng, schema.items ?? {}, ctx, name));
    }
    case "object": {
      const out: Record<string, Value> = {};
      for (const [key, child] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(key) || rng.chance(0.5)) out[key] = validValue(rng, child, ctx, key);
      }
      // minProperties: 1 (PATCH bodies) — never send an empty patch by accident.
      if (Object.keys(out).length === 0 && schema.properties) {
        const [key, child] = rng.pick(Object.entries(schema.properties));
        out[key] = validValue(rng, child, ctx, key);
      }
      return out;
    }
    default:
      return rng.pick(["fuzz", 1, true, null]);
  }
}

export const typeOf = (schema: Schema): string | undefined => schema.type ?? (schema.anyOf ? schema.anyOf[0]?.type : undefined);

/** A value at or past the schema's edges, or of the wrong kind altogether. */
export function hostileValue(rng: Rng, schema: Schema, ctx: ValueContext, name = ""): Value {
  const kind = typeOf(schema);
  const wrongType = (): Value =>
    rng.pick<Value>([null, true, false, 0, -1, "x", "", [], {}, [validValue(rng, schema, ctx, name)], { $gt: "" }]);
  if (rng.chance(0.2)) return wrongType();
  switch (kind) {
    case "string": {
      const max = schema.maxLength ?? 1000;
      const options: (() => Value)[] = [
        () => rng.pick(HOSTILE_STRINGS),
        () => `${validString(rng, schema, ctx, name)}${rng.pick(HOSTILE_STRINGS)}`,
        () => "",
        () => "x".repeat(max + 1),
        () => "é".repeat(max),
        () => "😀".repeat(Math.min(max, 20_000)),
        () => "y".repeat(rng.pick([10_000, 100_000, 600_000])),
        () => (schema.format === "email" ? rng.pick(BAD_EMAILS) : rng.pick(NONSENSE_IDS)),
        () => (schema.enum || schema.anyOf ? String(rng.pick((schema.anyOf ?? []).flatMap((s) => s.enum ?? []))).toUpperCase() : "\u0000"),
      ];
      return rng.pick(options)();
    }
    case "integer":
    case "number": {
      const min = schema.minimum ?? 0;
      const max = schema.maximum ?? 2 ** 31;
      return rng.pick<Value>([
        min - 1,
        max + 1,
        new Raw("1e21"),
        new Raw("1e309"),
        new Raw("-1e309"),
        new Raw("-0"),
        new Raw("NaN"),
        new Raw("Infinity"),
        1.5,
        2 ** 31,
        2 ** 53 + 2,
        new Raw("99999999999999999999999"),
        new Raw("1e-400"),
        String(min),
        "1e21",
      ]);
    }
    case "boolean":
      return rng.pick<Value>(["true", 1, 0, "yes", null]);
    case "array":
      return rng.pick<Value>([
        Array.from({ length: (schema.maxItems ?? 10) + 1 }, () => validValue(rng, schema.items ?? {}, ctx, name)),
        Array.from({ length: 5000 }, () => validValue(rng, schema.items ?? {}, ctx, name)),
        [null],
        [[]],
        "not-an-array",
        Array.from({ length: 3 }, () => hostileValue(rng, schema.items ?? {}, ctx, name)),
      ]);
    default:
      return wrongType();
  }
}

export const deep = (levels: number, array: boolean): Raw =>
  new Raw(array ? `${"[".repeat(levels)}1${"]".repeat(levels)}` : `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`);

/** Every property of a generated body with its schema, nested ones included. */
export function fieldsOf(schema: Schema, value: Value, at: string[] = []): { at: string[]; schema: Schema }[] {
  if (schema.type !== "object" || value === null || typeof value !== "object" || Array.isArray(value) || value instanceof Raw) return [];
  return Object.entries(schema.properties ?? {}).flatMap(([key, child]) => [
    { at: [...at, key], schema: child },
    ...fieldsOf(child, (value as Record<string, Value>)[key] ?? null, [...at, key]),
  ]);
}

export function setAt(value: Record<string, Value>, at: string[], next: Value | undefined): void {
  let node = value;
  for (const key of at.slice(0, -1)) {
    const child = node[key];
    if (child === null || typeof child !== "object" || Array.isArray(child) || child instanceof Raw) node[key] = {};
    node = node[key] as Record<string, Value>;
  }
  const last = at[at.length - 1]!;
  if (next === undefined) delete node[last];
  else node[last] = next;
}

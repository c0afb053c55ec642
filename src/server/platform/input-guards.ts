import type { FastifyInstance, FastifyRequest } from "fastify";
import { AppError, nulMessage } from "./errors";

/**
 * What every request's input must be before its schema is even checked, in one place for every
 * route and both databases:
 *
 * - **No NUL character** (U+0000) in any text or key. PostgreSQL cannot store one in `text` and
 *   fails the query (a 500 from a login, a ticket subject, a search); SQLite would store it and
 *   cut strings at it in other tools. The same refusal on both keeps them alike.
 * - **Finite numbers.** JSON.parse turns `1e309` into Infinity, which ajv's `maximum` lets through.
 * - **Integers in the URL written as digits.** ajv coerces "0x10", "1e21", "1.0" and " 2" to
 *   numbers; a query-string or path integer must be plain digits ("2", "-1"), so what reaches a
 *   handler is what the person typed. The schema's bounds (common/integers.ts) do the rest.
 * - **Bounded nesting**: a body nested deeper than MAX_INPUT_DEPTH is refused before any code
 *   recurses over it (a deep enough value overflows the stack of whatever walks it next).
 *
 * Fields are named as validation errors name them (platform/validation-errors.ts): a body field
 * by its path (`subject`, `preferences.0.kind`), a query or path field with its context
 * (`querystring.q`, `params.id`).
 */

/** The deepest a request body may nest: objects and arrays within each other. No request of ours needs more than a few. */
export const MAX_INPUT_DEPTH = 32;

type Context = "querystring" | "params" | "body";

/** A key as it may appear in a field name: a NUL in it is shown, not sent back raw. */
const printable = (key: string) => key.replaceAll("\u0000", "\\u0000");

function fieldOf(context: Context, path: readonly string[]): string {
  const joined = path.map(printable).join(".");
  if (context === "body") return joined || "body";
  return joined ? `${context}.${joined}` : context;
}

/** The last segment names the field in the sentence, as validation errors do ("q contains …"). */
const labelOf = (context: Context, path: readonly string[]) => (path.length ? printable(path[path.length - 1]!) : context);

const refuse = (context: Context, path: readonly string[], message: string) =>
  new AppError("validation_error", message, fieldOf(context, path));

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * The first problem in `value`, walking at most MAX_INPUT_DEPTH containers deep. Recursion is
 * safe: the depth check comes before each step down.
 */
export function inspectInput(value: unknown, context: Context, path: string[] = []): AppError | undefined {
  if (typeof value === "string") {
    return value.includes("\u0000") ? refuse(context, path, nulMessage(labelOf(context, path))) : undefined;
  }
  if (typeof value === "number") {
    return Number.isFinite(value) ? undefined : refuse(context, path, `${labelOf(context, path)} must be a finite number.`);
  }
  if (value === null || typeof value !== "object") return undefined;
  // Why: only a body a parser built from JSON is walked — a raw body (a Buffer: the inbound
  // email's message, or a stream) is the route's to read, and walking its bytes would cost one
  // step per byte. Query and path parameters are flat maps of strings (of their own prototype).
  if (context === "body" && !Array.isArray(value) && !isPlainObject(value)) return undefined;
  if (path.length >= MAX_INPUT_DEPTH) {
    return refuse(context, path, `The request is nested more than ${MAX_INPUT_DEPTH} levels deep, which is not allowed.`);
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = inspectInput(value[i], context, [...path, String(i)]);
      if (problem) return problem;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.includes("\u0000")) return refuse(context, [...path, key], nulMessage(`The field name ${printable(key)}`));
    const problem = inspectInput(item, context, [...path, key]);
    if (problem) return problem;
  }
  return undefined;
}

const DIGITS = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

type PropertySchemas = Record<string, { type?: unknown } | undefined>;

/** The declared property schemas of a route's querystring or params, if it has any. */
function propertiesOf(schema: unknown): PropertySchemas | undefined {
  const properties = (schema as { properties?: unknown } | undefined)?.properties;
  return properties && typeof properties === "object" ? (properties as PropertySchemas) : undefined;
}

/**
 * URL values declared `integer` (or `number`) must be written in plain digits (with a decimal
 * part for a number) before ajv coerces them: "0x10", "1e21", "Infinity", " 2" are refused.
 */
export function inspectUrlNumbers(values: unknown, schema: unknown, context: "querystring" | "params"): AppError | undefined {
  const properties = propertiesOf(schema);
  if (!properties || !values || typeof values !== "object") return undefined;
  for (const [key, raw] of Object.entries(values)) {
    if (typeof raw !== "string") continue; // a repeated key is an array: the schema refuses it
    const type = properties[key]?.type;
    if (type === "integer" && !DIGITS.test(raw)) {
      return refuse(context, [key], `${printable(key)} must be a whole number written in digits, such as 2.`);
    }
    if (type === "number" && !DECIMAL.test(raw)) {
      return refuse(context, [key], `${printable(key)} must be a number written in digits, such as 2 or 2.5.`);
    }
  }
  return undefined;
}

/** The first problem with a request's query, path parameters and parsed body, in that order. */
export function inspectRequest(request: FastifyRequest): AppError | undefined {
  const schema = request.routeOptions.schema;
  return (
    inspectInput(request.query, "querystring") ??
    inspectUrlNumbers(request.query, schema?.querystring, "querystring") ??
    inspectInput(request.params, "params") ??
    inspectUrlNumbers(request.params, schema?.params, "params") ??
    inspectInput(request.body, "body")
  );
}

/**
 * Registers the guards for every route (call once in buildApp, before the modules' routes).
 * preValidation: after the body is parsed, before the schema coerces and checks it.
 */
export function registerInputGuards(app: FastifyInstance): void {
  app.addHook("preValidation", async (request) => {
    const problem = inspectRequest(request);
    if (problem) throw problem;
  });
}

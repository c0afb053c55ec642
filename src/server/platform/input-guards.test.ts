import { describe, expect, it } from "vitest";
import { inspectInput, inspectUrlNumbers, MAX_INPUT_DEPTH } from "./input-guards";

/** The guards' rules, without HTTP (hostile-input.test.ts drives them through the app on both databases). */
describe("input guards", () => {
  it("find a NUL in any string or key, naming its path as validation errors do", () => {
    expect(inspectInput({ subject: "a\u0000b" }, "body")?.toJSON().error).toEqual({
      code: "validation_error",
      message: "subject contains a NUL character, which is not allowed.",
      field: "subject",
    });
    expect(inspectInput({ q: "\u0000" }, "querystring")?.field).toBe("querystring.q");
    expect(inspectInput({ list: [{ a: "ok" }, { a: "x\u0000" }] }, "body")?.field).toBe("list.1.a");
    expect(inspectInput({ "k\u0000": 1 }, "body")?.field).toBe("k\\u0000");
    expect(inspectInput("raw\u0000text", "body")?.field).toBe("body");
    expect(inspectInput({ subject: "Printer jammed", n: 3, ok: true, none: null }, "body")).toBeUndefined();
    // A raw body (the inbound email route's Buffer) is the route's to read: never walked byte by byte.
    expect(inspectInput(Buffer.from("raw\u0000mail"), "body")).toBeUndefined();
    class QueryMap {
      q = "\u0000";
    }
    expect(inspectInput(new QueryMap(), "querystring")?.field).toBe("querystring.q");
    expect(inspectInput(Object.assign(Object.create(null), { q: "\u0000" }), "body")?.field).toBe("q");
  });

  it("refuse numbers that are not finite", () => {
    expect(inspectInput({ amount: Number.POSITIVE_INFINITY }, "body")?.message).toBe("amount must be a finite number.");
    expect(inspectInput({ amount: Number.NaN }, "body")?.field).toBe("amount");
    expect(inspectInput({ amount: 1e21 }, "body")).toBeUndefined(); // finite: the schema's bound decides
  });

  it(`refuse nesting deeper than ${MAX_INPUT_DEPTH} levels, and take ${MAX_INPUT_DEPTH}`, () => {
    const nest = (levels: number): unknown => (levels === 0 ? 1 : [nest(levels - 1)]);
    expect(inspectInput(nest(MAX_INPUT_DEPTH), "body")).toBeUndefined();
    expect(inspectInput(nest(MAX_INPUT_DEPTH + 1), "body")?.message).toMatch(/nested more than 32 levels/);
    // A value far deeper than any stack would take is still answered (the walk stops at the limit).
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(inspectInput(deep, "body")?.code).toBe("validation_error");
  });

  it("want URL integers in plain digits, before ajv coerces them", () => {
    const schema = { properties: { page: { type: "integer" }, ratio: { type: "number" }, q: { type: "string" } } };
    for (const page of ["1", "-1", "0", "12345678901234567890"])
      expect(inspectUrlNumbers({ page }, schema, "querystring"), page).toBeUndefined();
    for (const page of ["1e21", "1e309", "Infinity", "0x10", "1.0", " 2", "2 ", "+2", "", "NaN", "0b1"]) {
      expect(inspectUrlNumbers({ page }, schema, "querystring")?.field, page).toBe("querystring.page");
    }
    expect(inspectUrlNumbers({ ratio: "2.5" }, schema, "querystring")).toBeUndefined();
    expect(inspectUrlNumbers({ ratio: "2e5" }, schema, "querystring")?.field).toBe("querystring.ratio");
    expect(inspectUrlNumbers({ q: "0x10" }, schema, "querystring")).toBeUndefined();
    expect(inspectUrlNumbers({ page: ["1", "2"] }, schema, "querystring")).toBeUndefined(); // the schema refuses an array
    expect(inspectUrlNumbers({ page: "x" }, undefined, "querystring")).toBeUndefined();
  });
});

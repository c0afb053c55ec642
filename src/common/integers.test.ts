import { Value } from "typebox/value";
import { describe, expect, it } from "vitest";
import { boundedInteger, INT32_MAX, MAX_PAGE, ZLimit, ZPage, ZPosition } from "./integers";

describe("bounded integers", () => {
  it("always carry a finite minimum and maximum, 32-bit by default", () => {
    expect(ZPosition).toMatchObject({ type: "integer", minimum: 0, maximum: INT32_MAX });
    expect(ZPage).toMatchObject({ type: "integer", minimum: 1, maximum: MAX_PAGE, default: 1 });
    expect(ZLimit(100, 25)).toMatchObject({ type: "integer", minimum: 1, maximum: 100, default: 25 });
    expect(INT32_MAX).toBe(2 ** 31 - 1);
  });

  it("accept the bounds and refuse what lies beyond them", () => {
    expect(Value.Check(ZPosition, 0)).toBe(true);
    expect(Value.Check(ZPosition, INT32_MAX)).toBe(true);
    expect(Value.Check(ZPosition, INT32_MAX + 1)).toBe(false);
    expect(Value.Check(ZPosition, -1)).toBe(false);
    expect(Value.Check(ZPosition, 1.5)).toBe(false);
    expect(Value.Check(ZPage, 1e21)).toBe(false);
    expect(Value.Check(ZLimit(100, 25), 101)).toBe(false);
  });

  it("refuse, when the schema is made, a maximum beyond 32 bits unless the column is wider, or one not finite", () => {
    expect(() => boundedInteger({ minimum: 0, maximum: INT32_MAX + 1 })).toThrow(/maximum/);
    expect(() => boundedInteger({ minimum: 0, maximum: Number.POSITIVE_INFINITY, beyond32Bit: true })).toThrow(/maximum/);
    expect(() => boundedInteger({ minimum: 5, maximum: 4 })).toThrow(/maximum/);
    expect(() => boundedInteger({ minimum: Number.NEGATIVE_INFINITY })).toThrow(/minimum/);
    expect(boundedInteger({ minimum: 0, maximum: 100_000_000_000, beyond32Bit: true })).toMatchObject({ maximum: 100_000_000_000 });
  });
});

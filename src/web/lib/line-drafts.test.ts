import { describe, expect, it } from "vitest";
import { readTypedLine } from "./line-drafts";

describe("readTypedLine", () => {
  it("reads a complete line into a quantity and minor units", () => {
    const errors: Record<string, string> = {};
    expect(readTypedLine({ description: " Design ", quantity: "1.5", unitPrice: "1,250.50" }, 0, "AUD", 200, errors)).toEqual({
      description: "Design",
      quantity: 1.5,
      unitPriceMinor: 125050,
    });
    expect(errors).toEqual({});
  });

  it("names each field that does not read, keyed by the line's index", () => {
    const errors: Record<string, string> = {};
    expect(readTypedLine({ description: "", quantity: "0", unitPrice: "12.345" }, 2, "AUD", 200, errors)).toBeUndefined();
    expect(errors).toEqual({
      "2.description": "Say what this line is for.",
      "2.quantity": "More than 0, at most 2 decimals.",
      "2.unitPrice": "An amount like 125.00.",
    });
    readTypedLine({ description: "x".repeat(11), quantity: "1", unitPrice: "5" }, 0, "JPY", 10, errors);
    expect(errors["0.description"]).toBe("At most 10 characters.");
  });
});

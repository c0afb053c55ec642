import { describe, expect, it } from "vitest";
import { moneyInput, parseTaxRate, statusLabel } from "./words";

describe("billing words", () => {
  it("reads a tax rate typed as a percentage into basis points", () => {
    expect(parseTaxRate("10")).toBe(1000);
    expect(parseTaxRate("12.5")).toBe(1250);
    expect(parseTaxRate("7.25 %")).toBe(725);
    expect(parseTaxRate("")).toBe(0);
    expect(parseTaxRate("100")).toBe(10_000);
    expect(parseTaxRate("100.01")).toBeUndefined();
    expect(parseTaxRate("1.234")).toBeUndefined();
    expect(parseTaxRate("-5")).toBeUndefined();
    expect(parseTaxRate("ten")).toBeUndefined();
  });

  it("writes an amount back the way the money parser reads it", () => {
    expect(moneyInput(125050, 2)).toBe("1250.50");
    expect(moneyInput(5000, 0)).toBe("5000");
  });

  it("calls a credit note issued, and a sent invoice due", () => {
    expect(statusLabel("credit_note", "sent")).toBe("Issued");
    expect(statusLabel("invoice", "sent")).toBe("Due");
    expect(statusLabel("invoice", "overdue")).toBe("Overdue");
  });
});

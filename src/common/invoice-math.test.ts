import { describe, expect, it } from "vitest";
import { displayStatusOf, isOverdue } from "./billing";
import { allocateProRata, amountDueMinor, computeInvoiceTotals, lineTaxMinor, settledStatus } from "./invoice-math";

const line = (quantityHundredths: number, unitPriceMinor: number, taxRateBasisPoints = 0) => ({
  quantityHundredths,
  unitPriceMinor,
  taxRateBasisPoints,
});

describe("allocateProRata (largest remainder)", () => {
  it("shares exactly, in proportion", () => {
    expect(allocateProRata(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateProRata(10, [300, 100])).toEqual([8, 2]);
    expect(allocateProRata(0, [5, 5])).toEqual([0, 0]);
    expect(allocateProRata(7, [0, 0])).toEqual([0, 0]);
    expect(allocateProRata(5, [])).toEqual([]);
  });
  it("gives the leftover units to the largest remainders, the earlier line on a tie", () => {
    // 10 × 1/6 = 1.67, 10 × 2/6 = 3.33, 10 × 3/6 = 5 → floors 1, 3, 5 (9); the 0.67 remainder wins the last unit.
    expect(allocateProRata(10, [1, 2, 3])).toEqual([2, 3, 5]);
    expect(allocateProRata(1, [1, 1])).toEqual([1, 0]);
    expect(allocateProRata(2, [1, 1, 1])).toEqual([1, 1, 0]);
  });
  it("always sums to the amount", () => {
    for (const [amount, weights] of [
      [999, [1, 2, 3, 4, 5, 6, 7]],
      [1, [333, 333, 334]],
      [100_000_000_000, [99_999_999_999, 1, 7]],
    ] as const) {
      expect(allocateProRata(amount, weights).reduce((a, b) => a + b, 0)).toBe(amount);
    }
  });
});

describe("lineTaxMinor rounds half up", () => {
  it("rounds per the basis points", () => {
    expect(lineTaxMinor(1005, 1000)).toBe(101); // 100.5 → 101
    expect(lineTaxMinor(1004, 1000)).toBe(100); // 100.4 → 100
    expect(lineTaxMinor(1, 5000)).toBe(1); // 0.5 → 1
    expect(lineTaxMinor(1, 4999)).toBe(0);
    expect(lineTaxMinor(12_345, 0)).toBe(0);
    expect(lineTaxMinor(12_345, 10_000)).toBe(12_345);
  });
});

describe("computeInvoiceTotals", () => {
  it("rounds each line's amount and tax, then sums (not tax on the sum)", () => {
    // Three lines of 0.33 × $1.00 at 10 %: each 33¢, tax 3.3¢ → 3¢; per line 9¢ tax in all (on the sum 99¢ it would be 10¢).
    const result = computeInvoiceTotals([line(33, 100, 1000), line(33, 100, 1000), line(33, 100, 1000)]);
    expect(result).toEqual({
      ok: true,
      totals: {
        lines: [
          { amountMinor: 33, discountMinor: 0, taxMinor: 3, totalMinor: 36 },
          { amountMinor: 33, discountMinor: 0, taxMinor: 3, totalMinor: 36 },
          { amountMinor: 33, discountMinor: 0, taxMinor: 3, totalMinor: 36 },
        ],
        subtotalMinor: 99,
        discountMinor: 0,
        taxMinor: 9,
        totalMinor: 108,
      },
    });
  });

  it("rounds a line's amount half up (1.5 × 33¢ = 49.5¢ → 50¢)", () => {
    const result = computeInvoiceTotals([line(150, 33)]);
    expect(result.ok && result.totals.subtotalMinor).toBe(50);
  });

  it("takes the discount before tax, shared by line amount, taxing each line's rest", () => {
    // $300 at 10 % and $100 tax-free, $10 off: shares $7.50 and $2.50; tax on $292.50 = $29.25.
    const result = computeInvoiceTotals([line(100, 30_000, 1000), line(100, 10_000, 0)], 1_000);
    expect(result).toEqual({
      ok: true,
      totals: {
        lines: [
          { amountMinor: 30_000, discountMinor: 750, taxMinor: 2_925, totalMinor: 32_175 },
          { amountMinor: 10_000, discountMinor: 250, taxMinor: 0, totalMinor: 9_750 },
        ],
        subtotalMinor: 40_000,
        discountMinor: 1_000,
        taxMinor: 2_925,
        totalMinor: 41_925,
      },
    });
  });

  it("allocates an odd discount by largest remainder and taxes each share's rest", () => {
    // Three $1.00 lines at 10 %, 1¢ off: the first line takes it; its tax is round(9.9) = 10¢.
    const result = computeInvoiceTotals([line(100, 100, 1000), line(100, 100, 1000), line(100, 100, 1000)], 1);
    if (!result.ok) throw new Error("refused");
    expect(result.totals.lines.map((l) => l.discountMinor)).toEqual([1, 0, 0]);
    expect(result.totals.lines.map((l) => l.taxMinor)).toEqual([10, 10, 10]);
    expect(result.totals.totalMinor).toBe(300 - 1 + 30);
  });

  it("takes a discount of the whole subtotal, and refuses one larger", () => {
    const whole = computeInvoiceTotals([line(100, 500, 1000)], 500);
    expect(whole.ok && whole.totals.totalMinor).toBe(0);
    expect(computeInvoiceTotals([line(100, 500, 1000)], 501)).toEqual({ ok: false, reason: "discount_exceeds_subtotal" });
  });

  it("keeps every total an exact sum of its lines", () => {
    const result = computeInvoiceTotals([line(125, 3_333, 1000), line(7, 99_999, 1500), line(1_000, 1, 725)], 777);
    if (!result.ok) throw new Error("refused");
    const t = result.totals;
    expect(t.lines.reduce((s, l) => s + l.discountMinor, 0)).toBe(777);
    expect(t.lines.reduce((s, l) => s + l.taxMinor, 0)).toBe(t.taxMinor);
    expect(t.lines.reduce((s, l) => s + l.totalMinor, 0)).toBe(t.totalMinor);
    expect(t.totalMinor).toBe(t.subtotalMinor - t.discountMinor + t.taxMinor);
  });
});

describe("amount due and status after money moves", () => {
  it("subtracts payments and credits, never below 0", () => {
    expect(amountDueMinor(1_000, 400, 100)).toBe(500);
    expect(amountDueMinor(1_000, 1_000, 0)).toBe(0);
    expect(amountDueMinor(1_000, 900, 200)).toBe(0);
  });
  it("is paid when nothing is due, partially paid with money in, else sent", () => {
    expect(settledStatus(1_000, 0, 0)).toBe("sent");
    expect(settledStatus(1_000, 1, 0)).toBe("partially_paid");
    expect(settledStatus(1_000, 1_000, 0)).toBe("paid");
    expect(settledStatus(1_000, 0, 400)).toBe("sent");
    expect(settledStatus(1_000, 600, 400)).toBe("paid");
    expect(settledStatus(1_000, 0, 1_000)).toBe("paid");
  });
  it("is overdue only when sent or partially paid and the due date is before today (UTC)", () => {
    const today = "2026-12-04";
    expect(isOverdue({ status: "sent", dueDate: "2026-12-03" }, today)).toBe(true);
    expect(isOverdue({ status: "partially_paid", dueDate: "2026-12-03" }, today)).toBe(true);
    expect(isOverdue({ status: "sent", dueDate: "2026-12-04" }, today)).toBe(false);
    expect(isOverdue({ status: "paid", dueDate: "2026-01-01" }, today)).toBe(false);
    expect(isOverdue({ status: "draft", dueDate: "2026-01-01" }, today)).toBe(false);
    expect(isOverdue({ status: "sent", dueDate: null }, today)).toBe(false);
    expect(displayStatusOf({ status: "sent", dueDate: "2026-12-01" }, today)).toBe("overdue");
    expect(displayStatusOf({ status: "void", dueDate: "2026-12-01" }, today)).toBe("void");
  });
});

import { describe, expect, it } from "vitest";
import { formatMoney, minorDigits, parseMoney } from "./money";

describe("minorDigits", () => {
  it("knows the minor units of two-, zero- and three-decimal currencies", () => {
    expect(minorDigits("AUD")).toBe(2);
    expect(minorDigits("USD")).toBe(2);
    expect(minorDigits("EUR")).toBe(2);
    expect(minorDigits("JPY")).toBe(0);
    expect(minorDigits("KRW")).toBe(0);
    expect(minorDigits("BHD")).toBe(3);
  });

  it("assumes cents for a code it cannot read", () => {
    expect(minorDigits("nope")).toBe(2);
    expect(minorDigits("")).toBe(2);
  });
});

describe("formatMoney", () => {
  it("turns cents into the amount, with the currency", () => {
    expect(formatMoney(125_000, "AUD", "en")).toBe("A$1,250.00");
    expect(formatMoney(125_000, "AUD", "en-AU")).toBe("$1,250.00");
    expect(formatMoney(199, "USD", "en-US")).toBe("$1.99");
    expect(formatMoney(5, "AUD", "en")).toBe("A$0.05");
  });

  it("shows zero with its decimals", () => {
    expect(formatMoney(0, "AUD", "en")).toBe("A$0.00");
    expect(formatMoney(0, "JPY", "en")).toBe("¥0");
  });

  it("reads a zero-decimal currency's minor units as whole units", () => {
    expect(formatMoney(1250, "JPY", "en")).toBe("¥1,250");
    expect(formatMoney(1250, "KRW", "en")).toBe("₩1,250");
  });

  it("reads a three-decimal currency's minor units as thousandths", () => {
    expect(formatMoney(1250, "BHD", "en")).toMatch(/^BHD\s1\.250$/);
  });

  it("follows the viewer's locale for separators", () => {
    expect(formatMoney(125_000, "EUR", "de-DE")).toMatch(/^1\.250,00\s€$/);
  });

  it("still shows an amount for a currency code Intl refuses", () => {
    expect(formatMoney(1250, "XX", "en")).toBe("XX 12.50");
  });
});

describe("parseMoney", () => {
  it("reads an amount into minor units, commas and spaces as thousands separators", () => {
    expect(parseMoney("1,250.5", "AUD")).toBe(125_050);
    expect(parseMoney(" 1 250.00 ", "AUD")).toBe(125_000);
    expect(parseMoney("1250", "AUD")).toBe(125_000);
    expect(parseMoney("0", "AUD")).toBe(0);
    expect(parseMoney("0.07", "AUD")).toBe(7);
  });

  it("reads zero- and three-decimal currencies by their own minor units", () => {
    expect(parseMoney("1250", "JPY")).toBe(1250);
    expect(parseMoney("1.234", "BHD")).toBe(1234);
    expect(parseMoney("1.2", "BHD")).toBe(1200);
  });

  it("refuses an amount more precise than the currency", () => {
    expect(parseMoney("12.5", "JPY")).toBeUndefined();
    expect(parseMoney("1.234", "AUD")).toBeUndefined();
    expect(parseMoney("1.2345", "BHD")).toBeUndefined();
  });

  it("refuses what is not an amount", () => {
    for (const text of ["", "  ", "-5", "abc", "1e3", "12.", "$12", "1.2.3"]) {
      expect(parseMoney(text, "AUD"), JSON.stringify(text)).toBeUndefined();
    }
  });

  it("refuses an amount too large to hold exactly", () => {
    expect(parseMoney("99999999999999999", "AUD")).toBeUndefined();
  });

  it("gets decimal amounts exact, without floating-point drift", () => {
    for (const [text, minor] of [
      ["0.29", 29],
      ["1.15", 115],
      ["4.35", 435],
      ["1.005", undefined],
      ["19.99", 1999],
      ["1234567.89", 123_456_789],
    ] as const) {
      expect(parseMoney(text, "AUD"), text).toBe(minor);
    }
  });

  it("reads back what formatMoney shows (en)", () => {
    for (const [minor, currency] of [
      [125_050, "AUD"],
      [0, "AUD"],
      [1250, "JPY"],
      [1250, "BHD"],
    ] as const) {
      const shown = formatMoney(minor, currency, "en").replace(/[^\d.,]/g, "");
      expect(parseMoney(shown, currency), `${minor} ${currency}`).toBe(minor);
    }
  });
});

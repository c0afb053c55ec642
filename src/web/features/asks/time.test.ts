import { describe, expect, it } from "vitest";
import { countdownText, countdownWords, formatSeconds } from "./time";

describe("formatSeconds", () => {
  it("says a response time as a person would", () => {
    expect(formatSeconds(0)).toBe("0 s");
    expect(formatSeconds(42)).toBe("42 s");
    expect(formatSeconds(42.4)).toBe("42 s");
    expect(formatSeconds(60)).toBe("1 min");
    expect(formatSeconds(185)).toBe("3 min 5 s");
    expect(formatSeconds(3600)).toBe("1 h");
    expect(formatSeconds(7500)).toBe("2 h 5 min");
    expect(formatSeconds(86_400)).toBe("1 day");
    expect(formatSeconds(3 * 86_400 + 4 * 3600 + 59)).toBe("3 days 4 h");
  });

  it("shows a dash for nothing to measure", () => {
    expect(formatSeconds(null)).toBe("—");
    expect(formatSeconds(undefined)).toBe("—");
    expect(formatSeconds(-1)).toBe("—");
    expect(formatSeconds(Number.NaN)).toBe("—");
  });
});

describe("countdownText", () => {
  it("counts minutes and seconds, rounding up so it reads 0:00 only when over", () => {
    expect(countdownText(581_000)).toBe("9:41");
    expect(countdownText(580_001)).toBe("9:41");
    expect(countdownText(1)).toBe("0:01");
    expect(countdownText(0)).toBe("0:00");
    expect(countdownText(-5_000)).toBe("0:00");
  });

  it("adds hours past an hour and says days past a day", () => {
    expect(countdownText(3_909_000)).toBe("1:05:09");
    expect(countdownText(86_400_000)).toBe("1 day");
    expect(countdownText(2 * 86_400_000 + 3 * 3_600_000 + 10_000)).toBe("2 days 3 h");
  });
});

describe("countdownWords", () => {
  it("changes at most once a minute", () => {
    expect(countdownWords(59_000)).toBe("less than a minute");
    expect(countdownWords(581_000)).toBe("about 10 minutes");
    expect(countdownWords(545_000)).toBe("about 10 minutes");
    expect(countdownWords(3 * 3_600_000)).toBe("about 3 hours");
    expect(countdownWords(3 * 86_400_000)).toBe("about 3 days");
  });
});

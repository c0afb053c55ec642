import { describe, expect, it } from "vitest";
import { ZCreateTaskRequest, ZSaveTaskTemplateRequest } from "../../common/board";
import { MAX_COMMENT_LENGTH } from "../../common/conversations";
import { ZSettings, ZSetupRequest } from "../../common/schemas";
import { atLeast, atMost, maxLengthOf, minLengthOf, patternOf, rangeOf } from "./limits";

describe("form limits from the shared schemas", () => {
  it("reads a field's length limits as the server enforces them", () => {
    expect(maxLengthOf(ZCreateTaskRequest, "summary")).toBe(200);
    expect(maxLengthOf(ZSaveTaskTemplateRequest, "description")).toBe(MAX_COMMENT_LENGTH);
    expect(minLengthOf(ZSetupRequest, "password")).toBe(10);
    expect(minLengthOf(ZCreateTaskRequest, "description")).toBe(0);
    expect(rangeOf(ZSettings, "archiveCompletedAfterDays")).toEqual({ min: 1, max: 3650 });
  });

  it("reads a field's pattern as the server enforces it", () => {
    const prefix = patternOf(ZSettings, "ticketPrefix");
    expect(prefix.test("SUP")).toBe(true);
    expect(prefix.test("s-1")).toBe(false);
    expect(patternOf(ZSettings, "accentColor").test("#4263eb")).toBe(true);
    expect(patternOf(ZSettings, "accentColor").test("4263eb")).toBe(false);
  });

  it("refuses to guess a limit the schema does not state", () => {
    expect(() => maxLengthOf(ZCreateTaskRequest, "nope")).toThrow(/no field nope/);
    expect(() => maxLengthOf(ZCreateTaskRequest, "fileIds")).toThrow(/no maxLength/);
    expect(() => patternOf(ZSettings, "agencyName")).toThrow(/no pattern/);
  });

  it("writes the limit in words with grouped digits", () => {
    expect(atMost(50_000, "the details")).toBe("Use at most 50,000 characters for the details.");
    expect(atMost(200)).toBe("Use at most 200 characters.");
    expect(atLeast(10)).toBe("Use at least 10 characters.");
  });
});

import { describe, expect, it } from "vitest";
import { formatDateTime } from "../../lib/format";
import { isAssignable, lastLoginLabel, nameWithState } from "./words";

describe("lastLoginLabel", () => {
  it("shows the recorded log-in, for anyone", () => {
    const at = "2026-03-02T01:30:00.000Z";
    expect(lastLoginLabel(at, false)).toBe(formatDateTime(at));
    expect(lastLoginLabel(at, true)).toBe(formatDateTime(at));
  });

  it("never tells the person looking that they never logged in", () => {
    expect(lastLoginLabel(null, true)).toBe("Now (this session)");
    expect(lastLoginLabel(null, false)).toBe("Never");
  });
});

describe("isAssignable", () => {
  it("lets active and invited staff work an account, never a suspended person or a client", () => {
    expect(isAssignable({ role: "agent", state: "active" })).toBe(true);
    expect(isAssignable({ role: "admin", state: "invited" })).toBe(true);
    expect(isAssignable({ role: "agent", state: "suspended" })).toBe(false);
    expect(isAssignable({ role: "client", state: "active" })).toBe(false);
  });
});

describe("nameWithState", () => {
  it("adds the state after the name unless the person is active", () => {
    expect(nameWithState({ name: "Ivy Ng", state: "invited" })).toBe("Ivy Ng (invited)");
    expect(nameWithState({ name: "Sam Lee", state: "suspended" })).toBe("Sam Lee (suspended)");
    expect(nameWithState({ name: "Alex Agent", state: "active" })).toBe("Alex Agent");
  });
});

import { describe, expect, it } from "vitest";
import { isStaff } from "./session";

describe("isStaff", () => {
  it("counts agents and admins as the agency's staff, and clients not", () => {
    expect(isStaff({ role: "agent" })).toBe(true);
    expect(isStaff({ role: "admin" })).toBe(true);
    expect(isStaff({ role: "client" })).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { inboundRawUrl } from "./api";

describe("inboundRawUrl", () => {
  it("points at the raw-message download of that message", () => {
    expect(inboundRawUrl("0190a1b2-0000-7000-8000-000000000001")).toBe("/api/admin/inbound/0190a1b2-0000-7000-8000-000000000001/raw");
  });

  it("cannot be steered to another path by the id", () => {
    expect(inboundRawUrl("../users")).toBe("/api/admin/inbound/..%2Fusers/raw");
    expect(inboundRawUrl("a?b#c")).toBe("/api/admin/inbound/a%3Fb%23c/raw");
  });
});

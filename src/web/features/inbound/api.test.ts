import { describe, expect, it } from "vitest";
import { inboundActionUrl, inboundRawUrl } from "./api";

describe("inboundRawUrl", () => {
  it("points at the raw-message download of that message", () => {
    expect(inboundRawUrl("0190a1b2-0000-7000-8000-000000000001")).toBe("/api/admin/inbound/0190a1b2-0000-7000-8000-000000000001/raw");
  });

  it("cannot be steered to another path by the id", () => {
    expect(inboundRawUrl("../users")).toBe("/api/admin/inbound/..%2Fusers/raw");
    expect(inboundRawUrl("a?b#c")).toBe("/api/admin/inbound/a%3Fb%23c/raw");
  });
});

describe("inboundActionUrl", () => {
  it("names the message and the action, and cannot be steered elsewhere by the id", () => {
    expect(inboundActionUrl("0190a1b2-0000-7000-8000-000000000001", "discard")).toBe(
      "/api/admin/inbound/0190a1b2-0000-7000-8000-000000000001/discard",
    );
    expect(inboundActionUrl("../users", "create-ticket")).toBe("/api/admin/inbound/..%2Fusers/create-ticket");
  });
});

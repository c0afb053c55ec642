import { Value } from "typebox/value";
import { describe, expect, it } from "vitest";
import { INBOUND_STATUS_LABELS, ZInboundListQuery, ZInboundStatus } from "./inbound";

describe("inbound email statuses", () => {
  it("are attached, quarantined, or settled by an admin from the quarantine, each with a label", () => {
    expect(INBOUND_STATUS_LABELS).toEqual({
      attached: "Attached",
      quarantined: "Quarantined",
      resolved: "Posted by an admin",
      discarded: "Discarded",
    });
    for (const status of Object.keys(INBOUND_STATUS_LABELS)) expect(Value.Check(ZInboundStatus, status), status).toBe(true);
    expect(Value.Check(ZInboundStatus, "duplicate")).toBe(false);
  });
});

describe("ZInboundListQuery", () => {
  it("accepts a status filter and a page from 1", () => {
    expect(Value.Check(ZInboundListQuery, {})).toBe(true);
    expect(Value.Check(ZInboundListQuery, { status: "quarantined", page: 1 })).toBe(true);
    expect(Value.Check(ZInboundListQuery, { status: "attached", page: 12 })).toBe(true);
  });

  it("refuses an unknown status or a page before the first", () => {
    expect(Value.Check(ZInboundListQuery, { status: "spam" })).toBe(false);
    expect(Value.Check(ZInboundListQuery, { page: 0 })).toBe(false);
    expect(Value.Check(ZInboundListQuery, { page: 1.5 })).toBe(false);
  });
});

import { partialMatchKey } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { inboundRawUrl, keys } from "./hooks";

describe("keys", () => {
  it("keeps one client's page apart from the client list", () => {
    expect(partialMatchKey(keys.account("acc-1"), ["account"])).toBe(true);
    expect(partialMatchKey(keys.account("acc-1"), keys.accounts)).toBe(false);
    expect(keys.account("acc-1")).not.toEqual(keys.account("acc-2"));
  });

  it("keys each email in the mailbox by its id", () => {
    expect(keys.mail("m1")).not.toEqual(keys.mail("m2"));
    expect(partialMatchKey(keys.mail("m1"), keys.mailbox)).toBe(false);
  });
});

describe("inboundRawUrl", () => {
  it("points at the raw-message download of that message", () => {
    expect(inboundRawUrl("0190a1b2-0000-7000-8000-000000000001")).toBe("/api/admin/inbound/0190a1b2-0000-7000-8000-000000000001/raw");
  });

  it("cannot be steered to another path by the id", () => {
    expect(inboundRawUrl("../users")).toBe("/api/admin/inbound/..%2Fusers/raw");
    expect(inboundRawUrl("a?b#c")).toBe("/api/admin/inbound/a%3Fb%23c/raw");
  });
});

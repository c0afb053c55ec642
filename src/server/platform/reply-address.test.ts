import { describe, expect, it } from "vitest";
import { parseReplyAddress, replyAddressFor } from "./reply-address";

const config = { sessionSecret: "s".repeat(40), mailFrom: "WP Xpress <support@wpexpress.test>", publicUrl: "http://portal.test" };
const id = "01a20813-1fa1-74b3-b894-8addc09e9e4a";

describe("reply addresses", () => {
  it("round-trip and carry a signature that cannot be guessed", () => {
    const address = replyAddressFor(config, "ticket", id);
    expect(address).toMatch(/^reply\+ticket\.01a20813-1fa1-74b3-b894-8addc09e9e4a\.[0-9a-f]{20}@wpexpress\.test$/);
    expect(parseReplyAddress(config, address)).toEqual({ objectType: "ticket", objectId: id });
    expect(parseReplyAddress(config, address.replace(/\.[0-9a-f]{20}@/, ".00000000000000000000@"))).toBeUndefined();
    expect(parseReplyAddress({ sessionSecret: "t".repeat(40) }, address)).toBeUndefined();
    expect(parseReplyAddress(config, "someone@example.com")).toBeUndefined();
  });
});

describe("reply addresses in upper case", () => {
  it("still match (some mail systems change the case)", () => {
    const address = replyAddressFor(config, "ticket", id).toUpperCase();
    expect(parseReplyAddress(config, address)).toEqual({ objectType: "ticket", objectId: id });
  });
});

import { partialMatchKey } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { mailKeys } from "../mailbox/api";
import { clientKeys } from "./api";

describe("keys", () => {
  it("keeps one client's page apart from the client list", () => {
    expect(partialMatchKey(clientKeys.detail("acc-1"), clientKeys.details)).toBe(true);
    expect(partialMatchKey(clientKeys.detail("acc-1"), clientKeys.lists)).toBe(false);
    expect(clientKeys.detail("acc-1")).not.toEqual(clientKeys.detail("acc-2"));
  });

  it("keys each email in the mailbox by its id", () => {
    expect(mailKeys.detail("m1")).not.toEqual(mailKeys.detail("m2"));
    expect(partialMatchKey(mailKeys.detail("m1"), mailKeys.list)).toBe(false);
  });
});

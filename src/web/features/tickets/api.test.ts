import { partialMatchKey } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { ticketKeys } from "./api";

const under = (key: readonly unknown[], prefix: readonly unknown[]) => partialMatchKey(key, prefix);

describe("ticketKeys", () => {
  it("puts every ticket list, whatever its filters, under the lists prefix", () => {
    expect(under(ticketKeys.list({}), ticketKeys.lists)).toBe(true);
    expect(under(ticketKeys.list({ status: "new", priority: "urgent", q: "printer" }), ticketKeys.lists)).toBe(true);
  });

  it("caches lists with different filters apart", () => {
    expect(ticketKeys.list({ status: "new" })).not.toEqual(ticketKeys.list({ status: "closed" }));
  });

  it("keys each ticket by its id, outside the lists", () => {
    expect(ticketKeys.detail("a")).not.toEqual(ticketKeys.detail("b"));
    expect(under(ticketKeys.detail("a"), ticketKeys.lists)).toBe(false);
    expect(under(ticketKeys.detail("a"), ["ticket"])).toBe(true);
  });

  it("keeps the admin's categories apart from the enabled categories", () => {
    expect(under(ticketKeys.adminCategories, ticketKeys.categories)).toBe(false);
    expect(under(ticketKeys.categories, ticketKeys.adminCategories)).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { newId, UUID_PATTERN } from "./ids";

describe("newId", () => {
  it("makes UUIDv7s that sort by creation time, even within one millisecond", () => {
    const ids = Array.from({ length: 2000 }, () => newId());
    for (const id of ids) expect(id).toMatch(new RegExp(UUID_PATTERN));
    expect(ids[0]![14]).toBe("7");
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

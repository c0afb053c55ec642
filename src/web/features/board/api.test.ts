import { partialMatchKey } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { boardKeys } from "./api";

/** Invalidating `prefix` refreshes the query cached under `key` (React Query's prefix match). */
const under = (key: readonly unknown[], prefix: readonly unknown[]) => partialMatchKey(key, prefix);

describe("boardKeys", () => {
  it("puts every account's board, and the combined board, under the one boards prefix", () => {
    expect(under(boardKeys.board("acc-1"), boardKeys.boards)).toBe(true);
    expect(under(boardKeys.board(undefined), boardKeys.boards)).toBe(true);
  });

  it("keeps one account's board apart from another's and from the combined board", () => {
    expect(boardKeys.board("acc-1")).not.toEqual(boardKeys.board("acc-2"));
    expect(boardKeys.board(undefined)).not.toEqual(boardKeys.board("acc-1"));
    expect(under(boardKeys.board("acc-2"), boardKeys.board("acc-1"))).toBe(false);
  });

  it("keys each task by its id, apart from the boards", () => {
    expect(boardKeys.task("t1")).not.toEqual(boardKeys.task("t2"));
    expect(under(boardKeys.task("t1"), boardKeys.boards)).toBe(false);
  });

  it("keeps every archive page (with its search) under the archive prefix", () => {
    expect(under([...boardKeys.archive, { q: "logo", accountId: "acc-1" }], boardKeys.archive)).toBe(true);
    expect(under([...boardKeys.archive, {}], boardKeys.boards)).toBe(false);
  });

  it("keeps every open template under one prefix", () => {
    expect(under(boardKeys.template("tpl-1"), ["task-template"])).toBe(true);
  });

  it("gives the admin's request types and templates their own keys, apart from the client's picker", () => {
    expect(under(boardKeys.adminRequestTypes, boardKeys.requestTypes)).toBe(false);
    expect(under(boardKeys.requestTypes, boardKeys.adminRequestTypes)).toBe(false);
    expect(under(boardKeys.adminTemplates, boardKeys.adminRequestTypes)).toBe(false);
  });
});

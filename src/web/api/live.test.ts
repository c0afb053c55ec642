import { partialMatchKey } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { TStreamChange } from "../../common/notifications";
import { askKeys } from "../features/asks/api";
import { boardKeys } from "../features/board/api";
import { nextActionKeys } from "../features/dashboard/api";
import { notificationKeys } from "../features/notifications/api";
import { ticketKeys } from "../features/tickets/api";
import { FEATURE_LIVE_KEYS, keysForChange } from "./live";

/**
 * Does the push refresh this cached read? Judged with React Query's own prefix match, the one
 * `invalidateQueries({ queryKey })` uses, against the keys the hooks really cache under.
 */
function refreshes(change: Partial<TStreamChange>, queryKey: readonly unknown[]): boolean {
  return keysForChange(change).some((key) => partialMatchKey(queryKey, key));
}

const TASK = "0190a1b2-0000-7000-8000-000000000001";
const OTHER_TASK = "0190a1b2-0000-7000-8000-000000000002";
const TICKET = "0190a1b2-0000-7000-8000-000000000003";
const OTHER_TICKET = "0190a1b2-0000-7000-8000-000000000004";
const ACCOUNT = "0190a1b2-0000-7000-8000-000000000005";

describe("keysForChange", () => {
  it("refreshes the bell for every change, whatever it is about", () => {
    for (const objectType of ["task", "ticket", "account", "request_type", "canned_reply", "settings", "user", ""]) {
      expect(refreshes({ objectType, objectId: "x" }, notificationKeys.list), objectType).toBe(true);
    }
    expect(refreshes({}, notificationKeys.list)).toBe(true);
  });

  describe("a task change", () => {
    const change = { objectType: "task", objectId: TASK };

    it("refreshes that task, every board, the archive and the dashboard (with its next actions)", () => {
      expect(refreshes(change, boardKeys.task(TASK))).toBe(true);
      expect(refreshes(change, boardKeys.board(undefined))).toBe(true);
      expect(refreshes(change, boardKeys.board(ACCOUNT))).toBe(true);
      expect(refreshes(change, [...boardKeys.archive, { q: "logo" }])).toBe(true);
      expect(refreshes(change, ["dashboard"])).toBe(true);
      expect(refreshes(change, nextActionKeys.list)).toBe(true);
    });

    it("leaves other open tasks and the tickets alone", () => {
      expect(refreshes(change, boardKeys.task(OTHER_TASK))).toBe(false);
      expect(refreshes(change, ticketKeys.detail(TICKET))).toBe(false);
      expect(refreshes(change, ticketKeys.list({}))).toBe(false);
    });

    it("refreshes every open task when the push does not say which", () => {
      expect(refreshes({ objectType: "task" }, boardKeys.task(TASK))).toBe(true);
      expect(refreshes({ objectType: "task" }, boardKeys.task(OTHER_TASK))).toBe(true);
      expect(refreshes({ objectType: "task" }, boardKeys.board(undefined))).toBe(true);
    });
  });

  describe("a ticket change", () => {
    const change = { objectType: "ticket", objectId: TICKET };

    it("refreshes that ticket, every ticket list and the dashboard", () => {
      expect(refreshes(change, ticketKeys.detail(TICKET))).toBe(true);
      expect(refreshes(change, ticketKeys.list({}))).toBe(true);
      expect(refreshes(change, ticketKeys.list({ status: "new", priority: "urgent" }))).toBe(true);
      expect(refreshes(change, ["dashboard"])).toBe(true);
    });

    it("leaves other open tickets and the board alone", () => {
      expect(refreshes(change, ticketKeys.detail(OTHER_TICKET))).toBe(false);
      expect(refreshes(change, boardKeys.board(undefined))).toBe(false);
    });

    it("refreshes every open ticket when the push does not say which", () => {
      expect(refreshes({ objectType: "ticket" }, ticketKeys.detail(TICKET))).toBe(true);
      expect(refreshes({ objectType: "ticket", objectId: "" }, ticketKeys.detail(OTHER_TICKET))).toBe(true);
    });
  });

  it("refreshes the ask lists, every open ask (one asked again links to the new one), the response times and the next actions for an ask", () => {
    const change = { objectType: "ask", objectId: TASK };
    expect(refreshes(change, askKeys.list({ status: "open", page: 1 }))).toBe(true);
    expect(refreshes(change, askKeys.detail(TASK))).toBe(true);
    expect(refreshes(change, askKeys.detail(OTHER_TASK))).toBe(true);
    expect(refreshes(change, ticketKeys.detail(TICKET))).toBe(false);
    expect(refreshes(change, askKeys.responseTimes)).toBe(true);
    expect(refreshes(change, nextActionKeys.list)).toBe(true);
    expect(refreshes({ objectType: "ask" }, askKeys.detail(OTHER_TASK))).toBe(true);
  });

  it("never gives two features the same object type", () => {
    const types = FEATURE_LIVE_KEYS.flatMap((keys) => Object.keys(keys));
    expect(new Set(types).size).toBe(types.length);
  });

  it("treats an inherited property name as an unknown kind, not a feature", () => {
    for (const objectType of ["constructor", "__proto__", "toString"]) {
      const keys = keysForChange({ objectType, objectId: "x" });
      expect(keys).toEqual([notificationKeys.list, ["dashboard"]]);
    }
  });

  it("refreshes the request type pickers and the boards (cards show the type) for a request type", () => {
    const change = { objectType: "request_type", objectId: "t1" };
    expect(refreshes(change, boardKeys.requestTypes)).toBe(true);
    expect(refreshes(change, boardKeys.adminRequestTypes)).toBe(true);
    expect(refreshes(change, boardKeys.board(ACCOUNT))).toBe(true);
  });

  it("refreshes the admin's templates, the boards and any open template for a task template", () => {
    const change = { objectType: "task_template", objectId: "tpl1" };
    expect(refreshes(change, boardKeys.adminTemplates)).toBe(true);
    expect(refreshes(change, boardKeys.board(undefined))).toBe(true);
    expect(refreshes(change, boardKeys.template("tpl1"))).toBe(true);
    expect(refreshes(change, boardKeys.template("tpl2"))).toBe(true);
  });

  it("refreshes both category lists for a ticket category", () => {
    const change = { objectType: "ticket_category", objectId: "c1" };
    expect(refreshes(change, ticketKeys.categories)).toBe(true);
    expect(refreshes(change, ticketKeys.adminCategories)).toBe(true);
  });

  it("refreshes the canned replies for a canned reply", () => {
    expect(refreshes({ objectType: "canned_reply", objectId: "r1" }, ticketKeys.cannedReplies)).toBe(true);
  });

  it("refreshes the client list, that client and the dashboard for an account", () => {
    const change = { objectType: "account", objectId: ACCOUNT };
    expect(refreshes(change, ["accounts", { q: "" }])).toBe(true);
    expect(refreshes(change, ["account", ACCOUNT])).toBe(true);
    expect(refreshes(change, ["account", "someone-else"])).toBe(false);
    expect(refreshes(change, ["dashboard"])).toBe(true);
    expect(refreshes({ objectType: "account" }, ["account", "someone-else"])).toBe(true);
  });

  it("still refreshes the dashboard for an object type it does not know", () => {
    for (const objectType of ["settings", "user", "widget"]) {
      expect(refreshes({ objectType, objectId: "x" }, ["dashboard"]), objectType).toBe(true);
    }
  });

  it("reads a push with missing or malformed fields as an unknown change, not a crash", () => {
    const garbage = [{}, { objectType: 42, objectId: null }, { objectType: null }] as unknown as Partial<TStreamChange>[];
    for (const change of garbage) {
      expect(refreshes(change, ["dashboard"])).toBe(true);
      expect(refreshes(change, notificationKeys.list)).toBe(true);
      expect(refreshes(change, boardKeys.task(TASK))).toBe(false);
    }
  });
});

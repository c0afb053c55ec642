import { describe, expect, it } from "vitest";
import { TICKET_PRIORITIES, TICKET_STATUSES } from "../../../common/tickets";
import { describeTicketEvent, isPriority, isStatus, PRIORITY_COLORS, PRIORITY_OPTIONS, STATUS_COLORS, STATUS_OPTIONS } from "./words";

describe("isStatus and isPriority", () => {
  it("know the ticket statuses and priorities, and nothing else", () => {
    for (const status of TICKET_STATUSES) expect(isStatus(status)).toBe(true);
    for (const priority of TICKET_PRIORITIES) expect(isPriority(priority)).toBe(true);
    for (const value of ["open", "resolved", "New", "", "urgent"]) expect(isStatus(value), value).toBe(false);
    for (const value of ["critical", "Low", "", "new"]) expect(isPriority(value), value).toBe(false);
  });
});

describe("options and colours", () => {
  it("offer the statuses in the guide's order and words", () => {
    expect(STATUS_OPTIONS).toEqual([
      { value: "new", label: "New" },
      { value: "active", label: "Active" },
      { value: "closed", label: "Closed" },
    ]);
  });

  it("offer the priorities from low to urgent", () => {
    expect(PRIORITY_OPTIONS.map((o) => o.label)).toEqual(["Low", "Normal", "High", "Urgent"]);
  });

  it("give every status and priority a colour", () => {
    for (const status of TICKET_STATUSES) expect(STATUS_COLORS[status], status).toBeTruthy();
    for (const priority of TICKET_PRIORITIES) expect(PRIORITY_COLORS[priority], priority).toBeTruthy();
  });
});

describe("describeTicketEvent", () => {
  it("says the ticket was opened", () => {
    expect(describeTicketEvent("ticket.created", {})).toBe("opened this ticket");
  });

  it("names a move's statuses in the guide's words", () => {
    expect(describeTicketEvent("ticket.status_changed", { from: "new", to: "active" })).toBe("moved this ticket from New to Active");
    expect(describeTicketEvent("ticket.status_changed", { fromStatus: "active", toStatus: "closed" })).toBe(
      "moved this ticket from Active to Closed",
    );
  });

  it("reads a move with only a target, or none, or an unknown status", () => {
    expect(describeTicketEvent("ticket.status_changed", { to: "closed" })).toBe("moved this ticket to Closed");
    expect(describeTicketEvent("ticket.status_changed", {})).toBe("moved this ticket");
    expect(describeTicketEvent("ticket.status_changed", { from: "new", to: "escalated" })).toBe("moved this ticket from New to escalated");
  });

  it("says what a reopened ticket went back to", () => {
    expect(describeTicketEvent("ticket.reopened", { from: "closed", to: "active" })).toBe("reopened this ticket (back to Active)");
    expect(describeTicketEvent("ticket.reopened", {})).toBe("reopened this ticket");
  });

  it("names the new assignee, or says the ticket was unassigned", () => {
    expect(describeTicketEvent("ticket.assigned", { assigneeName: "Sam Lee" })).toBe("assigned this ticket to Sam Lee");
    expect(describeTicketEvent("ticket.assigned", { assignee: { id: "u1", name: "Sam Lee" } })).toBe("assigned this ticket to Sam Lee");
    expect(describeTicketEvent("ticket.assigned", { assigneeId: "u1", assigneeName: "Sam Lee" }, "u2")).toBe(
      "assigned this ticket to Sam Lee",
    );
    expect(describeTicketEvent("ticket.assigned", { assigneeId: null, assigneeName: null }, "u2")).toBe("unassigned this ticket");
    expect(describeTicketEvent("ticket.assigned", { assigneeName: null })).toBe("unassigned this ticket");
    expect(describeTicketEvent("ticket.unassigned", {})).toBe("unassigned this ticket");
  });

  it("says someone who assigned the ticket to themselves took it", () => {
    expect(describeTicketEvent("ticket.assigned", { assigneeId: "u1", assigneeName: "Sam Lee" }, "u1")).toBe("took this ticket");
    expect(describeTicketEvent("ticket.assigned", { assignee: { id: "u1", name: "Sam Lee" } }, "u1")).toBe("took this ticket");
    // Without knowing who acted, the sentence still names the assignee.
    expect(describeTicketEvent("ticket.assigned", { assigneeId: "u1", assigneeName: "Sam Lee" }, null)).toBe(
      "assigned this ticket to Sam Lee",
    );
  });

  it("lists the priority and category changes of an edit", () => {
    expect(
      describeTicketEvent("ticket.updated", {
        changes: { priority: { from: "low", to: "urgent" }, category: { from: "Billing", to: "Website" } },
      }),
    ).toBe("changed the priority from Low to Urgent and the category from Billing to Website");
    expect(describeTicketEvent("ticket.updated", { changes: { category: { from: null, to: "Billing" } } })).toBe(
      "changed the category from none to Billing",
    );
    expect(describeTicketEvent("ticket.updated", { changes: { category: { from: "Billing", to: null } } })).toBe(
      "changed the category from Billing to none",
    );
  });

  it("falls back to a plain sentence for an edit it cannot read", () => {
    expect(describeTicketEvent("ticket.updated", {})).toBe("updated this ticket");
    expect(describeTicketEvent("ticket.updated", { changes: {} })).toBe("updated this ticket");
  });

  it("words the older priority and category events", () => {
    expect(describeTicketEvent("ticket.priority_changed", { from: "normal", to: "high" })).toBe("changed the priority from Normal to High");
    expect(describeTicketEvent("ticket.category_changed", { fromName: "Billing", toName: "Website" })).toBe(
      "changed the category from Billing to Website",
    );
    expect(describeTicketEvent("ticket.category_changed", {})).toBe("changed the category to none");
  });

  it("spells out a verb it has no sentence for", () => {
    expect(describeTicketEvent("ticket.merged", {})).toBe("merged this ticket");
    expect(describeTicketEvent("ticket.", {})).toBe("updated this ticket");
  });
});

import { describe, expect, it } from "vitest";
import { checkMove, STAGE_LABELS, STAGE_OWNER, STAGES, type TBoard, type TStage, type TTaskQuoteState } from "../../../common/board";
import { formatMoney } from "../../../common/money";
import {
  boardFits,
  boardQueryOf,
  completedFolded,
  deadlineState,
  describeTaskEvent,
  expandBoard,
  formatDay,
  formatDuration,
  handledBy,
  initials,
  isFiltered,
  moveChoices,
  ownerLabel,
  QUOTE_LABELS,
  reviewItemLink,
  reviewItemOfValue,
  reviewItemValue,
  STAGE_COLORS,
  scrollEdges,
  todayLocal,
} from "./words";

describe("todayLocal", () => {
  it("is the viewer's own calendar day, zero-padded", () => {
    expect(todayLocal(new Date(2026, 0, 5, 23, 30))).toBe("2026-01-05");
    expect(todayLocal(new Date(2026, 11, 31, 0, 0))).toBe("2026-12-31");
  });
});

describe("deadlineState", () => {
  const today = "2026-03-10";

  it("is none without a deadline", () => {
    expect(deadlineState(null, "in_progress", today)).toBe("none");
  });

  it("is overdue once the day has passed", () => {
    expect(deadlineState("2026-03-09", "in_progress", today)).toBe("overdue");
    expect(deadlineState("2025-12-31", "requested", today)).toBe("overdue");
  });

  it("is today on the day itself", () => {
    expect(deadlineState("2026-03-10", "in_progress", today)).toBe("today");
  });

  it("is upcoming for tomorrow and for a day far off", () => {
    expect(deadlineState("2026-03-11", "in_progress", today)).toBe("upcoming");
    expect(deadlineState("2027-01-01", "in_progress", today)).toBe("upcoming");
  });

  it("compares calendar days across months and years", () => {
    expect(deadlineState("2026-09-30", "on_hold", "2026-10-01")).toBe("overdue");
    expect(deadlineState("2026-10-01", "on_hold", "2026-09-30")).toBe("upcoming");
    expect(deadlineState("2026-12-31", "on_hold", "2027-01-01")).toBe("overdue");
  });

  it("counts a passed deadline as overdue in every stage where the work is not completed", () => {
    for (const stage of STAGES.filter((s) => s !== "completed")) {
      expect(deadlineState("2026-03-01", stage, today), stage).toBe("overdue");
    }
  });

  it("never calls completed work overdue", () => {
    expect(deadlineState("2026-03-01", "completed", today)).not.toBe("overdue");
    expect(deadlineState("2020-01-01", "completed", today)).not.toBe("overdue");
  });

  it("reads today from the viewer's clock by default", () => {
    expect(deadlineState(todayLocal(), "in_progress")).toBe("today");
  });
});

describe("formatDay", () => {
  it("shows the calendar day it names, whatever the viewer's time zone", () => {
    // The same day, formatted in UTC where it cannot shift: the oracle for the viewer's locale.
    const oracle = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
    expect(formatDay("2026-12-01")).toBe(oracle.format(Date.UTC(2026, 11, 1)));
    expect(formatDay("2027-01-01")).toBe(oracle.format(Date.UTC(2027, 0, 1)));
  });

  it("shows text that is not a day as it is", () => {
    expect(formatDay("soon")).toBe("soon");
    expect(formatDay("")).toBe("");
  });
});

describe("formatDuration", () => {
  it("shows minutes under an hour", () => {
    expect(formatDuration(0)).toBe("0 min");
    expect(formatDuration(59)).toBe("0 min");
    expect(formatDuration(45 * 60)).toBe("45 min");
    expect(formatDuration(3599)).toBe("59 min");
  });

  it("shows hours and minutes under a day", () => {
    expect(formatDuration(3600)).toBe("1 h 0 min");
    expect(formatDuration(23 * 3600 + 59 * 60)).toBe("23 h 59 min");
  });

  it("shows days and hours from a day", () => {
    expect(formatDuration(86_400)).toBe("1 d 0 h");
    expect(formatDuration(2 * 86_400 + 3 * 3600 + 59)).toBe("2 d 3 h");
    expect(formatDuration(40 * 86_400)).toBe("40 d 0 h");
  });
});

describe("ownerLabel", () => {
  it("tells a client which tasks are with them and which with the agency, by name", () => {
    expect(ownerLabel(STAGE_OWNER.requested, true, "Acme Digital")).toBe("With you");
    expect(ownerLabel(STAGE_OWNER.client_approval, true, "Acme Digital")).toBe("With you");
    expect(ownerLabel(STAGE_OWNER.in_progress, true, "Acme Digital")).toBe("With Acme Digital");
    expect(ownerLabel(STAGE_OWNER.on_hold, true, "Acme Digital")).toBe("With Acme Digital");
  });

  it("tells staff whether the task is with the client or the agency", () => {
    expect(ownerLabel("client", false, "Acme Digital")).toBe("With the client");
    expect(ownerLabel("agency", false, "Acme Digital")).toBe("With the agency");
  });
});

describe("colours and quote badges", () => {
  it("give every stage a colour, each its own", () => {
    const colours = STAGES.map((stage) => STAGE_COLORS[stage]);
    expect(colours.every(Boolean)).toBe(true);
    expect(new Set(colours).size).toBe(STAGES.length);
  });

  it("word every quote state a card shows", () => {
    expect(QUOTE_LABELS.pending.label).toBe("Quote awaiting acceptance");
    expect(QUOTE_LABELS.accepted.label).toBe("Quote accepted");
    expect(QUOTE_LABELS.declined.label).toBe("Quote declined");
  });
});

describe("expandBoard", () => {
  const card = (id: string, stage: TStage, requestTypeId: string | null, accountId: string) => ({
    id,
    number: Number(id.slice(1)),
    summary: `Task ${id}`,
    stage,
    requestTypeId,
    deadline: null,
    accountId,
    quote: "none" as const,
    commentCount: 0,
    fileCount: 0,
    ...(id === "t1" ? { assigneeId: "u-sam" } : id === "t3" ? { assigneeId: "u-gone" } : {}),
  });
  const board: TBoard["data"] = {
    columns: [
      { stage: "requested", total: 3, tasks: [card("t1", "requested", "rt-design", "acc-a"), card("t2", "requested", null, "acc-b")] },
      { stage: "in_progress", total: 1, tasks: [card("t3", "in_progress", "rt-gone", "acc-gone")] },
    ],
    requestTypes: [{ id: "rt-design", name: "Design" }],
    accounts: [
      { id: "acc-a", name: "Alpha Plumbing" },
      { id: "acc-b", name: "Bravo Bakery" },
    ],
    assignees: [{ id: "u-sam", name: "Sam Lee" }],
    templates: [],
    columnLimit: 500,
  };

  it("puts the request type and client names back on each card, keeping the order and totals", () => {
    const columns = expandBoard(board);
    expect(columns.map((c) => [c.stage, c.total, c.tasks.map((t) => t.id)])).toEqual([
      ["requested", 3, ["t1", "t2"]],
      ["in_progress", 1, ["t3"]],
    ]);
    expect(columns[0]!.tasks[0]).toMatchObject({
      id: "t1",
      summary: "Task t1",
      requestType: { id: "rt-design", name: "Design" },
      account: { id: "acc-a", name: "Alpha Plumbing" },
      assignee: { id: "u-sam", name: "Sam Lee" },
      archived: false,
    });
    expect(columns[0]!.tasks[1]).toMatchObject({ requestType: null, account: { id: "acc-b", name: "Bravo Bakery" }, assignee: null });
  });

  it("still draws a card whose type or client was not named", () => {
    const inProgress = expandBoard(board)[1]!;
    expect(inProgress.tasks[0]!.requestType).toBeNull();
    expect(inProgress.tasks[0]!.account).toEqual({ id: "acc-gone", name: "" });
    expect(inProgress.tasks[0]!.assignee).toEqual({ id: "u-gone", name: "" });
  });
});

describe("describeTaskEvent", () => {
  it("says who handles the task, and that someone took it when they chose themselves", () => {
    const payload = { assigneeId: "u1", assigneeName: "Sam Lee" };
    expect(describeTaskEvent("task.assigned", payload, "u2")).toBe("asked Sam Lee to handle this task");
    expect(describeTaskEvent("task.assigned", payload, "u1")).toBe("took this task");
    expect(describeTaskEvent("task.assigned", { assigneeId: null, assigneeName: null }, "u1")).toBe("removed who handles this task");
  });

  it("says how the task was logged", () => {
    expect(describeTaskEvent("task.created", {})).toBe("logged this work request");
    expect(describeTaskEvent("task.created", { template: "Monthly report" })).toBe("created this task from the template “Monthly report”");
  });

  it("names the stages of a move in the board's words", () => {
    expect(describeTaskEvent("task.moved", { from: "in_progress", to: "on_hold" })).toBe(
      "moved this task from IN PROGRESS to ON HOLD / WAITING",
    );
  });

  it("reads a move with unknown or missing stages without failing", () => {
    expect(describeTaskEvent("task.moved", { from: "in_progress", to: "review" })).toBe("moved this task from IN PROGRESS to review");
    expect(describeTaskEvent("task.moved", {})).toBe("moved this task from ? to ?");
  });

  it("states the quote's amount in its currency", () => {
    const amount = formatMoney(125_000, "AUD");
    expect(describeTaskEvent("task.quoted", { amountMinor: 125_000, currency: "AUD" })).toBe(`sent a scope and quote of ${amount}`);
    expect(describeTaskEvent("task.quote_accepted", { amountMinor: 125_000, currency: "AUD" })).toBe(`accepted the quote of ${amount}`);
    expect(describeTaskEvent("task.quote_declined", { amountMinor: 125_000, currency: "AUD" })).toBe(`declined the quote of ${amount}`);
  });

  it("lists what an edit changed", () => {
    expect(describeTaskEvent("task.updated", { changes: { summary: { from: "Logo", to: "New logo" } } })).toBe(
      "changed the summary to “New logo”",
    );
    expect(
      describeTaskEvent("task.updated", {
        changes: { requestType: { from: "Design", to: "Content" }, deadline: { from: null, to: "2026-12-01" } },
      }),
    ).toBe(`changed the request type to Content, the deadline to ${formatDay("2026-12-01")}`);
    expect(describeTaskEvent("task.updated", { changes: { description: { from: null, to: null } } })).toBe("changed the details");
  });

  it("says a deadline was removed rather than changed to nothing", () => {
    expect(describeTaskEvent("task.updated", { changes: { deadline: { from: "2026-12-01", to: null } } })).toBe("removed the deadline");
    expect(
      describeTaskEvent("task.updated", { changes: { summary: { from: "a", to: "b" }, deadline: { from: "2026-12-01", to: null } } }),
    ).toBe("changed the summary to “b”, removed the deadline");
  });

  it("falls back to a plain sentence for an edit it cannot read", () => {
    expect(describeTaskEvent("task.updated", {})).toBe("updated the task");
    expect(describeTaskEvent("task.updated", { changes: {} })).toBe("updated the task");
    expect(describeTaskEvent("task.updated", { changes: "summary" })).toBe("updated the task");
  });

  it("words the approval decisions", () => {
    expect(describeTaskEvent("task.approved", {})).toBe("approved the work — moved to COMPLETED");
    expect(describeTaskEvent("task.changes_requested", {})).toBe("requested changes — back to IN PROGRESS");
    expect(describeTaskEvent("task.completed_by_admin", { reason: "Approved by phone." })).toBe(
      "completed the task without the client's approval. Reason: Approved by phone.",
    );
    expect(describeTaskEvent("task.completed_by_admin", {})).toBe("completed the task without the client's approval. Reason: —");
  });

  it("tells an automatic archiving from a person's", () => {
    expect(describeTaskEvent("task.archived", { automatic: true })).toBe("archived this completed task automatically");
    expect(describeTaskEvent("task.archived", { automatic: false })).toBe("archived this task");
    expect(describeTaskEvent("task.archived", {})).toBe("archived this task");
    expect(describeTaskEvent("task.unarchived", {})).toBe("brought this task back from the archive");
  });

  it("says who was asked to handle the task, or that nobody is now", () => {
    expect(describeTaskEvent("task.assigned", { assigneeName: "Sam Lee" })).toBe("asked Sam Lee to handle this task");
    expect(describeTaskEvent("task.assigned", { assigneeName: null })).toBe("removed who handles this task");
  });

  it("spells out a verb it has no sentence for", () => {
    expect(describeTaskEvent("task.reordered", {})).toBe("reordered");
    expect(describeTaskEvent("task.some_new_thing", {})).toBe("some new thing");
  });
});

/*
 * The "Move to…" menu, written out by hand from the client guide's workflow table (as
 * workflow.test.ts does on the server): what each viewer is offered from each stage.
 */
describe("moveChoices", () => {
  const task = (stage: TStage, quote: TTaskQuoteState = "none", archived = false) => ({ stage, quote, archived });
  const offered = (role: "client" | "agent" | "admin", stage: TStage, quote: TTaskQuoteState = "none") =>
    moveChoices({ role }, task(stage, quote)).moves.map((m) => m.label);

  it("offers a client only approving or requesting changes, in CLIENT APPROVAL", () => {
    expect(offered("client", "client_approval")).toEqual(["Request changes — back to IN PROGRESS", "Approve — move to COMPLETED"]);
    const requestChanges = moveChoices({ role: "client" }, task("client_approval")).moves[0];
    expect(requestChanges).toMatchObject({ to: "in_progress", action: "request_changes", requires: "comment" });
  });

  it("tells a client in one sentence what they can do instead, with no disabled rows", () => {
    for (const stage of ["requested", "in_progress", "on_hold"] as const) {
      const choices = moveChoices({ role: "client" }, task(stage));
      expect(choices.moves, stage).toEqual([]);
      expect(choices.instead, stage).toBe(
        `The agency moves tasks on from ${STAGE_LABELS[stage]}. You approve the work once it reaches CLIENT APPROVAL. You can comment on it meanwhile.`,
      );
    }
    expect(moveChoices({ role: "client" }, task("completed")).instead).toBe(
      "This task is completed and has gone LIVE; it stays in COMPLETED. You can comment on it meanwhile.",
    );
  });

  it("keeps offering the agency the moves it may make, and only those", () => {
    expect(offered("agent", "requested")).toEqual(["IN PROGRESS"]);
    expect(offered("agent", "in_progress")).toEqual(["ON HOLD / WAITING", "CLIENT APPROVAL"]);
    expect(offered("agent", "on_hold")).toEqual(["IN PROGRESS", "CLIENT APPROVAL"]);
    expect(offered("agent", "client_approval")).toEqual(["IN PROGRESS"]);
    expect(offered("admin", "client_approval")).toEqual(["IN PROGRESS", "Complete without client approval (admin)"]);
    expect(moveChoices({ role: "agent" }, task("in_progress")).moves[0]).toMatchObject({ to: "on_hold", requires: "comment" });
  });

  it("explains why staff cannot move a card whose quote waits for the client", () => {
    const choices = moveChoices({ role: "agent" }, task("requested", "pending"));
    expect(choices.moves).toEqual([]);
    expect(choices.instead).toBe(
      "The quote is waiting for the client to accept it before work can commence. You can comment on it meanwhile.",
    );
  });

  it("does not suggest commenting on an archived task", () => {
    expect(moveChoices({ role: "admin" }, task("completed", "none", true)).instead).toBe("This task is archived. Unarchive it first.");
  });

  it("offers exactly the stages checkMove allows, for every viewer, stage and quote", () => {
    for (const role of ["client", "agent", "admin"] as const) {
      for (const stage of STAGES) {
        for (const quote of ["none", "pending", "accepted", "declined"] as const) {
          const allowed = STAGES.filter((to) => to !== stage && checkMove({ role }, task(stage, quote), to).allowed);
          const choices = moveChoices({ role }, task(stage, quote));
          expect(
            choices.moves.map((m) => m.to),
            `${role} ${stage} ${quote}`,
          ).toEqual(allowed);
          expect(choices.instead === null, `${role} ${stage} ${quote}`).toBe(allowed.length > 0);
        }
      }
    }
  });
});

describe("the assignee's initials and sentence", () => {
  it("takes the first and last names' initials, or a single name's first two letters", () => {
    expect(initials("Sam Lee")).toBe("SL");
    expect(initials("  maria de la cruz ")).toBe("MC");
    expect(initials("Cher")).toBe("CH");
    expect(initials("Émile Zola")).toBe("ÉZ");
    expect(initials("")).toBe("?");
  });

  it("tells a client who handles the task", () => {
    expect(handledBy({ name: "Sam Lee" })).toBe("Handled by Sam Lee");
    expect(handledBy(null)).toBe("Not assigned yet");
  });
});

describe("boardQueryOf", () => {
  const from = (params: Record<string, string>) => (key: string) => params[key] ?? "";

  it("sends the filters that are set, trimmed", () => {
    expect(boardQueryOf(from({ assignee: "me", requestType: "rt-1", due: "week", q: " WEB-318 " }), true)).toEqual({
      assignee: "me",
      requestType: "rt-1",
      due: "week",
      q: "WEB-318",
    });
    expect(boardQueryOf(from({}), true)).toEqual({});
  });

  it("leaves out the assignee for a client, and a due value the board does not know", () => {
    expect(boardQueryOf(from({ assignee: "none", due: "overdue" }), false)).toEqual({ due: "overdue" });
    expect(boardQueryOf(from({ due: "someday" }), true)).toEqual({});
  });

  it("knows when the board is filtered", () => {
    expect(isFiltered({})).toBe(false);
    expect(isFiltered({ q: "banner" })).toBe(true);
  });
});

describe("the board's layout", () => {
  it("fits all five columns beside the navigation of a 1280 px laptop, not on a tablet or a phone", () => {
    // 1280 px less the 260 px navigation, the page's padding and a scroll bar.
    expect(boardFits(1280 - 260 - 64 - 16)).toBe(true);
    expect(boardFits(768 - 64)).toBe(false);
    expect(boardFits(375 - 32)).toBe(false);
  });

  it("folds COMPLETED by default only when the columns do not fit, and keeps the person's choice", () => {
    expect(completedFolded(null, true)).toBe(false);
    expect(completedFolded(null, false)).toBe(true);
    expect(completedFolded("expanded", false)).toBe(false);
    expect(completedFolded("collapsed", true)).toBe(true);
  });

  it("says which edges have more columns beyond them", () => {
    expect(scrollEdges({ scrollLeft: 0, clientWidth: 900, scrollWidth: 900 })).toEqual({ left: false, right: false });
    expect(scrollEdges({ scrollLeft: 0, clientWidth: 343, scrollWidth: 1500 })).toEqual({ left: false, right: true });
    expect(scrollEdges({ scrollLeft: 400, clientWidth: 343, scrollWidth: 1500 })).toEqual({ left: true, right: true });
    expect(scrollEdges({ scrollLeft: 1157, clientWidth: 343, scrollWidth: 1500 })).toEqual({ left: true, right: false });
  });
});

describe("reviewItemLink", () => {
  const draft = { type: "draft" as const, id: "d1", title: "Homepage copy" };
  const deliverable = { type: "deliverable" as const, id: "v1", title: "Brand guide" };
  it("links a draft to its page, for the client and staff alike", () => {
    const words = { label: "Review the draft: Homepage copy", href: "/updates/d1" };
    expect(reviewItemLink(draft, { staff: false, accountId: "a1" })).toEqual(words);
    expect(reviewItemLink(draft, { staff: true, accountId: "a1" })).toEqual(words);
  });
  it("links a deliverable to the client's own Deliverables page, or staff to that client's", () => {
    expect(reviewItemLink(deliverable, { staff: false, accountId: "a1" })).toEqual({
      label: "Deliverable: Brand guide",
      href: "/deliverables",
    });
    expect(reviewItemLink(deliverable, { staff: true, accountId: "a1" })).toEqual({
      label: "Deliverable: Brand guide",
      href: "/clients/a1/deliverables",
    });
  });
  it("reads the dialog's choice back as the move's item, and none as null", () => {
    expect(reviewItemOfValue(reviewItemValue({ type: "draft", id: "d1" }))).toEqual({ type: "draft", id: "d1" });
    expect(reviewItemOfValue(reviewItemValue({ type: "deliverable", id: "v1" }))).toEqual({ type: "deliverable", id: "v1" });
    for (const value of ["", "draft:", ":d1", "ticket:t1", "d1"]) expect(reviewItemOfValue(value)).toBeNull();
  });
});

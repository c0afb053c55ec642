import { describe, expect, it } from "vitest";
import { checkMove, clockRuns, type MoveTask, moveLabel, STAGE_LABELS, STAGE_OWNER, STAGES, type TStage } from "./board";

/*
 * The server's workflow tests (src/server/modules/board/workflow.test.ts) check the status of
 * every move for every role. These check what the web app reads from the same rules before a
 * drop lands: which action an allowed move is, what the mover must write, and the menu's words.
 */

const task = (stage: TStage, quote: MoveTask["quote"] = "none"): MoveTask => ({ stage, quote, archived: false });
const client = { role: "client" as const };
const agent = { role: "agent" as const };
const admin = { role: "admin" as const };

describe("the stages", () => {
  it("run in the guide's order", () => {
    expect(STAGES.map((s) => STAGE_LABELS[s])).toEqual([
      "REQUESTED WORK",
      "IN PROGRESS",
      "ON HOLD / WAITING",
      "CLIENT APPROVAL",
      "COMPLETED",
    ]);
  });

  it("are with the client when asked for and when awaiting approval, otherwise with the agency", () => {
    expect(STAGE_OWNER).toEqual({
      requested: "client",
      in_progress: "agency",
      on_hold: "agency",
      client_approval: "client",
      completed: "agency",
    });
  });

  it("run the clock until the work is completed", () => {
    expect(STAGES.filter(clockRuns)).toEqual(["requested", "in_progress", "on_hold", "client_approval"]);
  });
});

describe("checkMove: what an allowed move is and what it needs", () => {
  it("asks for a comment when work goes on hold", () => {
    expect(checkMove(agent, task("in_progress"), "on_hold")).toEqual({ allowed: true, action: "move", requires: "comment" });
  });

  it("needs nothing to take work off hold or to send it for approval", () => {
    expect(checkMove(agent, task("on_hold"), "in_progress")).toEqual({ allowed: true, action: "move" });
    expect(checkMove(agent, task("in_progress"), "client_approval")).toEqual({ allowed: true, action: "move", requires: "review" });
    expect(checkMove(agent, task("on_hold"), "client_approval")).toEqual({ allowed: true, action: "move", requires: "review" });
    expect(checkMove(agent, task("client_approval"), "in_progress")).toEqual({ allowed: true, action: "move" });
  });

  it("lets work commence once any quote has been accepted", () => {
    expect(checkMove(agent, task("requested", "none"), "in_progress")).toEqual({ allowed: true, action: "move" });
    expect(checkMove(agent, task("requested", "accepted"), "in_progress")).toEqual({ allowed: true, action: "move" });
  });

  it("makes the client's approval an approve, with nothing to write", () => {
    expect(checkMove(client, task("client_approval"), "completed")).toEqual({ allowed: true, action: "approve" });
  });

  it("makes the client's pull-back a change request that needs a comment", () => {
    expect(checkMove(client, task("client_approval"), "in_progress")).toEqual({
      allowed: true,
      action: "request_changes",
      requires: "comment",
    });
  });

  it("makes an admin's completion an override that needs a reason", () => {
    for (const from of ["in_progress", "on_hold", "client_approval"] as const) {
      expect(checkMove(admin, task(from), "completed"), from).toEqual({ allowed: true, action: "override", requires: "reason" });
    }
  });

  it("makes a drop in the same column a reorder, with nothing to write", () => {
    expect(checkMove(client, task("requested"), "requested")).toEqual({ allowed: true, action: "reorder" });
    for (const stage of STAGES) {
      expect(checkMove(agent, task(stage), stage), stage).toEqual({ allowed: true, action: "reorder" });
    }
  });

  it("gives every refusal a reason a person can read", () => {
    for (const viewer of [client, agent, admin]) {
      for (const from of STAGES) {
        for (const to of STAGES) {
          const check = checkMove(viewer, task(from), to);
          if (!check.allowed) expect(check.reason.length, `${viewer.role} ${from} → ${to}`).toBeGreaterThan(20);
        }
      }
    }
  });
});

describe("moveLabel", () => {
  it("words the approval, the change request and the override as what they do", () => {
    expect(moveLabel("approve", "completed")).toBe("Approve — move to COMPLETED");
    expect(moveLabel("request_changes", "in_progress")).toBe("Request changes — back to IN PROGRESS");
    expect(moveLabel("override", "completed")).toBe("Complete without client approval (admin)");
  });

  it("names the target stage for a plain move or reorder", () => {
    expect(moveLabel("move", "on_hold")).toBe("ON HOLD / WAITING");
    expect(moveLabel("move", "client_approval")).toBe("CLIENT APPROVAL");
    expect(moveLabel("reorder", "requested")).toBe("REQUESTED WORK");
  });

  it("labels every move the menu offers a client in client approval", () => {
    const offered = STAGES.map((to) => [to, checkMove(client, task("client_approval"), to)] as const)
      .filter(([, check]) => check.allowed)
      .map(([to, check]) => (check.allowed ? moveLabel(check.action, to) : ""));
    expect(offered).toEqual(["Request changes — back to IN PROGRESS", "Approve — move to COMPLETED"]);
  });
});

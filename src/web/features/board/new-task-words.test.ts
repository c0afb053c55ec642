import { describe, expect, it } from "vitest";
import { createdTitle, newTaskWords } from "./new-task-words";

const allText = (staff: boolean) => {
  const words = newTaskWords(staff);
  return [words.intro, words.deadlineHelp, words.attachmentsHelp, ...words.nextSteps].join("\n");
};

describe("newTaskWords", () => {
  it("speaks to a client about their own quote and approval", () => {
    const text = allText(false);
    expect(text).toContain("Once you accept the quote");
    expect(text).toContain("you approve it to go LIVE");
    expect(newTaskWords(false).deadlineHelp).toBe("Optional. When you need the work done.");
  });

  it("tells staff raising a request for a client what the client sees, never as if they were the client", () => {
    const text = allText(true);
    expect(text).toContain("The client sees this request on their board and gets your quote to accept");
    expect(text).toContain("the client approves it");
    expect(text).not.toMatch(/\byou accept\b/i);
    expect(text).not.toMatch(/\byou approve\b/i);
    expect(text).not.toContain("When you need");
    expect(text).not.toMatch(/\bYour task\b/);
  });

  it("keeps the stage names of the guide for both", () => {
    for (const staff of [true, false]) {
      const steps = newTaskWords(staff).nextSteps.join(" ");
      for (const stage of ["REQUESTED WORK", "IN PROGRESS", "CLIENT APPROVAL"]) expect(steps).toContain(stage);
    }
  });
});

describe("createdTitle", () => {
  it("names the task by its reference", () => {
    expect(createdTitle("WEB-318")).toBe("WEB-318 is in REQUESTED WORK");
  });
});

import { describe, expect, it } from "vitest";
import { asList, emails, emptyWords, retryPeriod } from "./words";

describe("outgoing mail words", () => {
  it("says the retry window as a person would", () => {
    expect(retryPeriod(72)).toBe("3 days");
    expect(retryPeriod(24)).toBe("1 day");
    expect(retryPeriod(36)).toBe("36 hours");
    expect(retryPeriod(1)).toBe("1 hour");
  });

  it("opens on failed mail unless the address bar names another list", () => {
    expect(asList("")).toBe("failed");
    expect(asList("lost")).toBe("failed");
    expect(asList("sent")).toBe("sent");
  });

  it("explains an empty failed list in plain words, with the configured window", () => {
    expect(emptyWords("failed", 48)).toEqual({
      title: "No failed mail",
      body: "Every email was accepted by your mail server. An email that could not be delivered for 2 days would be kept here for you to retry.",
    });
    expect(emails(1)).toBe("1 email");
    expect(emails(3)).toBe("3 emails");
  });
});

import { describe, expect, it } from "vitest";
import { ROLES, USER_STATES } from "../../common/schemas";
import { describeObject, describeVerb } from "./event-words";
import { formatDate, formatDateTime, formatRelative, formatSize, ROLE_LABELS, STATE_COLORS, STATE_LABELS } from "./format";
import { initials } from "./initials";

// The words come from the viewer's locale; the tests ask the same locale for them, so they check
// which unit and number are chosen, wherever they run.
const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const now = new Date("2026-03-10T12:00:00.000Z");
/** An ISO time `seconds` before `now` (negative: in the future). */
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

describe("formatRelative", () => {
  it("says just now for anything within 44 seconds, either way", () => {
    expect(formatRelative(ago(0), now)).toBe("just now");
    expect(formatRelative(ago(44), now)).toBe("just now");
    expect(formatRelative(ago(-44), now)).toBe("just now");
  });

  it("switches to minutes at 45 seconds", () => {
    expect(formatRelative(ago(45), now)).toBe(rtf.format(-1, "minute"));
    expect(formatRelative(ago(-45), now)).toBe(rtf.format(1, "minute"));
  });

  it("counts minutes up to the hour", () => {
    expect(formatRelative(ago(5 * MINUTE), now)).toBe(rtf.format(-5, "minute"));
    expect(formatRelative(ago(59 * MINUTE), now)).toBe(rtf.format(-59, "minute"));
  });

  it("counts hours from the hour up to a day", () => {
    expect(formatRelative(ago(HOUR), now)).toBe(rtf.format(-1, "hour"));
    expect(formatRelative(ago(5 * HOUR), now)).toBe(rtf.format(-5, "hour"));
    expect(formatRelative(ago(23 * HOUR), now)).toBe(rtf.format(-23, "hour"));
    expect(formatRelative(ago(-3 * HOUR), now)).toBe(rtf.format(3, "hour"));
  });

  it("counts days from a day up to a week (yesterday for one)", () => {
    expect(formatRelative(ago(DAY), now)).toBe(rtf.format(-1, "day"));
    expect(formatRelative(ago(3 * DAY), now)).toBe(rtf.format(-3, "day"));
    expect(formatRelative(ago(6 * DAY), now)).toBe(rtf.format(-6, "day"));
  });

  it("falls back to the date and time from a week on, past or future", () => {
    expect(formatRelative(ago(7 * DAY), now)).toBe(formatDateTime(ago(7 * DAY)));
    expect(formatRelative(ago(400 * DAY), now)).toBe(formatDateTime(ago(400 * DAY)));
    expect(formatRelative(ago(-30 * DAY), now)).toBe(formatDateTime(ago(-30 * DAY)));
  });

  it("shows a dash for a time it cannot read", () => {
    expect(formatRelative("not a time", now)).toBe("—");
    expect(formatRelative("", now)).toBe("—");
  });
});

describe("formatDateTime and formatDate", () => {
  it("show a dash for no time or an unreadable one", () => {
    for (const value of [null, undefined, "", "yesterday"]) {
      expect(formatDateTime(value)).toBe("—");
      expect(formatDate(value)).toBe("—");
    }
  });

  it("show the year of a real time", () => {
    expect(formatDateTime("2026-03-10T12:00:00Z")).toContain("2026");
    expect(formatDate("2026-03-10T12:00:00Z")).toContain("2026");
  });
});

describe("labels", () => {
  it("name every role and every user state, each state with a colour", () => {
    expect(ROLES.map((role) => ROLE_LABELS[role])).toEqual(["Client", "Agent", "Admin"]);
    for (const state of USER_STATES) {
      expect(STATE_LABELS[state], state).toMatch(/^[A-Z]/);
      expect(STATE_COLORS[state], state).toBeTruthy();
    }
    expect(STATE_LABELS.awaiting_approval).toBe("Awaiting approval");
  });
});

describe("describeVerb", () => {
  it("names a recorded verb in the catalogue's words", () => {
    expect(describeVerb("user.registered")).toBe("Account registered");
    expect(describeVerb("ticket.created")).toBe("Ticket raised");
    expect(describeVerb("task.moved")).toBe("Work request moved");
  });

  it("spells out a verb it does not know, capitalised", () => {
    expect(describeVerb("widget.was_frobbed")).toBe("Widget was frobbed");
  });

  it("does not take inherited object properties for verbs", () => {
    expect(describeVerb("constructor")).toBe("Constructor");
    expect(describeVerb("toString")).toBe("ToString");
  });
});

describe("describeObject", () => {
  const id = "0190a1b2-0000-7000-8000-00000abcdef1";

  it("names the object by the first name it carries, after its type", () => {
    expect(describeObject({ objectType: "user", objectId: id, payload: { name: "Jane Doe", email: "jane@example.com" } })).toBe(
      "User: Jane Doe",
    );
    expect(describeObject({ objectType: "user", objectId: id, payload: { email: "jane@example.com" } })).toBe("User: jane@example.com");
    expect(describeObject({ objectType: "ticket", objectId: id, payload: { subject: "Printer jammed" } })).toBe("Ticket: Printer jammed");
    expect(describeObject({ objectType: "task", objectId: id, payload: { summary: "New logo" } })).toBe("Task: New logo");
  });

  it("names the agent of an agent assignment rather than the account", () => {
    expect(describeObject({ objectType: "account", objectId: id, payload: { agentName: "Sam Lee", name: "Acme" } })).toBe("Agent: Sam Lee");
  });

  it("falls back to the end of the id when no name is given (blank names do not count)", () => {
    expect(describeObject({ objectType: "account", objectId: id, payload: { name: "   " } })).toBe(`Account ${id.slice(-6)}`);
    expect(describeObject({ objectType: "", objectId: id, payload: {} })).toBe(`Item ${id.slice(-6)}`);
  });
});

describe("initials", () => {
  it("takes the first and last names' initials, in capitals", () => {
    expect(initials("Jane Doe")).toBe("JD");
    expect(initials("  jane   van  doe ")).toBe("JD");
  });

  it("takes the first two letters of a single name", () => {
    expect(initials("cher")).toBe("CH");
    expect(initials("X")).toBe("X");
  });

  it("shows a question mark for no name", () => {
    expect(initials("")).toBe("?");
    expect(initials("   ")).toBe("?");
  });
});

describe("formatSize", () => {
  it("shows bytes under a kilobyte", () => {
    expect(formatSize(0)).toBe("0 B");
    expect(formatSize(1023)).toBe("1023 B");
  });

  it("shows one decimal under ten units and whole numbers from ten", () => {
    expect(formatSize(1024)).toBe("1.0 KB");
    expect(formatSize(1536)).toBe("1.5 KB");
    expect(formatSize(10 * 1024)).toBe("10 KB");
    expect(formatSize(250 * 1024)).toBe("250 KB");
  });

  it("moves up to MB and GB, and stays at GB beyond", () => {
    expect(formatSize(1024 ** 2)).toBe("1.0 MB");
    expect(formatSize(5.5 * 1024 ** 2)).toBe("5.5 MB");
    expect(formatSize(1024 ** 3)).toBe("1.0 GB");
    expect(formatSize(3 * 1024 ** 4)).toBe("3072 GB");
  });

  it("shows nothing for a size that is not one", () => {
    expect(formatSize(-1)).toBe("");
    expect(formatSize(Number.NaN)).toBe("");
    expect(formatSize(Number.POSITIVE_INFINITY)).toBe("");
  });
});

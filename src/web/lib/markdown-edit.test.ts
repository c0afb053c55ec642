import { describe, expect, it } from "vitest";
import { plainTextOf } from "../../common/markdown-text";
import { changedRange, insertLink, type TextSelection, toggleBold, toggleBulletList, toggleItalic } from "./markdown-edit";

/**
 * Texts are written with the selection marked: «selected» or a | for the cursor, so each case
 * reads as what a person sees in the box before and after pressing the button.
 */
function sel(marked: string): TextSelection {
  const cursor = marked.indexOf("|");
  if (cursor >= 0) return { value: marked.replace("|", ""), start: cursor, end: cursor };
  const start = marked.indexOf("«");
  const end = marked.indexOf("»") - 1;
  return { value: marked.replace("«", "").replace("»", ""), start, end };
}
function show(s: TextSelection): string {
  if (s.start === s.end) return `${s.value.slice(0, s.start)}|${s.value.slice(s.start)}`;
  return `${s.value.slice(0, s.start)}«${s.value.slice(s.start, s.end)}»${s.value.slice(s.end)}`;
}
const apply = (edit: (s: TextSelection) => TextSelection, marked: string) => show(edit(sel(marked)));

describe("Bold", () => {
  it("wraps the selected words and keeps them selected", () => {
    expect(apply(toggleBold, "The «contact form» is broken")).toBe("The **«contact form»** is broken");
  });

  it("keeps spaces outside the markers (** word** would not be bold)", () => {
    expect(apply(toggleBold, "The« contact form »is")).toBe("The **«contact form»** is");
  });

  it("takes bold off when pressed again, with the markers inside or just outside the selection", () => {
    expect(apply(toggleBold, "The **«contact form»** is")).toBe("The «contact form» is");
    expect(apply(toggleBold, "The «**contact form**» is")).toBe("The «contact form» is");
  });

  it("inserts a placeholder, selected, when nothing is selected; pressed again, it goes", () => {
    expect(apply(toggleBold, "Note: |")).toBe("Note: **«bold text»**");
    expect(apply(toggleBold, "Note: **«bold text»**")).toBe("Note: «bold text»");
  });

  it("wraps each line of a selection over several lines (bold cannot cross lines)", () => {
    expect(apply(toggleBold, "«Where on the website?\n\nPage addresses»")).toBe("«**Where on the website?**\n\n**Page addresses**»");
    expect(apply(toggleBold, "«**Where?**\n**Page**»")).toBe("«Where?\nPage»");
  });

  it("gives Markdown that reads as the same words", () => {
    const out = toggleBold(sel("The «contact form» is broken"));
    expect(plainTextOf(out.value)).toBe("The contact form is broken");
  });
});

describe("Italic", () => {
  it("wraps in underscores, or in asterisks inside a word", () => {
    expect(apply(toggleItalic, "It is «still» broken")).toBe("It is _«still»_ broken");
    expect(apply(toggleItalic, "un«believ»able")).toBe("un*«believ»*able");
  });

  it("takes italic off either way, and leaves bold alone", () => {
    expect(apply(toggleItalic, "It is _«still»_ broken")).toBe("It is «still» broken");
    expect(apply(toggleItalic, "It is «*still*» broken")).toBe("It is «still» broken");
    expect(apply(toggleItalic, "It is **«still»** broken")).toBe("It is **_«still»_** broken");
  });

  it("inserts a placeholder with nothing selected", () => {
    expect(apply(toggleItalic, "|")).toBe("_«italic text»_");
  });
});

describe("Bulleted list", () => {
  it("turns the selected lines into a list, blank lines left as they are", () => {
    expect(apply(toggleBulletList, "Please:\n«fix the header\nupdate the footer»")).toBe(
      "Please:\n«- fix the header\n- update the footer»",
    );
    expect(apply(toggleBulletList, "«one\n\ntwo»")).toBe("«- one\n\n- two»");
  });

  it("works on the whole line the cursor is in, the cursor staying by its words", () => {
    expect(apply(toggleBulletList, "fix the he|ader")).toBe("- fix the he|ader");
    expect(apply(toggleBulletList, "- fix the he|ader")).toBe("fix the he|ader");
    expect(apply(toggleBulletList, "Hi\n|")).toBe("Hi\n- |");
  });

  it("takes the bullets off when every line has one; numbers become bullets", () => {
    expect(apply(toggleBulletList, "«- one\n* two»")).toBe("«one\ntwo»");
    expect(apply(toggleBulletList, "«1. one\n2. two»")).toBe("«- one\n- two»");
    expect(apply(toggleBulletList, "«- one\ntwo»")).toBe("«- one\n- two»");
  });

  it("leaves the next line out when the selection ends at its start", () => {
    expect(apply(toggleBulletList, "«one\n»two")).toBe("«- one»\ntwo");
  });

  it("keeps indentation, for a nested list", () => {
    expect(apply(toggleBulletList, "- one\n«  nested»")).toBe("- one\n«  - nested»");
  });
});

describe("Link", () => {
  it("makes the selected words a link with the address part selected", () => {
    expect(apply(insertLink, "See «the About page» please")).toBe("See [the About page](«https://») please");
  });

  it("makes a selected address the link, with its words selected", () => {
    expect(apply(insertLink, "See «https://example.com/about»")).toBe("See [«link text»](https://example.com/about)");
    expect(apply(insertLink, "«www.example.com»")).toBe("[«link text»](https://www.example.com)");
  });

  it("inserts a whole link with nothing selected", () => {
    expect(apply(insertLink, "See |")).toBe("See [link text](«https://»)");
  });

  it("escapes brackets in the words", () => {
    expect(apply(insertLink, "«the [draft] page»")).toBe("[the \\[draft\\] page](«https://»)");
  });
});

describe("changedRange", () => {
  it("finds the one stretch that changed", () => {
    expect(changedRange("The contact form is", "The **contact form** is")).toEqual({ from: 4, to: 16, text: "**contact form**" });
    expect(changedRange("a **b** c", "a b c")).toEqual({ from: 2, to: 7, text: "b" });
    expect(changedRange("- one", "one")).toEqual({ from: 0, to: 2, text: "" });
    expect(changedRange("same", "same")).toEqual({ from: 4, to: 4, text: "" });
    expect(changedRange("", "- ")).toEqual({ from: 0, to: 0, text: "- " });
  });

  it("replacing the range gives the new text", () => {
    const before = "fix the header\nupdate the footer";
    const after = toggleBulletList({ value: before, start: 0, end: before.length }).value;
    const { from, to, text } = changedRange(before, after);
    expect(before.slice(0, from) + text + before.slice(to)).toBe(after);
  });
});

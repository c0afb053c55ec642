import { describe, expect, it } from "vitest";
import { excerptOf, imageLabel, plainTextOf } from "./markdown-text";

/** The description a fresh install's "Work Task Template" starts every request with. */
const TEMPLATE = [
  "**What needs to be done?**",
  "Describe the work you are requesting.",
  "",
  "**Where on the website?**",
  "Page addresses, sections or screenshots.",
  "",
  "**Anything else we should know?**",
  "Wording, examples you like, who to ask for approval.",
].join("\n");

describe("plainTextOf", () => {
  it("reads the task template as its questions and hints, without asterisks", () => {
    expect(plainTextOf(TEMPLATE)).toBe(
      [
        "What needs to be done?",
        "Describe the work you are requesting.",
        "",
        "Where on the website?",
        "Page addresses, sections or screenshots.",
        "",
        "Anything else we should know?",
        "Wording, examples you like, who to ask for approval.",
      ].join("\n"),
    );
  });

  it("drops emphasis markers, nested ones too, and keeps characters a person escaped", () => {
    expect(plainTextOf("The **contact form** is _still_ broken, ***really*** broken.")).toBe(
      "The contact form is still broken, really broken.",
    );
    expect(plainTextOf("**Bold with _italic_ inside**")).toBe("Bold with italic inside");
    expect(plainTextOf("Price is 5 \\* 3 and a_b_c stays")).toBe("Price is 5 * 3 and a_b_c stays");
  });

  it("spells links out, once when the words are the address", () => {
    expect(plainTextOf("See [the About page](https://example.com/about) please.")).toBe(
      "See the About page (https://example.com/about) please.",
    );
    expect(plainTextOf("Staging: <https://staging.example.com>")).toBe("Staging: https://staging.example.com");
    expect(plainTextOf("[https://example.com](https://example.com)")).toBe("https://example.com");
    expect(plainTextOf("Mail <jo@example.com>")).toBe("Mail jo@example.com");
    expect(plainTextOf("As [in the brief][brief].\n\n[brief]: https://docs.example.com/brief")).toBe(
      "As in the brief (https://docs.example.com/brief).",
    );
  });

  it("spells a portal link out in full when told the portal's address", () => {
    expect(plainTextOf("See [the ticket](/tickets/0191)", { base: "https://portal.example.com/" })).toBe(
      "See the ticket (https://portal.example.com/tickets/0191)",
    );
    expect(plainTextOf("See [the ticket](/tickets/0191)")).toBe("See the ticket (/tickets/0191)");
    expect(plainTextOf("<https://example.com>", { base: "https://portal.example.com" })).toBe("https://example.com");
  });

  it("writes bulleted and numbered lists one item a line, nested ones indented", () => {
    const reply = [
      "Two things:",
      "",
      "* fix the **header**",
      "* update `footer.php`",
      "  - and its styles",
      "",
      "3. first",
      "4. second",
    ].join("\n");
    expect(plainTextOf(reply)).toBe(
      ["Two things:", "", "- fix the header", "- update footer.php", "  - and its styles", "", "3. first", "4. second"].join("\n"),
    );
  });

  it("keeps headings as their words, code without backticks, quotes with >", () => {
    const text = [
      "# Launch checklist",
      "",
      "Run `npm run build` first:",
      "",
      "```sh",
      "npm ci",
      "npm run build",
      "```",
      "",
      "> On 2 May you wrote:",
      "> Go live **Friday**",
    ].join("\n");
    expect(plainTextOf(text)).toBe(
      [
        "Launch checklist",
        "",
        "Run npm run build first:",
        "",
        "npm ci\nnpm run build",
        "",
        "> On 2 May you wrote:",
        "> Go live Friday",
      ].join("\n"),
    );
  });

  it("shows an image as its alt text, else its file name", () => {
    expect(plainTextOf("Before: ![Old logo](/api/files/0191/logo.png)")).toBe("Before: Old logo");
    expect(plainTextOf("![](https://cdn.example.com/shots/Home%20page.png?v=2)")).toBe("Home page.png");
  });

  it("keeps hard and soft line breaks, and raw HTML as the characters typed", () => {
    expect(plainTextOf("Kind regards,  \nAnna\\\nAlpha Plumbing")).toBe("Kind regards,\nAnna\nAlpha Plumbing");
    expect(plainTextOf("line one\nline two")).toBe("line one\nline two");
    expect(plainTextOf("Use <br> here")).toBe("Use <br> here");
  });

  it("gives nothing for nothing", () => {
    expect(plainTextOf("")).toBe("");
    expect(plainTextOf("   \n\n ")).toBe("");
    expect(plainTextOf(undefined)).toBe("");
  });
});

describe("excerptOf", () => {
  it("puts the template's words on one line", () => {
    expect(excerptOf(TEMPLATE, 60)).toBe("What needs to be done? Describe the work you are requesting…");
    expect(excerptOf(TEMPLATE, 500)).toBe(
      "What needs to be done? Describe the work you are requesting. Where on the website? Page addresses, sections or screenshots. Anything else we should know? Wording, examples you like, who to ask for approval.",
    );
  });

  it("cuts at the limit with an ellipsis, never inside an emoji", () => {
    const cut = excerptOf(`${"a".repeat(8)}😀😀😀`, 10);
    expect(cut).toBe(`${"a".repeat(8)}😀…`);
    expect(Array.from(excerptOf("word ".repeat(100), 20))).toHaveLength(20);
  });

  it("collapses lists and paragraphs into one line", () => {
    expect(excerptOf("Hi,\n\n- the **menu**\n- the footer")).toBe("Hi, - the menu - the footer");
  });
});

describe("imageLabel", () => {
  it("prefers the alt text and falls back to the last part of the address", () => {
    expect(imageLabel(" Screenshot ", "/x.png")).toBe("Screenshot");
    expect(imageLabel("", "https://example.com/a/b/c.jpg#top")).toBe("c.jpg");
    expect(imageLabel(null, "")).toBe("image");
  });
});

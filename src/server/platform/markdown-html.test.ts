import { describe, expect, it } from "vitest";
import { markdownToEmailHtml, safeHref } from "./markdown-html";

const BASE = "http://portal.test";
const html = (markdown: string) => markdownToEmailHtml(markdown, { base: BASE });
/** The tags the HTML contains, in order, e.g. ["p", "strong", "/strong", "/p"]. */
const tags = (out: string) => [...out.matchAll(/<(\/?[a-z]+)/g)].map((m) => m[1]);

describe("markdownToEmailHtml", () => {
  it("shows a script tag as text, never as a tag", () => {
    const out = html("Before\n\n<script>alert('hi')</script>\n\nAfter <script>x()</script> inline");
    expect(out).not.toMatch(/<script/i);
    expect(out).toContain("&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt;");
    expect(out).toContain("After &lt;script&gt;x()&lt;/script&gt; inline");
  });

  it("gives no attribute a person typed: an onerror stays text", () => {
    const out = html('<img src=x onerror="alert(1)">\n\nand <a href="javascript:alert(1)" onclick="x()">me</a>');
    expect(tags(out).filter((t) => t === "img" || t === "a")).toEqual([]);
    expect(out).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(out).not.toMatch(/<[^>]* on\w+=/i);
  });

  it("keeps links only to http(s) and mailto, with rel noopener noreferrer", () => {
    const out = html(
      "[site](https://example.com/a?b=1&c=2) [mail](mailto:jo@example.com) [bad](javascript:alert(1)) [bad2](JaVaScRiPt:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:msgbox)",
    );
    expect(out).toContain('<a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer"');
    expect(out).toContain('<a href="mailto:jo@example.com" rel="noopener noreferrer"');
    expect(out).not.toMatch(/javascript:|data:|vbscript:/i);
    // The words of a refused link stay, as plain text.
    expect(out).toContain(" bad bad2 data vb");
    expect(tags(out).filter((t) => t === "a")).toHaveLength(2);
  });

  it("refuses a link hidden behind spaces, entities or line breaks", () => {
    expect(html("[x](<java\nscript:alert(1)>)")).not.toContain("<a ");
    expect(html("[x](&#106;avascript:alert(1))")).not.toContain("<a ");
    expect(html("[x]( javascript:alert(1))")).not.toContain("<a ");
    expect(safeHref(" JAVASCRIPT:alert(1)", BASE)).toBeUndefined();
  });

  it("points a portal link at the portal, and drops it without a base", () => {
    expect(html("[the ticket](/tickets/0191)")).toContain('href="http://portal.test/tickets/0191"');
    expect(markdownToEmailHtml("[the ticket](/tickets/0191)")).not.toContain("<a ");
    expect(safeHref("/api/files/1", "https://portal.example.com/")).toBe("https://portal.example.com/api/files/1");
  });

  it("turns images into links (no pixel loads when the email opens)", () => {
    const out = html("Logo: ![New logo](/api/files/0191/logo.png) and ![](https://tracker.example.com/p.gif)");
    expect(tags(out)).not.toContain("img");
    expect(out).toContain('<a href="http://portal.test/api/files/0191/logo.png" rel="noopener noreferrer" target="_blank"');
    expect(out).toContain(">Image: New logo</a>");
    expect(out).toContain(">Image: p.gif</a>");
  });

  it("renders nested emphasis", () => {
    expect(html("**bold _and italic_** and ***both***")).toBe(
      '<p style="margin:0 0 12px"><strong>bold <em>and italic</em></strong> and <em><strong>both</strong></em></p>',
    );
  });

  it("renders bulleted and numbered lists, nested and starting where the person started", () => {
    const out = html("- header\n- footer\n  - links\n\n3. three\n4. four");
    expect(tags(out)).toEqual(["ul", "li", "/li", "li", "ul", "li", "/li", "/ul", "/li", "/ul", "ol", "li", "/li", "li", "/li", "/ol"]);
    expect(out).toContain('<ol start="3"');
    expect(out).toContain(">header</li>");
  });

  it("makes headings bold paragraphs and sets quotes off with a left border", () => {
    const out = html("# Launch\n\n> On Friday you wrote:\n> go live");
    expect(out).toContain('<p style="margin:16px 0 8px;font-weight:700">Launch</p>');
    expect(tags(out)).not.toContain("h1");
    expect(out).toMatch(
      /<blockquote style="[^"]*border-left:3px solid #d1d5db[^"]*"><p[^>]*>On Friday you wrote:\ngo live<\/p><\/blockquote>/,
    );
  });

  it("escapes code and keeps its lines", () => {
    const out = html("Run `a < b`:\n\n```\n<?php echo 1; ?>\n  indented\n```");
    expect(out).toContain(">a &lt; b</code>");
    expect(out).toContain(">&lt;?php echo 1; ?&gt;\n  indented</pre>");
    expect(out).toContain("white-space:pre-wrap");
  });

  it("renders long text whole, with hard breaks", () => {
    const long = Array.from({ length: 300 }, (_, i) => `Paragraph ${i} ${"word ".repeat(40)}`).join("\n\n");
    const out = html(long);
    expect(out.match(/<p /g)).toHaveLength(300);
    expect(out).toContain("Paragraph 299");
    expect(html(`x${"y".repeat(5000)}`)).toContain("y".repeat(5000));
    expect(html("Kind regards,  \nAnna")).toContain("Kind regards,<br>Anna");
  });

  it("gives nothing for nothing", () => {
    expect(markdownToEmailHtml("  \n ")).toBe("");
  });
});

import { describe, expect, it } from "vitest";
import { htmlToText, stripReply } from "./strip";

const lines = (...parts: string[]) => parts.join("\n");

describe("stripReply", () => {
  it("drops Gmail's attribution and the >-quoted history", () => {
    const text = lines(
      "Works now, thanks!",
      "",
      "On Mon, 23 Nov 2026 at 10:00, Agnes Agent <agnes@agency.test> wrote:",
      "",
      "> Hello Anna,",
      ">",
      "> Try again?",
    );
    expect(stripReply(text)).toBe("Works now, thanks!");
  });

  it("recognises an attribution wrapped over two lines", () => {
    const text = lines(
      "Works now.",
      "",
      "On Mon, 23 Nov 2026 at 10:00, Agnes Agent via WP Xpress <",
      "support@wpexpress.test> wrote:",
      "",
      "> Hello",
    );
    expect(stripReply(text)).toBe("Works now.");
  });

  it("keeps text written below a quote (bottom-posting) and between quotes", () => {
    const text = lines("On 23 Nov 2026, at 10:00, Agnes wrote:", "> Which browser?", "Firefox.", "> And the version?", "128.", "");
    expect(stripReply(text)).toBe(lines("Firefox.", "128."));
  });

  it("cuts at an attribution followed by unquoted history", () => {
    const text = lines("Yes please.", "", "On 23 Nov 2026, at 10:00, Agnes Agent wrote:", "", "Hello Anna, shall we go ahead?");
    expect(stripReply(text)).toBe("Yes please.");
  });

  it("cuts Outlook's -----Original Message----- and From:/Sent: header blocks", () => {
    expect(stripReply(lines("Thank you!", "", "-----Original Message-----", "From: Support <s@x.test>", "Sent: Monday", "Hello"))).toBe(
      "Thank you!",
    );
    expect(
      stripReply(
        lines(
          "Thank you!",
          "",
          "________________________________",
          "From: Support <s@x.test>",
          "Sent: Monday, November 23, 2026 10:00",
          "To: Anna",
          "Subject: Re: x",
          "",
          "Hello",
        ),
      ),
    ).toBe("Thank you!");
    expect(stripReply(lines("Done.", "", "*From:* Support <s@x.test>", "*Date:* Monday", "Hello"))).toBe("Done.");
  });

  it("keeps a line that merely starts with From: when no Sent:/Date: follows", () => {
    expect(stripReply(lines("From: the marketing team", "we need a new banner."))).toBe(
      lines("From: the marketing team", "we need a new banner."),
    );
  });

  it("cuts the signature after the '-- ' delimiter and mobile footers", () => {
    expect(stripReply(lines("See attached.", "", "-- ", "Anna Alpha", "Alpha Plumbing"))).toBe("See attached.");
    expect(stripReply(lines("Here it is.", "", "Sent from my iPhone", "", "> On 23 Nov 2026, at 10:00, X wrote:", "> hi"))).toBe(
      "Here it is.",
    );
    expect(stripReply(lines("Ok", "Get Outlook for Android"))).toBe("Ok");
  });

  it("keeps dashes and quote-like text inside a sentence, CRLF line ends and blank-line structure", () => {
    const text = "First -- second.\r\n\r\n\r\n\r\nA > B holds.\r\n";
    expect(stripReply(text)).toBe("First -- second.\n\nA > B holds.");
  });

  it("returns an empty string when everything was quoted", () => {
    expect(stripReply(lines("> old", "> older"))).toBe("");
  });
});

describe("htmlToText", () => {
  it("turns blocks into lines, blockquotes into > quotes, decodes entities once", () => {
    const html =
      "<html><head><style>p{}</style></head><body><div>Caf&eacute;? No: caf&#233; &amp; &lt;b&gt; &amp;lt;</div><p>Line&nbsp;two<br>three</p><blockquote>old<br><blockquote>older</blockquote></blockquote></body></html>";
    expect(htmlToText(html)).toBe(lines("Café? No: café & <b> &lt;", "", "Line two", "three", "", "> old", "> > older"));
  });

  it("keeps link targets", () => {
    expect(
      htmlToText('<p>See <a href="https://status.test/42">the status page</a> or <a href="https://x.test">https://x.test</a></p>'),
    ).toBe("See the status page (https://status.test/42) or https://x.test");
  });

  it("leaves a Gmail HTML reply recognisable to stripReply", () => {
    const html =
      '<div dir="ltr">Fixed, thanks.</div><br><div class="gmail_quote"><div class="gmail_attr">On Mon, 23 Nov 2026 at 10:00, Agnes &lt;a@x.test&gt; wrote:<br></div><blockquote class="gmail_quote">Hello<br>Try again?</blockquote></div>';
    expect(stripReply(htmlToText(html))).toBe("Fixed, thanks.");
  });
});

import { readdirSync, readFileSync } from "node:fs";
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

  it("keeps text written below a quote (bottom-posting) and between quotes, with the quoted lines it answers", () => {
    // Until the reply corpus, the questions were dropped ("Firefox.\n128."); an inline answer now keeps them.
    const text = lines("On 23 Nov 2026, at 10:00, Agnes wrote:", "> Which browser?", "Firefox.", "> And the version?", "128.", "");
    expect(stripReply(text)).toBe(lines("> Which browser?", "Firefox.", "> And the version?", "128."));
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

describe("stripReply on the reply corpus (fixtures/replies)", () => {
  const dir = new URL("./fixtures/replies/", import.meta.url);
  const names = readdirSync(dir)
    .filter((file) => file.endsWith(".txt") && !file.endsWith(".expected.txt"))
    .map((file) => file.slice(0, -".txt".length))
    .sort();
  const read = (file: string) => readFileSync(new URL(file, dir), "utf8");

  it.each(names)("%s", (name) => {
    expect(stripReply(read(`${name}.txt`)).trim()).toBe(read(`${name}.expected.txt`).trim());
  });

  it("has at least 40 pairs, every input with its expected output, covering each language and client", () => {
    const LANGUAGES = ["en", "de", "fr", "es", "nl", "pt", "ru"];
    const CLIENTS = [
      "gmail",
      "outlook-desktop",
      "outlook-web",
      "hotmail",
      "apple-mail",
      "ios",
      "android",
      "thunderbird",
      "yandex",
      "mailru",
    ];
    const NAME = new RegExp(`^(${CLIENTS.join("|")})-(${LANGUAGES.join("|")})-[a-z0-9]+(?:-[a-z0-9]+)*$`);
    expect(names.length).toBeGreaterThanOrEqual(40);
    expect(readdirSync(dir).filter((file) => file.endsWith(".expected.txt")).length).toBe(names.length);
    const parsed = names.map((name) => {
      const match = NAME.exec(name);
      expect(match, `${name} is not <client>-<lang>-<shape>`).not.toBeNull();
      return { client: match?.[1], language: match?.[2] };
    });
    expect(new Set(parsed.map((p) => p.language))).toEqual(new Set(LANGUAGES));
    expect(new Set(parsed.map((p) => p.client))).toEqual(new Set(CLIENTS));
    expect(names.some((name) => name.endsWith("-inline"))).toBe(true);
  });
});

describe("stripReply rules beyond the corpus", () => {
  it("ends the reply at a list footer that comes without a delimiter", () => {
    expect(
      stripReply(
        lines(
          "Count us in.",
          "",
          'You received this message because you are subscribed to the Google Groups "Portico" group.',
          "To unsubscribe from this group, send an email to portico+unsubscribe@googlegroups.com.",
        ),
      ),
    ).toBe("Count us in.");
  });

  it("needs a sender and a date in a header block, in any order, and a subject or an address", () => {
    const history = ["", "Hello Anna,", "old text"];
    expect(stripReply(lines("Ok.", "", "Subject: Re: x", "To: Anna", "Sent: Monday", "From: Jane Doe", ...history))).toBe("Ok.");
    expect(stripReply(lines("Ok.", "", "Date: Monday", "From: jane@x.test", ...history))).toBe("Ok.");
    expect(stripReply(lines("Ok.", "", "From: Jane Doe", "To: Anna", "Subject: Re: x", ...history))).toBe(
      lines("Ok.", "", "From: Jane Doe", "To: Anna", "Subject: Re: x", ...history),
    );
  });

  it("does not take prose just above an attribution for part of it", () => {
    const text = lines("I called her at 10:14.", "On Tue, 1 Dec 2026 at 10:14, Jane Doe <", "jane@x.test> wrote:", "> Call me?");
    expect(stripReply(text)).toBe("I called her at 10:14.");
    expect(stripReply(lines("01.12.2026: our new address is info@alpha.example", "Please update the footer."))).toBe(
      lines("01.12.2026: our new address is info@alpha.example", "Please update the footer."),
    );
    expect(stripReply(lines("Here is what she wrote:", "> The form is broken.", "It works now."))).toBe(
      lines("Here is what she wrote:", "> The form is broken.", "It works now."),
    );
  });

  it("keeps a footer-shaped line that more of the reply follows in the same paragraph", () => {
    const text = lines("Sent from my phone", "at the station, so only this: yes, publish it.", "", "> Publish it?");
    expect(stripReply(text)).toBe(lines("Sent from my phone", "at the station, so only this: yes, publish it."));
  });

  it("stays fast on 100 kB bodies built to make regexes backtrack", () => {
    const bodies = [
      "a".repeat(100_000),
      `${"-".repeat(100_000)}x`,
      `${"_".repeat(50_000)} ${"a ".repeat(25_000)}:`,
      "On 1 Dec 2026 at 10:14, x wrote:\n".repeat(3_000),
      "> q\na\n".repeat(20_000),
      "From: a@b.test\nTo: c\n".repeat(8_000),
      `Sent from my ${"x ".repeat(50_000)}`,
      `${"Von: ".repeat(20_000)}:`,
      `${" ".repeat(100_000)}x:`,
      "a:\n".repeat(30_000),
    ];
    const started = performance.now();
    for (const body of bodies) stripReply(body);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

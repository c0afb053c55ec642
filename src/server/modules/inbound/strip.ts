/**
 * What a person wrote in an email reply, without the history their mail client quoted below it
 * and without their signature. Pure functions: text in, text out.
 */

const ENTITIES: Record<string, string> = {
  nbsp: " ",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  rsquo: "’",
  lsquo: "‘",
  rdquo: "”",
  ldquo: "“",
  hellip: "…",
  ndash: "–",
  mdash: "—",
  euro: "€",
  pound: "£",
  copy: "©",
  reg: "®",
  bull: "•",
  middot: "·",
  eacute: "é",
  egrave: "è",
  agrave: "à",
  aacute: "á",
  ccedil: "ç",
  auml: "ä",
  ouml: "ö",
  uuml: "ü",
  Auml: "Ä",
  Ouml: "Ö",
  Uuml: "Ü",
  szlig: "ß",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name] ?? ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const stripTags = (html: string) => html.replace(/<[^>]*>/g, "");
const quoteLines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => `> ${line}`)
    .join("\n");

/**
 * A simple HTML-to-text for mail bodies: blocks become lines, links keep their address,
 * `<blockquote>` becomes `>`-quoted lines (so the stripper treats it as quoted history), entities
 * are decoded once at the end.
 */
export function htmlToText(html: string): string {
  let s = html
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/<(head|style|script|title)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/\s+/g, " ")
    .replace(/<a\b[^>]*?href\s*=\s*"(https?:[^"]+)"[^>]*>([\s\S]*?)<\/a\s*>/gi, (_, href: string, inner: string) => {
      const label = stripTags(inner).trim();
      return !label || label === href || label === href.replace(/^https?:\/\//, "") ? href : `${label} (${href})`;
    })
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<li\b[^>]*>/gi, "\n- ")
    .replace(/<hr\b[^>]*>/gi, "\n________________________________\n")
    .replace(/<\/t[dh]\s*>/gi, " ")
    .replace(/<\/?(p|div|tr|table|tbody|thead|ul|ol|h[1-6]|section|article|header|footer|center|pre)\b[^>]*>/gi, "\n");
  // Innermost quotation first, so nested quotes come out as "> > ".
  const blockquote = /<blockquote\b[^>]*>((?:(?!<blockquote\b)[\s\S])*?)<\/blockquote\s*>/i;
  while (blockquote.test(s)) s = s.replace(blockquote, (_, inner: string) => `\n${quoteLines(stripTags(inner))}\n`);
  s = decodeEntities(stripTags(s));
  return tidy(s.split("\n").map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim()));
}

const ATTRIBUTION_VERB = /(wrote|schrieb|a écrit|escribió|schreef|ha scritto|skrev)\s*:\s*$/i;
const ATTRIBUTION_START = /^(On|Am|Le|El|Op|Il|Den|Em)\s\S/;
const ORIGINAL_MESSAGE =
  /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Oorspronkelijk bericht)\s*-{2,}$/i;
const HEADER_FROM = /^\*?(From|Von|De|Van)\s*:\*?\s+\S/i;
const HEADER_SENT = /^\*?(Sent|Date|Gesendet|Datum|Envoyé|Enviado|Verzonden)\s*:\*?\s+\S/i;
const SIGNATURE = /^--\s?$/;
const MOBILE_FOOTER =
  /^(Sent from my \S.*|Sent from (Mail|Outlook|Yahoo Mail|Gmail)\b.*|Get Outlook for (iOS|Android).*|Von meinem \S+ gesendet|Envoyé de mon \S+)$/i;
const SEPARATOR = /^([_=-]\s*){5,}$/;

/** Lines that begin an attribution ("On … wrote:"), possibly wrapped over two lines: how many. */
function attributionLength(lines: string[], i: number): number {
  const line = (lines[i] ?? "").trim();
  if (!ATTRIBUTION_START.test(line)) return 0;
  if (ATTRIBUTION_VERB.test(line)) return 1;
  const next = lines[i + 1]?.trim() ?? "";
  if (next && !next.startsWith(">") && ATTRIBUTION_VERB.test(next) && line.length + next.length < 300) return 2;
  return 0;
}

/** An Outlook header block: "From: …" then "Sent:"/"Date:" within the next few lines. */
function isHeaderBlock(lines: string[], i: number): boolean {
  if (!HEADER_FROM.test((lines[i] ?? "").trim())) return false;
  return lines.slice(i + 1, i + 5).some((line) => HEADER_SENT.test(line.trim()));
}

/**
 * Keeps what the person wrote: drops `>`-quoted lines and "On … wrote:" attributions (text
 * written below a quote, bottom-posting style, stays), and cuts everything from the first
 * signature delimiter "-- ", "Sent from my iPhone"-style footer, "-----Original Message-----" or
 * Outlook "From:/Sent:" header block on.
 */
export function stripReply(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const trimmed = line.trim();
    if (trimmed.startsWith(">")) continue;
    const attribution = attributionLength(lines, i);
    if (attribution > 0) {
      i += attribution - 1;
      // History that follows without `>` quoting cannot be told from new text: stop here.
      const nextText = lines.slice(i + 1).find((l) => l.trim() !== "");
      if (nextText === undefined || !nextText.trim().startsWith(">")) break;
      continue;
    }
    if (SIGNATURE.test(line) || MOBILE_FOOTER.test(trimmed) || ORIGINAL_MESSAGE.test(trimmed) || isHeaderBlock(lines, i)) break;
    kept.push(line.replace(/\s+$/, ""));
  }
  return tidy(kept);
}

/** Trims separator and blank lines at both ends and keeps at most one blank line in a row. */
function tidy(lines: string[]): string {
  const out: string[] = [];
  for (const line of lines) {
    if (line.trim() === "" && (out.length === 0 || out[out.length - 1] === "")) continue;
    out.push(line.trim() === "" ? "" : line);
  }
  while (out.length > 0 && (out[out.length - 1] === "" || SEPARATOR.test((out[out.length - 1] ?? "").trim()))) out.pop();
  return out.join("\n");
}

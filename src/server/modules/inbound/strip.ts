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

// The reply rules below are documented, with an example each, in REPLY-PARSING.md next to this file.

const isBlank = (line: string) => line.trim() === "";
// Mail.ru quotes as ">text" and some clients indent the marker, so only the first visible character counts.
const isQuoted = (line: string) => line.trimStart().startsWith(">");
const unquote = (line: string) => line.replace(/^\s*>\s?/, "");
// A quoted line with nothing but markers: the spacing a client leaves at either end of a quote.
const EMPTY_QUOTE = /^\s*>[\s>]*$/;

// ---- Attributions: "On … wrote:" and its forms in other clients and languages ----

// "wrote" as the clients write it; Dutch Apple Mail says "het volgende geschreven", Russian Apple Mail "написал(а)".
const ATTRIBUTION_VERB =
  /(?:^|[\s,>)"])(?:wrote|schrieb|a écrit|escribió|escreveu|schreef|geschreven|пишет|написала?|написал\(а\)|ha scritto|skrev)(?=$|[\s:(])/iu;
// How an attribution opens: a preposition before the date (On, Am, Le, El, Op, Em), so prose is not taken for one.
const ATTRIBUTION_WORD = /^(?:On|Am|Le|El|Op|Em|Il|Den)\s/;
// Thunderbird in Russian and Yandex open with the date, Gmail in Russian and Mail.ru with the weekday.
const ATTRIBUTION_DATE =
  /^(?:\d|(?:пн|вт|ср|чт|пт|сб|вс|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|monday|tuesday|wednesday|thursday|friday|saturday|sunday),)/iu;
const TIME = /\d{1,2}:\d{2}/;
const ADDRESS = /[^\s<>()"@]+@[^\s<>()"@]+\.[^\s<>()"@]/;
// Gmail in Russian and Yandex have no verb: the line ends with the sender's address and a colon.
const ENDS_WITH_ADDRESS = /[>)]\s*:$/;
// Mail.ru names the sender after the UTC offset, "10:14 +03:00 от Jane <…>:", sometimes with no address at all.
const MAILRU_FROM = /\d{1,2}:\d{2} [+-]\d{2}:?\d{2} (?:от|from) /iu;
// Longer than any attribution a client writes; also keeps the regexes above on short strings.
const MAX_ATTRIBUTION = 400;

/** Whether these lines, joined back as the client wrapped them, say who wrote the quoted message and when. */
function isAttribution(window: readonly string[]): boolean {
  const text = window.map((line) => line.trim()).join(" ");
  if (text.length > MAX_ATTRIBUTION || !text.endsWith(":")) return false;
  const address = ADDRESS.test(text);
  const time = TIME.test(text);
  if (ATTRIBUTION_VERB.test(text)) return address || time;
  if (!time || !ATTRIBUTION_DATE.test(window[0] ?? "")) return false;
  return (address && ENDS_WITH_ADDRESS.test(text)) || MAILRU_FROM.test(text);
}

// Tried in this order; the last because Gmail in Portuguese (Portugal) names the sender first: "Jane <jane@…> escreveu no dia …:".
const ATTRIBUTION_OPENINGS = [ATTRIBUTION_WORD, ATTRIBUTION_DATE, /[<@]/];

/**
 * How many lines (1–3) ending at `end` form an attribution, 0 if none. Gmail wraps it at 78
 * characters, so it can span three lines; of the windows that fit, the one that opens like an
 * attribution and is shortest wins, so a line of prose just above is never swallowed.
 */
function attributionSize(lines: readonly string[], end: number): number {
  const window = (size: number): string[] | undefined => {
    if (end - size + 1 < 0) return undefined;
    const part = lines.slice(end - size + 1, end + 1);
    // A wrapped attribution breaks mid-sentence: a line ending a sentence, blank or quoted is not part of it.
    const broken = part.some((line, k) => isBlank(line) || isQuoted(line) || (k < part.length - 1 && /[.!?]$/.test(line.trim())));
    return broken ? undefined : part;
  };
  for (const opening of ATTRIBUTION_OPENINGS) {
    for (let size = 1; size <= 3; size++) {
      const part = window(size);
      if (part && opening.test((part[0] ?? "").trim()) && isAttribution(part)) return size;
    }
  }
  return 0;
}

// ---- Header blocks: Outlook's From/Sent/To/Subject, translated, in any order ----

type HeaderKind = "from" | "date" | "to" | "cc" | "subject";
// The field names Outlook, Hotmail, Apple Mail and Android clients print, in the languages we see.
const HEADER_NAMES: Record<string, HeaderKind> = {
  from: "from",
  von: "from",
  de: "from",
  van: "from",
  от: "from",
  sent: "date",
  date: "date",
  gesendet: "date",
  datum: "date",
  envoyé: "date",
  enviado: "date",
  "enviado el": "date",
  "enviado em": "date",
  enviada: "date",
  "enviada em": "date",
  fecha: "date",
  verzonden: "date",
  data: "date",
  отправлено: "date",
  дата: "date",
  to: "to",
  an: "to",
  à: "to",
  para: "to",
  aan: "to",
  кому: "to",
  cc: "cc",
  копия: "cc",
  subject: "subject",
  betreff: "subject",
  objet: "subject",
  asunto: "subject",
  onderwerp: "subject",
  assunto: "subject",
  тема: "subject",
};
// "From: …", "*From:* …" (bold turned into asterisks), "Objet : …" (French puts a space before the colon).
const HEADER_LINE = /^\*{0,2}(\p{L}{1,12}(?: \p{L}{1,4})?)\s*:\*{0,2}(?:\s+(.*))?$/u;

function headerOf(line: string): { kind: HeaderKind; value: string } | undefined {
  const match = HEADER_LINE.exec(line.trim());
  const kind = match ? HEADER_NAMES[(match[1] ?? "").toLowerCase()] : undefined;
  return kind && match ? { kind, value: match[2] ?? "" } : undefined;
}

/**
 * A header block starting at line i: consecutive header lines with a sender and a date, and a
 * subject or an address in the sender, so "Date: Friday / From: 9:00 / To: 12:00" in a reply stays.
 */
function isHeaderBlock(lines: readonly string[], i: number): boolean {
  const kinds = new Set<HeaderKind>();
  let sender = "";
  let continuations = 0;
  for (let j = i; j < Math.min(lines.length, i + 10); j++) {
    const line = lines[j] ?? "";
    if (isBlank(line) || isQuoted(line)) break;
    const header = headerOf(line);
    if (header) {
      kinds.add(header.kind);
      if (header.kind === "from") sender = header.value;
    } else if (j === i || ++continuations > 2) {
      // A long To: or Cc: list wraps onto a line or two of its own; more than that is prose.
      break;
    }
  }
  return kinds.has("from") && kinds.has("date") && (kinds.has("subject") || /[@<]/.test(sender));
}

// ---- Where the reply ends ----

// The signature delimiter "-- " (RFC 3676), often sent without its trailing space.
const SIGNATURE = /^--$/;
// Outlook and Hotmail rule off the history with underscores; Mailman rules off its footer the same way.
const UNDERSCORES = /^_{5,}$/;
const ORIGINAL_MESSAGE =
  /^-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Originalnachricht|Message d['’]origine|Mensaje original|Oorspronkelijk bericht|Origineel bericht|Mensagem original|Исходное сообщение)\s*-{2,}$/iu;
// Mailing-list footers that arrive without a delimiter (Google Groups in each language, Mailman 3).
const LIST_FOOTER =
  /^(?:You received this message because you are subscribed to|To unsubscribe from this group|To unsubscribe,? send (?:an? )?(?:e-?mail|message)|Sie erhalten diese Nachricht, weil Sie|Vous recevez ce message,? car vous êtes abonné|(?:Recibiste|Has recibido) este mensaje porque|Je hebt dit bericht ontvangen,? omdat|Você (?:está recebendo|recebeu) (?:esta|essa) mensagem porque|Вы получили это сообщение,? (?:так как|поскольку|потому что))/iu;

const endsReply = (line: string) => {
  const trimmed = line.trim();
  if (trimmed.length > 200) return false;
  return SIGNATURE.test(trimmed) || UNDERSCORES.test(trimmed) || ORIGINAL_MESSAGE.test(trimmed) || LIST_FOOTER.test(trimmed);
};

/** Unquoted attributions: first line → number of lines, header lines directly above included. */
function findAttributions(lines: readonly string[]): Map<number, number> {
  const found = new Map<number, number>();
  for (let end = 0; end < lines.length; end++) {
    const line = lines[end] ?? "";
    if (isQuoted(line) || !line.trimEnd().endsWith(":")) continue;
    const size = attributionSize(lines, end);
    if (size === 0) continue;
    let start = end - size + 1;
    // Yandex's mobile app puts "Кому: …;" and "Тема: …;" lines above its attribution.
    while (start > 0 && end - start < 6 && headerOf(lines[start - 1] ?? "")) start--;
    found.set(start, end - start + 1);
  }
  return found;
}

const nextNonBlank = (lines: readonly string[], from: number) => {
  for (let i = from; i < lines.length; i++) if (!isBlank(lines[i] ?? "")) return i;
  return -1;
};

/** The index of the first line that is no longer the reply (lines.length when the reply runs to the end). */
function replyEnd(lines: readonly string[], attributions: Map<number, number>): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (isQuoted(line)) continue;
    const size = attributions.get(i);
    if (size !== undefined) {
      const next = nextNonBlank(lines, i + size);
      // History below an attribution without `>` quoting cannot be told from new text: it all goes.
      if (next === -1 || !isQuoted(lines[next] ?? "")) return i;
      i += size - 1;
      continue;
    }
    if (endsReply(line) || isHeaderBlock(lines, i)) return i;
  }
  return lines.length;
}

// ---- Mobile footers: "Sent from my iPhone" and its kin, only as a short line of their own ----

// One to four words: a device or app name ("iPhone", "Samsung Galaxy smartphone"), not a sentence.
const WORD = "[\\p{L}\\p{N}][\\p{L}\\p{N}.'’-]*";
const words = (max: number) => `${WORD}(?: ${WORD}){0,${max - 1}}`;
const FOOTERS = [
  `Sent from my ${words(4)}`,
  `Sent from (?:Mail for Windows|Outlook|Yahoo Mail|Yandex Mail|Mail\\.ru)(?: ${words(4)})?`,
  "Get Outlook for (?:iOS|Android)",
  `Von meinem ${words(4)} gesendet`,
  `Gesendet von (?:meinem )?${words(4)}`,
  "Outlook für (?:iOS|Android) (?:herunterladen|beziehen)",
  `Envoyé (?:de|depuis) mon ${words(4)}`,
  "Obtenir Outlook pour (?:iOS|Android)",
  `Enviado desde mi ${words(4)}`,
  "Obtener Outlook para (?:iOS|Android)",
  `(?:Verzonden|Verstuurd) (?:vanaf|met) mijn ${words(4)}`,
  "Outlook voor (?:iOS|Android) downloaden",
  `Enviado (?:do|de) meu ${words(4)}`,
  "Obter o Outlook para (?:iOS|Android)",
  `Отправлено (?:с|со|из) ${words(5)}`,
  "Скачайте Outlook для (?:iOS|Android)",
];
// Outlook mobile appends its link as "<https://aka.ms/…>", Mail.ru as "( https://… )", Yandex as ": http://…".
const FOOTER_LINK = "(?:\\s*<https?://[^\\s>]+>|\\s*\\(\\s*https?://[^\\s)]+\\s*\\)|:\\s*https?://\\S+)?";
const MOBILE_FOOTER = new RegExp(`^(?:${FOOTERS.join("|")})\\.?${FOOTER_LINK}$`, "iu");

const previousNonBlank = (lines: readonly string[], i: number) => {
  for (let j = i - 1; j >= 0; j--) if (!isBlank(lines[j] ?? "")) return lines[j] ?? "";
  return undefined;
};

/** A footer-shaped line, unless it comes straight after a quote: then it answers the quote ("Which device?"). */
function isFooter(lines: readonly string[], i: number): boolean {
  const line = (lines[i] ?? "").trim();
  if (line.length > 80 || !MOBILE_FOOTER.test(line)) return false;
  const before = previousNonBlank(lines, i);
  return before === undefined || !isQuoted(before);
}

/** A paragraph of its own: blank (or the start) above, blank, a quote or the end below. */
function standsAlone(lines: readonly string[], i: number): boolean {
  const above = lines[i - 1];
  const below = lines[i + 1];
  return (above === undefined || isBlank(above)) && (below === undefined || isBlank(below) || isQuoted(below));
}

// ---- Kept quotes ----

/**
 * Tidies each run of quoted lines an answer refers to: iOS quotes its own attribution
 * ("> On … wrote:") and clients pad quotes with empty ">" lines; neither helps the reader.
 */
function trimQuoteRuns(lines: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    if (!isQuoted(lines[i] ?? "")) {
      out.push(lines[i] ?? "");
      i++;
      continue;
    }
    let end = i;
    while (end < lines.length && isQuoted(lines[end] ?? "")) end++;
    const inner = lines.slice(i, Math.min(end, i + 3)).map(unquote);
    let first = i;
    for (let last = 0; last < inner.length; last++) {
      if (attributionSize(inner, last) === last + 1) {
        first = i + last + 1;
        break;
      }
    }
    let stop = end;
    while (first < stop && EMPTY_QUOTE.test(lines[first] ?? "")) first++;
    while (stop > first && EMPTY_QUOTE.test(lines[stop - 1] ?? "")) stop--;
    for (let k = first; k < stop; k++) out.push(lines[k] ?? "");
    i = end;
  }
  return out;
}

/**
 * Keeps what the person wrote. Quoted lines stay where the person answers below them (an inline
 * reply must still make sense); the quoted history after the last answer goes, with its "On …
 * wrote:" attribution. The reply ends at a signature delimiter, a line of underscores, a list
 * footer, "-----Original Message-----", a From/Sent header block, or an attribution followed by
 * unquoted history; a "Sent from my iPhone"-style footer ends it when nothing the person wrote
 * follows.
 */
export function stripReply(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const attributions = findAttributions(lines);
  const end = replyEnd(lines, attributions);
  const skipped = new Set<number>();
  const written: number[] = [];
  for (let i = 0; i < end; i++) {
    const size = attributions.get(i);
    if (size !== undefined) {
      for (let k = 0; k < size; k++) skipped.add(i + k);
      i += size - 1;
    } else if (!isBlank(lines[i] ?? "") && !isQuoted(lines[i] ?? "")) written.push(i);
  }
  // A footer that nothing the person wrote follows is the app's line: the reply ends above it.
  for (let last = written.at(-1); last !== undefined && isFooter(lines, last); last = written.at(-1)) {
    skipped.add(last);
    written.pop();
  }
  // iOS leaves "Sent from my iPhone" above an inline reply's answers: dropped, but the answers stay.
  for (const i of written) if (isFooter(lines, i) && standsAlone(lines, i)) skipped.add(i);
  const last = written.at(-1) ?? -1;
  const kept: string[] = [];
  for (let i = 0; i <= last; i++) if (!skipped.has(i)) kept.push((lines[i] ?? "").trimEnd());
  return tidy(trimQuoteRuns(kept));
}

// Dashes, underscores or equals signs alone on a line: a divider with nothing left below it.
const SEPARATOR = /^([_=-]\s*){5,}$/;

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

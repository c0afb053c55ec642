/*
 * The formatting toolbar's edits (MarkdownField): pure functions from a textarea's text and
 * selection to the new text and selection, so a client clicks "Bold" and never needs to know
 * that it means `**…**`.
 */

/** A textarea's text and its selection (`start === end`: just the cursor). */
export interface TextSelection {
  value: string;
  start: number;
  end: number;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** The marker for italics here: `_` reads best, but inside a word only `*` works in Markdown. */
function italicMarker(s: TextSelection): string {
  const before = s.value[s.start - 1] ?? "";
  const after = s.value[s.end] ?? "";
  return WORD_CHAR.test(before) || WORD_CHAR.test(after) ? "*" : "_";
}

/** Is `text` wrapped in `marker` (and, for a single `*`, not really in `**`)? */
function isWrapped(text: string, marker: string): boolean {
  if (text.length < marker.length * 2 + 1 || !text.startsWith(marker) || !text.endsWith(marker)) return false;
  return marker !== "*" || !(text.startsWith("**") && text.endsWith("**")) || text.startsWith("***");
}

/** Does the marker sit just outside the selection (`**|word|**`), and not as half of a `**`? */
function markerOutside(before: string, after: string, marker: string): boolean {
  if (!before.endsWith(marker) || !after.startsWith(marker)) return false;
  if (marker !== "*") return true;
  const boldOnly = before.endsWith("**") && after.startsWith("**") && !(before.endsWith("***") && after.startsWith("***"));
  return !boldOnly;
}

/** Rewrites each line's words (`core`, its surrounding spaces kept); a line `edit` returns null for stays as it was. */
function mapLineCores(text: string, edit: (core: string) => string | null): string {
  return text
    .split("\n")
    .map((line) => {
      const match = line.match(/^(\s*)(.*?)(\s*)$/);
      const [, lead = "", core = "", trail = ""] = match ?? [];
      const edited = edit(core);
      return edited === null ? line : `${lead}${edited}${trail}`;
    })
    .join("\n");
}

/** Wraps each non-blank line of `text` in `marker`, spaces outside (`** word**` is not bold). */
const wrapLines = (text: string, marker: string) => mapLineCores(text, (core) => (core ? `${marker}${core}${marker}` : null));

const unwrapLines = (text: string, marker: string) =>
  mapLineCores(text, (core) => (isWrapped(core, marker) ? core.slice(marker.length, -marker.length) : null));

/**
 * Bold or italic on and off: wraps the selection (each line of it) in the marker, or takes the
 * marker away when the selection is already wrapped (inside or just outside it). With nothing
 * selected it inserts a placeholder, selected, so typing replaces it.
 */
function toggleWrap(s: TextSelection, marker: string, placeholder: string): TextSelection {
  const { value, start, end } = s;
  const before = value.slice(0, start);
  const selected = value.slice(start, end);
  const after = value.slice(end);
  const m = marker.length;
  const withPlaceholder = (): TextSelection => ({
    value: `${before}${marker}${placeholder}${marker}${after}`,
    start: start + m,
    end: start + m + placeholder.length,
  });
  if (markerOutside(before, after, marker)) {
    // `**|word|**`: the markers just outside the selection come off.
    return { value: `${before.slice(0, -m)}${selected}${after.slice(m)}`, start: start - m, end: end - m };
  }
  if (!selected) return withPlaceholder();
  const lines = selected.split("\n").filter((line) => line.trim());
  const allWrapped = lines.length > 0 && lines.every((line) => isWrapped(line.trim(), marker));
  if (allWrapped) {
    const unwrapped = unwrapLines(selected, marker);
    return { value: `${before}${unwrapped}${after}`, start, end: start + unwrapped.length };
  }
  if (!selected.includes("\n")) {
    // One line: the selection stays on the words, the markers go around them.
    const lead = selected.length - selected.trimStart().length;
    const core = selected.trim();
    if (!core) return withPlaceholder();
    const wrapped = wrapLines(selected, marker);
    return { value: `${before}${wrapped}${after}`, start: start + lead + m, end: start + lead + m + core.length };
  }
  const wrapped = wrapLines(selected, marker);
  return { value: `${before}${wrapped}${after}`, start, end: start + wrapped.length };
}

/** Bold on and off (`**…**`). */
export const toggleBold = (s: TextSelection) => toggleWrap(s, "**", "bold text");

/** Italic on and off (`_…_`, or `*…*` inside a word). */
export function toggleItalic(s: TextSelection): TextSelection {
  const marker = italicMarker(s);
  const selected = s.value.slice(s.start, s.end);
  // Already italic the other way (`*word*` selected, or the cursor inside `_…_`): take that off.
  const other = marker === "_" ? "*" : "_";
  const before = s.value.slice(0, s.start);
  const after = s.value.slice(s.end);
  const otherInside = selected !== "" && selected.split("\n").every((l) => !l.trim() || isWrapped(l.trim(), other));
  const otherOutside = markerOutside(before, after, other);
  if (otherInside || otherOutside) return toggleWrap(s, other, "italic text");
  return toggleWrap(s, marker, "italic text");
}

const BULLET = /^(\s*)[-*+][ \t]+/;
const NUMBERED = /^(\s*)\d{1,9}[.)][ \t]+/;

/** The start and end of the whole lines a selection touches (a selection ending at a line's start leaves that line out). */
function lineRange(s: TextSelection): { from: number; to: number } {
  const from = s.value.lastIndexOf("\n", s.start - 1) + 1;
  const endAt = s.end > s.start && s.value[s.end - 1] === "\n" ? s.end - 1 : s.end;
  const next = s.value.indexOf("\n", endAt);
  return { from, to: next === -1 ? s.value.length : next };
}

/**
 * Bulleted list on and off for the lines the selection touches: each non-blank line gets "- "
 * (a numbered line's number is replaced), or, when every one already is a bullet, loses it.
 */
export function toggleBulletList(s: TextSelection): TextSelection {
  const { from, to } = lineRange(s);
  const block = s.value.slice(from, to);
  const lines = block.split("\n");
  const filled = lines.filter((line) => line.trim());
  const allBullets = filled.length > 0 && filled.every((line) => BULLET.test(line));
  const changed = lines.map((line) => {
    if (allBullets) return line.replace(BULLET, "$1");
    if (!line.trim()) return lines.length === 1 ? "- " : line;
    if (BULLET.test(line)) return line;
    return NUMBERED.test(line) ? line.replace(NUMBERED, "$1- ") : line.replace(/^(\s*)/, "$1- ");
  });
  const next = changed.join("\n");
  const value = `${s.value.slice(0, from)}${next}${s.value.slice(to)}`;
  if (s.start === s.end) {
    // Just the cursor: it stays by its words, moved by what changed in front of it on its line.
    const shift = (changed[0] ?? "").length - (lines[0] ?? "").length;
    const cursor = Math.min(from + next.length, Math.max(from, s.start + shift));
    return { value, start: cursor, end: cursor };
  }
  return { value, start: from, end: from + next.length };
}

const LOOKS_LIKE_URL = /^(?:https?:\/\/|mailto:|www\.)\S+$/i;

/**
 * A link: the selected words become `[words](https://)` with "https://" selected, ready for the
 * address to be pasted; a selected address becomes `[link text](address)` with "link text"
 * selected. With nothing selected: `[link text](https://)`.
 */
export function insertLink(s: TextSelection): TextSelection {
  const before = s.value.slice(0, s.start);
  const after = s.value.slice(s.end);
  const selected = s.value.slice(s.start, s.end).trim();
  if (LOOKS_LIKE_URL.test(selected)) {
    const url = /^www\./i.test(selected) ? `https://${selected}` : selected;
    const text = "link text";
    return { value: `${before}[${text}](${url})${after}`, start: s.start + 1, end: s.start + 1 + text.length };
  }
  const text = selected.replace(/\s*\n\s*/g, " ").replace(/[[\]]/g, "\\$&") || "link text";
  const url = "https://";
  const urlAt = s.start + text.length + 3;
  return { value: `${before}[${text}](${url})${after}`, start: urlAt, end: urlAt + url.length };
}

/**
 * The one stretch of text that differs between `before` and `after`: replacing `before`'s
 * [from, to) with `text` gives `after`. (The field makes its edit as one "typed" change there,
 * which keeps the browser's undo.)
 */
export function changedRange(before: string, after: string): { from: number; to: number; text: string } {
  let from = 0;
  const shortest = Math.min(before.length, after.length);
  while (from < shortest && before[from] === after[from]) from++;
  let tail = 0;
  while (tail < shortest - from && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { from, to: before.length - tail, text: after.slice(from, after.length - tail) };
}

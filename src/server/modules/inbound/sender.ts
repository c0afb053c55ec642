import type { AddressObject, ParsedMail } from "mailparser";

/**
 * Who an email is from. From is the only header we read the sender from (Sender and Reply-To are
 * never trusted), and a reply is posted as that person, so the header must be one clean mailbox:
 * exactly one From line, no control characters anywhere in it (mailparser silently drops a NUL,
 * so `anna@client.test\0` would otherwise read as the client), one address that is a plain
 * addr-spec, and no display name that shows a different address (`"anna@client.test"
 * <mallory@evil.test>`: a person reading the name would take it for Anna). Anything else is
 * malformed: quarantined for an admin, never posted as anyone.
 */
export interface Sender {
  /** The addr-spec, lower-cased; the best reading of it when the header is malformed (for the log). */
  address: string;
  /** Why the From header cannot be trusted, when it cannot. */
  malformed?: string;
}

/** A control character other than tab (NUL, CR, LF, DEL, C1…) in a header, once its folding (CRLF + space or tab) is undone. */
const CONTROL = /[^\P{Cc}\t]/u;
/**
 * On the raw line every control but tab and the C1 range: an 8-bit header (UTF-8 sent without
 * encoding, as a look-alike letter in "сlient") shows its bytes 0x80–0x9F there as C1 characters,
 * which are not what the sender wrote; the decoded address and name are checked for every control.
 */
const RAW_CONTROL = /[^\P{Cc}\t\u0080-\u009f]/u;

/**
 * An addr-spec as mail programs write one: a dot-atom local part (letters of any script allowed,
 * as SMTPUTF8 does) and a domain of at least two labels. Quoted local parts and address literals
 * are legal but no client contact writes from one.
 */
const ATEXT = "[\\p{L}\\p{M}\\p{N}!#$%&'*+/=?^_`{|}~-]";
const LABEL = "[\\p{L}\\p{N}](?:[\\p{L}\\p{M}\\p{N}-]*[\\p{L}\\p{M}\\p{N}])?";
const ADDR_SPEC = new RegExp(`^${ATEXT}+(?:\\.${ATEXT}+)*@${LABEL}(?:\\.${LABEL})+$`, "u");

/** Something that reads as an address in a display name (NFKC first, so a full-width ＠ counts). */
const SHOWN_ADDRESS = /[^\s<>,;:"'()[\]]+@[^\s<>,;:"'()[\]]+\.[^\s<>,;:"'()[\]]+/gu;

const isAddrSpec = (address: string) => address.length <= 254 && (address.split("@")[0]?.length ?? 0) <= 64 && ADDR_SPEC.test(address);

type Entry = AddressObject["value"][number];

function entriesOf(value: AddressObject | AddressObject[] | undefined): Entry[] {
  const objects = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return objects.flatMap((object) => object.value);
}

/** The raw From lines, unfolded (mailparser keeps each header line as it arrived). */
const fromLines = (mail: ParsedMail) =>
  (mail.headerLines ?? []).filter((h) => h.key === "from").map((h) => h.line.replace(/\r?\n[ \t]/g, " "));

export function senderOf(mail: ParsedMail): Sender {
  const entries = entriesOf(mail.from);
  const first = entries.flatMap((e) => (e.group ? e.group : [e])).find((e) => e.address)?.address ?? "";
  const malformed = (reason: string): Sender => ({ address: first.toLowerCase(), malformed: `Malformed: ${reason}` });
  const lines = fromLines(mail);
  if (lines.length === 0 || !first) return malformed("the message has no sender (From) address.");
  if (lines.length > 1) return malformed(`the message has ${lines.length} From headers; a reply must come from one sender.`);
  // Why on the raw line: mailparser drops NUL and other controls, so its parsed address looks clean.
  if (RAW_CONTROL.test(lines[0]!)) return malformed("the sender (From) contains control characters, so it cannot be trusted.");
  if (entries.length !== 1 || entries[0]!.group) {
    return malformed("the From header names several addresses or a group; a reply must come from one sender.");
  }
  const address = entries[0]!.address ?? "";
  const name = entries[0]!.name ?? "";
  // A NUL hidden in an encoded word (=?utf-8?b?…?=) shows only once mailparser has decoded it.
  if (CONTROL.test(address) || CONTROL.test(name)) {
    return malformed("the sender (From) contains control characters, so it cannot be trusted.");
  }
  if (!isAddrSpec(address)) return malformed(`the sender (From) ${JSON.stringify(address.slice(0, 100))} is not a valid email address.`);
  const lower = address.toLowerCase();
  const shown = (name.normalize("NFKC").match(SHOWN_ADDRESS) ?? []).map((a) => a.toLowerCase()).find((a) => a !== lower);
  if (shown) return malformed(`the sender's display name shows ${shown.slice(0, 100)}, but the message is from ${lower}.`);
  return { address: lower };
}

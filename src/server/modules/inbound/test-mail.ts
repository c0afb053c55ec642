import { readFileSync } from "node:fs";
import { newId } from "../../platform/ids";

/** Test helper: a fixture from ./fixtures with its {{PLACEHOLDERS}} filled in (CRLF kept). */
export function fixture(name: string, vars: Record<string, string> = {}): Buffer {
  let text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
  const values: Record<string, string> = { MESSAGE_ID: `<${newId()}@mail.example.com>`, REFERENCES: "", IN_REPLY_TO: "", ...vars };
  text = text.replace(/\{\{([A-Z_]+)\}\}/g, (whole, key: string) => values[key] ?? whole);
  // A thread header left empty is left out, as a mail client would.
  text = text.replace(/^(References|In-Reply-To): *\r\n/gm, "");
  return Buffer.from(text, "utf8");
}

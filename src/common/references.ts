/**
 * References that cannot be confused: every kind of object has its own visible prefix (an admin
 * setting, "SUP" for tickets and "WEB" for work requests by default), used on screen and in
 * email subjects. Numbers stay per kind; the prefix tells a ticket's 1042 from a task's.
 */
export const referenceOf = (prefix: string, number: number): string => `${prefix}-${number}`;

/** The number in "SUP-1042" when the prefix is the given one (any case); null otherwise. */
export function numberOfReference(prefix: string, text: string): number | null {
  const match = new RegExp(`\\b${prefix}-(\\d{1,9})\\b`, "i").exec(text);
  return match ? Number(match[1]) : null;
}

/** The number when the whole text is the reference, "SUP-1042" or "[SUP-1042]" (any case); null otherwise. */
export function numberOfWholeReference(prefix: string, text: string): number | null {
  const match = new RegExp(`^\\[?${prefix}-(\\d{1,9})\\]?$`, "i").exec(text);
  return match ? Number(match[1]) : null;
}

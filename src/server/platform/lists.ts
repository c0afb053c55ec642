/** Pieces every searchable, keyset-paged list uses (the ticket queue, the work-request archive). */

/** Where a keyset page ends: the sort value of its last row and the id that breaks ties. */
export interface Cursor {
  t: string;
  id: string;
}

/** The opaque `cursor` a list hands out for its next page. */
export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.t, c.id])).toString("base64url");

/** A cursor read back; undefined when it was not one of ours (the caller answers 400). */
export function decodeCursor(raw: string): Cursor | undefined {
  try {
    const [t, id] = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as [unknown, unknown];
    return typeof t === "string" && typeof id === "string" ? { t, id } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `%text%` for a case-insensitive LIKE on `lower(column)`, with LIKE's own wildcards in the
 * text escaped — use it with `escape '\'`, so a search for "50%" finds "50%", not "500".
 */
export const containsPattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

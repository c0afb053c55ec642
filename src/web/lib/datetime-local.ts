/** The `datetime-local` input's value and back: the viewer's zone on screen, ISO UTC on the wire. */

/** An ISO time (or epoch milliseconds) as a `datetime-local` input shows it, in the viewer's zone; "" for none. */
export function toLocalInput(at: string | number | null): string {
  if (at === null || at === "") return "";
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value (the viewer's zone) as ISO UTC, or null when empty or unreadable. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

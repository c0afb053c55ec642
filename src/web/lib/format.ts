import type { TRole, TUserState } from "../../common/schemas";

// Times are stored in UTC and shown in the viewer's own zone (the browser's default).
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

function parse(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function formatDateTime(iso: string | null | undefined): string {
  const date = iso ? parse(iso) : null;
  return date ? dateTime.format(date) : "—";
}

export function formatDate(iso: string | null | undefined): string {
  const date = iso ? parse(iso) : null;
  return date ? dateOnly.format(date) : "—";
}

/** "5 minutes ago", falling back to the date for anything older than a week. */
export function formatRelative(iso: string, now: Date = new Date()): string {
  const date = parse(iso);
  if (!date) return "—";
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return "just now";
  if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), "hour");
  if (abs < 7 * 86_400) return relative.format(Math.round(seconds / 86_400), "day");
  return dateTime.format(date);
}

export const ROLE_LABELS: Record<TRole, string> = { client: "Client", agent: "Agent", admin: "Admin" };

export const STATE_LABELS: Record<TUserState, string> = {
  invited: "Invited",
  awaiting_activation: "Awaiting activation",
  awaiting_approval: "Awaiting approval",
  active: "Active",
  suspended: "Suspended",
};

export const STATE_COLORS: Record<TUserState, string> = {
  invited: "violet",
  awaiting_activation: "gray",
  awaiting_approval: "orange",
  active: "green",
  suspended: "red",
};

/** 1536 → "1.5 KB". */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "";
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

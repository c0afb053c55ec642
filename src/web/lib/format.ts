import { eventLabel } from "../../common/events";
import type { TEvent, TRole, TUserState } from "../../common/schemas";

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

/** A domain event verb in plain words, from the server's own catalogue: `user.registered` → "Account registered". */
export const describeVerb = eventLabel;

function payloadText(payload: Record<string, unknown>, key: string): string | null {
  const value = payload[key];
  return typeof value === "string" && value.trim() ? value : null;
}

/** What an event was about, as a person would name it (e.g. a user's name or email). */
export function describeObject(event: Pick<TEvent, "objectType" | "objectId" | "payload">): string {
  const { payload } = event;
  const agent = payloadText(payload, "agentName");
  if (agent) return `Agent: ${agent}`;
  const named =
    payloadText(payload, "name") ??
    payloadText(payload, "email") ??
    payloadText(payload, "username") ??
    payloadText(payload, "subject") ??
    payloadText(payload, "summary") ??
    payloadText(payload, "title") ??
    payloadText(payload, "formName") ??
    payloadText(payload, "prompt") ??
    // An invoice's "INV-1001" (a ticket's or task's number is an integer, never matched here).
    payloadText(payload, "number");
  const words = event.objectType.replace(/_/g, " ");
  const type = words ? words.charAt(0).toUpperCase() + words.slice(1) : "Item";
  return named ? `${type}: ${named}` : `${type} ${event.objectId.slice(-6)}`;
}

/** "Jane Doe" → "JD", for avatars; one name → its first two letters; nothing → "?". Letters are counted whole (never half an emoji). */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return "?";
  const letters = (word: string | undefined) => [...(word ?? "")];
  const chosen = parts.length === 1 ? letters(parts[0]).slice(0, 2) : [letters(parts[0])[0], letters(parts[parts.length - 1])[0]];
  return chosen.join("").toUpperCase();
}

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

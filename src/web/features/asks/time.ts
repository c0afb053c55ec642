/** How asks say time: a countdown ("9:41 left"), a response time ("3 min 5 s"), a time of day ("14:20"). */
import { formatDateTime } from "../../lib/format";

const clock = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });
const pad = (n: number) => String(n).padStart(2, "0");

/** A response time in seconds: "42 s", "3 min 5 s", "2 h 5 min", "3 days 4 h"; null → "—". */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "—";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const rest = s % 60;
    return rest ? `${Math.floor(s / 60)} min ${rest} s` : `${s / 60} min`;
  }
  if (s < 86_400) {
    const minutes = Math.floor((s % 3600) / 60);
    return minutes ? `${Math.floor(s / 3600)} h ${minutes} min` : `${Math.floor(s / 3600)} h`;
  }
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  return `${days} ${days === 1 ? "day" : "days"}${hours ? ` ${hours} h` : ""}`;
}

/** What is left, as the countdown shows it: "9:41", "1:05:09", "2 days 3 h" (seconds rounded up: "0:01" until it is over). */
export function countdownText(msLeft: number): string {
  const total = Math.max(0, Math.ceil(msLeft / 1000));
  if (total >= 86_400) {
    const days = Math.floor(total / 86_400);
    const hours = Math.floor((total % 86_400) / 3600);
    return `${days} ${days === 1 ? "day" : "days"}${hours ? ` ${hours} h` : ""}`;
  }
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

/**
 * What is left in words, to the minute (a screen reader's label must not change every second):
 * "less than a minute", "about 10 minutes", "about 3 hours", "about 2 days".
 */
export function countdownWords(msLeft: number): string {
  const minutes = Math.ceil(Math.max(0, msLeft) / 60_000);
  if (minutes <= 1) return "less than a minute";
  if (minutes < 90) return `about ${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `about ${hours} hours`;
  return `about ${Math.round(hours / 24)} days`;
}

/** "14:20" today, the date and time otherwise (the viewer's zone). */
export function formatClock(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "—";
  return date.toDateString() === now.toDateString() ? clock.format(date) : formatDateTime(iso);
}

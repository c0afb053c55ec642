import { Group, type MantineSize, Text } from "@mantine/core";
import { IconClockHour4 } from "@tabler/icons-react";
import { useEffect, useRef, useState } from "react";
import { countdownText, countdownWords, formatClock } from "./time";

/** Under this much time left the countdown turns urgent. */
const URGENT_MS = 60_000;

/**
 * The time now, ticking once a second on the second of `dueMs` (so "9:41" turns into "9:40"
 * exactly when a second of the deadline passes), and no longer once the deadline has passed.
 */
function useNowUntil(dueMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!Number.isFinite(dueMs)) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const schedule = () => {
      const current = Date.now();
      setNow(current);
      const left = dueMs - current;
      if (left <= 0) return;
      // Wake a few milliseconds after the next whole second before the deadline.
      timer = setTimeout(schedule, (left % 1000 || 1000) + 5);
    };
    schedule();
    return () => {
      if (timer) clearTimeout(timer);
    };
  }, [dueMs]);
  return now;
}

interface CountdownProps {
  /** The deadline (ISO time). */
  deadline: string;
  /** After the time: "left" ("9:41 left"), or e.g. "until it is deleted". */
  suffix?: string;
  /** What it says once the time is up. */
  expiredLabel?: string;
  size?: MantineSize;
  /** Called once when the time runs out while shown (e.g. to refetch: the server now refuses answers). */
  onExpire?: () => void;
}

/**
 * "9:41 left", ticking each second; urgent red under a minute; "Expired" at zero. A timer for
 * assistive technology (`role="timer"`, not live: nothing is announced as it ticks), named in
 * words that change once a minute at most: "about 10 minutes left, until 14:20".
 */
export function Countdown({ deadline, suffix = "left", expiredLabel = "Expired", size = "sm", onExpire }: CountdownProps) {
  const dueMs = Date.parse(deadline);
  const now = useNowUntil(dueMs);
  const left = Number.isFinite(dueMs) ? dueMs - now : 0;
  const over = left <= 0;
  const urgent = !over && left < URGENT_MS;

  const fired = useRef(false);
  const expire = useRef(onExpire);
  expire.current = onExpire;
  useEffect(() => {
    if (!over) {
      fired.current = false;
      return;
    }
    if (fired.current) return;
    fired.current = true;
    expire.current?.();
  }, [over]);

  const until = formatClock(deadline);
  const label = over ? `${expiredLabel} (at ${until})` : `${countdownWords(left)} ${suffix}, until ${until}`;
  return (
    <Group
      component="span"
      role="timer"
      aria-live="off"
      aria-label={label.charAt(0).toUpperCase() + label.slice(1)}
      title={`Until ${until}`}
      gap={4}
      wrap="nowrap"
      display="inline-flex"
      style={{ verticalAlign: "middle" }}
    >
      <IconClockHour4 size={size === "xs" ? 14 : size === "sm" ? 16 : 20} aria-hidden="true" color={colorOf(over, urgent)} />
      <Text
        component="span"
        size={size}
        fw={700}
        c={colorOf(over, urgent)}
        style={{ fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" }}
        aria-hidden="true"
      >
        {over ? expiredLabel : `${countdownText(left)} ${suffix}`}
      </Text>
    </Group>
  );
}

/** Dark shades: readable (4.5:1 and more) on white and on the pale tints the rows use. */
function colorOf(over: boolean, urgent: boolean): string {
  return over ? "var(--mantine-color-gray-7)" : urgent ? "var(--mantine-color-red-9)" : "var(--mantine-color-dark-7)";
}

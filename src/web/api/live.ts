/**
 * Live updates: one Server-Sent Events connection for the logged-in app. A push only says
 * *what* changed (object type and id); the matching queries are invalidated and refetched
 * through the API, so nothing from the push is ever rendered and every read stays checked by
 * the server's policies.
 */

import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { TStreamChange } from "../../common/notifications";
import { askLiveKeys } from "../features/asks/api";
import { billingLiveKeys } from "../features/billing/api";
import { boardLiveKeys } from "../features/board/api";
import { clientLiveKeys } from "../features/clients/api";
import { dashboardKeys } from "../features/dashboard/api";
import { journeyLiveKeys } from "../features/journey/api";
import { noticeLiveKeys } from "../features/notices/api";
import { notificationKeys } from "../features/notifications/api";
import { onboardingLiveKeys } from "../features/onboarding/api";
import { ticketLiveKeys } from "../features/tickets/api";
import { updateLiveKeys } from "../features/updates/api";
import type { Key, LiveKeys } from "./cache";

/**
 * Every feature's live keys, by the object type its server module records events on. A new
 * feature adds its map here (the features' object types never overlap; a test holds them to it).
 */
export const FEATURE_LIVE_KEYS: readonly LiveKeys[] = [
  ticketLiveKeys,
  boardLiveKeys,
  clientLiveKeys,
  journeyLiveKeys,
  onboardingLiveKeys,
  noticeLiveKeys,
  updateLiveKeys,
  askLiveKeys,
  billingLiveKeys,
];
const LIVE: LiveKeys = Object.assign({}, ...FEATURE_LIVE_KEYS);

/** The cached reads a change to this object can make stale; an unknown kind still refreshes the dashboard. */
export function keysForChange(change: Partial<TStreamChange>): Key[] {
  const type = typeof change.objectType === "string" ? change.objectType : "";
  const id = typeof change.objectId === "string" ? change.objectId : "";
  const forType = Object.hasOwn(LIVE, type) ? LIVE[type] : undefined;
  return [notificationKeys.list, ...(forType ? forType(id) : [dashboardKeys.all])];
}

/** Everything a feature shows that pushes keep current (refreshed when pushes may have been missed). */
const everythingLive = (): Key[] => [notificationKeys.list, dashboardKeys.all, ...Object.values(LIVE).flatMap((keys) => keys(""))];

function parseChange(data: unknown): Partial<TStreamChange> {
  if (typeof data !== "string") return {};
  try {
    const parsed: unknown = JSON.parse(data);
    return parsed && typeof parsed === "object" ? (parsed as Partial<TStreamChange>) : {};
  } catch {
    return {};
  }
}

/** Collects keys for a moment so a burst of changes refetches each query once. */
function batcher(queryClient: QueryClient) {
  const pending = new Map<string, Key>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    for (const queryKey of pending.values()) void queryClient.invalidateQueries({ queryKey });
    pending.clear();
  };
  return {
    add(keys: Key[]) {
      for (const key of keys) pending.set(JSON.stringify(key), key);
      timer ??= setTimeout(flush, 120);
    },
    cancel() {
      if (timer) clearTimeout(timer);
    },
  };
}

/**
 * Opens `/api/stream` while mounted (in the logged-in layout). EventSource reconnects by
 * itself and sends Last-Event-ID, so missed changes are replayed by the server; after a
 * reconnect every live read is refreshed anyway in case the replay window was exceeded.
 */
export function LiveUpdates(): null {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === "undefined") return;
    const source = new EventSource("/api/stream", { withCredentials: true });
    const batch = batcher(queryClient);
    let dropped = false;
    source.addEventListener("change", (event) => batch.add(keysForChange(parseChange((event as MessageEvent).data))));
    source.addEventListener("notification", () => batch.add([notificationKeys.list]));
    // The server could not replay everything missed while disconnected: refresh what is shown.
    source.addEventListener("reset", () => batch.add(everythingLive()));
    source.addEventListener("error", () => {
      dropped = true;
    });
    source.addEventListener("open", () => {
      if (!dropped) return;
      dropped = false;
      batch.add(everythingLive());
    });
    return () => {
      batch.cancel();
      source.close();
    };
  }, [queryClient]);
  return null;
}

/**
 * Live updates: one Server-Sent Events connection for the logged-in app. A push only says
 * *what* changed (object type and id); the matching queries are invalidated and refetched
 * through the API, so nothing from the push is ever rendered and every read stays checked by
 * the server's policies.
 */

import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import type { TStreamChange } from "../../common/notifications";
import { boardKeys } from "./board";
import { notificationKeys } from "./notifications";
import { ticketKeys } from "./tickets";

type Key = readonly unknown[];

/** The cached reads a change to this object can make stale. */
export function keysForChange(change: Partial<TStreamChange>): Key[] {
  const type = typeof change.objectType === "string" ? change.objectType : "";
  const id = typeof change.objectId === "string" ? change.objectId : "";
  const keys: Key[] = [notificationKeys.list];
  if (type === "ticket") {
    keys.push(id ? ticketKeys.detail(id) : ["ticket"], ticketKeys.lists, ["dashboard"]);
  } else if (type.startsWith("ticket_message") || type === "message") {
    // A message names its own id, not its ticket's: refresh every open ticket.
    keys.push(["ticket"], ticketKeys.lists, ["dashboard"]);
  } else if (type === "task") {
    keys.push(id ? boardKeys.task(id) : ["task"], boardKeys.boards, boardKeys.archive, boardKeys.waiting, ["dashboard"]);
  } else if (type === "request_type") {
    keys.push(boardKeys.requestTypes, boardKeys.adminRequestTypes, boardKeys.boards);
  } else if (type === "task_template") {
    keys.push(boardKeys.adminTemplates, boardKeys.boards, ["task-template"]);
  } else if (type.includes("category")) {
    keys.push(ticketKeys.categories, ticketKeys.adminCategories);
  } else if (type.includes("canned")) {
    keys.push(ticketKeys.cannedReplies);
  } else if (type === "account") {
    keys.push(["accounts"], id ? ["account", id] : ["account"], ["dashboard"]);
  } else {
    keys.push(["dashboard"]);
  }
  return keys;
}

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
 * reconnect the ticket reads are refreshed anyway in case the replay window was exceeded.
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
    source.addEventListener("reset", () =>
      batch.add([["ticket"], ticketKeys.lists, ["task"], boardKeys.boards, notificationKeys.list, ["dashboard"]]),
    );
    source.addEventListener("error", () => {
      dropped = true;
    });
    source.addEventListener("open", () => {
      if (!dropped) return;
      dropped = false;
      batch.add([["ticket"], ticketKeys.lists, ["task"], boardKeys.boards, notificationKeys.list]);
    });
    return () => {
      batch.cancel();
      source.close();
    };
  }, [queryClient]);
  return null;
}

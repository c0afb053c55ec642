/**
 * Web Push on the Account page: this browser's side (can it, is it allowed, its subscription —
 * kept as a query so every write refreshes it like server data) and the person's devices on the
 * server. The endpoint travels in a header, never the URL: it is a capability, and URLs are logged.
 */
import { useMutation, useQuery } from "@tanstack/react-query";
import {
  PUSH_ENDPOINT_HEADER,
  type TPushDevice,
  type TPushDeviceList,
  type TPushDeviceResponse,
  type TPushKeyResponse,
} from "../../../common/push";
import { useInvalidate } from "../../api/cache";
import { ApiError, api } from "../../api/client";

export const pushKeys = {
  /** Every read of push state: this browser's and the devices list. */
  all: ["push"] as const,
  browser: ["push", "browser"] as const,
  devices: (endpoint: string | null) => ["push", "devices", endpoint] as const,
};

/**
 * What this browser can do: `unsupported` (no Push API: most in-app browsers, iOS Safari outside
 * the Home Screen), `insecure` (plain http), `no-worker` (the service worker is not running: a
 * development build, or it failed to register), else `supported` with the permission and the
 * endpoint of its subscription, if it has one.
 */
export type BrowserPush =
  | { support: "unsupported" | "insecure" | "no-worker" }
  | { support: "supported"; permission: NotificationPermission; endpoint: string | null };

/** The service worker's registration once active, or undefined when none becomes active soon. */
async function activeRegistration(): Promise<ServiceWorkerRegistration | undefined> {
  if (!(await navigator.serviceWorker.getRegistration())) return undefined;
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5000));
  return Promise.race([navigator.serviceWorker.ready, timeout]);
}

async function readBrowserPush(): Promise<BrowserPush> {
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) return { support: "unsupported" };
  if (!window.isSecureContext) return { support: "insecure" };
  const registration = await activeRegistration();
  if (!registration) return { support: "no-worker" };
  const subscription = await registration.pushManager.getSubscription();
  return { support: "supported", permission: Notification.permission, endpoint: subscription?.endpoint ?? null };
}

export function useBrowserPush() {
  return useQuery({ queryKey: pushKeys.browser, queryFn: readBrowserPush, staleTime: Number.POSITIVE_INFINITY, retry: false });
}

/** The person's devices; `currentEndpoint` (this browser's subscription) marks "This device". */
export function usePushDevices(currentEndpoint: string | null, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: pushKeys.devices(currentEndpoint),
    queryFn: () =>
      api<TPushDeviceList>("/api/push/subscriptions", { headers: currentEndpoint ? { [PUSH_ENDPOINT_HEADER]: currentEndpoint } : {} }),
    enabled: options.enabled ?? true,
  });
}

function bytesOf(base64url: string): Uint8Array<ArrayBuffer> {
  const binary = atob(
    base64url
      .replace(/-/g, "+")
      .replace(/_/g, "/")
      .padEnd(Math.ceil(base64url.length / 4) * 4, "="),
  );
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function sameBytes(a: ArrayBuffer | null, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.length) return false;
  const view = new Uint8Array(a);
  return view.every((byte, i) => byte === b[i]);
}

/** Thrown when the person (or the browser) did not allow notifications: the page explains how to. */
export class PermissionRefused extends Error {
  constructor(readonly permission: NotificationPermission) {
    super("Notifications are not allowed for this portal in this browser.");
  }
}

/**
 * Asks for permission, subscribes this browser with the portal's key and saves the subscription.
 * A subscription made with another key (the portal's keys changed) is replaced, or the push
 * service would refuse every message signed with the new one.
 */
async function turnOnPush(): Promise<TPushDeviceResponse> {
  const permission = await Notification.requestPermission();
  if (permission !== "granted") throw new PermissionRefused(permission);
  const registration = await activeRegistration();
  if (!registration)
    throw new ApiError(0, "no_service_worker", "Notifications are not available in this window. Reload the page and try again.");
  const { data } = await api<TPushKeyResponse>("/api/push/key");
  const key = bytesOf(data.publicKey);
  let subscription = await registration.pushManager.getSubscription();
  if (subscription && !sameBytes(subscription.options.applicationServerKey, key)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  try {
    subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  } catch (error) {
    if (error instanceof DOMException && error.name === "NotAllowedError") throw new PermissionRefused("denied");
    throw new ApiError(
      0,
      "push_service_unreachable",
      "This browser could not reach its notification service. Check your connection and try again.",
    );
  }
  const { endpoint, keys, expirationTime } = subscription.toJSON();
  if (!endpoint || !keys?.p256dh || !keys.auth) throw new ApiError(0, "push_unsupported", "This browser gave no usable subscription.");
  return api<TPushDeviceResponse>("/api/push/subscriptions", {
    method: "POST",
    body: { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth }, expirationTime: expirationTime ?? null },
  });
}

export function useTurnOnPush() {
  const invalidate = useInvalidate();
  return useMutation({ mutationFn: turnOnPush, onSettled: () => invalidate(pushKeys.all) });
}

/** Removes a device; removing this browser's own also ends its subscription, so nothing lingers in it. */
export function useRemovePushDevice() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: async (device: TPushDevice) => {
      await api<void>(`/api/push/subscriptions/${encodeURIComponent(device.id)}`, { method: "DELETE" });
      if (device.current) {
        const registration = await navigator.serviceWorker?.getRegistration();
        await (await registration?.pushManager.getSubscription())?.unsubscribe();
      }
    },
    onSettled: () => invalidate(pushKeys.all),
  });
}

import { createHash } from "node:crypto";
import { isIP } from "node:net";
import { type Static, Type } from "typebox";
import webpush from "web-push";
import type { Config } from "./config";
import type { Executor } from "./db/database";
import { validation } from "./errors";
import { defineJob, enqueue } from "./jobs";

/*
 * Web Push, the third way a person hears of something (after the bell and email): a job per
 * person per notification, sent to each browser they turned notifications on for, signed with the
 * portal's VAPID key (config.ts) and encrypted for that browser (RFC 8291, aes128gcm) by the
 * `web-push` library. The push module owns the subscriptions (its routes and queries) and runs
 * the job; this file is what the rest of the server needs: the job type, `queuePush`, the
 * endpoint rule and one delivery.
 */

/** What a lock screen shows and where a tap goes (a path inside the portal), grouped by `tag`. */
export const ZPushMessage = Type.Object({
  userId: Type.String({ minLength: 1 }),
  title: Type.String(),
  body: Type.String(),
  url: Type.String(),
  /** Notifications with one tag replace each other on the device ("ask:<id>"). */
  tag: Type.String(),
});
export type PushMessage = Static<typeof ZPushMessage>;

/**
 * A push is worth sending for minutes, not days: a one-time code is asked for now. The push
 * service drops it after this long, and a job still queued after it gives up (see the handler).
 */
export const PUSH_TTL_SECONDS = 600;

/** One push to one person's devices. Five attempts (10 s … 80 s apart) fit well inside the TTL. */
export const sendPush = defineJob({ id: "push.send", version: 1, payload: ZPushMessage, maxAttempts: 5 });

/** Push services cap the encrypted payload near 4 KB: lock screens show little more than this anyway. */
const MAX_TITLE = 120;
const MAX_BODY = 400;
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Queues a push in the caller's transaction (it exists only if the change commits), only when the
 * person has turned notifications on for at least one device: most people never do, and an
 * event that tells twenty of them must not queue twenty jobs that find nothing to send.
 */
export async function queuePush(tx: Executor, message: PushMessage): Promise<string | undefined> {
  // The one read of the push module's table outside it: whether there is anything to send to.
  const device = await tx.selectFrom("push_subscriptions").select("id").where("user_id", "=", message.userId).limit(1).executeTakeFirst();
  if (!device) return undefined;
  return enqueue(tx, sendPush, { ...message, title: clip(message.title, MAX_TITLE), body: clip(message.body, MAX_BODY) });
}

/**
 * The push services browsers subscribe with (by host suffix). Why a list: the server POSTs to
 * whatever URL a subscription names, so an open endpoint would let any signed-in person make the
 * server call an internal address (SSRF). Anything else must be named in PUSH_ALLOWED_HOSTS.
 */
const KNOWN_PUSH_HOSTS = [
  "fcm.googleapis.com", // Chrome, Edge on Android, Opera, Samsung Internet, Brave
  "push.services.mozilla.com", // Firefox (updates.push.services.mozilla.com)
  "notify.windows.com", // Edge on Windows (wns2-*.notify.windows.com)
  "push.apple.com", // Safari on macOS and iOS (web.push.apple.com)
] as const;

const isKnownPushHost = (hostname: string) => KNOWN_PUSH_HOSTS.some((known) => hostname === known || hostname.endsWith(`.${known}`));

/** A host of PUSH_ALLOWED_HOSTS: `host:port` names that port only, `host` its scheme's default port. */
function isAllowedHost(url: URL, allowedHosts: readonly string[]): boolean {
  const host = url.host.toLowerCase();
  return allowedHosts.some((allowed) => allowed === host || (allowed === url.hostname.toLowerCase() && url.port === ""));
}

/**
 * A subscription's endpoint, checked: https on a known push service's host (default port, no
 * credentials in it), or any http(s) URL on a host of PUSH_ALLOWED_HOSTS. Anything else is a 400
 * naming `endpoint`.
 */
export function checkPushEndpoint(endpoint: string, allowedHosts: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw validation("endpoint", "The push endpoint is not a URL.");
  }
  if (url.username || url.password) throw validation("endpoint", "A push endpoint never carries a user name or password.");
  if (isAllowedHost(url, allowedHosts)) {
    if (url.protocol !== "https:" && url.protocol !== "http:") throw validation("endpoint", "A push endpoint is an http(s) URL.");
    return url;
  }
  if (url.protocol !== "https:") throw validation("endpoint", "A push endpoint must be an https URL.");
  // Why no IP literals and no other port: the known services are names on 443; anything else is not one of them.
  if (isIP(url.hostname.replace(/^\[|\]$/g, "")) || url.port !== "" || !isKnownPushHost(url.hostname.toLowerCase())) {
    throw validation("endpoint", `${url.hostname} is not a push service this portal sends to.`);
  }
  return url;
}

/** A push service's answer that is neither a yes nor "this subscription is gone": retried. */
export class PushRefused extends Error {
  constructor(
    readonly status: number,
    detail: string,
  ) {
    super(`the push service answered ${status}${detail ? `: ${detail.slice(0, 200)}` : ""}`);
  }
}

/** A tag as an RFC 8030 Topic: at most 32 base64url characters, so a digest of it. */
export const pushTopic = (tag: string) => createHash("sha256").update(tag).digest("base64url").slice(0, 32);

/** How long one push service may take to answer before the attempt counts as failed. */
const SEND_TIMEOUT_MS = 10_000;

export interface PushTarget {
  endpoint: string;
  p256dh: string;
  auth: string;
}

/**
 * Sends one message to one browser. `sent`: the push service took it. `gone`: it answered 404 or
 * 410 — the browser unsubscribed or the subscription expired — so the caller deletes it.
 * `refused`: the endpoint is no longer allowed (PUSH_ALLOWED_HOSTS changed); nothing is sent.
 * Any other answer, a timeout or a network failure throws, and the job retries.
 *
 * Why `generateRequestDetails` and fetch rather than web-push's `sendNotification`: the library
 * still signs (VAPID JWT), encrypts (aes128gcm) and sets TTL and Urgency, but its sender always
 * speaks https through node's https module; fetch also reaches an allowed plain-http host (the
 * tests' stand-in), never follows a redirect to another host, and is bounded by a timeout.
 */
export async function deliverPush(
  config: Pick<Config, "vapidPublicKey" | "vapidPrivateKey" | "vapidSubject" | "pushAllowedHosts">,
  target: PushTarget,
  message: Pick<PushMessage, "title" | "body" | "url" | "tag">,
): Promise<"sent" | "gone" | "refused"> {
  try {
    checkPushEndpoint(target.endpoint, config.pushAllowedHosts);
  } catch {
    return "refused";
  }
  const payload = JSON.stringify({ title: message.title, body: message.body, url: message.url, tag: message.tag });
  const request = webpush.generateRequestDetails(
    { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
    payload,
    {
      vapidDetails: { subject: config.vapidSubject, publicKey: config.vapidPublicKey, privateKey: config.vapidPrivateKey },
      TTL: PUSH_TTL_SECONDS,
      urgency: "high",
      // RFC 8030 Topic: a push still waiting at the push service (the phone is off) is replaced
      // by a newer one with the same tag, so the phone wakes to the latest, not to both.
      topic: pushTopic(message.tag),
      contentEncoding: "aes128gcm",
    },
  );
  const headers = Object.fromEntries(
    // fetch sets Content-Length from the body itself.
    Object.entries(request.headers)
      .filter(([name]) => name.toLowerCase() !== "content-length")
      .map(([name, value]) => [name, String(value)]),
  );
  const response = await fetch(request.endpoint, {
    method: "POST",
    headers,
    body: request.body ? new Uint8Array(request.body) : undefined,
    redirect: "manual",
    signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
  });
  const detail = await response.text().catch(() => "");
  if (response.status >= 200 && response.status < 300) return "sent";
  if (response.status === 404 || response.status === 410) return "gone";
  throw new PushRefused(response.status, detail);
}

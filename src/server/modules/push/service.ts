import { createPublicKey } from "node:crypto";
import {
  MAX_PUSH_DEVICES,
  type TCreatePushSubscriptionRequest,
  type TPushDevice,
  type TPushDeviceList,
  type TPushDeviceResponse,
  type TPushKeyResponse,
} from "../../../common/push";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import { conflict, notFound, validation } from "../../platform/errors";
import { newId, nowIso } from "../../platform/ids";
import { jobHandler } from "../../platform/jobs";
import { checkPushEndpoint, deliverPush, PUSH_TTL_SECONDS, sendPush } from "../../platform/push";
import { getSettings } from "../../platform/settings";
import { findFile } from "../files/queries";
import { deviceLabel } from "./device-label";
import { initialsIcon, webManifest } from "./manifest";
import * as q from "./queries";

/*
 * A person's devices for Web Push: they turn notifications on in a browser (the Account page),
 * see the list, remove one. Each notification with a push (a topic's `push` hook) becomes a
 * `push.send` job, run here: one POST per device to its push service.
 */

/** The public VAPID key the browser subscribes with. */
export function pushKey(ctx: AppContext): TPushKeyResponse {
  return { data: { publicKey: ctx.config.vapidPublicKey } };
}

function present(row: q.PushSubscriptionRow, currentEndpoint: string | undefined): TPushDevice {
  return {
    id: row.id,
    label: row.label,
    service: hostOf(row.endpoint),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    current: currentEndpoint !== undefined && row.endpoint === currentEndpoint,
  };
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return "";
  }
}

/** The caller's own devices; `currentEndpoint` (the browser's own subscription) marks "This device". */
export async function listDevices(ctx: AppContext, actor: Actor, currentEndpoint: string | undefined): Promise<TPushDeviceList> {
  return { data: (await q.devicesOf(ctx.db, actor.id)).map((row) => present(row, currentEndpoint)) };
}

/** Strict base64url (what browsers send, padding allowed) decoded, or undefined. */
function base64url(value: string): Buffer | undefined {
  return /^[A-Za-z0-9_-]+={0,2}$/.test(value) ? Buffer.from(value, "base64url") : undefined;
}

/**
 * The browser's keys (RFC 8291): `p256dh` an uncompressed P-256 point (65 bytes, 0x04 then x
 * and y) that lies on the curve — else encrypting for it would fail in every job — and `auth`
 * 16 random bytes.
 */
function checkBrowserKeys(keys: TCreatePushSubscriptionRequest["keys"]): void {
  const point = base64url(keys.p256dh);
  if (point?.length !== 65 || point[0] !== 0x04) {
    throw validation("keys.p256dh", "The browser's key is not a P-256 public key (65 bytes, base64url).");
  }
  try {
    createPublicKey({
      key: { kty: "EC", crv: "P-256", x: point.subarray(1, 33).toString("base64url"), y: point.subarray(33).toString("base64url") },
      format: "jwk",
    });
  } catch {
    throw validation("keys.p256dh", "The browser's key is not a point on the P-256 curve.");
  }
  const auth = base64url(keys.auth);
  if (auth?.length !== 16) throw validation("keys.auth", "The browser's auth secret must be 16 bytes, base64url.");
}

/**
 * Turns notifications on for the browser that sent its subscription (201 with the device). The
 * endpoint must be a known push service (or PUSH_ALLOWED_HOSTS: see platform/push.ts); the same
 * endpoint again updates the device, and moves it to the caller if it was someone else's.
 */
export async function subscribeDevice(
  ctx: AppContext,
  actor: Actor,
  input: TCreatePushSubscriptionRequest,
  userAgent: string | undefined,
): Promise<TPushDeviceResponse> {
  checkPushEndpoint(input.endpoint, ctx.config.pushAllowedHosts);
  // Stored as the browser gave it: the list compares it with the browser's own to mark "This device".
  const endpoint = input.endpoint;
  checkBrowserKeys(input.keys);
  const label = input.label?.trim() || deviceLabel(userAgent);
  return ctx.db.transaction().execute(async (tx) => {
    const existing = await q.findByEndpoint(tx, endpoint);
    const mine = existing?.user_id === actor.id;
    if (!mine && (await q.countDevices(tx, actor.id)) >= MAX_PUSH_DEVICES) {
      throw conflict(`Notifications are on for ${MAX_PUSH_DEVICES} of your devices already. Remove one you no longer use first.`);
    }
    await q.upsertDevice(tx, {
      id: newId(),
      user_id: actor.id,
      endpoint,
      p256dh: input.keys.p256dh,
      auth: input.keys.auth,
      label,
      created_at: nowIso(),
      last_used_at: null,
    });
    const row = await q.findByEndpoint(tx, endpoint);
    if (!row) throw new Error("the push subscription just saved is missing");
    return { data: present(row, endpoint) };
  });
}

/** Turns notifications off for one of the caller's devices; anyone else's is a 404. */
export async function removeDevice(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  if (!(await q.deleteOwnDevice(ctx.db, actor.id, id))) throw notFound("Device");
}

/**
 * Runs `push.send`: the message to each of the person's devices. A device the push service
 * calls gone (404/410) is forgotten; any other failure fails the attempt once every device was
 * tried, and the job retries (five attempts). A retry sends again to the devices that took it
 * the first time: the notification carries the same tag, so it replaces the first on screen.
 */
export function pushJob(ctx: AppContext) {
  return jobHandler(sendPush, async (message, job) => {
    // Past its TTL the push service would drop it anyway, and a code asked for then is stale.
    if (Date.now() - Date.parse(job.created_at) > PUSH_TTL_SECONDS * 1000) return "skipped";
    const devices = await q.devicesOf(ctx.db, message.userId);
    if (devices.length === 0) return "skipped";
    const failures: string[] = [];
    for (const device of devices) {
      try {
        const outcome = await deliverPush(ctx.config, device, message);
        if (outcome === "sent") await q.markDeviceUsed(ctx.db, device.id, nowIso());
        else if (outcome === "gone") await q.deleteGoneDevice(ctx.db, device.id, device.endpoint);
        // Never log the endpoint: it is a capability to push to that browser.
        else ctx.log.warn({ device: device.id, host: hostOf(device.endpoint) }, "push endpoint no longer allowed; not sent");
      } catch (error) {
        failures.push(`device ${device.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (failures.length > 0)
      throw new Error(`push not delivered to ${failures.length} of ${devices.length} devices (${failures.join("; ")})`);
    return "done";
  });
}

/** The web app manifest from the branding as it stands (see manifest.ts). */
export async function manifestFor(ctx: AppContext) {
  const settings = await getSettings(ctx.db);
  const logo = settings.logoFileId ? await findFile(ctx.db, settings.logoFileId) : undefined;
  return webManifest(settings, logo?.content_type);
}

/** The initials icon from the branding as it stands. */
export async function iconFor(ctx: AppContext, maskable: boolean): Promise<string> {
  return initialsIcon(await getSettings(ctx.db), maskable);
}

/**
 * Web Push: the browsers (a phone, a laptop) on which a person turned notifications on, so a
 * request for a one-time code reaches them in seconds. Request and response schemas shared by
 * server and web.
 */
import { type Static, Type } from "typebox";
import { ZId } from "./schemas";

/** The most devices one person keeps notifications on for. */
export const MAX_PUSH_DEVICES = 20;
export const MAX_PUSH_LABEL = 80;
/** The header the web app sends with its own subscription's endpoint, so the list can mark "This device". */
export const PUSH_ENDPOINT_HEADER = "x-push-endpoint";

export const ZPushKeyResponse = Type.Object({
  data: Type.Object({
    /** The VAPID public key (base64url), the `applicationServerKey` of `pushManager.subscribe`. */
    publicKey: Type.String(),
  }),
});
export type TPushKeyResponse = Static<typeof ZPushKeyResponse>;

/** What the browser's `PushSubscription.toJSON()` gives, and an optional name for the device. */
export const ZCreatePushSubscriptionRequest = Type.Object({
  endpoint: Type.String({ minLength: 1, maxLength: 2048, description: "The push service URL of this browser" }),
  /** Browsers add it (null); the server ignores it. */
  expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  keys: Type.Object({
    p256dh: Type.String({ minLength: 1, maxLength: 200, description: "base64url P-256 public key (65 bytes)" }),
    auth: Type.String({ minLength: 1, maxLength: 100, description: "base64url auth secret (16 bytes)" }),
  }),
  label: Type.Optional(Type.String({ maxLength: MAX_PUSH_LABEL, description: "What the devices list calls it" })),
});
export type TCreatePushSubscriptionRequest = Static<typeof ZCreatePushSubscriptionRequest>;

export const ZPushDevice = Type.Object({
  id: ZId,
  /** "Chrome on Android", or the name given when it was turned on. */
  label: Type.String(),
  /** The push service's host (fcm.googleapis.com): never the endpoint itself, which is a capability. */
  service: Type.String(),
  createdAt: Type.String(),
  /** When a notification last reached the push service for it, or null. */
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  /** It is the browser that asked (its endpoint came in the x-push-endpoint header). */
  current: Type.Boolean(),
});
export type TPushDevice = Static<typeof ZPushDevice>;

export const ZPushDeviceList = Type.Object({ data: Type.Array(ZPushDevice) });
export type TPushDeviceList = Static<typeof ZPushDeviceList>;

export const ZPushDeviceResponse = Type.Object({ data: ZPushDevice });
export type TPushDeviceResponse = Static<typeof ZPushDeviceResponse>;

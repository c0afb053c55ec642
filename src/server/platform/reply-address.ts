import { hmac, safeEqual } from "./auth/tokens";
import type { Config } from "./config";

/** The domain replies go to: MAIL_FROM's domain (its MX should reach the inbound listener). */
export function replyDomain(config: Pick<Config, "mailFrom" | "publicUrl">): string {
  const match = config.mailFrom.match(/@([^>\s]+)>?\s*$/);
  return match?.[1] ?? new URL(config.publicUrl).hostname;
}

/** Lower-case hex: mail systems may change the case of an address's local part. */
function signature(secret: string, objectType: string, objectId: string): string {
  return Buffer.from(hmac(secret, `reply:${objectType}:${objectId}`), "base64url")
    .toString("hex")
    .slice(0, 20);
}

/**
 * A per-object signed reply address, e.g. `reply+ticket.<id>.<sig>@agency.com`. The signature
 * stops anyone from posting into a ticket by guessing its id.
 */
export function replyAddressFor(
  config: Pick<Config, "sessionSecret" | "mailFrom" | "publicUrl">,
  objectType: string,
  objectId: string,
): string {
  return `reply+${objectType}.${objectId}.${signature(config.sessionSecret, objectType, objectId)}@${replyDomain(config)}`;
}

/** Reads a reply address back; undefined when it is not ours or the signature is wrong. */
export function parseReplyAddress(
  config: Pick<Config, "sessionSecret">,
  address: string,
): { objectType: string; objectId: string } | undefined {
  const match = address
    .trim()
    .toLowerCase()
    .match(/^reply\+([a-z]+)\.([0-9a-f-]{36})\.([0-9a-f]{20})@/);
  if (!match) return undefined;
  const [, objectType, objectId, sent] = match;
  if (objectType === undefined || objectId === undefined || sent === undefined) return undefined;
  return safeEqual(sent, signature(config.sessionSecret, objectType, objectId)) ? { objectType, objectId } : undefined;
}

import { eventLabel } from "../../common/events";
import type { TEvent } from "../../common/schemas";

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

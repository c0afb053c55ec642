/**
 * The event catalogue: every verb the server records, its payload type, who may see it, its
 * words and the notification kind it feeds. One file per module beside this one; add the
 * module's map and entries here.
 *
 * `EventPayloads` is an interface so a module outside this folder (a test module, say) can add
 * its verbs with `declare module` and register their specs at run time (see the server's
 * module registry).
 */

import { ACCOUNT_EVENTS, type AccountEventPayloads } from "./accounts";
import { ASK_EVENTS, type AskEventPayloads } from "./asks";
import { BILLING_EVENTS, type BillingEventPayloads } from "./billing";
import { TASK_EVENTS, type TaskEventPayloads } from "./board";
import { type EventSpec, isClientVisibleWith } from "./catalogue";
import { HELP_EVENTS, type HelpEventPayloads } from "./help";
// Inbound email's quarantine actions.
import { INBOUND_EVENTS, type InboundEventPayloads } from "./inbound";
import { JOURNEY_EVENTS, type JourneyEventPayloads } from "./journey";
import { NOTICE_EVENTS, type NoticeEventPayloads } from "./notices";
import { ONBOARDING_EVENTS, type OnboardingEventPayloads } from "./onboarding";
import { TICKET_EVENTS, type TicketEventPayloads } from "./tickets";
import { UPDATE_EVENTS, type UpdateEventPayloads } from "./updates";

export type { TaskBase } from "./board";
export type { EventAudience, EventCatalogue, EventCategory, EventSpec, Visibility } from "./catalogue";
export { categoryOf, isClientVisibleWith } from "./catalogue";
export type { TicketBase } from "./tickets";

export interface EventPayloads
  extends AccountEventPayloads,
    TicketEventPayloads,
    TaskEventPayloads,
    InboundEventPayloads,
    JourneyEventPayloads,
    OnboardingEventPayloads,
    UpdateEventPayloads,
    NoticeEventPayloads,
    AskEventPayloads,
    HelpEventPayloads,
    BillingEventPayloads {}
export type EventVerb = keyof EventPayloads & string;

/** Every built-in module's events (the server adds those of modules registered at run time). */
export const EVENT_CATALOGUE: Readonly<Record<string, EventSpec>> = {
  ...ACCOUNT_EVENTS,
  ...TICKET_EVENTS,
  ...TASK_EVENTS,
  ...INBOUND_EVENTS,
  ...JOURNEY_EVENTS,
  ...ONBOARDING_EVENTS,
  ...UPDATE_EVENTS,
  ...NOTICE_EVENTS,
  ...ASK_EVENTS,
  ...HELP_EVENTS,
  ...BILLING_EVENTS,
};

/** May a client of the event's account see it (built-in verbs)? See EventAudience. */
export function isClientVisible(event: { verb: string; payload: unknown }): boolean {
  return isClientVisibleWith(specOf(event.verb), event.payload);
}

function specOf(verb: string): EventSpec | undefined {
  return Object.hasOwn(EVENT_CATALOGUE, verb) ? EVENT_CATALOGUE[verb] : undefined;
}

/** A verb in plain words: `user.registered` → "Account registered"; an unknown verb is spelt out. */
export function eventLabel(verb: string): string {
  const known = specOf(verb)?.label;
  if (known) return known;
  const words = verb.replace(/[._]+/g, " ").trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : verb;
}

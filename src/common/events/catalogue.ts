/**
 * The shape of an event catalogue: for each verb a module records, its words, who may see it
 * and the email preference it falls under. Server and web read the same entries, so a label on
 * screen names an event the server really records.
 */
import type { TNotificationKind } from "../notifications";

/**
 * Who may see an event of this verb, beside the agency's staff (staff see every event of the
 * accounts they work):
 *  - `staff`: nobody else (the audit trail of the agency's own work);
 *  - `client`: the contacts of the event's account (their own sign-up, their agents);
 *  - `client_when_public`: those contacts only when the payload says `internal: false`. A missing
 *    or unreadable flag means *not visible*: a verb that can be internal (a note) must say so.
 */
export type EventAudience = "staff" | "client" | "client_when_public";

/** See EventSpec.category. */
export type EventCategory = "work" | "account" | "audit";

/** An event's kind for the activity feeds; a verb that names none is about people and accounts. */
export const categoryOf = (spec: EventSpec | undefined): EventCategory => spec?.category ?? "account";

export interface EventSpec {
  /** The event in plain words, as the timeline and the audit log name it. */
  label: string;
  audience: EventAudience;
  /**
   * What kind of thing happened, for the activity feeds (the audit log lists every kind):
   *  - `work`: progress on a ticket or a work request (replies and comments, raised, moved,
   *    closed, reopened, quotes, approvals). The only kind a client's "Recent activity" lists —
   *    and still only the events the client may see (`audience`);
   *  - `account` (the default when absent): people and client accounts (registrations, agents);
   *    staff dashboards list these beside the work;
   *  - `audit`: the agency's own bookkeeping (settings, catalogues, password resets): the audit
   *    log only, never a dashboard.
   */
  category?: EventCategory;
  /** The email preference this event's notifications fall under; absent: it notifies nobody. */
  notify?: TNotificationKind;
}

/** One module's events: an entry for every verb of its payload map, and no other. */
export type EventCatalogue<Payloads> = { readonly [V in keyof Payloads]: EventSpec };

/** What every event that can be internal carries. */
export interface Visibility {
  /** true: staff only (an internal note); false: the account's contacts see it too. */
  internal: boolean;
}

/**
 * May a client of the event's account see it? The one answer for the live stream, the timeline,
 * notifications and email. An unknown verb is not visible; see EventAudience for the flag.
 */
export function isClientVisibleWith(spec: EventSpec | undefined, payload: unknown): boolean {
  if (!spec) return false;
  switch (spec.audience) {
    case "staff":
      return false;
    case "client":
      return true;
    case "client_when_public":
      return typeof payload === "object" && payload !== null && (payload as { internal?: unknown }).internal === false;
    default: {
      const never: never = spec.audience;
      return never;
    }
  }
}

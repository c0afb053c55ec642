import type { Config } from "../../platform/config";
import { link } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import type { RecordedEvent } from "../../platform/events";
import { type MailMessage, renderEmail } from "../../platform/mail";
import { activeAdmins, activeStaffByIds } from "../accounts/queries";
import { activeAgentsOf } from "../clients/queries";
import { excerpt, paragraphsOf, threadHeaders } from "../notifications/messages";
import type { Recipient } from "../notifications/queries";
import { clientSide, type NotificationTopic, type NotificationWords } from "../notifications/service";
import { posterOf } from "./queries";

/*
 * Who hears of an update's events (in-app always; email unless switched off per kind):
 *  - an update or a draft posted, and a new version of a draft: the account's client contacts
 *    (kind "update.posted");
 *  - the client's decision on a draft (approved, edits requested): the account's assigned agents
 *    and whoever posted the draft; with none of them active, the admins (kind "draft.decision").
 * Staff-only notes on a client are another object type (`client_notes`): no topic, nobody told.
 */

interface UpdatePayload {
  updateId: string;
  title: string;
  kind?: string;
  version: number;
  body?: string;
  comment?: string;
}

function payloadOf(event: RecordedEvent): UpdatePayload {
  const p = (event.payload ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  return {
    updateId: text(p.updateId) ?? event.objectId,
    title: text(p.title) ?? "",
    kind: text(p.kind),
    version: typeof p.version === "number" ? p.version : 1,
    body: text(p.body),
    comment: text(p.comment),
  };
}

async function recipients(tx: Executor, event: RecordedEvent): Promise<Recipient[]> {
  const accountId = event.accountId;
  if (!accountId) return [];
  switch (event.verb) {
    case "update.posted":
    case "draft.version_posted":
      return clientSide(tx, accountId);
    case "draft.approved":
    case "draft.edits_requested": {
      const poster = await posterOf(tx, event.objectId);
      const people = new Map<string, Recipient>();
      for (const person of [...(await activeAgentsOf(tx, accountId)), ...(await activeStaffByIds(tx, poster ? [poster] : []))])
        people.set(person.id, person);
      return people.size > 0 ? [...people.values()] : activeAdmins(tx);
    }
    default:
      return [];
  }
}

export function describeUpdateEvent(event: RecordedEvent, actorName: string): NotificationWords {
  const p = payloadOf(event);
  switch (event.verb) {
    case "update.posted":
      return p.kind === "draft"
        ? {
            title: `${actorName} shared a draft for review: ${p.title}`,
            body: excerpt(p.body) || "Open it to approve it or request edits.",
            lead: `${actorName} shared a draft for your review, “${p.title}”. Approve it or request edits in your portal.`,
            quote: paragraphsOf(p.body),
          }
        : {
            title: `${actorName} posted an update: ${p.title}`,
            body: excerpt(p.body),
            lead: `${actorName} posted an update, “${p.title}”:`,
            quote: paragraphsOf(p.body),
          };
    case "draft.version_posted":
      return {
        title: `Version ${p.version} of the draft is ready for review: ${p.title}`,
        body: excerpt(p.body) || "Open it to approve it or request edits.",
        lead: `${actorName} posted version ${p.version} of the draft “${p.title}”. Approve it or request edits in your portal.`,
        quote: paragraphsOf(p.body),
      };
    case "draft.approved":
      return {
        title: `${actorName} approved the draft: ${p.title}`,
        body: excerpt(p.comment) || `Version ${p.version} is approved.`,
        lead: `${actorName} approved version ${p.version} of the draft “${p.title}”${p.comment ? ":" : "."}`,
        quote: paragraphsOf(p.comment),
      };
    case "draft.edits_requested":
      return {
        title: `${actorName} requested edits on the draft: ${p.title}`,
        body: excerpt(p.comment),
        lead: `${actorName} requested edits on version ${p.version} of the draft “${p.title}”:`,
        quote: paragraphsOf(p.comment),
      };
    default:
      return { title: `Update changed: ${p.title}`, body: "", lead: `The update “${p.title}” changed.`, quote: [] };
  }
}

export const updatePath = (updateId: string) => `/updates/${updateId}`;

function subjectOf(event: RecordedEvent, p: UpdatePayload): string {
  switch (event.verb) {
    case "update.posted":
      return p.kind === "draft" ? `Draft for your review: ${p.title}` : `New update: ${p.title}`;
    case "draft.version_posted":
      return `Version ${p.version} for your review: ${p.title}`;
    case "draft.approved":
      return `Draft approved: ${p.title}`;
    case "draft.edits_requested":
      return `Edits requested: ${p.title}`;
    default:
      return `Update: ${p.title}`;
  }
}

function updateEmail(config: Config, event: RecordedEvent, to: Recipient, words: NotificationWords): MailMessage {
  const p = payloadOf(event);
  const review = event.verb === "draft.version_posted" || (event.verb === "update.posted" && p.kind === "draft");
  const message = renderEmail({
    to: to.email,
    subject: subjectOf(event, p),
    greeting: `Hello ${to.name},`,
    paragraphs: [words.lead],
    message: words.quote.join("\n\n"),
    linkBase: config.publicUrl,
    action: { label: review ? "Review the draft" : "View the update", url: link({ config }, updatePath(event.objectId)) },
    footer: "You can choose which emails you receive in your notification settings.",
  });
  const { messageId, inReplyTo, references } = threadHeaders(config, "update", event.objectId);
  return { ...message, messageId, inReplyTo, references };
}

/** Updates and drafts: what their events tell people, in the app and by email. */
export const updateTopic: NotificationTopic = {
  objectType: "update",
  recipients: (tx, event) => recipients(tx, event),
  words: (event, actorName) => describeUpdateEvent(event, actorName),
  path: updatePath,
  email: (config, event, to, words) => updateEmail(config, event, to, words),
};

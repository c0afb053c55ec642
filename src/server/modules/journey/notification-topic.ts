import type { Config } from "../../platform/config";
import { link } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import type { RecordedEvent } from "../../platform/events";
import { type MailMessage, renderEmail } from "../../platform/mail";
import type { Recipient } from "../notifications/queries";
import { clientSide, type NotificationTopic, type NotificationWords } from "../notifications/service";

/*
 * Who hears of the journey (in-app always; email unless switched off under "journey.step"):
 * the client's active contacts, when staff mark one of their steps done. Moves back and the
 * reasons given stay with the agency (journey.step_moved notifies nobody).
 */
async function journeyRecipients(tx: Executor, event: RecordedEvent): Promise<Recipient[]> {
  if (event.verb !== "journey.step_done" || !event.accountId) return [];
  return clientSide(tx, event.accountId);
}

const titleOf = (event: RecordedEvent) => (typeof event.payload.stepTitle === "string" ? event.payload.stepTitle : "A step");

function words(event: RecordedEvent, actorName: string): NotificationWords {
  const step = titleOf(event);
  return {
    title: `Step done: ${step}`,
    body: `${actorName} marked “${step}” done. See what to do next on your dashboard.`,
    lead: `${actorName} marked the step “${step}” of your journey done. Your dashboard shows what to do next.`,
    quote: [],
  };
}

const journeyPath = () => "/";

function email(config: Config, event: RecordedEvent, to: Recipient, w: NotificationWords): MailMessage {
  return renderEmail({
    to: to.email,
    subject: `Step done: ${titleOf(event)}`,
    greeting: `Hello ${to.name},`,
    paragraphs: [w.lead],
    action: { label: "Open your dashboard", url: link({ config }, journeyPath()) },
    footer: "You can choose which emails you receive in your notification settings.",
  });
}

/** The client journey: what its events tell the client, in the app and by email. */
export const journeyTopic: NotificationTopic = {
  objectType: "journey",
  recipients: journeyRecipients,
  words,
  path: journeyPath,
  email,
};

import { link } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import type { RecordedEvent } from "../../platform/events";
import { renderEmail } from "../../platform/mail";
import { excerpt } from "../notifications/messages";
import type { Recipient } from "../notifications/queries";
import { clientSide, type NotificationTopic } from "../notifications/service";

/** Where a notice opens in the portal: the Notices page, with it open (and marked read there). */
export const noticePath = (noticeId: string) => `/notices?open=${noticeId}`;

function payloadOf(event: RecordedEvent) {
  const p = event.payload ?? {};
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  return { title: text(p.title), body: text(p.body), important: p.importance === "important" };
}

/*
 * Who hears of a notice: the active contacts of each account it reached (each account's
 * `notice.posted` event tells that account's people), in-app always and by email unless they
 * switched "The agency posts a notice" off. Changing or ending a notice tells nobody: the
 * dashboard follows live.
 */
async function noticeRecipients(tx: Executor, event: RecordedEvent): Promise<Recipient[]> {
  if (event.verb !== "notice.posted" || !event.accountId) return [];
  return clientSide(tx, event.accountId);
}

/** Notices: what their posting tells clients, in the app and by email. */
export const noticeTopic: NotificationTopic = {
  objectType: "notice",
  recipients: noticeRecipients,
  words: (event, actorName, settings) => {
    const p = payloadOf(event);
    return {
      title: `${p.important ? "Important notice" : "New notice"}: ${p.title}`,
      body: excerpt(p.body),
      lead: `${actorName} at ${settings.agencyName} posted a notice${p.important ? " marked important" : ""}: “${p.title}”.`,
      quote: p.body ? [p.body] : [],
    };
  },
  path: noticePath,
  email: (config, event, to, words) => {
    const p = payloadOf(event);
    return renderEmail({
      to: to.email,
      subject: `${p.important ? "Important notice" : "Notice"}: ${p.title}`,
      greeting: `Hello ${to.name},`,
      paragraphs: [words.lead],
      message: p.body,
      linkBase: config.publicUrl,
      action: { label: "Read the notice", url: link({ config }, noticePath(event.objectId)) },
      footer: "You can choose which emails you receive in your notification settings.",
    });
  },
};

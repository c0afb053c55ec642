import { ASK_ACTION_TITLES, ASK_KIND_LABELS, askPath, type TAskKind } from "../../../common/asks";
import { link } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import type { RecordedEvent } from "../../platform/events";
import { renderEmail } from "../../platform/mail";
import type { Recipient } from "../notifications/queries";
import { agencySide, clientSide, type NotificationTopic } from "../notifications/service";
import { utcClock } from "./policy";
import { findAsk } from "./queries";

/*
 * Who hears of an ask, and how: a new ask tells the account's active contacts (in-app, email
 * with a one-click link, Web Push on the devices they turned it on for); an answer or an expiry
 * tells the agent who asked (else the account's agents, else the admins). A cancel tells nobody:
 * the dashboard follows live. None of these words ever holds an answer — the events carry none
 * (src/common/events/asks.ts) — only that it was given, by whom and when.
 */

function payloadOf(event: RecordedEvent) {
  const p = event.payload ?? {};
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  const kind = (Object.hasOwn(ASK_KIND_LABELS, text(p.kind)) ? text(p.kind) : "text") as TAskKind;
  return { kind, prompt: text(p.prompt), deadlineAt: text(p.deadlineAt) };
}

/** How long from the event to the deadline, in words: "10 minutes", "24 hours". */
function window(event: RecordedEvent, deadlineAt: string): string {
  const minutes = Math.round((Date.parse(deadlineAt) - Date.parse(event.createdAt)) / 60_000);
  if (!Number.isFinite(minutes) || minutes <= 0) return "";
  if (minutes < 120) return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} hours` : `${Math.round(hours / 24)} days`;
}

async function askRecipients(tx: Executor, event: RecordedEvent): Promise<Recipient[]> {
  if (!event.accountId) return [];
  if (event.verb === "ask.created") return clientSide(tx, event.accountId);
  if (event.verb === "ask.answered" || event.verb === "ask.expired") {
    const ask = await findAsk(tx, event.objectId);
    return agencySide(tx, event.accountId, ask ? [ask.created_by] : []);
  }
  return [];
}

/** Asks: what their creation, answer and expiry tell people, in the app, by email and on their phones. */
export const askTopic: NotificationTopic = {
  objectType: "ask",
  recipients: askRecipients,
  words: (event, actorName) => {
    const p = payloadOf(event);
    if (event.verb === "ask.created") {
      const within = window(event, p.deadlineAt);
      return {
        title: `${ASK_ACTION_TITLES[p.kind]} — by ${utcClock(p.deadlineAt)}`,
        body: p.prompt,
        lead: `${actorName} needs your answer${within ? ` within ${within}` : ""} (by ${utcClock(p.deadlineAt)}): ${ASK_KIND_LABELS[p.kind].toLowerCase()}.`,
        quote: [p.prompt],
      };
    }
    if (event.verb === "ask.expired") {
      return {
        title: `Your request expired unanswered: ${p.prompt}`,
        body: "Nobody answered by the deadline. You can ask again from the request.",
        lead: `Nobody answered your request by its deadline (${utcClock(p.deadlineAt)}). You can ask again from the request.`,
        quote: [p.prompt],
      };
    }
    return {
      title: `${actorName} answered: ${p.prompt}`,
      body: p.kind === "code" ? "The code is waiting for you in the portal." : "The answer is waiting for you in the portal.",
      lead: `${actorName} answered your request. Open it in the portal to see the answer${p.kind === "code" ? " (it is kept only for a short time)" : ""}.`,
      quote: [p.prompt],
    };
  },
  path: askPath,
  email: (config, event, to, words) =>
    renderEmail({
      to: to.email,
      subject: event.verb === "ask.created" ? `Action needed: ${words.title}` : words.title,
      greeting: `Hello ${to.name},`,
      paragraphs: [words.lead],
      message: payloadOf(event).prompt,
      linkBase: config.publicUrl,
      action: {
        label: event.verb === "ask.created" ? "Answer now" : "Open the request",
        url: link({ config }, askPath(event.objectId)),
      },
      footer: "You can choose which emails you receive in your notification settings.",
    }),
  // Web Push: the lock screen shows what is asked and by when — never an answer.
  push: (_event, words) => ({ title: words.title, body: words.body }),
};

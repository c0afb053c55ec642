import { STAGE_LABELS, type TStage } from "../../../common/board";
import { formatMoney } from "../../../common/money";
import { referenceOf } from "../../../common/references";
import type { TSettings } from "../../../common/schemas";
import type { Config } from "../../platform/config";
import { link } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import { isClientVisible, type RecordedEvent } from "../../platform/events";
import { type MailMessage, renderEmail } from "../../platform/mail";
import { activeStaffByIds } from "../accounts/queries";
import { excerpt, paragraphsOf, threadHeaders } from "../notifications/messages";
import type { Recipient } from "../notifications/queries";
import { agencySide, clientSide, type NotificationTopic, type NotificationWords } from "../notifications/service";

/*
 * Who hears of a work request's events (in-app always; email unless switched off per kind):
 *  - the agency side (the account's agents; with none, the admins) hears what the client does:
 *    a new request, a comment, accepting or declining a quote, approving or requesting changes;
 *  - the client side (the account's active contacts) hears what the agency does: a request
 *    logged for them, a comment, a move on the board, a quote, an admin's completion.
 * Reorders, edits and archiving show on the board and in the history but notify nobody, and
 * an internal note is for the team reading the card (as on a ticket): nobody is emailed.
 */

/** What task events carry (see the board's services), read defensively. */
interface TaskPayload {
  number: number;
  summary: string;
  from?: TStage;
  to?: TStage;
  body?: string;
  comment?: string;
  reason?: string;
  scope?: string;
  amountMinor?: number;
  currency?: string;
  requestType?: string;
  deadline?: string | null;
  authorRole?: string;
  assigneeId?: string;
  assigneeName?: string;
}

function payloadOf(event: RecordedEvent): TaskPayload {
  const p = (event.payload ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === "string" ? v : undefined);
  const stage = (v: unknown) => (typeof v === "string" && v in STAGE_LABELS ? (v as TStage) : undefined);
  return {
    number: Number(p.number),
    summary: text(p.summary) ?? "",
    from: stage(p.from),
    to: stage(p.to),
    body: text(p.body),
    comment: text(p.comment),
    reason: text(p.reason),
    scope: text(p.scope),
    amountMinor: typeof p.amountMinor === "number" ? p.amountMinor : undefined,
    currency: text(p.currency),
    requestType: text(p.requestType),
    deadline: text(p.deadline) ?? null,
    authorRole: text(p.authorRole),
    assigneeId: text(p.assigneeId),
    assigneeName: text(p.assigneeName),
  };
}

const FROM_CLIENT = new Set(["task.quote_accepted", "task.quote_declined", "task.approved", "task.changes_requested"]);
const FROM_AGENCY = new Set(["task.moved", "task.quoted", "task.completed_by_admin"]);
const EITHER = new Set(["task.created", "task.commented"]);
async function taskRecipients(tx: Executor, event: RecordedEvent, actor: { role: string } | undefined): Promise<Recipient[]> {
  const accountId = event.accountId;
  if (!accountId || !isClientVisible(event)) return [];
  const p = payloadOf(event);
  const byClient = (p.authorRole ?? actor?.role) === "client";
  // A newly assigned staff member hears they now handle the task (nobody when it is unassigned).
  if (event.verb === "task.assigned") return p.assigneeId ? activeStaffByIds(tx, [p.assigneeId]) : [];
  if (FROM_CLIENT.has(event.verb) || (EITHER.has(event.verb) && byClient)) return agencySide(tx, accountId);
  if (FROM_AGENCY.has(event.verb) || EITHER.has(event.verb)) return byClient ? [] : clientSide(tx, accountId);
  return [];
}

const stage = (s: TStage | undefined) => (s ? STAGE_LABELS[s] : "?");

/** Words for one task event, from the point of view of the person told of it; the reference's prefix is the admin's ("WEB"). */
export function describeTaskEvent(event: RecordedEvent, actorName: string, settings: Pick<TSettings, "taskPrefix">): NotificationWords {
  const p = payloadOf(event);
  const ref = referenceOf(settings.taskPrefix, p.number);
  const money = p.amountMinor !== undefined && p.currency ? formatMoney(p.amountMinor, p.currency, "en") : "";
  switch (event.verb) {
    case "task.created": {
      const details = [p.requestType ? `Request type: ${p.requestType}` : "", p.deadline ? `Deadline: ${p.deadline}` : ""].filter(Boolean);
      return {
        title: `New work request ${ref}: ${p.summary}`,
        body: `${actorName} logged a work request.${details.length ? ` ${details.join(" · ")}` : ""}`,
        lead: `${actorName} logged work request ${ref} “${p.summary}” in REQUESTED WORK.${details.length ? ` ${details.join(" · ")}.` : ""}`,
        quote: paragraphsOf(p.body),
      };
    }
    case "task.commented":
      return {
        title: `${actorName} commented on ${ref}: ${p.summary}`,
        body: excerpt(p.body),
        lead: `${actorName} commented on work request ${ref} “${p.summary}”:`,
        quote: paragraphsOf(p.body),
      };
    case "task.moved": {
      const next =
        p.to === "client_approval"
          ? " It is ready for you to review: approve it, or request changes."
          : p.to === "on_hold"
            ? " The comment says why:"
            : "";
      return {
        title: `${ref} moved to ${stage(p.to)}: ${p.summary}`,
        body: `${actorName} moved the task from ${stage(p.from)} to ${stage(p.to)}.${next}`,
        lead: `${actorName} moved work request ${ref} “${p.summary}” from ${stage(p.from)} to ${stage(p.to)}.${next}`,
        quote: paragraphsOf(p.comment),
      };
    }
    case "task.quoted":
      return {
        title: `Quote for ${ref}: ${money} — ${p.summary}`,
        body: `${actorName} sent a scope and quote of ${money}. Accept or decline it in the portal.`,
        lead: `${actorName} sent a scope and quote of ${money} for work request ${ref} “${p.summary}”. Accept or decline it in the portal; work commences once it is accepted.`,
        quote: paragraphsOf(p.scope),
      };
    case "task.quote_accepted":
    case "task.quote_declined": {
      const verb = event.verb === "task.quote_accepted" ? "accepted" : "declined";
      return {
        title: `${actorName} ${verb} the quote for ${ref}: ${p.summary}`,
        body: `${money}${p.comment ? ` · ${excerpt(p.comment)}` : ""}`,
        lead: `${actorName} ${verb} the quote of ${money} for work request ${ref} “${p.summary}”.`,
        quote: paragraphsOf(p.comment),
      };
    }
    case "task.approved":
      return {
        title: `${actorName} approved ${ref}: ${p.summary}`,
        body: "The work moved to COMPLETED and can go LIVE.",
        lead: `${actorName} approved work request ${ref} “${p.summary}”. It moved to COMPLETED and can go LIVE.`,
        quote: paragraphsOf(p.comment),
      };
    case "task.changes_requested":
      return {
        title: `${actorName} requested changes on ${ref}: ${p.summary}`,
        body: excerpt(p.comment),
        lead: `${actorName} requested changes on work request ${ref} “${p.summary}”; it is back IN PROGRESS:`,
        quote: paragraphsOf(p.comment),
      };
    case "task.assigned":
      return {
        title: `${ref} is assigned to you: ${p.summary}`,
        body: `${actorName} asked you to handle this work request.`,
        lead: `${actorName} assigned work request ${ref} “${p.summary}” to you.`,
        quote: [],
      };
    case "task.completed_by_admin":
      return {
        title: `${ref} is COMPLETED: ${p.summary}`,
        body: `${actorName} completed the task without an approval in the portal. Reason: ${excerpt(p.reason)}`,
        lead: `${actorName} moved work request ${ref} “${p.summary}” to COMPLETED without an approval in the portal. The reason given:`,
        quote: paragraphsOf(p.reason),
      };
    default:
      return { title: `${ref} changed: ${p.summary}`, body: "", lead: `Work request ${ref} “${p.summary}” changed.`, quote: [] };
  }
}

export const taskPath = (taskId: string) => `/work-requests/${taskId}`;

/**
 * An email's subject says what happened, in the guide's words, and names the task by its
 * reference: a quote, a request for approval and a comment on WEB-318 never share a subject.
 */
export function taskSubject(event: RecordedEvent, ref: string): string {
  const p = payloadOf(event);
  switch (event.verb) {
    case "task.created":
      return `New work request ${ref}: ${p.summary}`;
    case "task.commented":
      return `New comment on ${ref}: ${p.summary}`;
    case "task.moved":
      return p.to === "client_approval" ? `Approval needed: ${ref} ${p.summary}` : `${ref} moved to ${stage(p.to)}: ${p.summary}`;
    case "task.quoted":
      return `Quote for ${ref}: ${p.summary}`;
    case "task.quote_accepted":
      return `Quote accepted: ${ref} ${p.summary}`;
    case "task.quote_declined":
      return `Quote declined: ${ref} ${p.summary}`;
    case "task.approved":
      return `Approved: ${ref} ${p.summary}`;
    case "task.changes_requested":
      return `Changes requested: ${ref} ${p.summary}`;
    case "task.completed_by_admin":
      return `${ref} moved to ${STAGE_LABELS.completed}: ${p.summary}`;
    default:
      return `${ref} updated: ${p.summary}`;
  }
}

/**
 * The email about one task event: what happened and the reference in the subject, threading
 * headers naming the task's thread root (so mail clients thread every email about the task,
 * whatever its subject), and the task's signed reply address (a reply becomes a comment).
 */
function taskEmail(config: Config, event: RecordedEvent, to: Recipient, words: NotificationWords, settings: TSettings): MailMessage {
  const p = payloadOf(event);
  const ref = referenceOf(settings.taskPrefix, p.number);
  const message = renderEmail({
    to: to.email,
    subject: taskSubject(event, ref),
    greeting: `Hello ${to.name},`,
    paragraphs: [words.lead],
    message: words.quote.join("\n\n"),
    linkBase: config.publicUrl,
    action: { label: `View work request ${ref}`, url: link({ config }, taskPath(event.objectId)) },
    footer: `Reply to this email to comment on ${ref}. You can choose which emails you receive in your notification settings.`,
  });
  return { ...message, ...threadHeaders(config, "task", event.objectId) };
}

/** Website Work Requests: what task events tell people, in the app and by email. */
export const taskTopic: NotificationTopic = {
  objectType: "task",
  recipients: taskRecipients,
  words: describeTaskEvent,
  path: taskPath,
  email: taskEmail,
};

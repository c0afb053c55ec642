import type { Executor } from "../../platform/db/database";
import type { RecordedEvent } from "../../platform/events";
import { activeStaffByIds } from "../accounts/queries";
import { describeTicketEvent, ticketEmail, ticketPath, ticketPayload } from "../notifications/messages";
import type { Recipient } from "../notifications/queries";
import { agencySide, clientSide, type NotificationTopic } from "../notifications/service";

/*
 * Who hears of a ticket event (in-app always; email unless switched off per kind):
 *  - the client side (every active contact of the ticket's account) hears of public staff
 *    replies, every status move, and a reopening by staff;
 *  - the agency side (the assignee; when unassigned every agent of the account; when the
 *    account has no agent, the admins) hears of new tickets, client replies, a reopening by a
 *    client and a status move made by a client (e.g. the client closed it);
 *  - a newly assigned agent hears of the assignment.
 * Nobody is told of their own action, and an internal event (a note) never reaches a client.
 */
async function ticketRecipients(tx: Executor, event: RecordedEvent, actor: { role: string } | undefined): Promise<Recipient[]> {
  const accountId = event.accountId;
  if (!accountId) return [];
  const p = ticketPayload(event);
  const byClient = (p.authorRole ?? actor?.role) === "client";
  const agency = () => agencySide(tx, accountId, p.assigneeId ? [p.assigneeId] : []);
  const clients = () => (p.internal ? Promise.resolve([]) : clientSide(tx, accountId));
  switch (event.verb) {
    case "ticket.created":
      return agency();
    case "ticket.replied":
      return byClient ? agency() : p.kind === "note" ? [] : clients();
    case "ticket.status_changed":
      return [...(await clients()), ...(byClient ? await agency() : [])];
    case "ticket.reopened":
      return byClient ? agency() : clients();
    case "ticket.assigned":
      return p.assigneeId ? activeStaffByIds(tx, [p.assigneeId]) : [];
    default:
      return [];
  }
}

/** Support tickets: what their events tell people, in the app and by email. */
export const ticketTopic: NotificationTopic = {
  objectType: "ticket",
  recipients: ticketRecipients,
  words: (event, actorName, settings) => describeTicketEvent(event, ticketPayload(event), actorName, settings.ticketPrefix),
  path: ticketPath,
  email: (config, event, to, words, settings) => ticketEmail(config, event, ticketPayload(event), to, words, settings.ticketPrefix),
};

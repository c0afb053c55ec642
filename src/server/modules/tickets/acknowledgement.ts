import { referenceOf } from "../../../common/references";
import type { Config } from "../../platform/config";
import { link } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import { type MailMessage, queueEmail, renderEmail } from "../../platform/mail";
import { getSettings } from "../../platform/settings";
import { threadHeaders, ticketPath } from "../notifications/messages";

/** The client a new ticket is for: who is told "we have it". */
export interface Requester {
  name: string;
  email: string;
}

/** The new ticket, as the acknowledgement names it. */
export interface AcknowledgedTicket {
  id: string;
  number: number;
  subject: string;
}

/**
 * "Received: SUP-1042 Contact form is broken": the reference, a link to the ticket and how to
 * add to it. Threaded like every ticket email (our Message-ID, the ticket's thread root, its
 * signed reply address), and under the client's own email when the ticket came by email, so
 * their mail program shows our answer beneath what they sent.
 */
export function acknowledgementEmail(
  config: Config,
  ticket: AcknowledgedTicket,
  to: Requester,
  options: { reference: string; inReplyTo?: string },
): MailMessage {
  const { reference } = options;
  const message = renderEmail({
    to: to.email,
    subject: `Received: ${reference} ${ticket.subject}`,
    greeting: `Hello ${to.name},`,
    paragraphs: [
      `We have received your ticket “${ticket.subject}” and the support team will pick it up soon.`,
      `Its reference is ${reference}: mention it whenever you contact us about this.`,
    ],
    action: { label: `View ticket ${reference}`, url: link({ config }, ticketPath(ticket.id)) },
    footer: `Reply to this email to add to ticket ${reference}.`,
  });
  const thread = threadHeaders(config, "ticket", ticket.id);
  return {
    ...message,
    ...thread,
    // Under the client's own email, then the ticket's thread root (threadHeaders' one reference).
    ...(options.inReplyTo ? { inReplyTo: options.inReplyTo, references: [options.inReplyTo, ...thread.references] } : {}),
  };
}

/**
 * Queues the acknowledgement in the ticket's own transaction, when the admin has it switched on
 * (Settings → "Acknowledge new tickets") and the ticket has a client requester. The notification
 * topic tells only the agency side of a new ticket, so the requester (a client) gets this one
 * email about it, never two.
 */
export async function acknowledgeTicket(
  tx: Executor,
  config: Config,
  ticket: AcknowledgedTicket,
  requester: Requester | undefined,
  options: { inReplyTo?: string } = {},
): Promise<boolean> {
  if (!requester?.email) return false;
  const settings = await getSettings(tx);
  if (!settings.acknowledgeNewTickets) return false;
  const reference = referenceOf(settings.ticketPrefix, ticket.number);
  await queueEmail(tx, acknowledgementEmail(config, ticket, requester, { reference, inReplyTo: options.inReplyTo }));
  return true;
}

/**
 * Inbound email's quarantine actions: the audit trail (object type `email`, the inbound log row).
 * Here rather than beside the inbound schemas so the event words load without TypeBox.
 */
import type { EventCatalogue } from "./catalogue";

type InboundBase = { from: string; subject: string };
export interface InboundEventPayloads {
  "inbound.ticket_created": InboundBase & { ticketId: string; number: number };
  "inbound.contact_added": InboundBase & { contactId: string; name: string; email: string; postedTo: { type: string; id: string } };
  "inbound.discarded": InboundBase;
}

export const INBOUND_EVENTS: EventCatalogue<InboundEventPayloads> = {
  "inbound.ticket_created": { label: "Ticket created from a quarantined email", audience: "staff" },
  "inbound.contact_added": { label: "Sender of a quarantined email added as a contact", audience: "staff" },
  "inbound.discarded": { label: "Quarantined email discarded", audience: "staff" },
};

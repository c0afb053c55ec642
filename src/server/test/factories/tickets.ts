import type { TCreateTicketRequest, TTicketSummary, TUpdateTicketRequest } from "../../../common/tickets";
import { addMessage, closeTicket, createTicket, reopenTicket, updateTicket } from "../../modules/tickets/service";
import type { TestApp } from "../harness";
import { onlyEvent, recording } from "./events";
import { actorFor, assignAgent, buildAccount, buildUser, type Person, unique } from "./people";

/*
 * Support tickets made and changed through the real tickets service, so every event a test
 * looks at carries exactly the payload the service records. Each helper returns the id of the
 * event its call recorded.
 */

export interface TicketOverrides extends Partial<Omit<TCreateTicketRequest, "accountId">> {
  /** Who raises it: a client contact (for their own account) or staff (for `accountId`). Default: a new contact. */
  by?: Person;
  /** The client account. Default: the client's own, else a new account with a new agent assigned. */
  accountId?: string;
  /** The agent who then picks the ticket up (assigns it to themselves, which tells no one). */
  assignee?: Person;
}

export interface BuiltTicket extends TTicketSummary {
  accountId: string;
  /** Who raised it (given, or the contact the factory created). */
  by: Person;
  /** The agent the factory assigned to the account it created; null when the account was given. */
  agent: Person | null;
  /** The `ticket.created` event. */
  eventId: string;
}

/** Factory: a ticket, creating the account, the client contact who raises it and an agent of the account when not given. */
export async function buildTicket(t: TestApp, overrides: TicketOverrides = {}): Promise<BuiltTicket> {
  const { by: raiser, accountId: givenAccount, assignee, ...input } = overrides;
  let accountId = givenAccount ?? (raiser?.role === "client" ? raiser.accountId : null);
  let agent: Person | null = null;
  if (!accountId) {
    accountId = (await buildAccount(t)).id;
    agent = raiser?.role === "agent" ? raiser : await buildUser(t, { role: "agent" });
    await assignAgent(t, accountId, agent.id);
  }
  const by = raiser ?? (await buildUser(t, { accountId }));
  const actor = await actorFor(t, by);
  const { result, events } = await recording(
    t,
    () =>
      createTicket(t.ctx, actor, {
        ...input,
        subject: input.subject ?? `Website problem ${unique()}`,
        description: input.description ?? "The home page shows an error.",
        priority: input.priority ?? "normal",
        ...(by.role === "client" ? {} : { accountId }),
      }),
    (ticket) => ticket.id,
  );
  const ticket = assignee ? await updateTicket(t.ctx, await actorFor(t, assignee), result.id, { assigneeId: assignee.id }) : result;
  return { ...ticket, accountId, by, agent, eventId: onlyEvent(events, "ticket.created").id };
}

type TicketRef = { id: string; by?: Person; agent?: Person | null };

/**
 * Factory: a public reply (default) or an internal note on a ticket. The author defaults to the
 * ticket's raiser for a reply and to the account's factory-made agent for a note.
 */
export async function buildReply(
  t: TestApp,
  ticket: TicketRef,
  overrides: { by?: Person; body?: string; kind?: "reply" | "note"; fileIds?: string[] } = {},
): Promise<{ eventId: string; messageId: string }> {
  const kind = overrides.kind ?? "reply";
  const by = overrides.by ?? (kind === "note" ? ticket.agent : ticket.by);
  if (!by) throw new Error(`buildReply: say who writes the ${kind} (the ticket brought no one who could)`);
  const actor = await actorFor(t, by);
  const body = overrides.body ?? `A ${kind} ${unique()}`;
  const { events } = await recording(
    t,
    () => addMessage(t.ctx, actor, ticket.id, { body, kind, ...(overrides.fileIds ? { fileIds: overrides.fileIds } : {}) }),
    () => ticket.id,
  );
  const event = onlyEvent(events, "ticket.replied");
  return { eventId: event.id, messageId: String(event.payload.messageId) };
}

/** Staff change one thing (status, priority, category or assignee) through updateTicket; returns its event's id. */
export async function updateTicketAs(t: TestApp, by: Person, ticket: { id: string }, patch: TUpdateTicketRequest): Promise<string> {
  const actor = await actorFor(t, by);
  const { events } = await recording(
    t,
    () => updateTicket(t.ctx, actor, ticket.id, patch),
    () => ticket.id,
  );
  if (events.length !== 1) {
    throw new Error(`updateTicketAs: change one thing at a time; the call recorded ${events.map((e) => e.verb).join(", ") || "nothing"}`);
  }
  return events[0]!.id;
}

/** Closes a ticket (optionally with a closing comment); returns the `ticket.status_changed` event's id. */
export async function closeTicketAs(t: TestApp, by: Person, ticket: { id: string }, body?: string): Promise<string> {
  const actor = await actorFor(t, by);
  const { events } = await recording(
    t,
    () => closeTicket(t.ctx, actor, ticket.id, body === undefined ? {} : { body }),
    () => ticket.id,
  );
  return onlyEvent(events, "ticket.status_changed").id;
}

/** Reopens a closed ticket with the comment saying why; returns the `ticket.reopened` event's id. */
export async function reopenTicketAs(t: TestApp, by: Person, ticket: { id: string }, body: string): Promise<string> {
  const actor = await actorFor(t, by);
  const { events } = await recording(
    t,
    () => reopenTicket(t.ctx, actor, ticket.id, { body }),
    () => ticket.id,
  );
  return onlyEvent(events, "ticket.reopened").id;
}

import { recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import type { TestApp } from "../../test/harness";

/**
 * Tickets and their events for the notification and live-stream tests, written directly (a
 * `tickets` row, then `recordEvent` in a transaction with the payloads the tickets service
 * records) so these tests depend on nothing but the event contract.
 */
export interface TestTicket {
  id: string;
  number: number;
  accountId: string;
  subject: string;
  assigneeId: string | null;
}

let nextNumber = 1000 + Math.floor(Math.random() * 1000) * 100;

export async function insertTicket(
  t: TestApp,
  input: { accountId: string; createdBy: string; assigneeId?: string | null; subject?: string },
): Promise<TestTicket> {
  const id = newId();
  const number = nextNumber++;
  const now = nowIso();
  const subject = input.subject ?? `Website is down ${number}`;
  await t.ctx.db
    .insertInto("tickets")
    .values({
      id,
      number,
      account_id: input.accountId,
      subject,
      description: "The home page shows an error.",
      status: "new",
      priority: "normal",
      category_id: null,
      assignee_id: input.assigneeId ?? null,
      created_by: input.createdBy,
      created_at: now,
      updated_at: now,
      last_activity_at: now,
      closed_at: null,
    })
    .execute();
  return { id, number, accountId: input.accountId, subject, assigneeId: input.assigneeId ?? null };
}

/** Records a ticket event as the tickets service would, in its own transaction; returns its id. */
export function recordTicketEvent(
  t: TestApp,
  ticket: TestTicket,
  verb: string,
  actorId: string | null,
  extra: Record<string, unknown> = {},
): Promise<string> {
  return t.ctx.db.transaction().execute((tx) =>
    recordEvent(tx, {
      actorId,
      verb,
      objectType: "ticket",
      objectId: ticket.id,
      accountId: ticket.accountId,
      payload: { number: ticket.number, subject: ticket.subject, assigneeId: ticket.assigneeId, internal: false, ...extra },
    }),
  );
}

/** A public reply or an internal note, as `ticket.replied` records it. */
export function recordReply(
  t: TestApp,
  ticket: TestTicket,
  author: { id: string; role: string },
  body: string,
  kind: "reply" | "note" = "reply",
): Promise<string> {
  return recordTicketEvent(t, ticket, "ticket.replied", author.id, {
    messageId: newId(),
    body,
    kind,
    source: "portal",
    authorRole: author.role,
    internal: kind === "note",
  });
}

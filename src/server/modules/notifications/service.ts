import {
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  type TNotification,
  type TNotificationKind,
  type TNotificationList,
  type TNotificationPreferences,
} from "../../../common/notifications";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import { notFound, validation } from "../../platform/errors";
import type { Reactor, RecordedEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import { queueEmail } from "../../platform/mail";
import type { NotificationSource } from "../../platform/realtime";
import { describeTicketEvent, type TicketPayload, ticketEmail, ticketPath, ticketPayload } from "./messages";
import * as q from "./queries";

/*
 * Who hears of what (in-app always; email unless switched off per kind):
 *  - the client side (every active contact of the ticket's account) hears of public staff
 *    replies, every status move, and a reopening by staff;
 *  - the agency side (the assignee; when unassigned every agent of the account; when the
 *    account has no agent, the admins) hears of new tickets, client replies, a reopening by a
 *    client and a status move made by a client (e.g. the client closed it);
 *  - a newly assigned agent hears of the assignment.
 * Nobody is told of their own action, and an internal event (a note) never reaches a client.
 */

const TICKET_KINDS = new Set<string>(NOTIFICATION_KINDS);

async function agencySide(tx: Executor, accountId: string, p: TicketPayload): Promise<q.Recipient[]> {
  const assignee = p.assigneeId ? await q.activeStaffByIds(tx, [p.assigneeId]) : [];
  if (assignee.length > 0) return assignee;
  const agents = await q.activeAccountAgents(tx, accountId);
  return agents.length > 0 ? agents : q.activeAdmins(tx);
}

/** The people a ticket event is told to, each once, never its actor, never a client when internal. */
export async function ticketRecipients(
  tx: Executor,
  event: RecordedEvent,
  p: TicketPayload,
  actor: { role: string } | undefined,
): Promise<q.Recipient[]> {
  const accountId = event.accountId;
  if (!accountId) return [];
  const byClient = (p.authorRole ?? actor?.role) === "client";
  const clients = () => (p.internal ? Promise.resolve([]) : q.activeClientContacts(tx, accountId));
  let people: q.Recipient[] = [];
  switch (event.verb) {
    case "ticket.created":
      people = await agencySide(tx, accountId, p);
      break;
    case "ticket.replied":
      people = byClient ? await agencySide(tx, accountId, p) : p.kind === "note" ? [] : await clients();
      break;
    case "ticket.status_changed":
      people = [...(await clients()), ...(byClient ? await agencySide(tx, accountId, p) : [])];
      break;
    case "ticket.reopened":
      people = byClient ? await agencySide(tx, accountId, p) : await clients();
      break;
    case "ticket.assigned":
      people = p.assigneeId ? await q.activeStaffByIds(tx, [p.assigneeId]) : [];
      break;
  }
  const chosen = new Map<string, q.Recipient>();
  for (const person of people) {
    if (person.id === event.actorId) continue;
    if (p.internal && person.role === "client") continue;
    chosen.set(person.id, person);
  }
  return [...chosen.values()];
}

/** Writes the in-app notifications and queues the emails for one ticket event, in its transaction. */
export async function notifyTicketEvent(ctx: AppContext, tx: Executor, event: RecordedEvent): Promise<void> {
  const p = ticketPayload(event);
  const actor = event.actorId ? await q.findPerson(tx, event.actorId) : undefined;
  const recipients = await ticketRecipients(tx, event, p, actor);
  if (recipients.length === 0) return;
  const words = describeTicketEvent(event, p, actor?.name ?? "Someone");
  const now = nowIso();
  await q.insertNotifications(
    tx,
    recipients.map((r) => ({
      id: newId(),
      user_id: r.id,
      event_id: event.id,
      verb: event.verb,
      object_type: event.objectType,
      object_id: event.objectId,
      account_id: event.accountId ?? null,
      title: words.title,
      body: words.body,
      url: ticketPath(event.objectId),
      created_at: now,
    })),
  );
  const optedOut = await q.emailOptOuts(
    tx,
    recipients.map((r) => r.id),
    event.verb,
  );
  for (const recipient of recipients) {
    if (optedOut.has(recipient.id) || !recipient.email) continue;
    await queueEmail(tx, ticketEmail(ctx.config, event, p, recipient, words));
  }
}

/**
 * Several apps in one process (tests, two "instances") each register a reactor; the first
 * one that sees an event handles it, so nobody is notified twice.
 */
const handled = new WeakSet<RecordedEvent>();

/** The reactor to register with `registerReactor`: ticket events become notifications and emails. */
export function notificationReactor(ctx: AppContext): Reactor {
  return async (tx, event) => {
    if (event.objectType !== "ticket" || !TICKET_KINDS.has(event.verb) || handled.has(event)) return;
    handled.add(event);
    await notifyTicketEvent(ctx, tx, event);
  };
}

/** What the live stream needs to tell a user their unread count changed. */
export const notificationSource: NotificationSource = { unreadCounts: q.unreadCounts, notifiedUsers: q.usersNotifiedBy };

function present(row: Awaited<ReturnType<typeof q.listForUser>>[number]): TNotification {
  return {
    id: row.id,
    verb: row.verb,
    title: row.title,
    body: row.body,
    url: row.url,
    read: row.read_at !== null,
    createdAt: row.created_at,
  };
}

export async function listNotifications(
  ctx: AppContext,
  actor: Actor,
  query: { unread?: boolean; limit?: number },
): Promise<TNotificationList> {
  const [rows, unreadCount] = await Promise.all([
    q.listForUser(ctx.db, actor.id, { unread: query.unread ?? false, limit: query.limit ?? 20 }),
    q.countUnread(ctx.db, actor.id),
  ]);
  return { data: rows.map(present), unreadCount };
}

/** Marks one of the actor's own notifications read; anyone else's answers 404. */
export async function markNotificationRead(ctx: AppContext, actor: Actor, id: string): Promise<{ unreadCount: number }> {
  return ctx.db.transaction().execute(async (tx) => {
    if (!(await q.findOwn(tx, actor.id, id))) throw notFound("Notification");
    await q.markRead(tx, actor.id, [id], nowIso());
    return { unreadCount: await q.countUnread(tx, actor.id) };
  });
}

export async function markAllNotificationsRead(ctx: AppContext, actor: Actor): Promise<{ unreadCount: number }> {
  await q.markRead(ctx.db, actor.id, "all", nowIso());
  return { unreadCount: await q.countUnread(ctx.db, actor.id) };
}

/** The kinds that can reach this person: a client is never told of new or assigned tickets. */
const CLIENT_KINDS: readonly TNotificationKind[] = ["ticket.replied", "ticket.status_changed", "ticket.reopened"];
const kindsFor = (actor: Actor): readonly TNotificationKind[] => (actor.role === "client" ? CLIENT_KINDS : NOTIFICATION_KINDS);

export async function getPreferences(ctx: AppContext, actor: Actor): Promise<TNotificationPreferences> {
  const saved = new Map((await q.preferencesOf(ctx.db, actor.id)).map((r) => [r.kind, r.email === 1]));
  return {
    data: kindsFor(actor).map((kind) => ({ kind, label: NOTIFICATION_KIND_LABELS[kind], email: saved.get(kind) ?? true })),
  };
}

/** Saves email on/off per kind; an unknown kind is refused by name and nothing is saved. */
export async function updatePreferences(
  ctx: AppContext,
  actor: Actor,
  preferences: { kind: string; email: boolean }[],
): Promise<TNotificationPreferences> {
  const unknown = preferences.find((p) => !TICKET_KINDS.has(p.kind));
  if (unknown) {
    throw validation("preferences", `“${unknown.kind}” is not a notification kind. Use one of: ${NOTIFICATION_KINDS.join(", ")}.`);
  }
  // The last word on a kind wins when it is named twice.
  const byKind = new Map(preferences.map((p) => [p.kind, p.email]));
  await q.savePreferences(
    ctx.db,
    actor.id,
    [...byKind].map(([kind, email]) => ({ kind, email })),
  );
  return getPreferences(ctx, actor);
}

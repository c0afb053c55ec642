import {
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  type TNotification,
  type TNotificationKind,
  type TNotificationList,
  type TNotificationPreferences,
} from "../../../common/notifications";
import type { TSettings } from "../../../common/schemas";
import type { Actor } from "../../platform/auth/sessions";
import type { Config } from "../../platform/config";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import { notFound, validation } from "../../platform/errors";
import { eventSpec, isClientVisible, type Reactor, type RecordedEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import { type MailAttachment, type MailMessage, queueEmail } from "../../platform/mail";
import { queuePush } from "../../platform/push";
import type { NotificationSource } from "../../platform/realtime";
import { getSettings } from "../../platform/settings";
import { activeAdmins, activeClientContacts, activeStaffByIds, findPerson } from "../accounts/queries";
import { activeAgentsOf } from "../clients/queries";
import * as q from "./queries";

/** The words of one notification, from the point of view of the person told of it. */
export interface NotificationWords {
  /** In-app: a one-line title and a short body. */
  title: string;
  body: string;
  /** Email: what happened, then the words themselves (a comment, a reason, a quote's scope). */
  lead: string;
  quote: string[];
}

/**
 * What one kind of object (tickets, tasks) tells people about its events. The machinery below
 * is shared: recipients get an in-app notification in the event's own transaction and an email
 * queued there too, unless they switched that kind of email off. Nobody is told of their own
 * action; an event the catalogue does not let clients see (`isClientVisible`) never reaches one.
 * Which verbs notify at all, and under which email preference, is the catalogue's `notify`
 * (src/common/events/): reorders and archiving have none.
 */
export interface NotificationTopic {
  objectType: string;
  recipients(tx: Executor, event: RecordedEvent, actor: { role: string } | undefined): Promise<q.Recipient[]>;
  /** `settings` as the event is told: the reference prefixes ("SUP-1042") are the admin's. */
  words(event: RecordedEvent, actorName: string, settings: TSettings): NotificationWords;
  /** Path inside the portal the notification opens. */
  path(objectId: string): string;
  email(config: Config, event: RecordedEvent, to: q.Recipient, words: NotificationWords, settings: TSettings): MailMessage;
  /**
   * Files every email of this event carries (an invoice's PDF), made once per event in its
   * transaction, and only when someone is emailed. Absent or empty: none.
   */
  attachments?(ctx: AppContext, tx: Executor, event: RecordedEvent): Promise<MailAttachment[]>;
  /** Web Push: what a lock screen shows, never a secret. Absent: this topic sends no push. */
  push?(event: RecordedEvent, words: NotificationWords): { title: string; body: string } | undefined;
}

/** The agency side of an account: these staff (an assignee), else its agents, else the admins. */
export async function agencySide(tx: Executor, accountId: string, staffIds: string[] = []): Promise<q.Recipient[]> {
  const chosen = staffIds.length > 0 ? await activeStaffByIds(tx, staffIds) : [];
  if (chosen.length > 0) return chosen;
  const agents = await activeAgentsOf(tx, accountId);
  return agents.length > 0 ? agents : activeAdmins(tx);
}

/** The client side of an account: its active contacts. */
export const clientSide = (tx: Executor, accountId: string): Promise<q.Recipient[]> => activeClientContacts(tx, accountId);

/** Writes the in-app notifications and queues the emails for one event, in its transaction. */
async function notifyEvent(
  ctx: AppContext,
  tx: Executor,
  topic: NotificationTopic,
  kind: TNotificationKind,
  event: RecordedEvent,
): Promise<void> {
  const actor = event.actorId ? await findPerson(tx, event.actorId) : undefined;
  // Why: a client must never hear of an internal event, whatever a topic's recipients say.
  const internal = !isClientVisible(event);
  const chosen = new Map<string, q.Recipient>();
  for (const person of await topic.recipients(tx, event, actor)) {
    if (person.id === event.actorId || (internal && person.role === "client")) continue;
    chosen.set(person.id, person);
  }
  const recipients = [...chosen.values()];
  if (recipients.length === 0) return;
  const settings = await getSettings(tx);
  const words = topic.words(event, actor?.name ?? "Someone", settings);
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
      url: topic.path(event.objectId),
      created_at: now,
    })),
  );
  // Web Push is opted into per device, so email opt-outs do not silence it.
  const push = topic.push?.(event, words);
  if (push) {
    const tag = `${event.objectType}:${event.objectId}`;
    for (const r of recipients) await queuePush(tx, { userId: r.id, ...push, url: topic.path(event.objectId), tag });
  }
  const optedOut = await q.emailOptOuts(
    tx,
    recipients.map((r) => r.id),
    kind,
  );
  const emailed = recipients.filter((r) => !optedOut.has(r.id) && r.email);
  const attachments = emailed.length > 0 && topic.attachments ? await topic.attachments(ctx, tx, event) : [];
  for (const recipient of emailed) {
    const message = topic.email(ctx.config, event, recipient, words, settings);
    await queueEmail(tx, attachments.length > 0 ? { ...message, attachments } : message);
  }
}

/**
 * Several apps in one process (tests, two "instances") each register a reactor; the first
 * one that sees an event handles it, so nobody is notified twice.
 */
const handled = new WeakSet<RecordedEvent>();

/** The reactor to register with `registerReactor`: the topics' events become notifications and emails. */
export function notificationReactor(ctx: AppContext, topics: NotificationTopic[]): Reactor {
  const byType = new Map(topics.map((topic) => [topic.objectType, topic]));
  return async (tx, event) => {
    const topic = byType.get(event.objectType);
    const kind = eventSpec(event.verb)?.notify;
    if (!topic || !kind || handled.has(event)) return;
    handled.add(event);
    await notifyEvent(ctx, tx, topic, kind, event);
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

/**
 * Opening a ticket or a task reads what the bell said about it. Only the person's own rows are
 * touched, so naming an object of another account changes nothing and reveals nothing.
 */
export async function markObjectNotificationsRead(
  ctx: AppContext,
  actor: Actor,
  object: { type: string; id: string },
): Promise<{ unreadCount: number }> {
  await q.markObjectRead(ctx.db, actor.id, object, nowIso());
  return { unreadCount: await q.countUnread(ctx.db, actor.id) };
}

const KINDS = new Set<string>(NOTIFICATION_KINDS);
/** The kinds that can reach this person: a client is never told of new or assigned tickets, or of approvals (they give them). */
const CLIENT_KINDS: readonly TNotificationKind[] = [
  "ticket.replied",
  "ticket.status_changed",
  "ticket.reopened",
  "task.created",
  "task.commented",
  "task.moved",
  "task.quote",
  "journey.step",
  "onboarding.review",
  "update.posted",
  "notice.posted",
  "ask.created",
  "invoice.sent",
  "invoice.payment",
];
/** Kinds only a client is sent (the agency posts these; nobody at the agency is told of them). */
const CLIENT_ONLY_KINDS: ReadonlySet<TNotificationKind> = new Set([
  "journey.step",
  "update.posted",
  "notice.posted",
  "ask.created",
  "invoice.sent",
  "invoice.payment",
]);
const STAFF_KINDS: readonly TNotificationKind[] = NOTIFICATION_KINDS.filter((kind) => !CLIENT_ONLY_KINDS.has(kind));
const kindsFor = (actor: Actor): readonly TNotificationKind[] => (actor.role === "client" ? CLIENT_KINDS : STAFF_KINDS);

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
  const unknown = preferences.find((p) => !KINDS.has(p.kind));
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

import type { TFile } from "../../../common/conversations";
import type { TTicketSummary, TTimelineItem } from "../../../common/tickets";
import type { Actor } from "../../platform/auth/sessions";
import { isClientVisible, type ObjectEventRow } from "../../platform/events";
import { inIdOrder, personRef } from "../../platform/presenters";
import type { CommentRow } from "../conversations/queries";
import { presentComment } from "../conversations/service";
import type { TicketWithNames } from "./queries";

export function presentTicket(row: TicketWithNames): TTicketSummary {
  return {
    id: row.id,
    number: Number(row.number),
    subject: row.subject,
    status: row.status,
    priority: row.priority,
    category: row.category_id ? { id: row.category_id, name: row.category_name ?? "" } : null,
    account: { id: row.account_id, name: row.account_name },
    assignee: personRef(row.assignee_id, row.assignee_name, row.assignee_role),
    createdBy: { id: row.created_by, name: row.creator_name, role: row.creator_role },
    messageCount: Number(row.message_count),
    createdAt: row.created_at,
    lastActivityAt: row.last_activity_at,
  };
}

/** Event verbs that appear as timeline lines; replies appear as messages instead. */
const TIMELINE_VERBS = new Set(["ticket.status_changed", "ticket.assigned", "ticket.reopened", "ticket.updated"]);

/**
 * The conversation as one time-ordered list of messages and events. Internal notes and
 * internal events never reach a client: the conversation already left notes out, and
 * events are filtered here by the catalogue (`isClientVisible`).
 */
export function presentTimeline(
  actor: Actor,
  conversation: { comments: CommentRow[]; files: Map<string, TFile[]> },
  events: ObjectEventRow[],
): TTimelineItem[] {
  const items: TTimelineItem[] = conversation.comments.map((m) => ({
    id: m.id,
    type: "message",
    createdAt: m.created_at,
    actor: personRef(m.author_id, m.author_name, m.author_role),
    message: presentComment(m, conversation.files),
  }));
  for (const e of events) {
    if (!TIMELINE_VERBS.has(e.verb)) continue;
    const payload = JSON.parse(e.payload) as Record<string, unknown>;
    if (actor.role === "client" && !isClientVisible({ verb: e.verb, payload })) continue;
    // The reopening comment is already a message; keep the event line without repeating it.
    const { body: _body, ...shown } = payload;
    items.push({
      id: e.id,
      type: "event",
      createdAt: e.created_at,
      actor: personRef(e.actor_id, e.actor_name, e.actor_role),
      event: { verb: e.verb, payload: shown },
    });
  }
  return inIdOrder(items);
}

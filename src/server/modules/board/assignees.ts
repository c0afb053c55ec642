import { BOARD_DUE_FILTERS, type TAssigneeList, type TBoardDueFilter, type TBoardQuery } from "../../../common/board";
import { refuse } from "../../../common/decisions";
import type { TaskBase } from "../../../common/events/board";
import { numberOfReference } from "../../../common/references";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import { assertAllowed, notFound, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { containsPattern } from "../../platform/lists";
import { canSeeAccount, mayHandleAccount } from "../../platform/policy";
import { getSettings } from "../../platform/settings";
import { activeAdmins, findUserById } from "../accounts/queries";
import { activeAgentsOf } from "../clients/queries";
import { assignDecision } from "./policy";
import * as q from "./queries";

/*
 * A work request's assignee — the agency's person handling it — and the board's filters. Who may
 * be assigned is the ticket's rule (`mayHandleAccount`, platform/policy.ts): an active staff
 * member who may see the task's account, i.e. an admin, or an agent assigned to it.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who may handle a task of this account; refuses anyone else naming `assigneeId`. Returns them, named. */
export async function requireAssignable(tx: Executor, assigneeId: string, accountId: string): Promise<{ id: string; name: string }> {
  const assignee = await findUserById(tx, assigneeId);
  if (!assignee || !(await mayHandleAccount(tx, assignee, accountId))) {
    throw validation("assigneeId", "Assign the work request to an admin, or to an agent who works this client's account.");
  }
  return { id: assignee.id, name: assignee.name };
}

/** Records a change of assignee as `task.assigned` (public: the client reads "Handled by Sam"). */
export async function recordAssignment(
  tx: Executor,
  actor: Actor,
  task: { id: string; account_id: string; assignee_id: string | null },
  base: TaskBase,
  assignee: { id: string; name: string } | null,
): Promise<void> {
  await recordEvent(tx, {
    actorId: actor.id,
    verb: "task.assigned",
    objectType: "task",
    objectId: task.id,
    accountId: task.account_id,
    payload: { ...base, assigneeId: assignee?.id ?? null, assigneeName: assignee?.name ?? null, previousAssigneeId: task.assignee_id },
  });
}

/** Only staff choose an assignee (a client who sends one is refused, nothing written). */
export function assertMayAssign(actor: Actor): void {
  assertAllowed(assignDecision(actor), "assigneeId");
}

/**
 * Staff: whom a task of `accountId` may be assigned to (the task page's picker), or, without an
 * account, the staff who have cards on the board the viewer sees (the board's filter).
 */
export async function listAssignees(ctx: AppContext, actor: Actor, query: { accountId?: string }): Promise<TAssigneeList> {
  if (actor.role === "client") assertAllowed(refuse("staff_only", "Only the agency's staff list who handles work requests."));
  const staffOnly = (rows: { id: string; name: string; role: string }[]): TAssigneeList["data"] =>
    rows.flatMap(({ id, name, role }) => (role === "agent" || role === "admin" ? [{ id, name, role }] : []));
  if (!query.accountId) return { data: staffOnly(await q.boardAssignees(ctx.db, actor, undefined)) };
  if (!(await canSeeAccount(ctx.db, actor, query.accountId))) throw notFound("Client account");
  const [agents, admins] = await Promise.all([activeAgentsOf(ctx.db, query.accountId), activeAdmins(ctx.db)]);
  const people = new Map([...agents, ...admins].map((p) => [p.id, p]));
  return { data: staffOnly([...people.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))) };
}

/** A calendar day `days` after `day` (YYYY-MM-DD). */
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The board's query parameters as a checked filter: a bad value is a 400 naming its parameter;
 * the assignee filter is the agency's (a client is refused). The account scope is not here — the
 * queries apply it whatever the filter says.
 */
export async function boardFilterOf(
  db: Executor,
  actor: Actor,
  query: TBoardQuery,
  // `requestTypes`: the caller's read of the list, when it needs the list too (the board sends it).
  { now = new Date(), requestTypes = () => q.requestTypeNames(db) }: { now?: Date; requestTypes?: () => Promise<{ id: string }[]> } = {},
): Promise<q.BoardFilter> {
  const filter: q.BoardFilter = {};
  if (query.assignee) {
    if (actor.role === "client")
      assertAllowed(refuse("staff_only", "Only the agency filters the board by who handles a task."), "assignee");
    if (query.assignee === "me") filter.assigneeId = actor.id;
    else if (query.assignee === "none") filter.assigneeId = null;
    else {
      const person = UUID.test(query.assignee) ? await findUserById(db, query.assignee) : undefined;
      if (!person || person.role === "client") throw validation("assignee", "Choose a staff member, me or none as the assignee.");
      filter.assigneeId = person.id;
    }
  }
  if (query.requestType) {
    const known = UUID.test(query.requestType) && (await requestTypes()).some((t) => t.id === query.requestType);
    if (!known) throw validation("requestType", "Choose one of the listed request types.");
    filter.requestTypeId = query.requestType;
  }
  if (query.due) {
    if (!(BOARD_DUE_FILTERS as readonly string[]).includes(query.due)) throw validation("due", "Choose overdue, week or none.");
    const today = now.toISOString().slice(0, 10);
    filter.due = { kind: query.due as TBoardDueFilter, today, weekEnd: addDays(today, 7) };
  }
  const text = query.q?.trim();
  if (text) {
    // "318", "#318" and "WEB-318" (the agency's own prefix) all name task 318.
    const plain = text.match(/^#?(\d{1,9})$/)?.[1];
    const number = plain ? Number(plain) : numberOfReference((await getSettings(db)).taskPrefix, text);
    filter.text = { like: containsPattern(text), number };
  }
  return filter;
}

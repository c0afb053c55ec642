import type { TCreateTaskRequest, TTaskCard } from "../../../common/board";
import { requestTypes } from "../../modules/board/catalog";
import { commentOnTask, createTask } from "../../modules/board/tasks";
import type { TestApp } from "../harness";
import { onlyEvent, recording } from "./events";
import { actorFor, assignAgent, buildAccount, buildUser, type Person, unique } from "./people";

/* Website Work Requests (board tasks) made through the real board service. */

export interface TaskOverrides extends Partial<Omit<TCreateTaskRequest, "accountId">> {
  /** Who logs it: a client contact (for their own account) or staff (for `accountId`). Default: a new contact. */
  by?: Person;
  /** The client account. Default: the client's own, else a new account with a new agent assigned. */
  accountId?: string;
}

export interface BuiltTask extends TTaskCard {
  accountId: string;
  /** Who logged it (given, or the contact the factory created). */
  by: Person;
  /** The agent the factory assigned to the account it created; null when the account was given. */
  agent: Person | null;
  /** The `task.created` event. */
  eventId: string;
}

/**
 * Factory: a work request in REQUESTED WORK, creating the account, the client contact who logs
 * it and an agent of the account when not given; the request type defaults to the first listed.
 */
export async function buildTask(t: TestApp, overrides: TaskOverrides = {}): Promise<BuiltTask> {
  const { by: logger, accountId: givenAccount, ...input } = overrides;
  let accountId = givenAccount ?? (logger?.role === "client" ? logger.accountId : null);
  let agent: Person | null = null;
  if (!accountId) {
    accountId = (await buildAccount(t)).id;
    agent = logger?.role === "agent" ? logger : await buildUser(t, { role: "agent" });
    await assignAgent(t, accountId, agent.id);
  }
  const by = logger ?? (await buildUser(t, { accountId }));
  const actor = await actorFor(t, by);
  const requestTypeId = input.requestTypeId ?? (await requestTypes.list(t.ctx.db, false))[0]!.id;
  const { result, events } = await recording(
    t,
    () =>
      createTask(t.ctx, actor, {
        ...input,
        summary: input.summary ?? `Work request ${unique()}`,
        description: input.description ?? "Please update the page.",
        requestTypeId,
        ...(by.role === "client" ? {} : { accountId }),
      }),
    (task) => task.id,
  );
  return { ...result, accountId, by, agent, eventId: onlyEvent(events, "task.created").id };
}

/** Factory: a comment (or, by staff, an internal note) on a task, by its logger unless `by` is given. */
export async function buildComment(
  t: TestApp,
  task: { id: string; by?: Person },
  overrides: { by?: Person; body?: string; fileIds?: string[]; kind?: "reply" | "note" } = {},
): Promise<{ eventId: string; commentId: string }> {
  const by = overrides.by ?? task.by;
  if (!by) throw new Error("buildComment: say who writes the comment");
  const actor = await actorFor(t, by);
  const body = overrides.body ?? `A comment ${unique()}`;
  const { events } = await recording(
    t,
    () =>
      commentOnTask(t.ctx, actor, task.id, {
        body,
        ...(overrides.kind ? { kind: overrides.kind } : {}),
        ...(overrides.fileIds ? { fileIds: overrides.fileIds } : {}),
      }),
    () => task.id,
  );
  const event = onlyEvent(events, "task.commented");
  return { eventId: event.id, commentId: String(event.payload.commentId) };
}

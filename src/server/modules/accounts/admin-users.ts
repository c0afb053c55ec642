import type { TUpdateUserRequest, TUser, TUserList, TUserState } from "../../../common/schemas";
import { invalidateActor } from "../../platform/auth/session-cache";
import { type Actor, endAllSessions } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import type { Role } from "../../platform/db/schema";
import { conflict, forbidden, notFound, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { nowIso } from "../../platform/ids";
import { unassignFromAllAccounts } from "../clients/queries";
import { createClientAccount, findClientAccount } from "../clients/service";
import { sendApprovedEmail } from "./emails";
import { presentUser, userState } from "./presenters";
import { countActiveAdmins, findUserById, listUsers, USER_PAGE_SIZE, updateUser } from "./queries";

export async function listUsersForAdmin(
  ctx: AppContext,
  filter: { q?: string; role?: Role; state?: TUserState; page?: number },
): Promise<TUserList> {
  const { rows, total } = await listUsers(ctx.db, { ...filter, page: filter.page ?? 1 });
  return { data: rows.map(presentUser), total, pageSize: USER_PAGE_SIZE };
}

/**
 * Changes a user's role, status (approve, suspend, reactivate) or client account. Guards the
 * agency against locking itself out: nobody changes their own role or suspends themselves,
 * and the last active admin stays an active admin.
 */
export async function updateUserAsAdmin(ctx: AppContext, actor: Actor, userId: string, patch: TUpdateUserRequest): Promise<TUser> {
  const updated = await ctx.db.transaction().execute(async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user) throw notFound("User");
    if (user.id === actor.id && (patch.role !== undefined || patch.status === "suspended")) {
      throw forbidden("You cannot change your own role or suspend yourself. Ask another admin.");
    }
    const role = patch.role ?? user.role;
    const losesAdmin = user.role === "admin" && user.status === "active" && (role !== "admin" || patch.status === "suspended");
    if (losesAdmin && (await countActiveAdmins(tx)) <= 1) {
      throw conflict("This is the last active admin. Make someone else an admin first.");
    }
    if (patch.newAccountName !== undefined && patch.accountId !== undefined) {
      throw validation("accountId", "Choose an existing account or name a new one, not both.");
    }
    let accountId = patch.accountId === undefined ? user.account_id : patch.accountId;
    if (patch.newAccountName !== undefined) {
      if (role !== "client") throw validation("newAccountName", "Only client contacts belong to a client account.");
      accountId = (await createClientAccount(tx, actor, { name: patch.newAccountName })).id;
    }
    if (role === "client") {
      if (!accountId) throw validation("accountId", "A client contact must belong to a client account: choose one.");
      if (!(await findClientAccount(tx, accountId))) throw validation("accountId", "That client account does not exist.");
    } else if (patch.accountId) {
      throw validation("accountId", "Only client contacts belong to a client account.");
    } else {
      accountId = null;
    }

    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const state = userState(user);
    let status = user.status;
    if (patch.status === "active" && state !== "active") {
      if (state === "invited" || state === "awaiting_activation") {
        throw conflict(
          "This person has not set a password or confirmed their email yet; resend the invitation or ask them to use the activation email.",
        );
      }
      status = "active";
      changes.status = { from: state, to: "active" };
    }
    if (patch.status === "suspended" && user.status !== "suspended") {
      status = "suspended";
      changes.status = { from: state, to: "suspended" };
    }
    if (role !== user.role) changes.role = { from: user.role, to: role };
    if (accountId !== user.account_id) changes.accountId = { from: user.account_id, to: accountId };
    if (Object.keys(changes).length === 0) return presentUser(user);

    await updateUser(tx, user.id, {
      role,
      status,
      account_id: accountId,
      ...(state === "awaiting_approval" && status === "active" ? { approved_at: nowIso() } : {}),
    });
    // A suspended user or one whose role changed must sign in again under the new rules.
    if (status === "suspended" || role !== user.role) await endAllSessions(tx, user.id);
    if (role === "client" && user.role !== "client") {
      await unassignFromAllAccounts(tx, user.id);
    }
    const verb =
      state === "awaiting_approval" && status === "active"
        ? "user.approved"
        : changes.status && status === "suspended"
          ? "user.suspended"
          : changes.status
            ? "user.reactivated"
            : "user.updated";
    await recordEvent(tx, {
      actorId: actor.id,
      verb,
      objectType: "user",
      objectId: user.id,
      accountId,
      payload: { name: user.name, changes },
    });
    if (verb === "user.approved") await sendApprovedEmail(ctx, tx, user);
    const fresh = await findUserById(tx, user.id);
    if (!fresh) throw notFound("User");
    return presentUser(fresh);
  });
  // Committed: their next request, on any instance, is answered as the person they are now.
  await invalidateActor(ctx, { userId });
  return updated;
}

import type { TInviteRequest, TUser } from "../../../common/schemas";
import { hashPassword, passwordProblem } from "../../platform/auth/passwords";
import type { Actor } from "../../platform/auth/sessions";
import { issueToken, spendToken } from "../../platform/auth/tokens";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import { AppError, conflict, notFound, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import { findClientAccount } from "../clients/service";
import { sendInvitationEmail } from "./emails";
import { startSession } from "./login";
import { presentUser, userState } from "./presenters";
import { findUserByEmail, findUserById, insertUser, updateUser, usernameTaken } from "./queries";

/** A free username derived from the email's local part: "jane.doe", then "jane.doe2"… */
async function suggestUsername(db: Executor, email: string): Promise<string> {
  const base =
    email
      .split("@")[0]!
      .toLowerCase()
      .replace(/[^a-z0-9._-]/g, "")
      .slice(0, 30) || "user";
  const padded = base.length >= 3 ? base : `${base}-user`;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? padded : `${padded}${n}`;
    if (!(await usernameTaken(db, candidate))) return candidate;
  }
}

/**
 * Admin invites a person by email. Clients must belong to a client account; staff must not.
 * The invitation email carries a one-time link to set a password.
 */
export function inviteUser(ctx: AppContext, actor: Actor, input: TInviteRequest): Promise<TUser> {
  return ctx.db.transaction().execute((tx) => inviteUserIn(ctx, tx, actor, input));
}

/** `inviteUser` in the caller's transaction (adding an email's sender as a contact from the quarantine). */
export async function inviteUserIn(ctx: AppContext, tx: Executor, actor: Actor, input: TInviteRequest): Promise<TUser> {
  const email = input.email.trim().toLowerCase();
  if (input.role === "client" && !input.accountId) {
    throw validation("accountId", "Choose the client account this contact belongs to.");
  }
  if (input.role !== "client" && input.accountId) {
    throw validation("accountId", "Only client contacts belong to a client account; leave it empty for staff.");
  }
  if (input.accountId && !(await findClientAccount(tx, input.accountId))) {
    throw validation("accountId", "That client account does not exist.");
  }
  if (await findUserByEmail(tx, email)) throw conflict("An account with this email address already exists.", "email");
  const id = newId();
  const now = nowIso();
  await insertUser(tx, {
    id,
    email,
    username: await suggestUsername(tx, email),
    name: input.name.trim(),
    phone: null,
    role: input.role,
    status: "pending",
    account_id: input.accountId ?? null,
    password_hash: null,
    // The invitation link proves the address, and an admin vouched for the person.
    email_verified_at: null,
    approved_at: now,
    invited_by: actor.id,
    last_login_at: null,
    created_at: now,
    updated_at: now,
  });
  await recordEvent(tx, {
    actorId: actor.id,
    verb: "user.invited",
    objectType: "user",
    objectId: id,
    accountId: input.accountId ?? null,
    payload: { email, role: input.role },
  });
  const token = await issueToken(tx, "invitation", id);
  await sendInvitationEmail(ctx, tx, { email, name: input.name.trim() }, actor.name, token);
  const user = await findUserById(tx, id);
  if (!user) throw notFound("User");
  return presentUser(user);
}

/** Sends a fresh invitation link (the old one stops working). */
export async function resendInvitation(ctx: AppContext, actor: Actor, userId: string): Promise<TUser> {
  return ctx.db.transaction().execute(async (tx) => {
    const user = await findUserById(tx, userId);
    if (!user) throw notFound("User");
    if (userState(user) !== "invited") throw conflict("This person has already accepted their invitation.");
    const token = await issueToken(tx, "invitation", user.id);
    await sendInvitationEmail(ctx, tx, user, actor.name, token);
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "user.invitation_resent",
      objectType: "user",
      objectId: user.id,
      accountId: user.account_id,
      payload: {},
    });
    return presentUser(user);
  });
}

/**
 * The invited person sets a password (and may pick a username); the account becomes active and
 * they are logged in, as the first admin is after setup: the link already proved who they are.
 */
export async function acceptInvitation(
  ctx: AppContext,
  input: { token: string; password: string; username?: string },
  meta: { ip?: string; userAgent?: string },
) {
  const problem = passwordProblem(input.password);
  if (problem) throw validation("password", problem);
  const hash = await hashPassword(input.password);
  return ctx.db.transaction().execute(async (tx) => {
    const token = await spendToken(tx, "invitation", input.token);
    const user = token.user_id ? await findUserById(tx, token.user_id) : undefined;
    if (!user || userState(user) !== "invited") {
      throw new AppError("invalid_token", "This invitation was already accepted. Log in instead.");
    }
    const username = input.username?.trim().toLowerCase();
    if (username && username !== user.username && (await usernameTaken(tx, username))) {
      throw conflict("This username is already taken.", "username");
    }
    const now = nowIso();
    await updateUser(tx, user.id, {
      password_hash: hash,
      status: "active",
      email_verified_at: now,
      ...(username ? { username } : {}),
    });
    await recordEvent(tx, {
      actorId: user.id,
      verb: "user.invitation_accepted",
      objectType: "user",
      objectId: user.id,
      accountId: user.account_id,
      payload: { email: user.email, username: username ?? user.username },
    });
    return startSession(ctx, tx, user.id, meta);
  });
}

import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from "../../platform/auth/passwords";
import { invalidateActor } from "../../platform/auth/session-cache";
import { type Actor, createSession, endAllSessions, endSession } from "../../platform/auth/sessions";
import { issueToken, spendToken } from "../../platform/auth/tokens";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import { AppError, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { nowIso } from "../../platform/ids";
import { sendPasswordResetEmail } from "./emails";
import { presentMe, userState } from "./presenters";
import { findUserByEmail, findUserById, findUserByLogin, updateUser } from "./queries";
import { sendFreshActivation } from "./registration";

/** One message whether the account is unknown or the password wrong: no account enumeration. */
const badCredentials = () => new AppError("invalid_credentials", "Incorrect username or password.");

/**
 * Logs in with username or email. The password is checked before anything about the account
 * is revealed; only then does a pending or suspended account learn why it cannot enter.
 */
export async function logIn(ctx: AppContext, input: { username: string; password: string }, meta: { ip?: string; userAgent?: string }) {
  const user = await findUserByLogin(ctx.db, input.username);
  // Verify against a dummy hash for unknown users so both paths take the same time.
  const ok = await verifyPassword(input.password, user?.password_hash ?? (await dummyPasswordHash()));
  if (!user?.password_hash || !ok) throw badCredentials();
  switch (userState(user)) {
    case "active":
      break;
    case "awaiting_activation":
      throw new AppError("account_not_active", "Your account is not activated yet. Follow the link in the activation email we sent you.");
    case "awaiting_approval":
      throw new AppError("account_not_active", "Your account awaits approval by the agency. You will get an email when it is approved.");
    case "suspended":
      throw new AppError("account_not_active", "This account is suspended. Contact the agency if you think this is a mistake.");
    case "invited":
      throw badCredentials();
  }
  return ctx.db.transaction().execute((tx) => startSession(ctx, tx, user.id, meta));
}

/**
 * Logs someone in who just proved who they are — a password, the setup link, an accepted
 * invitation — in the caller's transaction: a new session, and the log-in recorded as their
 * last (the Users page and the Account page show it). The route sets the cookie.
 */
export async function startSession(ctx: AppContext, tx: Executor, userId: string, meta: { ip?: string; userAgent?: string }) {
  const session = await createSession(tx, userId, ctx.config.sessionTtlSeconds, meta);
  await updateUser(tx, userId, { last_login_at: nowIso() });
  const user = await findUserById(tx, userId);
  if (!user) throw new Error(`user ${userId} vanished while logging in`);
  return { session, user: presentMe(user) };
}

/** Ends the session server-side: the cookie is useless afterwards even if it was copied. */
export async function logOut(ctx: AppContext, actor: Actor): Promise<void> {
  await endSession(ctx.db, actor.sessionId);
  await invalidateActor(ctx, { sessionId: actor.sessionId });
}

/**
 * Always answers the same, whether or not the email belongs to an account. Someone who never
 * activated gets a fresh activation link instead: a new password would not let them in.
 */
export async function requestPasswordReset(ctx: AppContext, email: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (!user) return;
    const state = userState(user);
    if (state === "awaiting_activation") {
      await sendFreshActivation(ctx, tx, user);
      return;
    }
    if (state !== "active") return;
    const token = await issueToken(tx, "password_reset", user.id);
    await sendPasswordResetEmail(ctx, tx, user, token);
    await recordEvent(tx, {
      actorId: null,
      verb: "user.password_reset_requested",
      objectType: "user",
      objectId: user.id,
      accountId: user.account_id,
      payload: {},
    });
  });
}

/** Sets a new password from a reset link and ends every session of that user. */
export async function resetPassword(ctx: AppContext, input: { token: string; password: string }): Promise<void> {
  const problem = passwordProblem(input.password);
  if (problem) throw validation("password", problem);
  const hash = await hashPassword(input.password);
  const userId = await ctx.db.transaction().execute(async (tx) => {
    const token = await spendToken(tx, "password_reset", input.token);
    if (!token.user_id) throw new AppError("invalid_token", "This link is invalid, has expired or was already used.");
    await updateUser(tx, token.user_id, { password_hash: hash });
    await endAllSessions(tx, token.user_id);
    await recordEvent(tx, {
      actorId: token.user_id,
      verb: "user.password_reset",
      objectType: "user",
      objectId: token.user_id,
      payload: {},
    });
    return token.user_id;
  });
  await invalidateActor(ctx, { userId });
}

/** Changes the password of a logged-in user; their other sessions end, this one stays. */
export async function changePassword(ctx: AppContext, actor: Actor, input: { currentPassword: string; newPassword: string }) {
  const user = await findUserById(ctx.db, actor.id);
  if (!user?.password_hash || !(await verifyPassword(input.currentPassword, user.password_hash))) {
    throw validation("currentPassword", "Your current password is not correct.");
  }
  const problem = passwordProblem(input.newPassword);
  if (problem) throw validation("newPassword", problem);
  const hash = await hashPassword(input.newPassword);
  await ctx.db.transaction().execute(async (tx) => {
    await updateUser(tx, actor.id, { password_hash: hash });
    await endAllSessions(tx, actor.id, actor.sessionId);
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "user.password_changed",
      objectType: "user",
      objectId: actor.id,
      accountId: actor.accountId,
      payload: {},
    });
  });
  // This session's entry goes too (a scan by person); its next request simply reads it again.
  await invalidateActor(ctx, { userId: actor.id });
}

import type { TActivateResponse, TRegisterRequest } from "../../../common/schemas";
import { hashPassword, passwordProblem } from "../../platform/auth/passwords";
import { issueToken, lastIssuedAt, spendToken } from "../../platform/auth/tokens";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import { AppError, conflict, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import { getSettings } from "../../platform/settings";
import { accountForEmailDomain, createClientAccount, findAccountByName } from "../clients/service";
import { sendActivationEmail, sendApprovalRequestEmail } from "./emails";
import { userState } from "./presenters";
import { findUserByEmail, findUserById, insertUser, listAdminEmails, lockUser, updateUser, usernameTaken } from "./queries";

/**
 * The client account a registration joins, by the admin's placement setting: the account listing
 * the email's domain (`domain`), a new account of the registrant's own (`own`, named after the
 * company or the person), or none yet — the agency places them (`agency`, and whenever the
 * domain matches nothing or the company name is already an account's: a stranger typing a
 * customer's name must never land in that customer's account).
 */
async function placementOf(tx: Executor, input: TRegisterRequest, email: string) {
  const { registrationPlacement } = await getSettings(tx);
  if (registrationPlacement === "domain") {
    const accountId = await accountForEmailDomain(tx, email);
    return accountId ? { accountId, placement: "domain" as const } : undefined;
  }
  if (registrationPlacement === "own") {
    const name = input.company?.trim() || input.name.trim();
    if (await findAccountByName(tx, name)) return undefined;
    const account = await createClientAccount(tx, null, { name, phone: input.phone.trim() || undefined });
    return { accountId: account.id, placement: "own" as const };
  }
  return undefined;
}

/**
 * Registers a client (seed: "Register with your correct email and contact details"): a pending
 * contact placed in a client account as the settings say (or waiting for the agency to place
 * them), and an activation email — all in one transaction.
 */
export async function registerClient(ctx: AppContext, input: TRegisterRequest): Promise<{ email: string }> {
  const problem = passwordProblem(input.password);
  if (problem) throw validation("password", problem);
  const email = input.email.trim().toLowerCase();
  const username = input.username.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction().execute(async (tx) => {
    if (await findUserByEmail(tx, email)) {
      throw conflict("An account with this email address already exists. Log in, or reset your password.", "email");
    }
    if (await usernameTaken(tx, username)) throw conflict("This username is already taken.", "username");
    const userId = newId();
    const now = nowIso();
    const placed = await placementOf(tx, input, email);
    await insertUser(tx, {
      id: userId,
      email,
      username,
      name: input.name.trim(),
      phone: input.phone.trim() || null,
      role: "client",
      status: "pending",
      account_id: placed?.accountId ?? null,
      company: input.company?.trim() || null,
      password_hash: passwordHash,
      email_verified_at: null,
      approved_at: null,
      invited_by: null,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    });
    await recordEvent(tx, {
      actorId: userId,
      verb: "user.registered",
      objectType: "user",
      objectId: userId,
      accountId: placed?.accountId ?? null,
      payload: { email, username },
    });
    const token = await issueToken(tx, "activation", userId);
    await sendActivationEmail(ctx, tx, { email, name: input.name.trim() }, token);
    return { email };
  });
}

/** At most one activation email per address in this time: the button must not become a way to flood someone's inbox. */
export const ACTIVATION_RESEND_INTERVAL_MS = 60_000;

/**
 * Emails a fresh activation link to someone who registered but never activated (the earlier
 * link stops working), unless one went out in the last minute.
 */
export async function sendFreshActivation(ctx: AppContext, tx: Executor, user: { id: string; email: string; name: string }): Promise<void> {
  await lockUser(tx, ctx.dialect, user.id);
  const last = await lastIssuedAt(tx, "activation", user.id);
  if (last && Date.now() - Date.parse(last) < ACTIVATION_RESEND_INTERVAL_MS) return;
  await sendActivationEmail(ctx, tx, user, await issueToken(tx, "activation", user.id));
}

/**
 * "Resend activation email" on the page after registering. Answers the same whether or not the
 * address belongs to anyone (no account enumeration): only a registration still waiting for its
 * email to be confirmed gets a new link.
 */
export async function resendActivation(ctx: AppContext, email: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const user = await findUserByEmail(tx, email);
    if (!user || userState(user) !== "awaiting_activation") return;
    await sendFreshActivation(ctx, tx, user);
  });
}

/**
 * Spends an activation token. The account becomes active, or — when admins approve new
 * registrations — waits for approval and the admins are told.
 */
export async function activateAccount(ctx: AppContext, token: string): Promise<TActivateResponse["data"]> {
  return ctx.db.transaction().execute(async (tx) => {
    const row = await spendToken(tx, "activation", token);
    const user = row.user_id ? await findUserById(tx, row.user_id) : undefined;
    if (user?.status !== "pending") throw new AppError("invalid_token", "This account is already active.");
    const { requireApproval } = await getSettings(tx);
    const now = nowIso();
    // Why: someone the agency has yet to place in a client account waits, approval or not.
    if (requireApproval || !user.account_id) {
      await updateUser(tx, user.id, { email_verified_at: now });
      await recordEvent(tx, {
        actorId: user.id,
        verb: "user.email_verified",
        objectType: "user",
        objectId: user.id,
        accountId: user.account_id,
        payload: { email: user.email, username: user.username },
      });
      for (const admin of await listAdminEmails(tx)) {
        await sendApprovalRequestEmail(ctx, tx, admin, {
          name: user.name,
          email: user.email,
          company: user.company,
          accountName: user.account_name,
        });
      }
      return { status: "awaiting_approval" as const };
    }
    await updateUser(tx, user.id, { email_verified_at: now, approved_at: now, status: "active" });
    await recordEvent(tx, {
      actorId: user.id,
      verb: "user.activated",
      objectType: "user",
      objectId: user.id,
      accountId: user.account_id,
      payload: { email: user.email, username: user.username },
    });
    return { status: "active" as const };
  });
}

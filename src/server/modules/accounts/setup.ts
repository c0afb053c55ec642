import { hashPassword, passwordProblem } from "../../platform/auth/passwords";
import { issueToken, spendToken } from "../../platform/auth/tokens";
import { type AppContext, link } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import { AppError, conflict, validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { newId, nowIso } from "../../platform/ids";
import { startSession } from "./login";
import { countAdmins, findUserByEmail, insertUser, usernameTaken } from "./queries";

/** True until the first admin exists: the portal then shows the setup path. */
export async function setupRequired(ctx: AppContext): Promise<boolean> {
  return (await countAdmins(ctx.db)) === 0;
}

async function insertAdmin(tx: Executor, input: { email: string; username: string; name: string; passwordHash: string }): Promise<string> {
  const id = newId();
  const now = nowIso();
  await insertUser(tx, {
    id,
    email: input.email,
    username: input.username,
    name: input.name,
    phone: null,
    role: "admin",
    status: "active",
    account_id: null,
    password_hash: input.passwordHash,
    email_verified_at: now,
    approved_at: now,
    invited_by: null,
    last_login_at: null,
    created_at: now,
    updated_at: now,
  });
  await recordEvent(tx, { actorId: id, verb: "user.admin_created", objectType: "user", objectId: id, payload: { email: input.email } });
  return id;
}

/**
 * Start-up: on a database without an admin, create one from ADMIN_EMAIL/ADMIN_PASSWORD, or
 * issue a setup link (printed to the log) that lets the first visitor create the admin.
 * Returns the link when one was issued.
 */
export async function ensureFirstAdmin(ctx: AppContext): Promise<string | undefined> {
  if (!(await setupRequired(ctx))) return undefined;
  const { adminEmail, adminPassword } = ctx.config;
  if (adminEmail && adminPassword) {
    const passwordHash = await hashPassword(adminPassword);
    await ctx.db.transaction().execute(async (tx) => {
      if ((await countAdmins(tx)) > 0) return;
      const username = (adminEmail.split("@")[0] ?? "").replace(/[^a-z0-9._-]/g, "") || "admin";
      await insertAdmin(tx, {
        email: adminEmail,
        username: (await usernameTaken(tx, username)) ? `${username}-admin` : username,
        name: "Administrator",
        passwordHash,
      });
    });
    ctx.log.info({ email: adminEmail }, "created the first admin from ADMIN_EMAIL");
    return undefined;
  }
  const token = await ctx.db.transaction().execute((tx) => issueToken(tx, "setup", null));
  return link(ctx, "/setup", { token });
}

/** The first visitor with the setup link creates the admin account; the link then stops working. */
export async function completeSetup(
  ctx: AppContext,
  input: { token: string; email: string; username: string; name: string; password: string },
  meta: { ip?: string; userAgent?: string },
) {
  const problem = passwordProblem(input.password);
  if (problem) throw validation("password", problem);
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction().execute(async (tx) => {
    await spendToken(tx, "setup", input.token);
    if ((await countAdmins(tx)) > 0) throw new AppError("invalid_token", "The portal is already set up. Log in instead.");
    const email = input.email.trim().toLowerCase();
    const username = input.username.trim().toLowerCase();
    if (await findUserByEmail(tx, email)) throw conflict("An account with this email address already exists.", "email");
    if (await usernameTaken(tx, username)) throw conflict("This username is already taken.", "username");
    const id = await insertAdmin(tx, { email, username, name: input.name.trim(), passwordHash });
    return startSession(ctx, tx, id, meta);
  });
}

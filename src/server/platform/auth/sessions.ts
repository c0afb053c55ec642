import type { Executor } from "../db/database";
import type { Role, UserStatus } from "../db/schema";
import { newId, nowIso } from "../ids";
import { randomToken, sha256 } from "./tokens";

export const SESSION_COOKIE = "portico_session";

/** The person behind a request, as every policy and service sees them. */
export interface Actor {
  id: string;
  role: Role;
  status: UserStatus;
  /** A client contact's own account; null for staff. */
  accountId: string | null;
  name: string;
  username: string;
  email: string;
  sessionId: string;
}

/** The user's columns an actor is made of. */
export type ActorUserRow = {
  id: string;
  role: Role;
  status: UserStatus;
  account_id: string | null;
  name: string;
  username: string;
  email: string;
};

/**
 * The one way to make an actor from a user row: a session's, or a stand-in session id for work
 * done on someone's behalf without one (`email` for a reply by email).
 */
export function actorFromUser(user: ActorUserRow, sessionId: string): Actor {
  return {
    id: user.id,
    role: user.role,
    status: user.status,
    accountId: user.account_id,
    name: user.name,
    username: user.username,
    email: user.email,
    sessionId,
  };
}

/** Starts a session and returns the raw cookie token; only its hash is stored. */
export async function createSession(
  tx: Executor,
  userId: string,
  ttlSeconds: number,
  meta: { ip?: string; userAgent?: string },
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = randomToken();
  const sessionId = newId();
  const now = nowIso();
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  await tx
    .insertInto("sessions")
    .values({
      id: sessionId,
      token_hash: sha256(token),
      user_id: userId,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt.toISOString(),
      ip: meta.ip ?? null,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, sessionId, expiresAt };
}

/** Sliding expiry is written at most once a minute per session, not on every request. */
export const TOUCH_INTERVAL_MS = 60_000;

/** A live session as read from the database; times in epoch milliseconds. */
export interface LiveSession {
  actor: Actor;
  expiresAt: number;
  lastSeenAt: number;
}

/**
 * Reads the session behind a token hash. Expired sessions and users who are no longer active
 * resolve to nothing: suspending someone ends their access on their next request.
 */
export async function readSession(db: Executor, tokenHash: string, now: number): Promise<LiveSession | undefined> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id as sessionId",
      "sessions.last_seen_at",
      "sessions.expires_at",
      "users.id",
      "users.role",
      "users.status",
      "users.account_id",
      "users.name",
      "users.username",
      "users.email",
    ])
    .where("sessions.token_hash", "=", tokenHash)
    .executeTakeFirst();
  if (row?.status !== "active") return undefined;
  const expiresAt = Date.parse(row.expires_at);
  if (expiresAt <= now) return undefined;
  return { actor: actorFromUser(row, row.sessionId), expiresAt, lastSeenAt: Date.parse(row.last_seen_at) };
}

/** Whether this request should write the sliding expiry (see TOUCH_INTERVAL_MS). */
export function touchDue(session: Pick<LiveSession, "lastSeenAt">, now: number): boolean {
  return now - session.lastSeenAt > TOUCH_INTERVAL_MS;
}

/** Slides the session's expiry to `ttlSeconds` from now; returns the new expiry. */
export async function touchSession(db: Executor, sessionId: string, now: number, ttlSeconds: number): Promise<number> {
  const expiresAt = now + ttlSeconds * 1000;
  await db
    .updateTable("sessions")
    .set({ last_seen_at: new Date(now).toISOString(), expires_at: new Date(expiresAt).toISOString() })
    .where("id", "=", sessionId)
    .execute();
  return expiresAt;
}

/**
 * Ends one session (log out). After the commit, call `invalidateActor(ctx, { sessionId })`
 * (session-cache.ts): until then every process may still answer from its cache.
 */
export async function endSession(tx: Executor, sessionId: string): Promise<void> {
  await tx.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

/**
 * Ends every session of a user (password reset, suspension), optionally keeping one. After the
 * commit, call `invalidateActor(ctx, { userId })` (session-cache.ts).
 */
export async function endAllSessions(tx: Executor, userId: string, exceptSessionId?: string): Promise<void> {
  let query = tx.deleteFrom("sessions").where("user_id", "=", userId);
  if (exceptSessionId) query = query.where("id", "!=", exceptSessionId);
  await query.execute();
}

import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Executor } from "../db/database";
import type { TokenKind } from "../db/schema";
import { AppError } from "../errors";
import { newId, nowIso } from "../ids";

export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");
export const randomToken = () => randomBytes(32).toString("base64url");

export const TOKEN_TTL_MS: Record<TokenKind, number> = {
  activation: 3 * 24 * 3600_000,
  password_reset: 3600_000,
  invitation: 7 * 24 * 3600_000,
  setup: 365 * 24 * 3600_000,
};

/**
 * Creates a one-time token and returns its raw value (to put in a link). Only its hash is
 * stored; earlier unspent tokens of the same kind for the same user are revoked.
 */
export async function issueToken(tx: Executor, kind: TokenKind, userId: string | null): Promise<string> {
  const raw = randomToken();
  let revoke = tx.updateTable("one_time_tokens").set({ used_at: nowIso() }).where("kind", "=", kind).where("used_at", "is", null);
  revoke = userId === null ? revoke.where("user_id", "is", null) : revoke.where("user_id", "=", userId);
  await revoke.execute();
  await tx
    .insertInto("one_time_tokens")
    .values({
      id: newId(),
      kind,
      token_hash: sha256(raw),
      user_id: userId,
      expires_at: new Date(Date.now() + TOKEN_TTL_MS[kind]).toISOString(),
      used_at: null,
      created_at: nowIso(),
    })
    .execute();
  return raw;
}

/** When the newest token of this kind was issued to this user (spent or not), if ever: how often a link is re-sent. */
export async function lastIssuedAt(tx: Executor, kind: TokenKind, userId: string): Promise<string | undefined> {
  const row = await tx
    .selectFrom("one_time_tokens")
    .select("created_at")
    .where("kind", "=", kind)
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row?.created_at;
}

const invalid = () => new AppError("invalid_token", "This link is invalid, has expired or was already used.");

/** Looks a token up without spending it (a GET of a one-time link must never spend it). */
export async function inspectToken(tx: Executor, kind: TokenKind, raw: string) {
  const row = await tx
    .selectFrom("one_time_tokens")
    .selectAll()
    .where("token_hash", "=", sha256(raw))
    .where("kind", "=", kind)
    .executeTakeFirst();
  if (!row || row.used_at !== null || row.expires_at <= nowIso()) return undefined;
  return row;
}

/** Spends a token atomically: of two concurrent requests with the same token only one wins. */
export async function spendToken(tx: Executor, kind: TokenKind, raw: string) {
  const row = await inspectToken(tx, kind, raw);
  if (!row) throw invalid();
  const result = await tx
    .updateTable("one_time_tokens")
    .set({ used_at: nowIso() })
    .where("id", "=", row.id)
    .where("used_at", "is", null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw invalid();
  return row;
}

export function hmac(secret: string, value: string): string {
  return createHmac("sha256", secret).update(value).digest("base64url");
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

import { POLICY_CODES, type TDecision, type TPolicyCode } from "../../common/decisions";

/**
 * The one error module. Every error a client of the API can see has a stable `code` to switch
 * on and a `message` a person can act on; `field` names the input at fault when there is one.
 */
export type ErrorCode =
  | "validation_error"
  | "authentication_required"
  | "invalid_credentials"
  | "account_not_active"
  | "csrf_failed"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "invalid_token"
  | "rate_limited"
  | "payload_too_large"
  | "internal_error"
  | "database_unavailable"
  | TPolicyCode;

const STATUS: Record<ErrorCode, number> = {
  validation_error: 400,
  authentication_required: 401,
  invalid_credentials: 401,
  account_not_active: 403,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_token: 410,
  rate_limited: 429,
  payload_too_large: 413,
  internal_error: 500,
  database_unavailable: 503,
  ...POLICY_CODES,
};

export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.statusCode = STATUS[code];
  }

  toJSON() {
    return {
      error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}), ...this.details },
    };
  }
}

/** A policy refused: its status, stable code and reason become the error (see common/decisions.ts). */
export function assertAllowed(decision: TDecision, field?: string): void {
  if (!decision.allowed) throw new AppError(decision.code, decision.reason, field);
}

export const validation = (field: string, message: string) => new AppError("validation_error", message, field);
export const notFound = (what = "That item") => new AppError("not_found", `${what} was not found.`);
export const forbidden = (message = "You are not allowed to do that.") => new AppError("forbidden", message);
export const conflict = (message: string, field?: string) => new AppError("conflict", message, field);

/**
 * Unique-constraint violations from either database, translated in one place into a message
 * that names the field (constraint names follow `<table>_<column>_unique`).
 */
export function fromDatabaseError(error: unknown): AppError | undefined {
  const e = error as { code?: string; constraint?: string; message?: string };
  const isUnique = e?.code === "23505" || e?.code === "SQLITE_CONSTRAINT_UNIQUE";
  if (!isUnique) return undefined;
  const source = `${e.constraint ?? ""} ${e.message ?? ""}`;
  if (/email/.test(source)) return conflict("An account with this email address already exists.", "email");
  if (/username/.test(source)) return conflict("This username is already taken.", "username");
  return conflict("That already exists.");
}

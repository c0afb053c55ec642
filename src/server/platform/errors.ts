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

/** "… contains a NUL character, which is not allowed." — the one sentence for a NUL anywhere (HTTP, multipart, the database). */
export const nulMessage = (what: string) => `${what} contains a NUL character, which is not allowed.`;

interface DatabaseErrorFields {
  code?: string;
  constraint?: string;
  column?: string;
  detail?: string;
  message?: string;
}

/** `account_id` → `accountId`: a column as the API names the field. */
const fieldOfColumn = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The column a PostgreSQL foreign-key error names: `Key (account_id)=(…) is not present in table …`. */
function foreignKeyField(e: DatabaseErrorFields): string | undefined {
  const column = e.detail?.match(/^Key \(([a-z0-9_]+)\)=/)?.[1] ?? e.column;
  return column ? fieldOfColumn(column) : undefined;
}

/** The field of the column a PostgreSQL data error names, when it names one. */
const columnField = (e: DatabaseErrorFields) => (e.column ? fieldOfColumn(e.column) : undefined);

function uniqueViolation(e: DatabaseErrorFields): AppError {
  const source = `${e.constraint ?? ""} ${e.message ?? ""}`;
  if (/email/.test(source)) return conflict("An account with this email address already exists.", "email");
  if (/username/.test(source)) return conflict("This username is already taken.", "username");
  return conflict("That already exists.");
}

/**
 * A foreign key refused a write: an id that names nothing (400, naming the field when the
 * database says which), or, on PostgreSQL, a row still referenced by another (409).
 */
function foreignKeyViolation(e: DatabaseErrorFields): AppError {
  if (/is still referenced/.test(e.detail ?? "")) return conflict("That is still in use by other records, so it cannot be removed.");
  const field = foreignKeyField(e);
  return field
    ? validation(field, `${field} names something that does not exist.`)
    : new AppError("validation_error", "The request names something that does not exist.");
}

/**
 * Database errors that are the request's fault, translated in one place for both databases into
 * a 4xx that names the field when the database tells which. Services check what they can first
 * (an account that exists, a position in range); this is the safety net behind them, so a check
 * forgotten is still a 4xx, never a 500:
 *
 * - unique violations (23505 / SQLITE_CONSTRAINT_UNIQUE) → 409; constraint names follow
 *   `<table>_<column>_unique`;
 * - foreign-key violations (23503 / SQLITE_CONSTRAINT_FOREIGNKEY) → 400 (409 when still referenced);
 * - PostgreSQL 22003 (a number out of range for its column), 22P02 (text that is not a valid
 *   uuid, number…) and 22021 (an invalid byte sequence: the NUL character) → 400.
 */
export function fromDatabaseError(error: unknown): AppError | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as DatabaseErrorFields;
  switch (e.code) {
    case "23505":
    case "SQLITE_CONSTRAINT_UNIQUE":
      return uniqueViolation(e);
    case "23503":
    case "SQLITE_CONSTRAINT_FOREIGNKEY":
      return foreignKeyViolation(e);
    case "22003":
      return new AppError("validation_error", "A number in the request is too large or too small.", columnField(e));
    case "22P02":
      return new AppError("validation_error", "A value in the request is not in the form expected.", columnField(e));
    case "22021":
      return new AppError("validation_error", nulMessage("The request"), columnField(e));
    default:
      return undefined;
  }
}

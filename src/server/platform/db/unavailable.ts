/**
 * When the database is away (restarting, failing over, refusing connections, a connection cut
 * mid-query), a request cannot be served but nothing is wrong with it: the answer is 503 with
 * `Retry-After` and the code `database_unavailable`, and the app recovers by itself when the
 * database returns — the pool opens fresh connections on the next query. This is the one place
 * that decides which errors mean "the database is not reachable", for both databases.
 */
export class DatabaseUnavailableError extends Error {
  readonly code = "database_unavailable";
  constructor(override readonly cause: unknown) {
    super(`the database is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * PostgreSQL SQLSTATEs that mean the connection or the server is going away, not that the
 * statement is wrong: class 08 (connection exception), 57P01–57P03 (terminated by an
 * administrator, crash shutdown, cannot connect now), 53300 (too many connections).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

/** Node's socket errors when the server cannot be reached or drops the connection. */
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);

/** What `pg` says when a connection ends under a query or a checked-out client is unusable. */
const PG_CONNECTION_MESSAGES =
  /Connection terminated|Connection ended unexpectedly|not queryable|timeout exceeded when trying to connect|Client was closed/i;

/**
 * SQLite: the file is locked by another writer for longer than busy_timeout. Waiting and trying
 * again is the right answer for that too.
 */
const SQLITE_BUSY = new Set(["SQLITE_BUSY", "SQLITE_BUSY_SNAPSHOT", "SQLITE_BUSY_TIMEOUT", "SQLITE_LOCKED"]);

export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === "string" && (UNAVAILABLE_SQLSTATE.test(code) || SOCKET_CODES.has(code) || SQLITE_BUSY.has(code))) return true;
  return typeof message === "string" && PG_CONNECTION_MESSAGES.test(message);
}

/**
 * The one way the web app talks to the API: JSON in and out, the session cookie sent
 * automatically, and the CSRF token attached to every write.
 */

/** An error answer from the API (`{ error: { code, message, field? } }`), or a network failure. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

// Why module state: the token is tied to the session cookie, not to any component; the session
// query and the login/setup responses keep it current.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: Method;
  body?: unknown;
  query?: Record<string, QueryValue>;
}

/** Builds `/api/...?a=b`, leaving out empty query values. */
export function apiUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; field?: unknown };
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: ErrorBody | null = null;
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    body = null;
  }
  const error = body?.error;
  const code = typeof error?.code === "string" ? error.code : "http_error";
  const fallback =
    response.status >= 500 ? "Something went wrong on our side. Please try again in a moment." : `The request failed (${response.status}).`;
  const message = typeof error?.message === "string" && error.message ? error.message : fallback;
  // Field names may come as JSON pointers ("/email") from schema validation.
  const field = typeof error?.field === "string" && error.field ? error.field.replace(/^\//, "") : undefined;
  return new ApiError(response.status, code, message, field);
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  // Why: the server rejects cookie-authenticated writes without the session's CSRF token.
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  try {
    return await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: "same-origin",
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, "network_error", "Could not reach the server. Check your connection and try again.");
  }
}

async function refreshCsrfToken(): Promise<void> {
  const response = await send("/api/auth/session", {});
  if (!response.ok) return;
  const body = (await response.json()) as { data?: { csrfToken?: string | null } };
  csrfToken = body.data?.csrfToken ?? null;
}

/** Calls the API and returns the parsed JSON body (or `undefined` for 204). Throws `ApiError`. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  let response = await send(path, options);
  if (response.status === 403 && (options.method ?? "GET") !== "GET") {
    const error = await toApiError(response.clone());
    if (error.code === "csrf_failed") {
      // The token went stale (e.g. the session was renewed in another tab): fetch it once, retry.
      await refreshCsrfToken();
      response = await send(path, options);
    }
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A person-readable message for anything thrown by a query or mutation. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong. Please try again.";
}

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
  /** Extra request headers (e.g. x-push-endpoint: a value that must stay out of the URL, which is logged). */
  headers?: Record<string, string>;
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
  const headers: Record<string, string> = { ...options.headers, accept: "application/json" };
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

/** The CSRF header for writes made outside `api()` (file uploads through XMLHttpRequest). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { "x-csrf-token": csrfToken } : {};
}

function xhrError(xhr: XMLHttpRequest): ApiError {
  let body: ErrorBody | null = null;
  try {
    body = JSON.parse(xhr.responseText) as ErrorBody;
  } catch {
    body = null;
  }
  const error = body?.error;
  const code = typeof error?.code === "string" ? error.code : xhr.status === 413 ? "payload_too_large" : "http_error";
  const fallback =
    xhr.status === 413
      ? "This file is too large to upload."
      : xhr.status >= 500
        ? "Something went wrong on our side. Please try again in a moment."
        : `The upload failed (${xhr.status}).`;
  const message = typeof error?.message === "string" && error.message ? error.message : fallback;
  return new ApiError(xhr.status, code, message);
}

function sendFile<T>(path: string, field: string, file: File, onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.withCredentials = true;
    xhr.setRequestHeader("accept", "application/json");
    // Why: the server rejects cookie-authenticated writes without the session's CSRF token.
    for (const [name, value] of Object.entries(csrfHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as T);
        } catch {
          reject(new ApiError(xhr.status, "invalid_response", "The server sent an unexpected answer."));
        }
      } else reject(xhrError(xhr));
    };
    xhr.onerror = () => reject(new ApiError(0, "network_error", "Could not reach the server. Check your connection and try again."));
    xhr.onabort = () => reject(new ApiError(0, "aborted", "The upload was cancelled."));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append(field, file, file.name);
    xhr.send(form);
  });
}

/**
 * Uploads one file as multipart form data, reporting progress (0–1). Goes through
 * XMLHttpRequest because fetch cannot report upload progress. Throws `ApiError`.
 */
export async function upload<T>(
  path: string,
  file: File,
  onProgress: (fraction: number) => void,
  options: { field?: string; signal?: AbortSignal } = {},
): Promise<T> {
  const field = options.field ?? "file";
  try {
    return await sendFile<T>(path, field, file, onProgress, options.signal);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 403 && error.code === "csrf_failed")) throw error;
    await refreshCsrfToken();
    return sendFile<T>(path, field, file, onProgress, options.signal);
  }
}

/** A person-readable message for anything thrown by a query or mutation. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong. Please try again.";
}

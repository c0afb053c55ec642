import { describe, expect, it } from "vitest";
import { ApiError, apiUrl, csrfHeaders, errorMessage, setCsrfToken } from "./client";

describe("apiUrl", () => {
  it("returns the path alone when there is no query", () => {
    expect(apiUrl("/api/tickets")).toBe("/api/tickets");
    expect(apiUrl("/api/tickets", {})).toBe("/api/tickets");
  });

  it("leaves out empty values (undefined, null, empty string) but keeps 0 and false", () => {
    expect(apiUrl("/api/tickets", { status: undefined, q: "", cursor: null })).toBe("/api/tickets");
    expect(apiUrl("/api/tickets", { page: 0, unassigned: false })).toBe("/api/tickets?page=0&unassigned=false");
  });

  it("encodes values so search text cannot break the query string", () => {
    const url = apiUrl("/api/tickets", { q: "a&b=c #1", limit: 25 });
    const params = new URL(url, "http://portal.test").searchParams;
    expect(params.get("q")).toBe("a&b=c #1");
    expect(params.get("limit")).toBe("25");
    expect([...params.keys()]).toEqual(["q", "limit"]);
  });
});

describe("errorMessage", () => {
  it("shows the API's own message", () => {
    expect(errorMessage(new ApiError(422, "validation_failed", "Enter a subject.", "subject"))).toBe("Enter a subject.");
  });

  it("shows any other error's message", () => {
    expect(errorMessage(new Error("Boom"))).toBe("Boom");
  });

  it("falls back to a plain sentence for anything without a message", () => {
    for (const thrown of [new Error(""), "oops", null, undefined, { message: 1 }]) {
      expect(errorMessage(thrown)).toBe("Something went wrong. Please try again.");
    }
  });
});

describe("ApiError", () => {
  it("is an Error that carries the status, code and field", () => {
    const error = new ApiError(404, "not_found", "Not found.", "id");
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("ApiError");
    expect([error.status, error.code, error.message, error.field]).toEqual([404, "not_found", "Not found.", "id"]);
  });
});

describe("csrfHeaders", () => {
  it("sends the session's CSRF token, and nothing once it is forgotten", () => {
    setCsrfToken("tok-123");
    expect(csrfHeaders()).toEqual({ "x-csrf-token": "tok-123" });
    setCsrfToken(null);
    expect(csrfHeaders()).toEqual({});
  });
});

import type { InjectOptions, LightMyRequestResponse } from "fastify";
import type { TestApp } from "../harness";
import { TEST_PASSWORD } from "./people";

/** A logged-in browser, as far as the API can tell: session cookie plus CSRF header. */
export interface Session {
  cookie: string;
  csrf: string;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
}

/** Logs in through POST /api/auth/login (users from `buildUser` have TEST_PASSWORD). */
export async function login(t: TestApp, username: string, password = TEST_PASSWORD): Promise<Session> {
  const response = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`login failed for ${username}: ${response.statusCode} ${response.body}`);
  const setCookie = response.cookies.find((c) => c.name === "portico_session");
  if (!setCookie) throw new Error("no session cookie");
  const cookie = `portico_session=${setCookie.value}`;
  const csrf = response.json().data.csrfToken as string;
  return {
    cookie,
    csrf,
    inject: (options) =>
      t.app.inject({ ...options, headers: { cookie, "x-csrf-token": csrf, ...(options.headers ?? {}) } } as InjectOptions),
  };
}

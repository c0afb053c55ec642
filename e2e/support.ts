import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import nodemailer from "nodemailer";
import { type APIRequestContext, type APIResponse, type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect } from "vitest";
import { buildProblem } from "../scripts/build-state.mjs";
import { freePort } from "../src/server/test/free-port";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const SCREENSHOTS = path.resolve("e2e/screenshots");
export const ADMIN = { email: "admin@portal.test", password: "admin password 1" };

export interface Portal {
  url: string;
  /** The built-in inbound SMTP listener (reply by email). */
  inboundSmtpPort: number;
  /** The server's DATA_DIR (its SQLite database and files), for tests that set up what cannot be clicked. */
  dataDir: string;
  browser: Browser;
  stop(): Promise<void>;
}

/**
 * Starts the portal the way a user does (the compiled server process on a fresh SQLite data
 * directory, the built web app) and a headless Debian Chromium.
 */
export async function startPortal(options: { env?: Record<string, string> } = {}): Promise<Portal> {
  // What `npm start` runs: the built web app and the compiled server, never an older build.
  const problem = buildProblem();
  if (problem) throw new Error(problem);
  const dataDir = mkdtempSync(path.join(tmpdir(), "portico-e2e-"));
  const port = await freePort();
  const inboundSmtpPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ["--enable-source-maps", "dist/server/main.js"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      PUBLIC_URL: url,
      INBOUND_SMTP_PORT: String(inboundSmtpPort),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      DATABASE_URL: "",
      SMTP_URL: "",
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
      ...options.env,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("the server did not become ready in 30 s");
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    url,
    inboundSmtpPort,
    dataDir,
    browser,
    async stop() {
      await browser.close();
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function newPage(portal: Portal, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  const context = await portal.browser.newContext({
    baseURL: portal.url,
    viewport: { width, height: width < 500 ? 740 : 860 },
    timezoneId: "Australia/Perth",
  });
  const page = await context.newPage();
  // Generous: CI machines are shared and a cold page under load can take several seconds.
  page.setDefaultTimeout(20_000);
  return { context, page };
}

/**
 * Checks the page with axe at desktop width and at 375 px, saving a screenshot of each so a
 * person can look at what the test saw. Any violation fails the test, listed by rule. A page
 * longer than what it draws (a board's long column draws the cards on screen) is shot as the
 * screen shows it: `fullPage: false`.
 */
export async function checkPage(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  const original = page.viewportSize() ?? { width: 1280, height: 860 };
  for (const [label, viewport] of [
    ["desktop", { width: 1280, height: 860 }],
    ["375", { width: 375, height: 740 }],
  ] as const) {
    await page.setViewportSize(viewport);
    // A toast that starts to fade out while axe reads the page (its auto-close timer fires) would be
    // judged at a passing frame's contrast: with transitions off it goes from shown to hidden at once.
    // Why: the pointer stays where the last click was; over a table row it would be judged with
    // the row's hover background, which moves with the navigation's length, not with the page.
    await page.mouse.move(0, 0);
    await page.addStyleTag({ content: "*, *::before, *::after { transition: none !important; }" });
    await page.waitForTimeout(150);
    // Why: a toast caught mid-fade has a transient, lower contrast than it settles at; finish
    // running transitions so axe judges what a person reads, not one animation frame.
    await page.evaluate(() => {
      for (const animation of document.getAnimations()) {
        // A spinner runs for ever and cannot be finished; it has no text to judge anyway.
        if (animation.effect?.getComputedTiming().endTime !== Number.POSITIVE_INFINITY) animation.finish();
      }
    });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${label}.png`), fullPage: options.fullPage ?? true });
    const results = await new AxeBuilder({ page }).analyze();
    const violations = results.violations.map(
      (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(" ")} ${n.html.slice(0, 160)}`).join(", ")}`,
    );
    expect(violations, `axe on ${name} at ${label}`).toEqual([]);
  }
  await page.setViewportSize(original);
}

/** Admin reads the newest email to `to` in the built-in mailbox and returns its portal link. */
export async function linkFromMailbox(page: Page, to: string, subject: RegExp): Promise<string> {
  await page.goto("/admin/mailbox");
  await page.getByLabel("Recipient").fill(to);
  await page.getByRole("button", { name: subject }).first().click();
  const link = page.getByRole("link", { name: /^https?:\/\// }).first();
  const href = await link.getAttribute("href");
  if (!href) throw new Error(`no link in the email to ${to}`);
  return href;
}

export async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Log In" }).click();
  // Logging in verifies a memory-hard scrypt hash on purpose: on a busy shared machine that alone
  // can take several seconds, so this one wait gets more room than the page default.
  await page.waitForURL((url) => url.pathname === "/", { timeout: 45_000 });
}

/** Sends a message to the portal's inbound SMTP listener, as a mail server would. */
export async function sendMail(message: {
  port: number;
  from: string;
  to: string;
  subject: string;
  text: string;
  inReplyTo?: string;
  references?: string;
}) {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: message.port, secure: false, ignoreTLS: true });
  await transport.sendMail({
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    inReplyTo: message.inReplyTo,
    references: message.references,
  });
  transport.close();
}

export async function ok<T>(response: APIResponse): Promise<T> {
  if (!response.ok()) throw new Error(`${response.url()} answered ${response.status()}: ${await response.text()}`);
  return (response.status() === 204 ? undefined : await response.json()) as T;
}

/**
 * The one-time token in the newest email to `to` (read through the admin's mailbox API). Email
 * goes out from the job queue after the request that queued it was answered — in cluster mode
 * from another process — so it is waited for, as a person waits for their inbox.
 */
async function tokenFromMailbox(request: APIRequestContext, to: string): Promise<string> {
  let newest: string | undefined;
  for (const deadline = Date.now() + 15_000; !newest; await new Promise((r) => setTimeout(r, 100))) {
    const list = await ok<{ data: Array<{ id: string }> }>(await request.get("/api/admin/mailbox", { params: { to } }));
    newest = list.data[0]?.id;
    if (!newest && Date.now() > deadline) throw new Error(`no email to ${to} arrived in the mailbox`);
  }
  const mail = await ok<{ data: { text: string } }>(await request.get(`/api/admin/mailbox/${newest}`));
  const match = /[?&]token=([^\s&"'<>]+)/.exec(mail.data.text);
  if (!match?.[1]) throw new Error(`no link in the email to ${to}`);
  return decodeURIComponent(match[1]);
}

/**
 * Setup through the API, as the logged-in admin (the account and invitation pages have their
 * own browser test): a client account, its contact and an agent assigned to it, both with a
 * password set from their invitation. `tokenOf` reads an invitation's token where the mail went
 * (default: the built-in mailbox; a portal started with SMTP_URL sends it elsewhere).
 */
export async function seedAccount(
  admin: Page,
  clientPage: Page,
  agentPage: Page,
  options: { tokenOf?: (email: string) => Promise<string> } = {},
): Promise<{ accountId: string }> {
  const session = await ok<{ data: { csrfToken: string } }>(await admin.request.get("/api/auth/session"));
  const headers = { "x-csrf-token": session.data.csrfToken };
  const account = await ok<{ data: { id: string } }>(
    await admin.request.post("/api/admin/accounts", { headers, data: { name: "Doe Bakery" } }),
  );
  await ok(
    await admin.request.post("/api/admin/users/invitations", {
      headers,
      data: { email: "jane@doebakery.test", name: "Jane Doe", role: "client", accountId: account.data.id },
    }),
  );
  const agent = await ok<{ data: { id: string } }>(
    await admin.request.post("/api/admin/users/invitations", {
      headers,
      data: { email: "alex@agency.test", name: "Alex Agent", role: "agent" },
    }),
  );
  await ok(await admin.request.put(`/api/admin/accounts/${account.data.id}/agents/${agent.data.id}`, { headers }));
  for (const [page, email, password] of [
    [clientPage, "jane@doebakery.test", "client password 1"],
    [agentPage, "alex@agency.test", "agent password 1"],
  ] as const) {
    const token = await (options.tokenOf ? options.tokenOf(email) : tokenFromMailbox(admin.request, email));
    const accepted = await ok<{ data: { csrfToken: string } }>(
      await page.request.post("/api/auth/invitation/accept", { data: { token, password } }),
    );
    // Accepting logs the person in; the tests log in through the page themselves.
    await ok(await page.request.post("/api/auth/logout", { headers: { "x-csrf-token": accepted.data.csrfToken } }));
  }
  return { accountId: account.data.id };
}

// A 1×1 PNG: the attachment shows as an image thumbnail.
export const PIXEL = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

import type { AddressInfo } from "node:net";
import path from "node:path";
import SQLite from "better-sqlite3";
import type { Page } from "playwright-core";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, checkPage, logIn, newPage, ok, type Portal, startPortal } from "./support";

/**
 * Admin → Outgoing mail, as an agency meets it after its mail server was down for days: the
 * invitations it sent are kept as failed with the server's refusal; the admin opens Outgoing mail
 * from the navigation, presses Retry on one and Retry all failed on the rest, and watches them go
 * out once the server is back.
 */

/** A mail relay that refuses every recipient while `down`, as a server in trouble does (451, try later). */
let down = true;
const accepted: string[] = [];
const relay = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  onRcptTo(address, _session, callback) {
    if (down) return callback(Object.assign(new Error("4.3.0 Mail server temporarily rejected message"), { responseCode: 451 }));
    accepted.push(address.address);
    callback();
  },
  onData(stream, _session, callback) {
    stream.on("end", () => callback());
    stream.resume();
  },
});

let portal: Portal;
beforeAll(async () => {
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  const relayPort = (relay.server.address() as AddressInfo).port;
  portal = await startPortal({ env: { SMTP_URL: `smtp://127.0.0.1:${relayPort}?ignoreTLS=true` } });
});
afterAll(async () => {
  await portal?.stop();
  await new Promise<void>((resolve) => relay.close(() => resolve()));
});

/** Generous: the page refreshes by itself every few seconds, and a shared machine can be slow. */
const POLL = { timeout: 20_000 };

type Counts = { queued: number; retrying: number; failed: number; sent: number };

/** The admin's view of the lists, through the API the page reads. */
async function counts(admin: Page): Promise<Counts> {
  return (await ok<{ counts: Counts }>(await admin.request.get("/api/admin/outgoing-mail"))).counts;
}

/** Waits until the lists say what `done` wants (the worker runs on its own schedule). */
async function until(admin: Page, done: (c: Counts) => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!done(await counts(admin))) {
    if (Date.now() > deadline) throw new Error(`outgoing mail did not settle: ${JSON.stringify(await counts(admin))}`);
    await admin.waitForTimeout(250);
  }
}

/** What three days of refusals leave behind: every email still being retried is kept as failed. */
function retryWindowPasses(dataDir: string): void {
  const db = new SQLite(path.join(dataDir, "portico.sqlite"), { timeout: 5000 });
  try {
    db.prepare(
      "update jobs set status = 'failed', finished_at = ?, locked_at = null, locked_by = null where kind = 'mail.send' and status = 'queued' and attempts > 0",
    ).run(new Date().toISOString());
  } finally {
    db.close();
  }
}

describe("outgoing mail", () => {
  it("keeps mail the server refused as failed, and the admin sends it again with Retry", async () => {
    const { context, page: admin } = await newPage(portal);
    await logIn(admin, ADMIN.email, ADMIN.password);

    // The admin invites two people while the mail server refuses everything.
    const session = await ok<{ data: { csrfToken: string } }>(await admin.request.get("/api/auth/session"));
    const headers = { "x-csrf-token": session.data.csrfToken };
    for (const [email, name] of [
      ["alex@agency.test", "Alex Agent"],
      ["sam@agency.test", "Sam Support"],
    ] as const) {
      await ok(await admin.request.post("/api/admin/users/invitations", { headers, data: { email, name, role: "agent" } }));
    }
    // Both refused once and waiting for their next attempt (none being sent at this moment).
    const deadline = Date.now() + 30_000;
    for (;;) {
      const retrying = await ok<{ data: { sending: boolean }[] }>(await admin.request.get("/api/admin/outgoing-mail?status=retrying"));
      if (retrying.data.length === 2 && retrying.data.every((m) => !m.sending)) break;
      if (Date.now() > deadline) throw new Error(`the invitations were not refused: ${JSON.stringify(retrying)}`);
      await admin.waitForTimeout(200);
    }
    retryWindowPasses(portal.dataDir);
    expect(await counts(admin)).toMatchObject({ queued: 0, retrying: 0, failed: 2, sent: 0 });
    down = false;

    // Outgoing mail, from the navigation: it opens on the failed list, with the server's refusal.
    await admin.getByRole("navigation").getByRole("link", { name: "Outgoing mail" }).click();
    await admin.getByRole("heading", { name: "Outgoing mail", level: 1 }).waitFor();
    await admin.getByText("Portico keeps retrying for 3 days").waitFor();
    const table = admin.getByRole("region", { name: "Failed email" });
    const alexRow = table.getByRole("row", { name: /alex@agency\.test/ });
    await expect.poll(() => alexRow.getByText("4.3.0 Mail server temporarily rejected message").count(), POLL).toBeGreaterThan(0);
    await expect.poll(() => table.getByRole("row").count(), POLL).toBe(3);
    await checkPage(admin, "outgoing-mail");

    // Retry on Alex's invitation: it leaves the failed list and goes out.
    await alexRow.getByRole("button", { name: /^Retry/ }).click();
    await admin.getByText("is being tried again now").first().waitFor();
    await expect.poll(() => table.getByRole("row", { name: /alex@agency\.test/ }).count(), POLL).toBe(0);
    await until(admin, (c) => c.sent === 1);
    expect(accepted).toEqual(["alex@agency.test"]);

    // Retry all failed, after saying what it does: Sam's invitation goes out too.
    await admin.getByRole("button", { name: "Retry all failed (1)" }).click();
    const dialog = admin.getByRole("dialog", { name: "Retry all failed email?" });
    await dialog.getByText("Portico tries all 1 email again now").waitFor();
    await dialog.getByRole("button", { name: "Retry 1 email" }).click();
    await admin.getByRole("heading", { name: "No failed mail" }).waitFor();
    await admin.getByText("Every email was accepted by your mail server.").waitFor();
    await until(admin, (c) => c.sent === 2 && c.failed === 0);
    expect(accepted.sort()).toEqual(["alex@agency.test", "sam@agency.test"]);

    // The Sent list shows both with the server's answer.
    await admin.getByRole("button", { name: /^Sent/ }).click();
    const sent = admin.getByRole("region", { name: "Sent email" });
    await sent.getByRole("row", { name: /sam@agency\.test/ }).waitFor();
    // The screenshot shows the list, not the toasts over it.
    await expect.poll(() => admin.getByText("being tried again now").count(), POLL).toBe(0);
    await expect.poll(() => sent.getByRole("row").count(), POLL).toBe(3);
    await checkPage(admin, "outgoing-mail-sent");
    await context.close();
  });
});

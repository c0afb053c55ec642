import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, checkPage, logIn, newPage, ok, type Portal, seedAccount, startPortal } from "./support";

/**
 * Seed 000, "When requested: OTP submission, confirmation, or another time-sensitive task": the
 * agent asks for the code LinkedIn texted the client; it appears on the client's phone-sized
 * dashboard live, counting down; the client types it; the agent's open page turns "Answered"
 * live (with a chime, and a browser notification when the tab is hidden — never holding the
 * code), reveals and copies it, and marks it used: the code is gone. Then a confirmation answered
 * "Yes", and a code left to expire: the client reads why, the agent asks again.
 */
let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
  // The account, its contact and its agent, for both tests (set up through the API).
  const pages = await Promise.all([newPage(portal), newPage(portal), newPage(portal)]);
  const [admin, client, agent] = pages.map((p) => p.page) as [Page, Page, Page];
  await logIn(admin, ADMIN.email, ADMIN.password);
  await seedAccount(admin, client, agent);
  await Promise.all(pages.map((p) => p.context.close()));
});
afterAll(() => portal?.stop());

const CODE = "483920";

/** Marks the page so a later check can tell it was never reloaded. */
const markNotReloaded = (page: Page) =>
  page.evaluate(() => {
    (window as unknown as { notReloaded?: boolean }).notReloaded = true;
  });
const notReloaded = (page: Page) => page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);

interface Spied {
  __chimes: number;
  __notifications: Array<{ title: string; body: string }>;
}

describe("time-boxed asks", () => {
  it("an agent asks for a one-time code; the client's dashboard shows it live; the answer arrives live, is revealed, copied and purged", async () => {
    const { context: clientContext, page: client } = await newPage(portal, 375);
    const { context: agentContext, page: agent } = await newPage(portal);
    await agentContext.grantPermissions(["clipboard-read", "clipboard-write"], { origin: portal.url });
    // Counts the chime's notes and records browser notifications instead of showing them.
    await agentContext.addInitScript(() => {
      const w = window as unknown as Spied & { AudioContext: typeof AudioContext; Notification: unknown };
      w.__chimes = 0;
      w.__notifications = [];
      const Original = w.AudioContext;
      w.AudioContext = class extends Original {
        override createOscillator() {
          w.__chimes += 1;
          return super.createOscillator();
        }
      };
      w.Notification = class {
        static permission = "granted";
        static requestPermission = () => Promise.resolve("granted");
        onclick: unknown = null;
        constructor(title: string, options?: { body?: string }) {
          w.__notifications.push({ title, body: options?.body ?? "" });
        }
        close() {}
      };
    });

    await logIn(agent, "alex@agency.test", "agent password 1");
    await logIn(client, "jane@doebakery.test", "client password 1");
    const nextActions = client.getByRole("list", { name: "Next actions" });
    await client.getByRole("heading", { name: "Next actions" }).waitFor();
    await markNotReloaded(client);

    // The client account's page offers the same form with the account chosen.
    await agent.getByRole("navigation").getByRole("link", { name: "Clients" }).click();
    await agent.getByRole("link", { name: "Doe Bakery" }).click();
    await agent.getByRole("button", { name: "Ask for a code" }).click();
    const preset = agent.getByRole("dialog", { name: "New ask" });
    await expect.poll(() => preset.getByRole("textbox", { name: "Client account" }).inputValue()).toBe("Doe Bakery");
    await preset.getByRole("button", { name: "Cancel" }).click();

    // The agent opens "Codes & confirmations" and asks for the code, ten minutes (the default).
    await agent.getByRole("navigation").getByRole("link", { name: "Codes & confirmations" }).click();
    await agent.getByRole("heading", { name: "Codes & confirmations", level: 1 }).waitFor();
    await agent.getByRole("button", { name: "New ask" }).click();
    const form = agent.getByRole("dialog", { name: "New ask" });
    await form.getByRole("textbox", { name: "Client account" }).click();
    await form.getByRole("textbox", { name: "Client account" }).fill("Doe");
    await agent.getByRole("option", { name: "Doe Bakery" }).click();
    expect(await form.getByRole("radio", { name: "One-time code" }).isChecked()).toBe(true);
    expect(await form.getByRole("radio", { name: "10 minutes" }).isChecked()).toBe(true);
    // A code is always secret: the switch is on and cannot be turned off.
    const secret = form.getByRole("switch", { name: /^Keep the answer secret/ });
    expect(await secret.isChecked()).toBe(true);
    expect(await secret.isDisabled()).toBe(true);
    await form.getByLabel("What the client should do").fill("LinkedIn just texted a six-digit code to your phone. Please enter it here.");
    await checkPage(agent, "ask-new-form");
    await form.getByRole("button", { name: "Ask the client" }).click();
    await agent.waitForURL(/\/asks\/[^/]+$/);
    const askUrl = new URL(agent.url()).pathname;
    await agent.getByRole("heading", { name: "One-time code for Doe Bakery", level: 1 }).waitFor();
    await agent.getByRole("timer").first().waitFor();
    await agent.getByRole("button", { name: "Cancel ask" }).waitFor();
    await checkPage(agent, "ask-staff-waiting");
    await markNotReloaded(agent);

    // The client's dashboard (375 px) shows it at once, on top of Next actions, counting down.
    const first = nextActions.getByRole("listitem").first();
    await first.getByText("Enter the one-time code").waitFor({ timeout: 15_000 });
    const timer = first.getByRole("timer");
    await expect.poll(() => timer.textContent()).toMatch(/^(10:00|9:[0-5]\d) left$/);
    expect(await timer.getAttribute("aria-label")).toMatch(/^About 10 minutes left, until /);
    expect(await notReloaded(client)).toBe(true);
    await checkPage(client, "ask-dashboard-client");

    // The client opens it: a large code field the phone fills from the text message.
    await first.getByRole("link", { name: "Answer now" }).click();
    await client.getByRole("heading", { name: "Enter the one-time code", level: 1 }).waitFor();
    const input = client.getByRole("textbox", { name: "The code" });
    expect(await input.getAttribute("autocomplete")).toBe("one-time-code");
    expect(await input.getAttribute("inputmode")).toBe("numeric");
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    await checkPage(client, "ask-client-answer");

    // The agent's tab goes to the background; the client types the code and presses Enter.
    await agent.evaluate(() => Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" }));
    await input.fill(CODE);
    await input.press("Enter");
    await client.getByText("Sent — thank you. Your agent has it.").waitFor();
    await checkPage(client, "ask-client-answered");

    // The agent's page, never reloaded, turns "Answered" by itself, with a chime and a notification without the code.
    await agent.getByRole("group", { name: "Answered" }).waitFor({ timeout: 15_000 });
    expect(await notReloaded(agent)).toBe(true);
    await expect.poll(() => agent.evaluate(() => (window as unknown as Spied).__chimes)).toBeGreaterThan(0);
    const shown = await agent.evaluate(() => (window as unknown as Spied).__notifications);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.title).toBe("Jane Doe answered");
    expect(JSON.stringify(shown)).not.toContain(CODE);
    await agent.evaluate(() => Reflect.deleteProperty(document, "visibilityState"));
    expect(await agent.getByTestId("ask-secret").count()).toBe(0);
    await checkPage(agent, "ask-staff-answered");

    // The agent's dashboard: the code to use before it is deleted, on top, counting down.
    await agent.getByRole("navigation").getByRole("link", { name: "Dashboard" }).click();
    const toUse = agent.getByRole("list", { name: "Waiting on the agency" }).getByRole("listitem").first();
    await toUse.getByText("Use the code your client sent").waitFor();
    await expect.poll(() => toUse.getByRole("timer").textContent()).toMatch(/until it is deleted$/);
    await checkPage(agent, "ask-dashboard-staff");
    await toUse.getByRole("link", { name: "Open the answer" }).click();
    await agent.getByRole("heading", { name: "One-time code for Doe Bakery", level: 1 }).waitFor();

    // Reveal: the code, large, with a one-click copy; the reveal is recorded.
    await agent.getByRole("button", { name: "Reveal code" }).click();
    await expect.poll(() => agent.getByTestId("ask-secret").textContent()).toBe(CODE);
    await agent.getByText(/^Shown until .+ — then deleted/).waitFor();
    await agent.getByRole("button", { name: "Copy" }).click();
    await agent.getByRole("button", { name: "Copied" }).waitFor();
    expect(await agent.evaluate(() => navigator.clipboard.readText())).toBe(CODE);
    await agent.getByText(/^Revealed by Alex Agent at /).waitFor();
    await checkPage(agent, "ask-staff-revealed");

    // Mark as used: the code is deleted now, for good.
    await agent.getByRole("button", { name: "Mark as used" }).click();
    await agent.getByRole("dialog", { name: "Delete the code now?" }).getByRole("button", { name: "Mark as used" }).click();
    await agent.getByText(/^The code was deleted at .+ \(after use\)/).waitFor();
    expect(await agent.getByTestId("ask-secret").count()).toBe(0);
    expect(await agent.getByRole("button", { name: "Reveal code" }).count()).toBe(0);
    expect(await agent.getByText(CODE).count()).toBe(0);
    const session = (await (await agent.request.get("/api/auth/session")).json()) as { data: { csrfToken: string } };
    const reveal = await agent.request.post(`/api${askUrl}/reveal`, { headers: { "x-csrf-token": session.data.csrfToken } });
    expect(reveal.ok()).toBe(false);
    expect(await reveal.text()).not.toContain(CODE);
    await checkPage(agent, "ask-staff-purged");
    await agent.getByRole("button", { name: "Close notification" }).click();

    // The list: past asks with their answer's time, and the client's response times.
    await agent.getByRole("navigation").getByRole("link", { name: "Codes & confirmations" }).click();
    await agent.locator("label", { hasText: /^All$/ }).click();
    await agent.waitForURL(/status=all/);
    await agent.getByRole("region", { name: "Asks" }).getByRole("row").filter({ hasText: "Jane Doe" }).getByText("Answered").waitFor();
    const times = agent.getByRole("region", { name: "Response times per client" });
    const row = times.getByRole("row", { name: /Doe Bakery/ });
    await row.getByText("1 of 1").waitFor();
    // The median, in seconds: "4 s".
    expect(await row.getByRole("cell").first().textContent()).toMatch(/^\d+ s$/);
    await checkPage(agent, "asks-staff-list");

    // The client's own list: the request, answered.
    await client.getByRole("link", { name: "Requests from your agent" }).click();
    await client.getByRole("heading", { name: "Past requests" }).waitFor();
    await checkPage(client, "asks-client-list");

    await Promise.all([clientContext.close(), agentContext.close()]);
  }, 240_000);

  it("a confirmation is answered yes; a code left unanswered expires, the client reads why and the agent asks again", async () => {
    const { context: clientContext, page: client } = await newPage(portal, 375);
    const { context: agentContext, page: agent } = await newPage(portal);
    await logIn(agent, "alex@agency.test", "agent password 1");
    await logIn(client, "jane@doebakery.test", "client password 1");
    const session = await ok<{ data: { csrfToken: string } }>(await agent.request.get("/api/auth/session"));
    const headers = { "x-csrf-token": session.data.csrfToken };
    const accounts = await ok<{ data: Array<{ id: string; name: string }> }>(await agent.request.get("/api/accounts"));
    const accountId = accounts.data.find((a) => a.name === "Doe Bakery")?.id ?? "";
    const ask = (data: Record<string, unknown>) =>
      agent.request.post("/api/asks", { headers, data: { accountId, ...data } }).then((r) => ok<{ data: { id: string } }>(r));

    // A yes/no: two buttons; the agent reads the answer as it is (nothing secret).
    const confirm = await ask({ kind: "confirm", prompt: "Shall we apply to the Acme Ltd job today?", minutes: 30 });
    await client.reload();
    const item = client.getByRole("list", { name: "Next actions" }).getByRole("listitem").filter({ hasText: "Acme Ltd" });
    await item.getByRole("link", { name: "Answer now" }).click();
    await client.getByRole("heading", { name: "Confirm a request", level: 1 }).waitFor();
    await client.getByRole("button", { name: "No", exact: true }).waitFor();
    await checkPage(client, "ask-client-confirm");
    await client.getByRole("button", { name: "Yes, confirm" }).click();
    await client.getByText("Sent — thank you. Your agent has it.").waitFor();
    await agent.goto(`/asks/${confirm.data.id}`);
    await agent.getByText("Yes, confirmed").waitFor();
    expect(await agent.getByRole("button", { name: "Reveal code" }).count()).toBe(0);

    // A code with 35 seconds: the client opens it and lets the time run out.
    const deadlineAt = new Date(Date.now() + 35_000).toISOString();
    const late = await ask({ kind: "code", prompt: "Enter the code Indeed sent you.", deadlineAt });
    await client.goto(`/asks/${late.data.id}`);
    await client.getByRole("textbox", { name: "The code" }).waitFor();
    await agent.goto(`/asks/${late.data.id}`);
    await agent.getByRole("button", { name: "Cancel ask" }).waitFor();
    const ranOut = client.getByRole("status").filter({ hasText: "The time ran out" });
    await ranOut.waitFor({ timeout: 60_000 });
    await ranOut.getByText(/Ask your agent to send a new one/).waitFor();
    expect(await client.getByRole("textbox", { name: "The code" }).count()).toBe(0);
    await checkPage(client, "ask-client-expired");

    // The agent's page says so (no cancel any more) and offers to ask again, which opens the new ask.
    await agent.getByRole("group", { name: "Expired" }).waitFor({ timeout: 15_000 });
    expect(await agent.getByRole("button", { name: "Cancel ask" }).count()).toBe(0);
    await agent.getByRole("button", { name: "Ask again" }).click();
    const again = agent.getByRole("dialog", { name: "Ask again" });
    await again.getByRole("radio", { name: "5 minutes" }).check();
    await checkPage(agent, "ask-reask");
    await again.getByRole("button", { name: "Ask again" }).click();
    await agent.waitForURL((url) => url.pathname.startsWith("/asks/") && !url.pathname.endsWith(late.data.id));
    await agent.getByRole("link", { name: "This asks again: open the earlier request" }).waitFor();
    await agent.getByRole("timer").first().waitFor();

    // The client's expired page links to the new request, live.
    await client.getByRole("link", { name: "Your agent asked again: open the new request" }).click({ timeout: 15_000 });
    await client.getByRole("textbox", { name: "The code" }).waitFor();

    await Promise.all([clientContext.close(), agentContext.close()]);
  }, 180_000);
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, checkPage, linkFromMailbox, logIn, newPage, ok, type Portal, startPortal } from "./support";

/**
 * What a newcomer does on a fresh install: register, get the activation email (read here from
 * the admin's built-in mailbox, as on an install without SMTP), activate, log in, see "You are
 * already logged in." on the login page, log out — and an admin invites an agent.
 */
let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(() => portal?.stop());

describe("a new client", () => {
  it("registers, activates from the email, logs in, sees they are logged in, and logs out", async () => {
    const { context: clientContext, page } = await newPage(portal);
    await page.goto("/login");
    await checkPage(page, "login");
    await page.getByRole("link", { name: "Register" }).click();
    await expect.poll(() => page.url()).toContain("/register");
    await checkPage(page, "register");

    await page.getByLabel("Email").fill("jane@doebakery.test");
    await page.getByLabel("Username").fill("jane");
    await page.getByLabel("Full name").fill("Jane Doe");
    await page.getByLabel("Phone").fill("+61 8 9468 8967");
    await page.getByLabel("Company (optional)").fill("Doe Bakery");
    await page.getByLabel("Password", { exact: true }).fill("a long enough password");
    await page.getByLabel("Confirm password").fill("a long enough password");
    await page.getByRole("button", { name: /register|create account/i }).click();
    await page.getByText("jane@doebakery.test").first().waitFor();
    await checkPage(page, "registered");

    // The admin reads the activation email in the built-in mailbox.
    const { context: adminContext, page: admin } = await newPage(portal);
    await logIn(admin, ADMIN.email, ADMIN.password);
    const activation = await linkFromMailbox(admin, "jane@doebakery.test", /Activate your/);
    await checkPage(admin, "mailbox");
    expect(activation).toMatch(new RegExp(`^${portal.url}/activate\\?token=`));

    // Opening the link does not activate: the button does.
    await page.goto(activation);
    await page.getByRole("button", { name: "Activate account" }).waitFor();
    await checkPage(page, "activate");
    await page.getByRole("button", { name: "Activate account" }).click();
    // New registrations wait for the agency to place them in their company's account (the default).
    await page.getByText(/add you to your company's account/).waitFor();
    await checkPage(page, "activated-awaiting-placement");

    // The admin places Jane: Users shows what she typed; "Place and approve…" creates Doe Bakery's account.
    await admin.getByRole("navigation").getByRole("link", { name: "Users" }).click();
    const row = admin.getByRole("row", { name: /Jane Doe/ });
    await row.getByText("Not placed yet · gave “Doe Bakery”").waitFor();
    await row.getByRole("button", { name: "Actions for Jane Doe" }).click();
    await admin.getByRole("menuitem", { name: "Place and approve…" }).click();
    const place = admin.getByRole("dialog", { name: "Place and approve Jane Doe" });
    await place.getByText("Create a new client account for them").click();
    await expect.poll(() => place.getByLabel("Company name of the new account").inputValue()).toBe("Doe Bakery");
    await checkPage(admin, "place-registration");
    await place.getByRole("button", { name: "Place and approve" }).click();
    await admin.getByRole("row", { name: /Jane Doe.*Doe Bakery.*Active/ }).waitFor();

    await logIn(page, "jane", "a long enough password");
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
    await page.getByText("Doe Bakery").first().waitFor();
    await checkPage(page, "client-dashboard");
    for (const [name, heading] of [
      ["Support Tickets", "Support Tickets"],
      ["Website Work Requests", "Website Work Requests"],
    ] as const) {
      await page.getByRole("navigation").getByRole("link", { name }).click();
      await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
      await checkPage(page, name.toLowerCase().replace(/ /g, "-"));
    }

    await page.goto("/login");
    await page.getByText("You are already logged in.").waitFor();
    await checkPage(page, "already-logged-in");
    await page.getByRole("button", { name: "Log out" }).click();
    await page.getByLabel("Username").waitFor();
    await page.goto("/");
    await page.waitForURL((url) => url.pathname === "/login");

    // A duplicate of Doe Bakery made by hand is merged back into it from its page.
    const session = await ok<{ data: { csrfToken: string } }>(await admin.request.get("/api/auth/session"));
    const duplicate = await ok<{ data: { id: string } }>(
      await admin.request.post("/api/admin/accounts", {
        headers: { "x-csrf-token": session.data.csrfToken },
        data: { name: "Doe Bakery Pty", domains: ["doebakery.test"] },
      }),
    );
    await admin.goto(`/clients/${duplicate.data.id}`);
    await admin.getByRole("button", { name: "Merge into another account…" }).click();
    const merge = admin.getByRole("dialog", { name: "Merge Doe Bakery Pty" });
    await merge.getByRole("textbox", { name: "Merge into" }).fill("Doe Bakery");
    await admin.getByRole("option", { name: "Doe Bakery", exact: true }).click();
    await checkPage(admin, "merge-account");
    await merge.getByRole("button", { name: "Merge accounts" }).click();
    await admin.getByText("Doe Bakery Pty is now part of Doe Bakery.").waitFor();
    await admin.getByRole("heading", { name: "Doe Bakery", exact: true, level: 1 }).waitFor();
    await expect.poll(() => new URL(admin.url()).pathname).not.toBe(`/clients/${duplicate.data.id}`);
    await admin.getByText("doebakery.test").first().waitFor();
    await clientContext.close();
    await adminContext.close();
  });
});

describe("an admin", () => {
  it("invites an agent, who sets a password from the email and is logged in", async () => {
    const { context, page: admin } = await newPage(portal);
    await logIn(admin, ADMIN.email, ADMIN.password);
    await checkPage(admin, "admin-dashboard");
    await admin.getByRole("navigation").getByRole("link", { name: "Users" }).click();
    await admin.getByRole("heading", { name: "Users", level: 1 }).waitFor();
    await checkPage(admin, "users");
    await admin.getByRole("button", { name: "Invite user" }).click();
    const dialog = admin.getByRole("dialog");
    await dialog.getByLabel("Email").fill("alex@agency.test");
    await dialog.getByLabel("Full name").fill("Alex Agent");
    await dialog.getByLabel("Role").selectOption("agent");
    await checkPage(admin, "invite-user");
    await dialog.getByRole("button", { name: /send invitation|invite/i }).click();
    await admin.getByRole("row", { name: /Alex Agent.*Invited/ }).waitFor();

    const invitation = await linkFromMailbox(admin, "alex@agency.test", /invited/);
    const { context: agentContext, page: agent } = await newPage(portal, 375);
    await agent.goto(invitation);
    await agent.getByLabel("Password", { exact: true }).fill("agent password 1");
    await agent.getByLabel("Confirm password").fill("agent password 1");
    await checkPage(agent, "invitation");
    await agent.getByRole("button", { name: "Set password" }).click();
    // Setting the password logs the agent in: straight to the dashboard, no log-in form.
    await agent.waitForURL((url) => url.pathname === "/", { timeout: 45_000 });
    await agent.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
    await checkPage(agent, "agent-dashboard");

    // The admin's Clients, Settings and Audit log pages, as visited after the invitation.
    for (const [name, path] of [
      ["Clients", "clients"],
      ["Settings", "settings"],
      ["Audit log", "audit-log"],
    ] as const) {
      await admin.getByRole("navigation").getByRole("link", { name }).click();
      await admin.getByRole("heading", { name, level: 1 }).waitFor();
      await checkPage(admin, path);
    }
    await admin
      .getByText(/invited/i)
      .first()
      .waitFor();
    await agentContext.close();
    await context.close();
  });

  it("brands the portal and shows the support contact on the Help page and the log-in page", async () => {
    const { context, page: admin } = await newPage(portal);
    await logIn(admin, ADMIN.email, ADMIN.password);
    await admin.getByRole("navigation").getByRole("link", { name: "Settings" }).click();
    await admin.getByRole("heading", { name: "Branding", level: 2 }).waitFor();
    await admin.getByLabel("Accent colour").fill("#0b7285");
    await admin.getByLabel("Support email").fill("support@agency.test");
    await admin.getByLabel("Support phone").fill("+61 8 9468 8967");
    await admin.getByLabel("Support hours").fill("Mon–Fri 9:00–17:00 AWST");
    await checkPage(admin, "settings-branding");
    await admin.getByRole("button", { name: "Save", exact: true }).click();
    await admin.getByText("Settings saved").waitFor();
    // The portal's pages are drawn in the new accent (the primary button carries it).
    await admin.reload();
    await admin.mouse.move(0, 0);
    await expect
      .poll(() => admin.getByRole("button", { name: "Save", exact: true }).evaluate((el) => getComputedStyle(el).backgroundColor))
      .toBe("rgb(11, 114, 133)");

    await admin.getByRole("navigation").getByRole("link", { name: "Help", exact: true }).click();
    await admin.getByRole("heading", { name: "Help", level: 1 }).waitFor();
    await admin.getByText("If you would like some further help with our Client Portal, please contact us").waitFor();
    expect(await admin.getByRole("link", { name: "support@agency.test" }).getAttribute("href")).toBe("mailto:support@agency.test");
    expect(await admin.getByRole("link", { name: "+61 8 9468 8967" }).getAttribute("href")).toBe("tel:+61894688967");
    await checkPage(admin, "help");

    const { context: visitorContext, page: visitor } = await newPage(portal, 375);
    await visitor.goto("/login");
    await visitor.getByText("Need help?").waitFor();
    expect(await visitor.getByRole("link", { name: "support@agency.test" }).getAttribute("href")).toBe("mailto:support@agency.test");
    await checkPage(visitor, "login-branded");
    await visitorContext.close();
    await context.close();
  }, 120_000);
});

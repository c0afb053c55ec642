import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, checkPage, logIn, newPage, type Portal, seedAccount, sendMail, startPortal } from "./support";

/**
 * Mail to the support address, as an agency meets it in its first week: the admin names the
 * address in Settings; a client's email to it becomes a ticket with its reference and an
 * acknowledgement; a stranger's email waits in the quarantine, and the admin settles each one —
 * a ticket for an account, the sender added as a contact, or discarded.
 */
let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(() => portal?.stop());

const SUPPORT = "help@agency.test";

async function quarantined(admin: Page, subject: string) {
  await admin.goto("/admin/inbound");
  const row = admin.getByRole("row", { name: new RegExp(subject) });
  await row.waitFor({ timeout: 15_000 });
  return row;
}

async function act(admin: Page, subject: string, item: string) {
  const row = await quarantined(admin, subject);
  await row.getByRole("button", { name: `Actions for “${subject}”` }).click();
  await admin.getByRole("menuitem", { name: item }).click();
  return admin.getByRole("dialog");
}

describe("mail to the support address", () => {
  it("opens tickets for contacts, and the admin settles what a stranger sent", async () => {
    const { context: adminContext, page: admin } = await newPage(portal);
    const { context: clientContext, page: client } = await newPage(portal);
    const { context: agentContext, page: agent } = await newPage(portal);
    await logIn(admin, ADMIN.email, ADMIN.password);
    await seedAccount(admin, client, agent);

    // Settings → Mail and references: the support address.
    await admin.getByRole("navigation").getByRole("link", { name: "Settings" }).click();
    await admin.getByRole("heading", { name: "Mail and references", level: 2 }).waitFor();
    await admin.getByLabel("Support address").fill(SUPPORT);
    await admin.getByLabel("Work request prefix").fill("SUP");
    await admin.getByRole("button", { name: "Save", exact: true }).click();
    await admin.getByText("Use a different prefix from tickets, so the references cannot be confused.").waitFor();
    await admin.getByLabel("Work request prefix").fill("WEB");
    await checkPage(admin, "settings-mail");
    await admin.getByRole("button", { name: "Save", exact: true }).click();
    await admin.getByText("Settings saved").waitFor();

    // Jane writes to the support address from her mail program: a ticket in her account.
    await sendMail({
      port: portal.inboundSmtpPort,
      from: "Jane Doe <jane@doebakery.test>",
      to: SUPPORT,
      subject: "Menu page shows last year's prices",
      text: "Hello,\n\nThe **menu page** still shows 2025 prices:\n\n- sourdough\n- rye\n\nThanks, Jane",
    });
    await logIn(client, "jane@doebakery.test", "client password 1");
    await client.getByRole("navigation").getByRole("link", { name: "Support Tickets" }).click();
    const link = client.getByRole("link", { name: /Menu page shows last year's prices/ }).first();
    await link.waitFor({ timeout: 15_000 });
    await link.click();
    await client.getByRole("heading", { name: /^SUP-\d+ · Menu page shows last year's prices$/, level: 1 }).waitFor();
    // Written in Markdown, shown as formatted text: bold, and a list.
    await client.getByRole("list", { name: "Conversation" }).locator("strong", { hasText: "menu page" }).waitFor();
    await checkPage(client, "ticket-from-email");

    // Her acknowledgement names the reference.
    await admin.goto("/admin/mailbox");
    await admin.getByLabel("Recipient").fill("jane@doebakery.test");
    await admin
      .getByRole("button", { name: /Received: SUP-\d+ Menu page shows last year's prices/ })
      .first()
      .waitFor({ timeout: 15_000 });

    // Three strangers write; each waits in the quarantine with the reason.
    for (const [from, subject] of [
      ["Sam Supplier <sam@flour.test>", "Flour delivery invoice"],
      ["Pat Partner <pat@doebakery.test>", "Order form broken"],
      ["Spam Bot <win@prize.test>", "You have won"],
    ] as const) {
      await sendMail({ port: portal.inboundSmtpPort, from, to: SUPPORT, subject, text: `${subject}. Please help.` });
    }
    const first = await quarantined(admin, "You have won");
    await first
      .getByText(/not a contact of any client account/)
      .first()
      .waitFor();
    await checkPage(admin, "inbound-quarantine");

    // Create ticket for… Doe Bakery.
    let dialog = await act(admin, "Flour delivery invoice", "Create ticket for…");
    await dialog.getByRole("textbox", { name: "Client account" }).fill("Doe Bakery");
    await admin.getByRole("option", { name: "Doe Bakery", exact: true }).click();
    await checkPage(admin, "inbound-create-ticket");
    await dialog.getByRole("button", { name: "Create ticket" }).click();
    await admin.getByText("Ticket created", { exact: true }).waitFor();

    // Add sender as contact and post: Pat joins Doe Bakery, and the email is a ticket by Pat.
    dialog = await act(admin, "Order form broken", "Add sender as contact and post…");
    await dialog.getByRole("textbox", { name: "Client account" }).fill("Doe Bakery");
    await admin.getByRole("option", { name: "Doe Bakery", exact: true }).click();
    await dialog.getByLabel("Contact's name").fill("Pat Partner");
    await dialog.getByRole("button", { name: "Add contact and post" }).click();
    await admin.getByText("Contact added", { exact: true }).waitFor();

    // Discard the spam.
    dialog = await act(admin, "You have won", "Discard…");
    await dialog.getByRole("button", { name: "Discard email" }).click();
    await admin.getByRole("heading", { name: "No quarantined email" }).waitFor();

    // What happened to each is on record.
    await admin.getByLabel("Show").selectOption({ label: "Posted by an admin" });
    await admin
      .getByRole("row", { name: /Flour delivery invoice/ })
      .getByRole("link", { name: /Open ticket/ })
      .first()
      .waitFor();
    await admin.getByRole("row", { name: /Order form broken/ }).waitFor();
    await checkPage(admin, "inbound-resolved");
    await admin.getByLabel("Show").selectOption({ label: "Discarded" });
    await admin
      .getByRole("row", { name: /You have won/ })
      .getByText(/Discarded by Administrator/)
      .waitFor();

    // The client's account now holds all three tickets from email.
    await client.getByRole("navigation").getByRole("link", { name: "Support Tickets" }).click();
    for (const subject of ["Menu page shows last year's prices", "Flour delivery invoice", "Order form broken"]) {
      await client
        .getByRole("link", { name: new RegExp(subject) })
        .first()
        .waitFor({ timeout: 15_000 });
    }
    expect(await client.getByRole("link", { name: /You have won/ }).count()).toBe(0);

    await agentContext.close();
    await clientContext.close();
    await adminContext.close();
  }, 240_000);
});

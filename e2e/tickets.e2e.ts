import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, checkPage, logIn, newPage, ok, PIXEL, type Portal, seedAccount, sendMail, startPortal } from "./support";

/**
 * Support tickets in the browser, as the client guide tells it: the client raises a ticket
 * with a screenshot on the New Ticket page; an agent (another browser) replies and the
 * client's open ticket page shows the reply without a reload (live stream); the client closes
 * the ticket, reopens it with a comment, and the bell shows the unread notification.
 */
let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(() => portal?.stop());

describe("support tickets", () => {
  it("a client raises a ticket, sees the agent's reply live, closes and reopens it, and is notified", async () => {
    const { context: adminContext, page: admin } = await newPage(portal);
    const { context: clientContext, page: client } = await newPage(portal);
    const { context: agentContext, page: agent } = await newPage(portal);
    await logIn(admin, ADMIN.email, ADMIN.password);
    await seedAccount(admin, client, agent);

    // The client: Support Tickets → New Ticket → fill in the fields, attach a screenshot → Submit.
    await logIn(client, "jane@doebakery.test", "client password 1");
    await client.getByRole("navigation").getByRole("link", { name: "Support Tickets" }).click();
    await client.getByRole("heading", { name: "Support Tickets", level: 1 }).waitFor();
    await client.getByText("No support tickets yet").waitFor();
    await client.getByText(/Tickets move through New, Active and Closed \(also called Open, In Progress and Resolved\)/).waitFor();
    await checkPage(client, "tickets-empty");
    await client.getByRole("link", { name: "New Ticket" }).first().click();
    await client.getByRole("heading", { name: "New Ticket", level: 1 }).waitFor();
    await client.getByLabel("Summary", { exact: true }).fill("Contact form does not send");
    await client
      .getByLabel("Issue description", { exact: true })
      .fill("When I submit the **contact form** nothing happens.\n\n- Page: /contact\n- Browser: Firefox");
    await client.getByLabel("Category", { exact: true }).selectOption({ label: "Website issue" });
    await client.getByLabel("Priority", { exact: true }).selectOption({ label: "High" });
    await client.getByLabel("Attachments", { exact: true }).setInputFiles({ name: "screenshot.png", mimeType: "image/png", buffer: PIXEL });
    await client.getByText("Uploaded").waitFor();
    await client.locator("label", { hasText: /^Preview$/ }).click();
    await client.locator("strong", { hasText: "contact form" }).waitFor();
    await checkPage(client, "new-ticket");
    await client.getByRole("button", { name: "Submit" }).click();
    await client.getByRole("heading", { name: /^SUP-\d+ · Contact form does not send$/, level: 1 }).waitFor();
    const ticketPath = new URL(client.url()).pathname;
    const conversation = client.getByRole("list", { name: "Conversation" });
    await conversation.getByRole("img", { name: "screenshot.png" }).waitFor();
    await client.getByText("Open: waiting for the support team to pick it up.").waitFor();
    await checkPage(client, "ticket-client");

    // The agent, in another browser: the ticket is in their list; they open it and reply.
    await logIn(agent, "alex@agency.test", "agent password 1");
    await agent.goto("/tickets");
    await agent
      .getByRole("link", { name: /Contact form does not send/ })
      .first()
      .waitFor();
    await checkPage(agent, "tickets-agent");
    await agent
      .getByRole("link", { name: /Contact form does not send/ })
      .first()
      .click();
    await agent.getByRole("heading", { name: /Contact form does not send/, level: 1 }).waitFor();
    await checkPage(agent, "ticket-agent");

    // Whatever the client's page shows next must arrive without a reload: mark this document.
    await client.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    await agent.getByLabel("Add a comment", { exact: true }).fill("Thanks Jane, we are **looking into it**.");
    await agent.getByRole("button", { name: "Send reply" }).click();
    await agent.getByRole("list", { name: "Conversation" }).getByText("we are looking into it", { exact: false }).waitFor();

    await conversation.getByText("Thanks Jane, we are", { exact: false }).waitFor({ timeout: 15_000 });
    expect(await client.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(new URL(client.url()).pathname).toBe(ticketPath);

    // The client answers the notification email from their mail program: it lands on the
    // ticket, quoted history stripped, and shows on the open page without a reload.
    // Sent from the job queue once the reply was answered: waited for, like an inbox.
    let notice: { id: string; subject: string } | undefined;
    for (const deadline = Date.now() + 15_000; !notice && Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      const emails = await ok<{ data: Array<{ id: string; subject: string }> }>(
        await admin.request.get("/api/admin/mailbox", { params: { to: "jane@doebakery.test" } }),
      );
      notice = emails.data.find((m) => /^New reply on SUP-\d+: Contact form does not send$/.test(m.subject));
    }
    expect(notice, "the reply notification email").toBeDefined();
    const { data: mail } = await ok<{ data: { headers: Record<string, string>; subject: string } }>(
      await admin.request.get(`/api/admin/mailbox/${notice?.id}`),
    );
    expect(mail.headers["Reply-To"]).toMatch(/^reply\+ticket\./);
    await sendMail({
      port: portal.inboundSmtpPort,
      from: "Jane Doe <jane@doebakery.test>",
      to: mail.headers["Reply-To"]!,
      subject: `Re: ${mail.subject}`,
      inReplyTo: mail.headers["Message-ID"],
      references: mail.headers.References,
      text: "Here is the exact error: 500 on submit.\n\nOn Mon, 23 Nov 2026 at 10:00, Alex Agent <support@portal.test> wrote:\n> Thanks Jane, we are looking into it.\n",
    });
    await conversation.getByText("Here is the exact error: 500 on submit.").waitFor({ timeout: 15_000 });
    expect(await conversation.getByText("Alex Agent <support@portal.test> wrote").count()).toBe(0);
    expect(await client.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

    // The client closes the ticket, then reopens it with a comment.
    await client.getByRole("button", { name: "Close ticket" }).click();
    const dialog = client.getByRole("dialog");
    await dialog.getByRole("button", { name: "Close ticket" }).waitFor();
    await checkPage(client, "close-ticket");
    await dialog.getByRole("button", { name: "Close ticket" }).click();
    await client.getByRole("heading", { name: "Reopen ticket" }).waitFor();
    await conversation.getByText(/moved this ticket from Active to Closed/).waitFor();
    await checkPage(client, "ticket-closed");
    await client.getByRole("button", { name: "Reopen ticket" }).click();
    await client.getByText("Tell us why the ticket should be reopened.").waitFor();
    await client.getByLabel("Add a comment", { exact: true }).fill("It still fails on my phone.");
    await client.getByRole("button", { name: "Reopen ticket" }).click();
    await conversation.getByText(/reopened this ticket/).waitFor();
    await conversation.getByText("It still fails on my phone.").waitFor();
    await client.getByRole("button", { name: "Close ticket" }).waitFor();
    await checkPage(client, "ticket-reopened");

    // The bell: the client had the ticket open as the agent's replies arrived, so they are read.
    await client.getByRole("button", { name: "Notifications, 0 unread" }).waitFor({ timeout: 15_000 });

    // Away from the ticket, the agent's next reply is an unread notification that leads to it…
    await client.getByRole("navigation").getByRole("link", { name: "Dashboard" }).click();
    await agent.getByLabel("Add a comment", { exact: true }).fill("Fixed on phones too — please try again.");
    await agent.getByRole("button", { name: "Send reply" }).click();
    const bell = client.getByRole("button", { name: /^Notifications, [1-9]\d* unread$/ });
    await bell.waitFor({ timeout: 15_000 });
    await bell.click();
    const reply = client.getByRole("button", { name: /Unread: .*replied/ }).first();
    await reply.waitFor();
    await checkPage(client, "notifications");
    await reply.click();
    await expect.poll(() => new URL(client.url()).pathname).toBe(ticketPath);
    await client.getByRole("button", { name: "Notifications, 0 unread" }).waitFor();

    // …and opening the ticket another way (its list) reads it as well.
    await client.getByRole("navigation").getByRole("link", { name: "Dashboard" }).click();
    await agent.getByLabel("Add a comment", { exact: true }).fill("One more thing: clear your browser cache.");
    await agent.getByRole("button", { name: "Send reply" }).click();
    await bell.waitFor({ timeout: 15_000 });
    await client.getByRole("navigation").getByRole("link", { name: "Support Tickets" }).click();
    await client
      .getByRole("link", { name: /Contact form does not send/ })
      .first()
      .click();
    await client.getByText("One more thing: clear your browser cache.").waitFor();
    await client.getByRole("button", { name: "Notifications, 0 unread" }).waitFor({ timeout: 15_000 });

    // The pages met on the way for the other people involved.
    await agent.goto("/account");
    await agent.getByRole("heading", { name: "Email notifications" }).waitFor();
    await agent.getByRole("switch").first().waitFor();
    await checkPage(agent, "account-email-notifications");
    await admin.goto("/admin/ticket-categories");
    await admin.getByText("Website issue").waitFor();
    await checkPage(admin, "ticket-categories");
    await admin.goto("/admin/canned-replies");
    await admin.getByRole("heading", { name: "Canned replies", level: 1 }).waitFor();
    await checkPage(admin, "canned-replies");
    // The emailed reply is in the admin's inbound log, posted to its ticket; nothing is quarantined.
    await admin.getByRole("navigation").getByRole("link", { name: "Inbound email" }).click();
    await admin.getByRole("heading", { name: "No quarantined email" }).waitFor();
    await admin.getByLabel("Show").selectOption({ label: "Posted to a ticket or task" });
    const posted = admin.getByRole("row", { name: /jane@doebakery\.test/ });
    await posted.getByRole("link", { name: /Open ticket/ }).waitFor();
    await checkPage(admin, "inbound-email");
    await posted.getByRole("link", { name: /Open ticket/ }).click();
    await expect.poll(() => new URL(admin.url()).pathname).toBe(ticketPath);

    await agentContext.close();
    await clientContext.close();
    await adminContext.close();
  }, 180_000);
});

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, checkPage, logIn, newPage, type Portal, seedAccount, startPortal } from "./support";

/**
 * Seed 003 §7 "Additional Resources": the admin writes a FAQ in a new category with a video
 * tutorial (a YouTube link, played through youtube-nocookie.com); the client finds it on the
 * Help page by searching, opens it, says it was helpful; then starts a new ticket, and while
 * they type its summary the article is suggested ("These articles may answer your question")
 * and opens in a drawer over the form, the draft kept.
 */
let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
  const pages = await Promise.all([newPage(portal), newPage(portal), newPage(portal)]);
  const [admin, client, agent] = pages.map((p) => p.page) as [Page, Page, Page];
  await logIn(admin, ADMIN.email, ADMIN.password);
  await seedAccount(admin, client, agent);
  await Promise.all(pages.map((p) => p.context.close()));
});
afterAll(() => portal?.stop());

describe("help", () => {
  it("admin writes a FAQ with a video; the client searches, reads and rates it, and sees it suggested while typing a ticket", async () => {
    const { context: adminContext, page: admin } = await newPage(portal);
    await logIn(admin, ADMIN.email, ADMIN.password);
    await admin.getByRole("navigation").getByRole("link", { name: "Help articles" }).click();
    await admin.getByRole("heading", { name: "Help articles", level: 1 }).waitFor();
    await admin.getByLabel("New category").fill("Getting started");
    await admin.getByRole("button", { name: "Add", exact: true }).click();
    await admin.getByText("Getting started").first().waitFor();

    await admin.getByRole("link", { name: "New article" }).click();
    await admin.getByLabel("Title").fill("Contact form not sending emails");
    await expect.poll(() => admin.getByLabel("Category").inputValue()).not.toBe("");
    await admin.getByRole("textbox", { name: "Answer" }).fill("First check your **spam folder**.\n\nThen watch the video above.");
    await admin.getByText("Link", { exact: true }).click();
    await admin.getByLabel("Video address").fill("https://www.youtube.com/watch?v=dQw4w9WgXcQ");
    await admin.getByLabel(/^Published/).check();
    await checkPage(admin, "help-admin-editor");
    await admin.getByRole("button", { name: "Save the article" }).click();
    await admin.getByRole("heading", { name: /^Edit: Contact form not sending emails/ }).waitFor();
    await admin.getByRole("link", { name: "Help articles" }).first().click();
    await admin.getByRole("link", { name: "Contact form not sending emails" }).waitFor();
    await checkPage(admin, "help-admin-articles");

    const { context: clientContext, page: client } = await newPage(portal, 375);
    await logIn(client, "jane@doebakery.test", "client password 1");
    await client.goto("/help");
    await client.getByRole("heading", { name: "Help", level: 1 }).waitFor();
    await client
      .getByText("We will be providing some video tutorials in the near future.")
      .or(client.getByRole("heading", { name: "Video Tutorials" }))
      .first()
      .waitFor();
    await client.getByRole("heading", { name: "Send us your questions about the Client Portal" }).waitFor();
    await client.getByLabel("Search the FAQs").fill("spam");
    await client.getByText("1 article for “spam”").waitFor();
    await checkPage(client, "help-page");
    await client.getByRole("link", { name: "Contact form not sending emails" }).first().click();
    await client.getByRole("heading", { name: "Contact form not sending emails", level: 1 }).waitFor();
    const player = client.locator('iframe[src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"]');
    await player.waitFor({ state: "attached" });
    await client.getByRole("button", { name: "Yes (0)" }).click();
    await client.getByRole("button", { name: "Yes (1)" }).waitFor();
    expect(await client.getByRole("button", { name: "Yes (1)" }).getAttribute("aria-pressed")).toBe("true");
    await checkPage(client, "help-article");

    // "Send us your questions about the Client Portal": the question becomes a ticket the client can open.
    await client.getByRole("link", { name: "Send us your questions about the Client Portal" }).click();
    await client.getByLabel("Your question").fill("Can my colleague get their own login?");
    await client.getByRole("button", { name: "Send the question" }).click();
    await client.getByText("Thank you — your question was sent").waitFor();
    await checkPage(client, "help-question-sent");
    await client.getByRole("link", { name: /Can my colleague get their own login\?/ }).click();
    await client.getByRole("heading", { name: /Can my colleague get their own login\?/, level: 1 }).waitFor();
    await client.getByText("Client Portal questions").first().waitFor();

    // A new ticket: the summary brings the article up; it opens over the form, the draft kept.
    await client.goto("/tickets/new");
    await client.getByLabel("Summary").fill("Our contact form does not send");
    await client.getByText("These articles may answer your question").waitFor();
    await checkPage(client, "help-ticket-suggestions");
    await client.getByRole("button", { name: "Contact form not sending emails" }).click();
    const drawer = client.getByRole("dialog", { name: "Contact form not sending emails" });
    await drawer.getByText("spam folder").waitFor();
    await checkPage(client, "help-ticket-suggestion");
    await drawer.getByRole("button", { name: "Back to my ticket" }).click();
    expect(await client.getByLabel("Summary").inputValue()).toBe("Our contact form does not send");
    // Leaving the form without submitting counts as the suggestion having answered the question.
    await client.getByRole("link", { name: "Support Tickets" }).first().click();
    await client.getByRole("heading", { name: "Support Tickets", level: 1 }).waitFor();

    await expect
      .poll(
        async () => {
          const res = await admin.request.get("/api/help/articles");
          const body = (await res.json()) as { data: { title: string; counts: Record<string, number> }[] };
          return body.data.find((a) => a.title === "Contact form not sending emails")?.counts;
        },
        { timeout: 10_000 },
      )
      .toMatchObject({ views: 2, helpfulYes: 1, suggestionsShown: 1, openedFromSuggestion: 1, deflections: 1 });
    await clientContext.close();
    await adminContext.close();
  });
});

import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, checkPage, logIn, newPage, PIXEL, type Portal, seedAccount, startPortal } from "./support";

/**
 * The client journey of seed 000 in the browser: "Stay informed" — the agent shares a draft, the
 * client asks for edits, the agent posts version 2, the client approves it and the final file is
 * on the Deliverables page; "Keep momentum" — a notice appears on the client's dashboard live.
 */
let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(() => portal?.stop());

/** The dashboard's "Next actions" item for `detail`, and its button. */
const nextAction = (page: Page, detail: string) =>
  page.getByRole("list", { name: "Next actions" }).getByRole("listitem").filter({ hasText: detail });

describe("the client journey", () => {
  it("a draft is reviewed in two versions, approved, and its final file is delivered; a notice arrives live", async () => {
    const { context: adminContext, page: admin } = await newPage(portal);
    const { context: clientContext, page: client } = await newPage(portal);
    const { context: agentContext, page: agent } = await newPage(portal);
    await logIn(admin, ADMIN.email, ADMIN.password);
    await seedAccount(admin, client, agent);
    await logIn(agent, "alex@agency.test", "agent password 1");
    await logIn(client, "jane@doebakery.test", "client password 1");

    // The agent opens the client's updates and shares a draft for review.
    await agent.getByRole("navigation").getByRole("link", { name: "Clients" }).click();
    await agent.getByRole("link", { name: "Doe Bakery" }).click();
    await agent.getByRole("link", { name: "Updates" }).click();
    const post = agent.getByRole("form", { name: "Post an update" });
    await post.getByText("Draft for review", { exact: true }).click();
    await post.getByLabel("Title", { exact: true }).fill("Home page copy");
    await post.getByLabel("What to review", { exact: true }).fill("The **new home page** text, as agreed on the call.");
    await post.getByLabel("Attachments", { exact: true }).setInputFiles({ name: "home-v1.png", mimeType: "image/png", buffer: PIXEL });
    await post.getByText("Uploaded").waitFor();
    await checkPage(agent, "updates-staff-post");
    await post.getByRole("button", { name: "Share the draft" }).click();
    await agent.getByRole("link", { name: "Home page copy" }).first().waitFor();

    // The client finds it at the top of the dashboard, opens it and asks for edits.
    await client.reload();
    const review = nextAction(client, "Home page copy");
    await review.getByText("Review the draft").first().waitFor();
    await checkPage(client, "dashboard-client-next-actions");
    await review.getByRole("link", { name: "Review the draft" }).click();
    await client.getByRole("heading", { name: "Home page copy", level: 1 }).waitFor();
    await checkPage(client, "update-client-draft");
    await client.getByRole("button", { name: "Request edits" }).click();
    const dialog = client.getByRole("dialog", { name: "Request edits" });
    await dialog.getByLabel("What should change?").fill("Please mention our Sunday opening hours.");
    await dialog.getByRole("button", { name: "Request edits" }).click();
    await client.getByText("Please mention our Sunday opening hours.").first().waitFor();

    // The agent sees it waiting on the agency and answers with version 2, its file final.
    await agent.getByRole("navigation").getByRole("link", { name: "Dashboard" }).click();
    const waiting = agent.getByRole("list", { name: "Waiting on the agency" }).getByRole("listitem").filter({ hasText: "Home page copy" });
    await waiting.getByRole("link").click();
    await agent.getByRole("heading", { name: "Post version 2" }).waitFor();
    await agent.getByLabel("What changed", { exact: true }).fill("Added the Sunday opening hours.");
    await agent.getByLabel("Attachments", { exact: true }).setInputFiles({ name: "home-final.png", mimeType: "image/png", buffer: PIXEL });
    await agent.getByText("Uploaded").waitFor();
    await agent.getByLabel("home-final.png is a final deliverable").check();
    await agent.getByLabel("Deliverable name").fill("Home page design");
    await checkPage(agent, "update-staff-version-2");
    await agent.getByRole("button", { name: "Post version 2" }).click();
    await agent.getByText("Version 2 posted").waitFor();

    // The client approves version 2; the final file is on the Deliverables page.
    await client.getByRole("navigation").getByRole("link", { name: "Dashboard" }).click();
    await nextAction(client, "Home page copy").getByRole("link", { name: "Review the draft" }).click();
    await client.getByRole("heading", { name: "Your decision on version 2" }).waitFor();
    await client.getByRole("button", { name: "Approve" }).click();
    await client
      .getByText(/Approved/)
      .first()
      .waitFor();
    await checkPage(client, "update-client-approved");
    await client.getByRole("navigation").getByRole("link", { name: "Deliverables" }).click();
    await client.getByText("Home page design").first().waitFor();
    await client.getByRole("link", { name: "Download all (zip)" }).waitFor();
    await checkPage(client, "deliverables-client");

    // A notice from the admin reaches the client's dashboard without a reload.
    await client.getByRole("navigation").getByRole("link", { name: "Dashboard" }).click();
    await client.getByRole("heading", { name: "Your journey" }).waitFor();
    await client.evaluate(() => {
      (window as unknown as { notReloaded?: boolean }).notReloaded = true;
    });
    await admin.goto("/notices");
    await admin.getByRole("button", { name: "Post a notice" }).click();
    const form = admin.getByRole("dialog");
    await form.getByLabel(/^All clients/).check();
    await form.getByLabel("Title", { exact: true }).fill("Closed on 24 December");
    await form.getByLabel("Text", { exact: true }).fill("The team is away on **24 December**; we answer again on the 27th.");
    await checkPage(admin, "notice-post");
    await form.getByRole("button", { name: "Post notice" }).click();
    const notices = client.getByRole("region", { name: "Notices" });
    await notices.getByText("Closed on 24 December").first().waitFor({ timeout: 15_000 });
    expect(await client.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await checkPage(client, "dashboard-client-notice");
    await notices.getByRole("button", { name: "Dismiss" }).click();
    await expect.poll(() => client.getByText("Closed on 24 December").count()).toBe(0);
    await admin.reload();
    await admin
      .getByText(/Read by 1 of 1/)
      .first()
      .waitFor();
    await checkPage(admin, "notices-staff");

    await Promise.all([adminContext.close(), clientContext.close(), agentContext.close()]);
  });
});

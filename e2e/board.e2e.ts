import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, checkPage, logIn, newPage, ok, PIXEL, type Portal, seedAccount, startPortal } from "./support";

/**
 * Website Work Requests in the browser, as the client guide tells it: the client creates a task
 * from the Template Task with a file; the agent quotes it; the client accepts; the agent moves it
 * to IN PROGRESS and CLIENT APPROVAL; the client sees the move live, approves, and the card lands
 * in COMPLETED. A second test moves cards with the keyboard only, including a refused move; a
 * third fills a column past the screen and scrolls through it.
 */
let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(() => portal?.stop());

const column = (page: Page, label: string): Locator =>
  page.getByRole("region", { name: "Board" }).getByRole("region", { name: label, exact: true });
const card = (scope: Page | Locator, summary: string): Locator => scope.getByRole("article", { name: summary });

/** One key, then a moment: dnd-kit reacts to a key on the next frames, as it would for a person. */
async function press(page: Page, ...keys: string[]) {
  for (const key of keys) {
    await page.keyboard.press(key);
    await page.waitForTimeout(150);
  }
}

async function moveWithMenu(page: Page, summary: string, item: RegExp | string) {
  await card(page, summary).getByRole("button", { name: /to…$/ }).click();
  await page.getByRole("menuitem", { name: item, exact: true }).click();
}

describe("Website Work Requests", () => {
  it("a client's task goes from the template through quote, work and approval to COMPLETED", async () => {
    const { context: adminContext, page: admin } = await newPage(portal);
    const { context: clientContext, page: client } = await newPage(portal);
    const { context: agentContext, page: agent } = await newPage(portal);
    await logIn(admin, ADMIN.email, ADMIN.password);
    await seedAccount(admin, client, agent);

    // Seed 003, "Submitting a New Request", word for word.
    await logIn(client, "jane@doebakery.test", "client password 1");
    await client.getByRole("navigation").getByRole("link", { name: "Website Work Requests" }).click();
    await client.getByRole("heading", { name: "Website Work Requests", level: 1 }).waitFor();
    const requested = column(client, "REQUESTED WORK");
    for (const stage of ["REQUESTED WORK", "IN PROGRESS", "ON HOLD / WAITING", "CLIENT APPROVAL", "COMPLETED"]) {
      await column(client, stage).getByRole("heading", { name: stage, level: 2 }).waitFor();
    }
    await checkPage(client, "board-empty");
    await requested.getByRole("link", { name: /Template Task – Work Task Template/ }).click();
    await client.getByRole("heading", { name: "Template Task – Work Task Template", level: 1 }).waitFor();
    await checkPage(client, "task-template");
    await client.getByRole("link", { name: "+Create task from Template" }).click();
    const summary = client.getByLabel("Summary", { exact: true });
    await expect.poll(() => summary.inputValue()).toBe("Work Task Template");
    await summary.click();
    await client.keyboard.type("Christmas opening hours banner");
    await expect.poll(() => summary.inputValue()).toBe("Christmas opening hours banner");
    await client.getByLabel("Request type", { exact: true }).selectOption({ label: "Content Updates" });
    await client.getByLabel("Description", { exact: true }).fill("Add a banner with the **Christmas hours** to the home page.");
    await client.getByLabel("Deadline", { exact: true }).fill("2099-12-01");
    await client.getByLabel("Attachments", { exact: true }).setInputFiles({ name: "banner.png", mimeType: "image/png", buffer: PIXEL });
    await client.getByText("Uploaded").waitFor();
    await checkPage(client, "task-new");
    await client.getByRole("button", { name: "Submit" }).click();
    await client.getByRole("heading", { name: /^[A-Z][A-Z0-9]*-\d+ · Christmas opening hours banner$/, level: 1 }).waitFor();
    const taskPath = new URL(client.url()).pathname;
    await client.getByRole("list", { name: "Activity" }).getByRole("img", { name: "banner.png" }).waitFor();
    await checkPage(client, "task-client-requested");

    // The agent quotes it from the card view.
    await logIn(agent, "alex@agency.test", "agent password 1");
    await agent.getByRole("navigation").getByRole("link", { name: "Website Work Requests" }).click();
    await card(column(agent, "REQUESTED WORK"), "Christmas opening hours banner").waitFor();
    await checkPage(agent, "board-agent");
    await card(agent, "Christmas opening hours banner").getByRole("link", { name: "Christmas opening hours banner" }).click();
    await agent.getByRole("button", { name: "Send a quote" }).click();
    await agent.getByLabel("Scope of work", { exact: true }).fill("Design and place the banner on the home page.");
    // A quote is lines with a total: one line of 1.5 hours at A$100.
    await agent.getByLabel("Currency", { exact: true }).selectOption("AUD");
    await agent.getByLabel("Description", { exact: true }).fill("Banner design and placement (hours)");
    await agent.getByLabel("Quantity", { exact: true }).fill("1.5");
    await agent.getByLabel("Unit price (AUD)", { exact: true }).fill("100");
    await agent.getByText("Total A$150.00").waitFor();
    await agent.getByRole("button", { name: "Send quote" }).click();
    await agent.getByText("Awaiting acceptance").waitFor();
    await checkPage(agent, "task-agent-quoted");

    // The agent leaves the team an internal note on the card; the client never sees it.
    await agent.getByRole("radiogroup", { name: "Comment type" }).getByText("Internal note", { exact: true }).click();
    await agent.getByLabel("Add a comment", { exact: true }).fill("Banner artwork is in the shared drive; use the 2024 colours.");
    await agent.getByRole("button", { name: "Add internal note" }).click();
    const activity = agent.getByRole("list", { name: "Activity" });
    await activity.getByText("Banner artwork is in the shared drive").waitFor();
    await activity.getByText("Internal note — not visible to the client").waitFor();
    await checkPage(agent, "task-agent-note");

    // The client's open page shows the quote without a reload; they accept it.
    await client.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    await client.getByRole("button", { name: "Accept quote" }).click({ timeout: 15_000 });
    // Accepting asks once more, with the amount.
    const accept = client.getByRole("dialog", { name: /^Accept the quote for [A-Z][A-Z0-9]*-\d+\?$/ });
    await accept.getByText(/Accept the quote of A\$150\.00 for [A-Z][A-Z0-9]*-\d+\? Work starts once you accept\./).waitFor();
    await checkPage(client, "task-accept-quote-dialog");
    await accept.getByRole("button", { name: "Accept", exact: true }).click();
    await client.getByText("Quote accepted — work will start").first().waitFor();
    await client.getByText("Accepted", { exact: true }).waitFor();

    // The agent moves it to IN PROGRESS, then CLIENT APPROVAL, from the board's Move to… menu.
    await agent.goto("/work-requests");
    await moveWithMenu(agent, "Christmas opening hours banner", "IN PROGRESS");
    await card(column(agent, "IN PROGRESS"), "Christmas opening hours banner").waitFor();
    await client.goto("/work-requests");
    await card(column(client, "IN PROGRESS"), "Christmas opening hours banner").waitFor();
    await client.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    await moveWithMenu(agent, "Christmas opening hours banner", "CLIENT APPROVAL");
    // The move says what the client should review.
    const review = agent.getByRole("dialog", { name: "What should the client review?" });
    await review.getByLabel("Note for the client").fill("The banner on the home page, on phone and desktop.");
    await review.getByLabel("Preview link (optional)").fill("https://staging.example.com/");
    await checkPage(agent, "board-review-dialog");
    await review.getByRole("button", { name: "Send for approval" }).click();
    await card(column(agent, "CLIENT APPROVAL"), "Christmas opening hours banner").waitFor();

    // The client's board follows live; they open the card and approve.
    await card(column(client, "CLIENT APPROVAL"), "Christmas opening hours banner").waitFor({ timeout: 15_000 });
    expect(await client.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await checkPage(client, "board-client-approval");
    // The dashboard's next actions list it, one click from done.
    await client.getByRole("navigation").getByRole("link", { name: "Dashboard" }).click();
    const waiting = client
      .getByRole("list", { name: "Next actions" })
      .getByRole("listitem")
      .filter({ hasText: "Christmas opening hours banner" });
    await waiting.getByText("Approve the finished work").waitFor();
    await checkPage(client, "dashboard-client-waiting");
    await waiting.getByRole("link", { name: "Review and approve" }).click();
    await expect.poll(() => new URL(client.url()).pathname).toBe(taskPath);
    await client.getByText("Ready for your approval").waitFor();
    expect(await client.getByText("Banner artwork is in the shared drive").count()).toBe(0);
    await checkPage(client, "task-client-approval");
    await client.getByRole("button", { name: "Approve", exact: true }).click();
    // What to review is at the top of the task page.
    await client.getByText("The banner on the home page, on phone and desktop.").first().waitFor();
    await client
      .getByRole("link", { name: /^Open preview/ })
      .first()
      .waitFor();
    const dialog = client.getByRole("dialog", { name: /^Approve [A-Z][A-Z0-9]*-\d+$/ });
    await dialog.getByLabel("Comment (optional)").fill("Perfect, thank you!");
    await checkPage(client, "task-approve-dialog");
    await dialog.getByRole("button", { name: "Approve" }).click();
    await client.getByText("COMPLETED", { exact: true }).first().waitFor();
    await client.getByText("Approval record").waitFor();
    await client.getByText("“Perfect, thank you!”").waitFor();
    await checkPage(client, "task-client-completed");
    await client.goto("/work-requests");
    await card(column(client, "COMPLETED"), "Christmas opening hours banner").waitFor();

    // The agent's board shows it in COMPLETED too, and they were told in the bell.
    await card(column(agent, "COMPLETED"), "Christmas opening hours banner").waitFor({ timeout: 15_000 });
    await agent.getByRole("button", { name: /^Notifications, [1-9]\d* unread$/ }).waitFor();

    // The admin's pages for the board.
    await admin.goto("/admin/request-types");
    await admin.getByText("Ad Word Campaigns").waitFor();
    await checkPage(admin, "admin-request-types");
    await admin.goto("/admin/task-templates");
    await admin.getByText("Work Task Template").first().waitFor();
    await checkPage(admin, "admin-task-templates");
    await admin.goto("/work-requests/archive");
    await admin.getByRole("heading", { name: "Archive", level: 1 }).waitFor();
    await checkPage(admin, "board-archive");

    await agentContext.close();
    await clientContext.close();
    await adminContext.close();
  }, 240_000);

  it("moves cards with the keyboard only, and refuses a move the person may not make with the reason", async () => {
    const { context: clientContext, page: client } = await newPage(portal);
    const { context: agentContext, page: agent } = await newPage(portal);
    await logIn(client, "jane@doebakery.test", "client password 1");
    await logIn(agent, "alex@agency.test", "agent password 1");
    for (const summary of ["Keyboard task one", "Keyboard task two"]) {
      await client.goto("/work-requests/new");
      await client.getByLabel("Summary", { exact: true }).fill(summary);
      await client.getByLabel("Request type", { exact: true }).selectOption({ label: "Design Changes" });
      await client.getByRole("button", { name: "Submit" }).click();
      await client.getByRole("heading", { name: new RegExp(`· ${summary}$`), level: 1 }).waitFor();
    }

    // The client may not start the work: picking the card up and moving it right is refused.
    await client.goto("/work-requests");
    const handle = column(client, "REQUESTED WORK").getByRole("button", { name: /^Drag WEB-\d+ Keyboard task one$/ });
    await handle.focus();
    await press(client, "Space");
    await press(client, "ArrowRight");
    await column(client, "IN PROGRESS")
      .getByText(/Cannot move here: The agency moves tasks on from REQUESTED WORK/)
      .waitFor();
    await press(client, "Space");
    await client.getByText(/Cannot move WEB-\d+ to IN PROGRESS/).waitFor();
    await card(column(client, "REQUESTED WORK"), "Keyboard task one").waitFor();
    expect(await card(column(client, "IN PROGRESS"), "Keyboard task one").count()).toBe(0);

    // Within REQUESTED WORK the client orders their own requests: "two" is on top; move "one" up.
    const order = async () =>
      (
        await column(client, "REQUESTED WORK")
          .getByRole("article", { name: /^Keyboard task/ })
          .allInnerTexts()
      ).map((t) => (t.includes("task one") ? "one" : "two"));
    await expect.poll(async () => await order()).toEqual(["two", "one"]);
    await handle.focus();
    await press(client, "Space");
    await press(client, "ArrowUp");
    await press(client, "Space");
    await expect.poll(async () => await order()).toEqual(["one", "two"]);
    await client.reload();
    await expect.poll(async () => await order()).toEqual(["one", "two"]);

    // The agent commences the work with the keyboard alone.
    await agent.goto("/work-requests");
    const agentHandle = column(agent, "REQUESTED WORK").getByRole("button", { name: /^Drag WEB-\d+ Keyboard task two$/ });
    await agentHandle.focus();
    await press(agent, "Space");
    await press(agent, "ArrowRight");
    await press(agent, "Space");
    await card(column(agent, "IN PROGRESS"), "Keyboard task two").waitFor();
    await agent.reload();
    await card(column(agent, "IN PROGRESS"), "Keyboard task two").waitFor();
    // ON HOLD needs a comment: the drop opens a dialog that asks why.
    await column(agent, "IN PROGRESS")
      .getByRole("button", { name: /^Drag WEB-\d+ Keyboard task two$/ })
      .focus();
    await press(agent, "Space");
    await press(agent, "ArrowRight");
    await press(agent, "Space");
    const why = agent.getByRole("dialog", { name: /^Move [A-Z][A-Z0-9]*-\d+ to ON HOLD \/ WAITING$/ });
    await why.getByLabel("Why is it on hold?").fill("Waiting for the new photos.");
    await checkPage(agent, "board-on-hold-dialog");
    await why.getByRole("button", { name: "Move to ON HOLD / WAITING" }).click();
    await card(column(agent, "ON HOLD / WAITING"), "Keyboard task two").waitFor();

    await clientContext.close();
    await agentContext.close();
  }, 180_000);

  it("draws a long column's cards as the page scrolls to them, and every one can be reached", async () => {
    const { context, page: client } = await newPage(portal);
    await logIn(client, "jane@doebakery.test", "client password 1");
    const session = await ok<{ data: { csrfToken: string } }>(await client.request.get("/api/auth/session"));
    const headers = { "x-csrf-token": session.data.csrfToken };
    const board = await ok<{ data: { requestTypes: Array<{ id: string }> } }>(await client.request.get("/api/board"));
    const requestTypeId = board.data.requestTypes[0]!.id;
    const count = 60;
    for (let i = 1; i <= count; i++) {
      const summary = `Long column task ${String(i).padStart(2, "0")}`;
      await ok(await client.request.post("/api/tasks", { headers, data: { summary, description: "", requestTypeId, fileIds: [] } }));
    }
    await client.goto("/work-requests");
    const requested = column(client, "REQUESTED WORK");
    // The newest request is on top; only what the screen shows (and a few beyond) is in the page.
    await card(requested, "Long column task 60").waitFor();
    const drawn = await requested.getByRole("article").count();
    expect(drawn).toBeGreaterThan(3);
    expect(drawn).toBeLessThan(count);
    expect(await card(requested, "Long column task 01").count()).toBe(0);
    await checkPage(client, "board-long-column", { fullPage: false });
    // Scrolling down draws the rest: the oldest request, at the column's foot, comes into view.
    await expect
      .poll(
        async () => {
          await client.mouse.wheel(0, 2_000);
          return card(requested, "Long column task 01").isVisible();
        },
        { timeout: 20_000, interval: 100 },
      )
      .toBe(true);
    expect(await requested.getByRole("article").count()).toBeLessThan(count);
    await card(requested, "Long column task 01").getByRole("link").first().click();
    await client.getByRole("heading", { name: /· Long column task 01$/, level: 1 }).waitFor();
    await context.close();
  }, 120_000);
});

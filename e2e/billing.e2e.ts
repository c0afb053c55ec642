import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, checkPage, logIn, newPage, ok, type Portal, seedAccount, startPortal } from "./support";

/**
 * Seed 000, "Whenever a payment is due … use the website features provided for payment
 * handling": the agent turns a task's accepted quote into a draft invoice in one click, corrects
 * a line and sends it; the client sees it due in next actions and on Billing with the amount;
 * an admin records the bank transfer for the full amount; the client sees it paid.
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

/** The CSRF header of the page's session, for setting up through the API what another test clicks. */
async function csrf(page: Page): Promise<Record<string, string>> {
  const session = await ok<{ data: { csrfToken: string } }>(await page.request.get("/api/auth/session"));
  return { "x-csrf-token": session.data.csrfToken };
}

/** Closes the toasts a write left (they would cover the page's header in the screenshots), then checks the page. */
async function look(page: Page, name: string): Promise<void> {
  const close = page.getByRole("button", { name: "Close notification" });
  // Best effort: a toast may still be arriving; a few rounds close what is there.
  for (let round = 0; round < 5 && (await close.count()) > 0; round++) {
    for (const button of await close.all()) await button.dispatchEvent("click").catch(() => undefined);
    await page.waitForTimeout(300);
  }
  await checkPage(page, name);
}

describe("billing", () => {
  it("an accepted quote becomes an invoice; the client sees it due; an admin records the bank transfer; the client sees it paid", async () => {
    const { context: adminContext, page: admin } = await newPage(portal);
    const { context: clientContext, page: client } = await newPage(portal, 375);
    const { context: agentContext, page: agent } = await newPage(portal);
    await logIn(admin, ADMIN.email, ADMIN.password);
    await logIn(client, "jane@doebakery.test", "client password 1");
    await logIn(agent, "alex@agency.test", "agent password 1");

    // Set up through the API (the board's own test clicks through it): the client's task, the agent's quote, the client's acceptance.
    const clientHeaders = await csrf(client);
    const agentHeaders = await csrf(agent);
    const types = await ok<{ data: Array<{ id: string }> }>(await client.request.get("/api/request-types"));
    const task = await ok<{ data: { id: string } }>(
      await client.request.post("/api/tasks", {
        headers: clientHeaders,
        data: {
          summary: "Christmas opening hours banner",
          description: "A banner on the home page.",
          requestTypeId: types.data[0]?.id,
          fileIds: [],
        },
      }),
    );
    await ok(
      await agent.request.post(`/api/tasks/${task.data.id}/quotes`, {
        headers: agentHeaders,
        data: {
          scope: "Design and place the banner.",
          currency: "AUD",
          lines: [{ description: "Banner design and placement (hours)", quantity: 1.5, unitPriceMinor: 10_000 }],
        },
      }),
    );
    const detail = await ok<{ data: { quotes: Array<{ id: string }> } }>(await client.request.get(`/api/tasks/${task.data.id}`));
    await ok(
      await client.request.post(`/api/tasks/${task.data.id}/quotes/${detail.data.quotes[0]?.id}/accept`, {
        headers: clientHeaders,
        data: {},
      }),
    );

    // The agent opens the task: the accepted quote offers "Create invoice".
    await agent.goto(`/work-requests/${task.data.id}`);
    const panel = agent.getByRole("region", { name: "Invoice", exact: true });
    await panel.getByRole("button", { name: "Create invoice" }).waitFor();
    await look(agent, "billing-task-create-invoice");
    await panel.getByRole("button", { name: "Create invoice" }).click();
    await agent.waitForURL(/\/billing\/invoices\/[^/]+$/);
    const invoicePath = new URL(agent.url()).pathname;
    await agent.getByRole("heading", { name: "Draft invoice", level: 1 }).waitFor();
    await agent.getByRole("link", { name: /Christmas opening hours banner/ }).waitFor();
    await agent.getByRole("region", { name: "Invoice lines" }).getByText("Banner design and placement (hours)").waitFor();
    await look(agent, "billing-draft");

    // The agent edits the line: 2 hours, with 10 % tax; the totals follow as they type.
    await agent.getByRole("link", { name: "Edit", exact: true }).click();
    await agent.getByRole("heading", { name: "Edit draft invoice", level: 1 }).waitFor();
    const line = agent.getByRole("group", { name: "Line 1" });
    await line.getByLabel("Quantity", { exact: true }).fill("2");
    await line.getByLabel("Tax rate (%)", { exact: true }).fill("10");
    const totals = agent.getByRole("region", { name: "Totals" });
    await totals.getByText("A$220.00").waitFor();
    await totals.getByText("A$20.00").waitFor();
    await look(agent, "billing-editor");
    await agent.getByRole("button", { name: "Save draft" }).click();
    await agent.waitForURL((url) => url.pathname === invoicePath);
    await agent.getByText("A$220.00").first().waitFor();

    // Send: it gets its number.
    await agent.getByRole("button", { name: "Send", exact: true }).click();
    const send = agent.getByRole("dialog", { name: "Send this invoice?" });
    await send.getByText("A$220.00").waitFor();
    await send.getByRole("button", { name: "Send invoice" }).click();
    await agent.getByRole("heading", { name: /^Invoice INV-\d+$/, level: 1 }).waitFor();
    const heading = (await agent.getByRole("heading", { level: 1 }).textContent()) ?? "";
    const number = heading.replace("Invoice ", "");
    // A sent invoice is never edited in place.
    expect(await agent.getByRole("link", { name: "Edit", exact: true }).count()).toBe(0);
    await look(agent, "billing-sent-agent");

    // The client: due in next actions, and on Billing with the amount due.
    await client.goto("/");
    const nextActions = client.getByRole("list", { name: "Next actions" });
    await nextActions.getByRole("listitem").filter({ hasText: number }).first().waitFor({ timeout: 15_000 });
    await look(client, "billing-client-dashboard");
    await client.goto("/billing");
    await client.getByRole("heading", { name: "Billing", level: 1 }).waitFor();
    const due = client.getByRole("list", { name: "Payment due" }).getByRole("listitem").filter({ hasText: number });
    await due.getByText("A$220.00").waitFor();
    await look(client, "billing-client-due");
    await due.getByRole("link", { name: "View invoice" }).click();
    await client.getByRole("heading", { name: `Invoice ${number}`, level: 1 }).waitFor();
    // A client sees no staff actions, and no "Pay now" without Stripe keys; the PDF downloads.
    expect(await client.getByRole("button", { name: "Record payment" }).count()).toBe(0);
    expect(await client.getByRole("button", { name: /^Pay now/ }).count()).toBe(0);
    const pdfHref = await client.getByRole("link", { name: "Download PDF" }).getAttribute("href");
    expect(pdfHref).toMatch(/^\/api\/invoices\/[^/]+\/pdf$/);
    const pdf = await client.request.get(pdfHref ?? "");
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()["content-type"]).toContain("application/pdf");
    expect(await client.getByRole("link", { name: "Download receipt" }).count()).toBe(0);
    await look(client, "billing-client-invoice");

    // The admin: the agency's billing page, then the bank transfer for the full amount (prefilled).
    await admin.goto("/billing");
    await admin.getByRole("heading", { name: "Billing", level: 1 }).waitFor();
    await admin.getByRole("link", { name: number }).waitFor();
    await look(admin, "billing-agency");
    await admin.getByRole("link", { name: number }).click();
    await admin.getByRole("button", { name: "Record payment" }).click();
    const pay = admin.getByRole("dialog", { name: `Record a payment on ${number}` });
    await expect.poll(() => pay.getByLabel("Amount (AUD)").inputValue()).toBe("220.00");
    expect(await pay.getByRole("radio", { name: "Bank transfer" }).isChecked()).toBe(true);
    await pay.getByLabel("Reference").fill("DOE-2211");
    await look(admin, "billing-record-payment");
    await pay.getByRole("button", { name: "Record payment" }).click();
    await admin.getByText("Paid in full").waitFor();
    const payments = admin.getByRole("list", { name: "Payments and refunds" });
    await payments.getByText(/Bank transfer/).waitFor();
    await payments.getByText(/DOE-2211/).waitFor();
    await look(admin, "billing-paid-admin");

    // The client sees it paid: nothing due, and it is in the paid history.
    await client.goto("/billing");
    await client.getByRole("heading", { name: "Nothing to pay" }).waitFor({ timeout: 15_000 });
    await client.getByRole("region", { name: "Paid invoices", exact: true }).getByRole("link", { name: number, exact: true }).waitFor();
    await look(client, "billing-client-paid");
    // Its page offers the receipt now.
    await client.getByRole("link", { name: number, exact: true }).first().click();
    await client.getByRole("link", { name: "Download receipt" }).waitFor();
    await look(client, "billing-client-receipt");

    // The admin's billing settings: longer payment terms.
    await admin.goto("/admin/settings");
    await admin.getByRole("link", { name: "Billing settings" }).click();
    await admin.getByRole("heading", { name: "Billing settings", level: 1 }).waitFor();
    await admin.getByText(`Last issued: ${number}.`).waitFor();
    await look(admin, "billing-settings");
    await admin.getByLabel("Payment terms (days)").fill("30");
    await admin.getByRole("button", { name: "Save", exact: true }).click();
    await admin.getByText("Billing settings saved").waitFor();

    await Promise.all([adminContext.close(), clientContext.close(), agentContext.close()]);
  });
  it("an admin bills by hand: lines reordered, discount and tax per line; a part payment and a credit note; a void invoice reissued", async () => {
    const { context, page: admin } = await newPage(portal);
    await logIn(admin, ADMIN.email, ADMIN.password);
    await admin.getByRole("navigation").getByRole("link", { name: "Billing" }).click();
    await admin.getByRole("link", { name: "New invoice" }).click();
    await admin.getByRole("heading", { name: "New invoice", level: 1 }).waitFor();
    await admin.getByRole("textbox", { name: "Client" }).fill("Doe");
    await admin.getByRole("option", { name: "Doe Bakery" }).click();
    await admin.getByLabel("Currency").selectOption("AUD");
    const first = admin.getByRole("group", { name: "Line 1" });
    await first.getByLabel("Description").fill("Hosting (months)");
    await first.getByLabel("Quantity").fill("12");
    await first.getByLabel("Unit price (AUD)").fill("25");
    await first.getByLabel("Tax rate (%)").fill("10");
    await admin.getByRole("button", { name: "Add a line" }).click();
    const second = admin.getByRole("group", { name: "Line 2" });
    await second.getByLabel("Description").fill("Domain renewal");
    await second.getByLabel("Unit price (AUD)").fill("40");
    await second.getByLabel("Tax rate (%)").fill("10");
    await admin.getByRole("button", { name: "Move line 2 up" }).click();
    await expect.poll(() => admin.getByRole("group", { name: "Line 1" }).getByLabel("Description").inputValue()).toBe("Domain renewal");
    // A$340 less A$34 shared by the lines (A$4 and A$30), then 10 % tax per line: A$3.60 + A$27.00.
    await admin.getByLabel("Discount (AUD)").fill("34");
    const totals = admin.getByRole("region", { name: "Totals" });
    await totals.getByText("A$30.60").waitFor();
    await totals.getByText("A$336.60").waitFor();
    await look(admin, "billing-new-invoice");
    await admin.getByRole("button", { name: "Save draft" }).click();
    await admin.getByRole("heading", { name: "Draft invoice", level: 1 }).waitFor();
    await admin.getByRole("button", { name: "Send", exact: true }).click();
    await admin.getByRole("dialog", { name: "Send this invoice?" }).getByRole("button", { name: "Send invoice" }).click();
    await admin.getByRole("heading", { name: /^Invoice INV-\d+$/, level: 1 }).waitFor();

    // More than is due is refused before it is sent; a part payment leaves the rest due.
    await admin.getByRole("button", { name: "Record payment" }).click();
    const pay = admin.getByRole("dialog", { name: /^Record a payment on / });
    await pay.getByLabel("Amount (AUD)").fill("400");
    await pay.getByRole("button", { name: "Record payment" }).click();
    await pay.getByText("At most the amount due, A$336.60.").waitFor();
    await pay.getByLabel("Amount (AUD)").fill("100");
    await pay.getByRole("radio", { name: "Cash" }).check();
    await pay.getByRole("button", { name: "Record payment" }).click();
    await admin.getByText("Partially paid").first().waitFor();
    await admin.getByText("A$236.60").first().waitFor();

    // A credit note for the rest of the discount the client was promised.
    await admin.getByRole("button", { name: "Issue credit note" }).click();
    const credit = admin.getByRole("dialog", { name: /^Credit note for / });
    await credit.getByLabel("Amount (AUD)").fill("36.60");
    await credit.getByLabel("Reason").fill("Loyalty discount agreed by phone");
    await credit.getByRole("button", { name: "Issue credit note" }).click();
    await admin
      .getByRole("list", { name: "Credit notes" })
      .getByRole("link", { name: /^CN-\d+$/ })
      .waitFor();
    await admin.getByText("A$200.00").first().waitFor();
    await look(admin, "billing-part-paid-credited");

    // A second invoice, sent by mistake: void it (a reason is required), then reissue it.
    await admin.goto("/billing/invoices/new");
    await admin.getByRole("textbox", { name: "Client" }).fill("Doe");
    await admin.getByRole("option", { name: "Doe Bakery" }).click();
    await admin.getByLabel("Currency").selectOption("AUD");
    const line = admin.getByRole("group", { name: "Line 1" });
    await line.getByLabel("Description").fill("Logo refresh");
    await line.getByLabel("Unit price (AUD)").fill("90");
    await admin.getByRole("button", { name: "Save draft" }).click();
    await admin.getByRole("heading", { name: "Draft invoice", level: 1 }).waitFor();
    await admin.getByRole("button", { name: "Send", exact: true }).click();
    await admin.getByRole("dialog", { name: "Send this invoice?" }).getByRole("button", { name: "Send invoice" }).click();
    await admin.getByRole("heading", { name: /^Invoice INV-\d+$/, level: 1 }).waitFor();
    const voided = ((await admin.getByRole("heading", { level: 1 }).textContent()) ?? "").replace("Invoice ", "");
    await admin.getByRole("button", { name: "Void", exact: true }).click();
    const voidDialog = admin.getByRole("dialog", { name: `Void ${voided}?` });
    await voidDialog.getByRole("button", { name: "Void invoice" }).click();
    await voidDialog.getByText("Say why it is void: the client reads it.").waitFor();
    await voidDialog.getByLabel("Reason").fill("Sent to the wrong contact");
    await look(admin, "billing-void-dialog");
    await voidDialog.getByRole("button", { name: "Void invoice" }).click();
    await admin.getByText("This invoice is void").waitFor();
    await admin.getByText("Reason: Sent to the wrong contact").waitFor();
    await admin.getByRole("button", { name: "Reissue" }).click();
    await admin.getByRole("heading", { name: "Edit draft invoice", level: 1 }).waitFor();
    await expect.poll(() => admin.getByRole("group", { name: "Line 1" }).getByLabel("Description").inputValue()).toBe("Logo refresh");
    await admin.getByRole("button", { name: "Save draft" }).click();
    await admin.getByRole("heading", { name: "Draft invoice", level: 1 }).waitFor();
    await admin.getByRole("link", { name: voided }).waitFor();
    await look(admin, "billing-reissued-draft");
    await context.close();
  });
});

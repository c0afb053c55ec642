import type { ParsedMail } from "mailparser";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpService } from "../src/server/test/smtp-service";
import { type StripeStandIn, startStripeService } from "../src/server/test/stripe-service";
import { ADMIN, checkPage, logIn, newPage, ok, type Portal, seedAccount, startPortal } from "./support";

/**
 * Seed 000, "Whenever a payment is due … use the website features provided for payment
 * handling", online: with Stripe configured (the stand-in on 127.0.0.1, never the network), the
 * client sees the invoice due on the dashboard, presses Pay now on Billing, pays on the Checkout
 * page and comes back to the invoice paid, with its receipt to download and by email (a real SMTP
 * listener: the built-in mailbox keeps no attachments); the agent sees the Stripe payment.
 */
const webhookSecret = "whsec_test_portico_e2e";
let stand: StripeStandIn;
let smtp: Awaited<ReturnType<typeof startSmtpService>>;
let portal: Portal;
let accountId: string;

/** The newest mail to `to` whose subject matches, once the portal's mail worker sent it. */
async function mailTo(to: string, subject: RegExp): Promise<ParsedMail> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const mail = smtp.received.findLast((m) => m.to && JSON.stringify(m.to).includes(to) && subject.test(m.subject ?? ""));
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  smtp = await startSmtpService();
  stand = await startStripeService({ webhookSecret });
  portal = await startPortal({
    env: {
      STRIPE_SECRET_KEY: "sk_test_portico_e2e",
      STRIPE_WEBHOOK_SECRET: webhookSecret,
      STRIPE_API_BASE: stand.origin,
      SMTP_URL: smtp.url,
    },
  });
  // Where the stand-in's Pay button delivers checkout.session.completed (known once the portal listens).
  stand.setWebhookUrl(`${portal.url}/api/billing/stripe/webhook`);
  const pages = await Promise.all([newPage(portal), newPage(portal), newPage(portal)]);
  const [admin, client, agent] = pages.map((p) => p.page) as [Page, Page, Page];
  await logIn(admin, ADMIN.email, ADMIN.password);
  const seeded = await seedAccount(admin, client, agent, {
    tokenOf: async (email) => {
      const mail = await mailTo(email, /./);
      const match = /[?&]token=([^\s&"'<>]+)/.exec(mail.text ?? "");
      if (!match?.[1]) throw new Error(`no link in the email to ${email}`);
      return decodeURIComponent(match[1]);
    },
  });
  accountId = seeded.accountId;
  await Promise.all(pages.map((p) => p.context.close()));
});
afterAll(async () => {
  await portal?.stop();
  await stand?.close();
  await smtp?.close();
});

async function csrf(page: Page): Promise<Record<string, string>> {
  const session = await ok<{ data: { csrfToken: string } }>(await page.request.get("/api/auth/session"));
  return { "x-csrf-token": session.data.csrfToken };
}

describe("billing with Stripe", () => {
  it("the client pays a sent invoice through Checkout, comes back to it paid with a receipt; the agent sees the Stripe payment", async () => {
    const { context: clientContext, page: client } = await newPage(portal, 375);
    const { context: agentContext, page: agent } = await newPage(portal);
    await logIn(client, "jane@doebakery.test", "client password 1");
    await logIn(agent, "alex@agency.test", "agent password 1");

    // Set up through the API (billing.e2e.ts clicks through making and sending one): A$200 + 10 % tax, sent.
    const headers = await csrf(agent);
    const draft = await ok<{ data: { id: string } }>(
      await agent.request.post("/api/invoices", {
        headers,
        data: {
          accountId,
          currency: "AUD",
          lines: [{ description: "Website care plan (December)", quantity: 1, unitPriceMinor: 20_000, taxRateBasisPoints: 1000 }],
        },
      }),
    );
    const sent = await ok<{ data: { id: string; number: string; totalMinor: number } }>(
      await agent.request.post(`/api/invoices/${draft.data.id}/send`, { headers }),
    );
    const number = sent.data.number;
    const invoicePath = `/billing/invoices/${sent.data.id}`;
    expect(sent.data.totalMinor).toBe(22_000);

    // The dashboard's next actions lead with paying it.
    await client.goto("/");
    const nextActions = client.getByRole("list", { name: "Next actions" });
    await nextActions.getByText(`Pay invoice ${number}`).first().waitFor({ timeout: 15_000 });

    // Billing: the due card offers Pay now for the amount due.
    await client.goto("/billing");
    await client.getByRole("heading", { name: "Billing", level: 1 }).waitFor();
    const due = client.getByRole("list", { name: "Payment due" }).getByRole("listitem").filter({ hasText: number });
    const payNow = due.getByRole("button", { name: `Pay now · A$220.00, ${number}` });
    await payNow.waitFor();
    // The card's PDF link is the server's pdfUrl.
    expect(await due.getByRole("link", { name: `${number} PDF` }).getAttribute("href")).toBe(`/api/invoices/${sent.data.id}/pdf`);
    await checkPage(client, "billing-stripe-client-due");

    // Pay now → the Checkout page (the stand-in's) for A$220.00 → Pay.
    await payNow.click();
    await client.waitForURL((url) => url.origin === stand.origin && url.pathname.startsWith("/pay/"));
    await client.getByRole("heading", { name: "Pay 220.00 AUD" }).waitFor();
    const created = stand.requests.filter((r) => r.method === "POST" && r.path === "/v1/checkout/sessions");
    expect(created).toHaveLength(1);
    expect(created[0]?.authorization).toBe("Bearer sk_test_portico_e2e");
    await client.getByRole("button", { name: "Pay" }).click();

    // Back on the invoice with ?paid=1: thanked, and (the webhook came first) paid with its receipt.
    await client.waitForURL((url) => url.origin === portal.url && url.pathname === invoicePath && url.searchParams.get("paid") === "1");
    await client
      .getByRole("status")
      .filter({ hasText: /Thank you — (we are confirming your payment|payment received)/ })
      .waitFor();
    await client.getByRole("status").filter({ hasText: "Thank you — payment received" }).waitFor({ timeout: 15_000 });
    await client.getByText("Paid in full").first().waitFor();
    await client.getByRole("link", { name: "Download receipt" }).waitFor();
    expect(await client.getByRole("button", { name: /^Pay now/ }).count()).toBe(0);
    expect(stand.deliveries.map((d) => [d.type, d.status])).toEqual([["checkout.session.completed", 200]]);
    await checkPage(client, "billing-stripe-client-paid");

    // The receipt went out by email, its PDF attached.
    const receipt = await mailTo("jane@doebakery.test", new RegExp(`^Payment of A\\$220\\.00 received for ${number}`));
    expect(receipt.attachments.map((a) => [a.filename, a.contentType])).toEqual([[`Receipt-${number}.pdf`, "application/pdf"]]);
    expect(receipt.attachments[0]?.content.subarray(0, 5).toString()).toBe("%PDF-");

    // Billing: nothing left to pay; the invoice is in the paid history.
    await client.goto("/billing");
    await client.getByRole("heading", { name: "Nothing to pay" }).waitFor({ timeout: 15_000 });
    await client.getByRole("region", { name: "Paid invoices", exact: true }).getByRole("link", { name: number, exact: true }).waitFor();

    // The agent's view of the invoice: paid, by card online through Stripe, recorded by nobody.
    await agent.goto(invoicePath);
    await agent.getByRole("heading", { name: `Invoice ${number}`, level: 1 }).waitFor();
    const payments = agent.getByRole("list", { name: "Payments and refunds" });
    await payments.getByText(/Card online \(Stripe\)/).waitFor();
    await payments.getByText("A$220.00").first().waitFor();
    await checkPage(agent, "billing-stripe-agent");

    await Promise.all([clientContext.close(), agentContext.close()]);
  });
});

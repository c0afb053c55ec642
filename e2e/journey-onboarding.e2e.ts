import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, checkPage, logIn, newPage, type Portal, seedAccount, startPortal } from "./support";

/**
 * The client journey of seed 000 in the browser, Steps 1 and 2: the admin's controls, then a new
 * client's onboarding form — half-filled, reloaded, finished on a phone (the stale tab is told),
 * returned once by the agent with a field to fix, fixed, approved — and the journey at Step 3+.
 */
let portal: Portal;
beforeAll(async () => {
  portal = await startPortal();
});
afterAll(() => portal?.stop());

describe("the client journey", () => {
  it("a new client goes from Step 1 through onboarding — returned once, fixed, approved — to Step 3", async () => {
    const { context: adminContext, page: admin } = await newPage(portal);
    const { context: clientContext, page: client } = await newPage(portal);
    const { context: agentContext, page: agent } = await newPage(portal);
    await logIn(admin, ADMIN.email, ADMIN.password);
    await seedAccount(admin, client, agent);

    // The admin's controls: the steps, the forms (the default one ships with the seed's content).
    await admin.goto("/admin/journey-steps");
    await admin.getByText("Create your account").first().waitFor();
    await checkPage(admin, "journey-steps-admin");
    await admin.goto("/admin/onboarding-forms");
    await admin
      .getByRole("link", { name: /onboarding/i })
      .first()
      .waitFor();
    await checkPage(admin, "onboarding-forms-admin");
    await admin.getByRole("main").getByRole("link", { name: "Onboarding form", exact: true }).click();
    await admin.getByText("Personal information").first().waitFor();
    await checkPage(admin, "onboarding-form-builder");

    // Step 1 is done (the account is active); Step 2's button opens the form.
    await logIn(client, "jane@doebakery.test", "client password 1");
    const journey = client.getByRole("heading", { name: "Your journey" }).locator("xpath=..");
    await journey.getByText("Step 1 · Create your account").waitFor();
    await checkPage(client, "dashboard-client-journey");
    await client.getByRole("link", { name: "Open the onboarding form" }).click();
    await client.getByRole("heading", { name: "Personal information" }).waitFor();
    await client.getByLabel("Full name").fill("Jane Doe");
    await client.getByLabel(/^Email/).fill("jane@doebakery.test");
    await client.getByLabel(/^Phone/).fill("5550 1234");
    await client.getByLabel("City and country").fill("Perth, Australia");
    await client
      .getByRole("button", { name: "Resume", exact: true })
      .setInputFiles({ name: "resume.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 resume") });
    await client.getByRole("link", { name: "resume.pdf" }).waitFor();
    await client.getByRole("status").getByText("Saved").waitFor();
    await checkPage(client, "onboarding-client-half");

    // Half-filled and reloaded: every answer came back from the server.
    await client.reload();
    await expect.poll(() => client.getByLabel("Full name").inputValue()).toBe("Jane Doe");
    await client.getByRole("link", { name: "resume.pdf" }).waitFor();

    // Finished on a second device.
    const { context: phoneContext, page: phone } = await newPage(portal, 375);
    await logIn(phone, "jane@doebakery.test", "client password 1");
    await phone.goto("/onboarding");
    await expect.poll(() => phone.getByLabel("City and country").inputValue()).toBe("Perth, Australia");
    await phone.getByLabel("Remote").check();
    await phone.getByLabel("Preferred roles").fill("Bakery manager");
    await phone.getByLabel("Available from").fill("2027-01-11");
    await phone.getByLabel("Professional summary").fill("Twelve years running a family bakery.");
    await phone.getByLabel("Key skills").fill("Sourdough, rosters, suppliers");
    await phone.getByLabel("I confirm the information above is accurate").check();
    await phone.getByRole("status").getByText("Saved").waitFor();

    // The first tab is stale now: typing there is refused, never silently saved over the phone's answers.
    await client.getByLabel("Preferred roles").fill("Baker");
    await client.getByText("This form was changed in another tab or device").waitFor();
    await checkPage(client, "onboarding-client-conflict");

    await phone.getByRole("button", { name: "Submit", exact: true }).click();
    await phone.getByRole("dialog").getByRole("button", { name: "Submit", exact: true }).click();
    await phone
      .getByText(/waiting for review/i)
      .first()
      .waitFor();
    await checkPage(phone, "onboarding-client-submitted");

    // The agent reviews it and returns one field with a comment.
    await logIn(agent, "alex@agency.test", "agent password 1");
    const toReview = agent
      .getByRole("list", { name: "Waiting on the agency" })
      .getByRole("listitem")
      .filter({ hasText: "Review an onboarding submission" });
    await toReview.getByRole("link").click();
    await agent.getByRole("button", { name: "Comment on Phone" }).click();
    await agent.getByLabel("What to fix in “Phone”").fill("Please add the country code, e.g. +61.");
    await checkPage(agent, "onboarding-agent-review");
    await agent.getByRole("button", { name: "Return to client" }).click();
    await agent
      .getByText(/Returned/)
      .first()
      .waitFor();

    // The client sees exactly which field to fix, fixes it and resubmits.
    await phone.goto("/");
    const fix = phone.getByRole("list", { name: "Next actions" }).getByRole("listitem").filter({ hasText: "Fix the marked fields" });
    await fix.getByRole("link").click();
    await phone.getByText("Please add the country code, e.g. +61.").first().waitFor();
    await checkPage(phone, "onboarding-client-returned");
    await phone.getByLabel(/^Phone/).fill("+61 8 5550 1234");
    await phone.getByRole("status").getByText("Saved").waitFor();
    await phone.getByRole("button", { name: "Submit", exact: true }).click();
    await phone.getByRole("dialog").getByRole("button", { name: "Submit", exact: true }).click();
    await phone
      .getByText(/waiting for review/i)
      .first()
      .waitFor();

    // Round 2 is approved; the client's journey moves on to Step 3+.
    await agent.goto("/");
    await agent
      .getByRole("list", { name: "Waiting on the agency" })
      .getByRole("listitem")
      .filter({ hasText: "Review an onboarding submission" })
      .getByRole("link")
      .click();
    await agent.getByText("Round 1").first().waitFor();
    await agent.getByRole("button", { name: "Approve" }).click();
    await agent
      .getByText(/Approved/)
      .first()
      .waitFor();
    await checkPage(agent, "onboarding-agent-approved");

    await client.goto("/");
    await client.getByText("Step 2 · Complete onboarding").waitFor();
    await client.getByRole("link", { name: "See your updates" }).waitFor();
    await checkPage(client, "dashboard-client-step-3");

    // The admin sees every client's step on one page.
    await admin.goto("/journey");
    await admin.getByText("Doe Bakery").first().waitFor();
    await checkPage(admin, "journey-overview");

    await Promise.all([adminContext.close(), clientContext.close(), agentContext.close(), phoneContext.close()]);
  });
});

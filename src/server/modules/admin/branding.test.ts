import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser, login, type Session } from "../../test/factories";
import { createTestApp, drainJobs, lastEmailTo, type TestApp, upload } from "../../test/harness";

/*
 * The agency's own brand and support contact (seed 003 §7): set in Settings, shown to anyone
 * on the log-in page and the Help page, and carried by every email.
 */
let t: TestApp;
let admin: Session;
let client: Session;
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t, (await buildUser(t, { role: "admin" })).username);
  client = await login(t, (await buildUser(t, {})).username);
});
afterAll(() => t.close());

const settings = (payload: Record<string, unknown>) => admin.inject({ method: "PATCH", url: "/api/admin/settings", payload });

describe("branding", () => {
  it("is public, with the defaults until an admin sets it", async () => {
    const branding = await t.app.inject({ method: "GET", url: "/api/branding" });
    expect(branding.statusCode).toBe(200);
    expect(branding.json().data).toEqual({
      agencyName: "Portico",
      accentColor: "#4263eb",
      logoUrl: null,
      support: { email: "", phone: "", hours: "" },
      poweredBy: true,
      ticketPrefix: "SUP",
      taskPrefix: "WEB",
    });
  });

  it("takes reference prefixes, refusing a malformed one and two kinds sharing one", async () => {
    const same = await settings({ taskPrefix: "SUP" });
    expect(same.statusCode).toBe(400);
    expect(same.json().error).toMatchObject({ code: "validation_error", field: "taskPrefix" });
    expect(same.json().error.message).toMatch(/different prefixes/);
    expect((await settings({ ticketPrefix: "s-1" })).json().error.field).toBe("ticketPrefix");
    expect((await settings({ ticketPrefix: "HELP", taskPrefix: "SITE" })).statusCode).toBe(200);
    const branding = (await t.app.inject({ method: "GET", url: "/api/branding" })).json().data;
    expect(branding).toMatchObject({ ticketPrefix: "HELP", taskPrefix: "SITE" });
    expect((await settings({ ticketPrefix: "SUP", taskPrefix: "WEB" })).statusCode).toBe(200);
  });

  it("refuses an accent colour white text cannot be read on, and a malformed one, naming the field", async () => {
    const pale = await settings({ accentColor: "#ffd43b" });
    expect(pale.statusCode).toBe(400);
    expect(pale.json().error).toMatchObject({ code: "validation_error", field: "accentColor" });
    expect(pale.json().error.message).toMatch(/darker colour/);
    const garbled = await settings({ accentColor: "blue" });
    expect(garbled.statusCode).toBe(400);
    expect(garbled.json().error.field).toBe("accentColor");
    expect((await settings({ supportEmail: "not an email" })).json().error.field).toBe("supportEmail");
    expect((await client.inject({ method: "PATCH", url: "/api/admin/settings", payload: { accentColor: "#0b7285" } })).statusCode).toBe(
      403,
    );
  });

  it("takes a logo image the admin uploaded, serves it to anyone, and refuses anything else", async () => {
    const pdf = (await upload(admin, "logo.pdf", "%PDF")).json().data as { id: string };
    const notImage = await settings({ logoFileId: pdf.id });
    expect(notImage.statusCode).toBe(400);
    expect(notImage.json().error).toMatchObject({ field: "logoFileId" });
    const theirs = (await upload(client, "mine.png", PNG, "image/png")).json().data as { id: string };
    expect((await settings({ logoFileId: theirs.id })).json().error.field).toBe("logoFileId");

    const logo = (await upload(admin, "logo.png", PNG, "image/png")).json().data as { id: string; url: string };
    const saved = await settings({ logoFileId: logo.id, accentColor: "#0b7285", agencyName: "Acme Web Studio" });
    expect(saved.statusCode, saved.body).toBe(200);
    const branding = (await t.app.inject({ method: "GET", url: "/api/branding" })).json().data;
    expect(branding).toMatchObject({ agencyName: "Acme Web Studio", accentColor: "#0b7285" });
    const image = await t.app.inject({ method: "GET", url: branding.logoUrl });
    expect(image.statusCode).toBe(200);
    expect(image.headers["content-type"]).toBe("image/png");
    // Only the agency's own files come out of that door; the policy-checked one never serves the logo to a client.
    expect((await t.app.inject({ method: "GET", url: `/api/branding/logo/${theirs.id}` })).statusCode).toBe(404);
    expect((await client.inject({ method: "GET", url: logo.url })).statusCode).toBe(404);
  });

  it("dresses every email in the brand: the agency as sender, its colour, its support contact", async () => {
    await settings({ supportEmail: "help@acme.test", supportPhone: "+1 555 0100", supportHours: "Mon–Fri 9–5", poweredBy: true });
    const invited = await admin.inject({
      method: "POST",
      url: "/api/admin/users/invitations",
      payload: { email: "newagent@acme.test", name: "New Agent", role: "agent" },
    });
    expect(invited.statusCode, invited.body).toBe(201);
    await drainJobs(t);
    const mail = await lastEmailTo(t, "newagent@acme.test");
    expect(mail.from_address).toBe("Acme Web Studio <portico@portal.test>");
    expect(mail.text_body).toContain("Need help? Contact Acme Web Studio: help@acme.test · +1 555 0100 (Mon–Fri 9–5)");
    expect(mail.text_body).toContain("Powered by Portico");
    expect(mail.html_body).toContain("background:#0b7285;");
    expect(mail.html_body).toContain(">Acme Web Studio</p>");

    await settings({ senderName: "Acme Support", poweredBy: false });
    await admin.inject({
      method: "POST",
      url: "/api/admin/users/invitations",
      payload: { email: "second@acme.test", name: "Second", role: "agent" },
    });
    await drainJobs(t);
    const second = await lastEmailTo(t, "second@acme.test");
    expect(second.from_address).toBe("Acme Support <portico@portal.test>");
    expect(second.text_body).not.toContain("Powered by Portico");
  });
});

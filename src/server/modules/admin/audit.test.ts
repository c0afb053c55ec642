import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TAuditEntry } from "../../../common/schemas";
import { recordEvent } from "../../platform/events";
import { newId } from "../../platform/ids";
import { assignAgent, buildAccount, buildTask, buildTicket, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, type TestApp } from "../../test/harness";

/*
 * The audit log names what each event was about as a person would, and says what changed:
 * "SUP-1042 Printer jammed", "Accent colour: #4263eb → #0b7285" — never a hex fragment of an id,
 * never a secret or a whole text.
 */
let t: TestApp;
let adminPerson: Person;
let admin: Session;

beforeAll(async () => {
  t = await createTestApp();
  adminPerson = await buildUser(t, { role: "admin", name: "Ada Admin" });
  admin = await login(t, adminPerson.username);
});
afterAll(() => t.close());

async function audit(query = ""): Promise<TAuditEntry[]> {
  const response = await admin.inject({ method: "GET", url: `/api/admin/events${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().data;
}
const entryFor = async (objectId: string, verb: string) => {
  const entry = (await audit(`?verb=${encodeURIComponent(verb)}`)).find((e) => e.objectId === objectId);
  if (!entry) throw new Error(`no ${verb} entry for ${objectId}`);
  return entry;
};
/** "Label: before → after", as the page shows a change. */
const said = (entry: TAuditEntry) =>
  entry.changes.map((c) => (c.before === null ? `${c.label}: changed` : `${c.label}: ${c.before} → ${c.after}`));

describe("audit log names", () => {
  it("names settings, and lists only the fields that changed, in words", async () => {
    const saved = await admin.inject({
      method: "PATCH",
      url: "/api/admin/settings",
      payload: { accentColor: "#0b7285", requireApproval: true },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const [latest] = await audit("?verb=settings.updated");
    expect(latest?.object).toEqual({ typeLabel: "Settings", name: "Settings", href: "/admin/settings", deleted: false });
    expect(said(latest!)).toEqual(["Require admin approval: off → on", "Accent colour: #4263eb → #0b7285"]);
    await admin.inject({ method: "PATCH", url: "/api/admin/settings", payload: { accentColor: "#4263eb", requireApproval: false } });
  });

  it("names a ticket and a task by their reference and title, in the current prefix", async () => {
    const ticket = await buildTicket(t, { subject: "Printer jammed" });
    const task = await buildTask(t, { summary: "New opening hours" });
    expect((await entryFor(ticket.id, "ticket.created")).object).toEqual({
      typeLabel: "Ticket",
      name: `SUP-${ticket.number} Printer jammed`,
      href: `/tickets/${ticket.id}`,
      deleted: false,
    });
    expect((await entryFor(task.id, "task.created")).object).toMatchObject({
      name: `WEB-${task.number} New opening hours`,
      href: `/work-requests/${task.id}`,
    });

    await admin.inject({ method: "PATCH", url: "/api/admin/settings", payload: { ticketPrefix: "HELP" } });
    expect((await entryFor(ticket.id, "ticket.created")).object.name).toBe(`HELP-${ticket.number} Printer jammed`);
    await admin.inject({ method: "PATCH", url: "/api/admin/settings", payload: { ticketPrefix: "SUP" } });
  });

  it("names a user by name and email, and says what an admin changed of them", async () => {
    const agent = await buildUser(t, { role: "agent", name: "Sam Lee", email: "sam.lee@agency.test" });
    const changed = await admin.inject({ method: "PATCH", url: `/api/admin/users/${agent.id}`, payload: { role: "admin" } });
    expect(changed.statusCode, changed.body).toBe(200);
    const entry = await entryFor(agent.id, "user.updated");
    expect(entry.object).toMatchObject({ typeLabel: "User", name: "Sam Lee (sam.lee@agency.test)", deleted: false });
    expect(said(entry)).toEqual(["Role: agent → admin"]);
  });

  it("names a client account and lists the details that changed", async () => {
    const account = await buildAccount(t, { name: "Doe Bakery" });
    const changed = await admin.inject({
      method: "PATCH",
      url: `/api/admin/accounts/${account.id}`,
      payload: { name: "Doe & Daughters Bakery", website: "https://doe.test" },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const entry = await entryFor(account.id, "account.updated");
    expect(entry.object).toEqual({
      typeLabel: "Client account",
      name: "Doe & Daughters Bakery",
      href: `/clients/${account.id}`,
      deleted: false,
    });
    expect(said(entry)).toEqual(["Name: Doe Bakery → Doe & Daughters Bakery", "Website: none → https://doe.test"]);
  });

  it("names a canned reply by its title, summarises its text, and keeps its name once deleted", async () => {
    const created = await admin.inject({
      method: "POST",
      url: "/api/admin/canned-replies",
      payload: { title: "Thanks", body: "Thanks for getting in touch." },
    });
    const id = created.json().data.id as string;
    await admin.inject({
      method: "PATCH",
      url: `/api/admin/canned-replies/${id}`,
      payload: { title: "Thank you", body: "Thank you for getting in touch.\nWe will reply within a day." },
    });
    const updated = await entryFor(id, "canned_reply.updated");
    expect(updated.object).toMatchObject({ typeLabel: "Canned reply", name: "Thank you", href: "/admin/canned-replies" });
    expect(said(updated)).toEqual(["Title: Thanks → Thank you", "Text: changed"]);
    expect(JSON.stringify(updated.changes)).not.toContain("within a day");

    expect((await admin.inject({ method: "DELETE", url: `/api/admin/canned-replies/${id}` })).statusCode).toBe(204);
    for (const verb of ["canned_reply.created", "canned_reply.deleted"]) {
      const entry = await entryFor(id, verb);
      expect(entry.object).toMatchObject({ name: verb.endsWith("created") ? "Thanks" : "Thank you", href: null, deleted: true });
    }
  });

  it("names a ticket category by its name", async () => {
    const created = await admin.inject({ method: "POST", url: "/api/admin/ticket-categories", payload: { name: "Hosting" } });
    const id = created.json().data.id as string;
    await admin.inject({ method: "PATCH", url: `/api/admin/ticket-categories/${id}`, payload: { name: "Web hosting", disabled: true } });
    const entry = await entryFor(id, "ticket_category.updated");
    expect(entry.object).toMatchObject({ typeLabel: "Ticket category", name: "Web hosting", href: "/admin/ticket-categories" });
    expect(said(entry)).toEqual(["Name: Hosting → Web hosting", "Disabled: off → on"]);
  });

  it("says (deleted) for a gone object whose event kept no name, never a fragment of its id", async () => {
    const goneId = newId();
    await t.ctx.db
      .transaction()
      .execute((tx) =>
        recordEvent(tx, { actorId: adminPerson.id, verb: "user.password_changed", objectType: "user", objectId: goneId, payload: {} }),
      );
    const entry = await entryFor(goneId, "user.password_changed");
    expect(entry.object).toEqual({ typeLabel: "User", name: "(deleted)", href: null, deleted: true });
    expect(JSON.stringify(entry.object)).not.toContain(goneId.slice(-6));
  });

  it("never prints a secret", async () => {
    await t.ctx.db.transaction().execute((tx) =>
      recordEvent(tx, {
        actorId: adminPerson.id,
        verb: "settings.updated",
        objectType: "settings",
        objectId: "settings",
        payload: { before: { smtpPassword: "old-secret", agencyName: "A" }, after: { smtpPassword: "new-secret", agencyName: "A" } },
      }),
    );
    const [latest] = await audit("?verb=settings.updated");
    expect(latest?.changes).toEqual([{ field: "smtpPassword", label: "Smtp password", before: null, after: null }]);
    expect(JSON.stringify(latest?.changes)).not.toContain("secret");
  });
});

describe("audit log filters", () => {
  it("filters by kind of object and by actor, refusing an unknown kind naming the field", async () => {
    const sam = await buildUser(t, { role: "agent", name: "Filter Sam" });
    const account = await buildAccount(t);
    await assignAgent(t, account.id, sam.id);
    await buildTicket(t, { by: sam, accountId: account.id, subject: "By Sam" });

    const tickets = await audit("?objectType=ticket");
    expect(tickets.length).toBeGreaterThan(0);
    for (const entry of tickets) expect(entry.objectType).toBe("ticket");

    const bySam = await audit("?actor=filter%20sam");
    expect(bySam.map((e) => [e.verb, e.object.name])).toEqual([["ticket.created", expect.stringMatching(/^SUP-\d+ By Sam$/)]]);

    const bad = await admin.inject({ method: "GET", url: "/api/admin/events?objectType=spaceship" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toMatch(/objectType/);
  });

  it("is for admins only", async () => {
    const agent = await login(t, (await buildUser(t, { role: "agent" })).username);
    const client = await login(t, (await buildUser(t)).username);
    for (const session of [agent, client]) {
      expect((await session.inject({ method: "GET", url: "/api/admin/events?objectType=ticket" })).statusCode).toBe(403);
    }
  });
});

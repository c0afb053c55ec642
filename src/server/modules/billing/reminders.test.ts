import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { utcToday } from "../../../common/billing";
import { buildAccount, buildInvoice, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, drainJobs, lastEmailTo, type TestApp } from "../../test/harness";
import { addDays } from "./lines";
import { reminderTimes } from "./reminders";

/*
 * Payment reminders: planned when the invoice is sent (the due date minus each "before" day,
 * plus each "after" day, 09:00 UTC, past ones left out), and at their time sent only while
 * something is still due. The clock is moved as asks.test.ts moves it (only Date is faked).
 */
let t: TestApp;
let account: { id: string };
let anna: Person;
let adminPerson: Person;
let admin: Session;

beforeAll(async () => {
  t = await createTestApp();
  account = await buildAccount(t, { name: "Alpha Plumbing" });
  anna = await buildUser(t, { accountId: account.id, name: "Anna Alpha", email: "anna@alpha.test" });
  adminPerson = await buildUser(t, { role: "admin", name: "Ada Admin" });
  admin = await login(t, adminPerson.username);
  const settings = await admin.inject({
    method: "PUT",
    url: "/api/billing/settings",
    payload: { reminderDaysBefore: [3], reminderDaysAfter: [7] },
  });
  expect(settings.statusCode, settings.body).toBe(200);
});
afterEach(() => {
  vi.useRealTimers();
});
afterAll(() => t.close());

const reminderEvents = (invoiceId: string) =>
  t.ctx.db.selectFrom("events").selectAll().where("object_id", "=", invoiceId).where("verb", "=", "invoice.reminder_sent").execute();
const notificationsOf = (invoiceId: string) =>
  t.ctx.db.selectFrom("notifications").selectAll().where("object_id", "=", invoiceId).where("verb", "=", "invoice.reminder_sent").execute();
const reminderJobs = (invoiceId: string) =>
  t.ctx.db
    .selectFrom("jobs")
    .selectAll()
    .where("kind", "=", "invoice.reminder")
    .where("payload", "like", `%${invoiceId}%`)
    .orderBy("run_at")
    .execute();
const at = (day: string, time = "09:00:01.000Z") => new Date(`${day}T${time}`);

describe("planning", () => {
  it("plans 09:00 UTC of due − before and due + after, leaving out the past ones", () => {
    const now = new Date("2026-03-10T12:00:00.000Z");
    expect(reminderTimes("2026-03-20", { reminderDaysBefore: [3, 14], reminderDaysAfter: [1, 7] }, now)).toEqual([
      { timing: "before", days: 3, runAt: new Date("2026-03-17T09:00:00.000Z") },
      { timing: "after", days: 1, runAt: new Date("2026-03-21T09:00:00.000Z") },
      { timing: "after", days: 7, runAt: new Date("2026-03-27T09:00:00.000Z") },
    ]);
  });
});

describe("reminders", () => {
  it("sending queues them; before the due date the contacts hear 'is due in 3 days', in the app and by email", async () => {
    const dueDate = addDays(utcToday(), 10);
    const invoice = await buildInvoice(t, adminPerson, account.id, { send: true, dueDate });
    const jobs = await reminderJobs(invoice.id);
    expect(jobs.map((j) => j.run_at)).toEqual([`${addDays(dueDate, -3)}T09:00:00.000Z`, `${addDays(dueDate, 7)}T09:00:00.000Z`]);

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(at(addDays(dueDate, -3)));
    await drainJobs(t);
    expect(await reminderEvents(invoice.id)).toHaveLength(1);
    const [note] = await notificationsOf(invoice.id);
    expect(note).toMatchObject({ user_id: anna.id, title: `Invoice ${invoice.number} is due in 3 days` });
    const mail = await lastEmailTo(t, "anna@alpha.test");
    expect(mail.subject).toBe(`Invoice ${invoice.number} is due in 3 days`);
    expect(mail.text_body).toContain("$110.00");
    expect(mail.text_body).toContain(`http://portal.test/billing/invoices/${invoice.id}`);

    // A week after the due date, still unpaid: "is 7 days overdue".
    vi.setSystemTime(at(addDays(dueDate, 7)));
    await drainJobs(t);
    expect((await notificationsOf(invoice.id)).map((n) => n.title)).toContain(`Invoice ${invoice.number} is 7 days overdue`);
    // Run again (a job re-run): no second reminder of the same day.
    expect(await reminderEvents(invoice.id)).toHaveLength(2);
  });

  it("after payment no reminder goes out", async () => {
    const dueDate = addDays(utcToday(), 10);
    const invoice = await buildInvoice(t, adminPerson, account.id, { send: true, dueDate });
    const paid = await admin.inject({
      method: "POST",
      url: `/api/invoices/${invoice.id}/payments`,
      payload: { amountMinor: 11_000, method: "cash" },
    });
    expect(paid.statusCode, paid.body).toBe(201);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(at(addDays(dueDate, 8)));
    await drainJobs(t);
    expect(await reminderEvents(invoice.id)).toHaveLength(0);
    expect(await notificationsOf(invoice.id)).toHaveLength(0);
    const jobs = await reminderJobs(invoice.id);
    expect(jobs.map((j) => j.status)).toEqual(["done", "done"]);
  });

  it("a void invoice gets none", async () => {
    const dueDate = addDays(utcToday(), 10);
    const invoice = await buildInvoice(t, adminPerson, account.id, { send: true, dueDate });
    const voided = await admin.inject({ method: "POST", url: `/api/invoices/${invoice.id}/void`, payload: { reason: "Wrong account" } });
    expect(voided.statusCode, voided.body).toBe(200);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(at(addDays(dueDate, 8)));
    await drainJobs(t);
    expect(await reminderEvents(invoice.id)).toHaveLength(0);
  });

  it("a reminder day already past when the invoice is sent is left out", async () => {
    const dueDate = addDays(utcToday(), 1);
    const invoice = await buildInvoice(t, adminPerson, account.id, { send: true, dueDate });
    expect((await reminderJobs(invoice.id)).map((j) => j.run_at)).toEqual([`${addDays(dueDate, 7)}T09:00:00.000Z`]);
  });
});

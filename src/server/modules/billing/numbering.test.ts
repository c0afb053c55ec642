import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorFor, assignAgent, buildAccount, buildInvoice, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, type TestApp } from "../../test/harness";
import { recordOnlinePayment } from "./payments";
import { sendInTransaction } from "./service";

/*
 * Gap-free numbering (allocated at send, in the send's transaction), the next number an admin
 * may raise but never take back below what was issued, and the online payment path's
 * idempotency. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
 */
let t: TestApp;
let account: { id: string };
let agentPerson: Person;
let agent: Session;
let admin: Session;

const numbersOf = async (kind: "invoice" | "credit_note") =>
  (
    await t.ctx.db
      .selectFrom("invoices")
      .select("number")
      .where("kind", "=", kind)
      .where("number", "is not", null)
      .orderBy("number")
      .execute()
  ).map((r) => Number(r.number));

beforeAll(async () => {
  t = await createTestApp();
  account = await buildAccount(t);
  agentPerson = await buildUser(t, { role: "agent" });
  await assignAgent(t, account.id, agentPerson.id);
  agent = await login(t, agentPerson.username);
  admin = await login(t, (await buildUser(t, { role: "admin" })).username);
});
afterAll(() => t.close());

describe("gap-free invoice numbers", () => {
  it("gives 30 concurrent sends exactly the next 30 numbers", async () => {
    const first = await buildInvoice(t, agentPerson, account.id, { send: true });
    const start = Number(first.number?.replace("INV-", "")) + 1;
    const drafts = await Promise.all(Array.from({ length: 30 }, () => buildInvoice(t, agentPerson, account.id)));
    const responses = await Promise.all(drafts.map((d) => agent.inject({ method: "POST", url: `/api/invoices/${d.id}/send` })));
    for (const res of responses) expect(res.statusCode, res.body).toBe(200);
    const numbers = responses.map((r) => Number((r.json().data.number as string).replace("INV-", ""))).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 30 }, (_, i) => start + i));
    // A send of the same draft twice at once numbers it once.
    const once = await buildInvoice(t, agentPerson, account.id);
    const twice = await Promise.all([1, 2].map(() => agent.inject({ method: "POST", url: `/api/invoices/${once.id}/send` })));
    expect(twice.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const all = await numbersOf("invoice");
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => (all[0] ?? 0) + i));
  });

  it("gives the number back when a send fails after allocating it", async () => {
    const actor = await actorFor(t, agentPerson);
    const failing = await buildInvoice(t, agentPerson, account.id);
    const before = await numbersOf("invoice");
    await expect(
      t.ctx.db.transaction().execute(async (tx) => {
        await sendInTransaction(tx, actor, failing.id);
        throw new Error("the mail queue is down");
      }),
    ).rejects.toThrow("the mail queue is down");
    const row = await t.ctx.db.selectFrom("invoices").select(["status", "number"]).where("id", "=", failing.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "draft", number: null });
    const next = await buildInvoice(t, agentPerson, account.id, { send: true });
    expect(Number(next.number?.replace("INV-", ""))).toBe((before.at(-1) ?? 0) + 1);
  });
});

describe("billing settings", () => {
  it("shows the defaults and the last numbers issued", async () => {
    const res = await admin.inject({ method: "GET", url: "/api/billing/settings" });
    expect(res.statusCode, res.body).toBe(200);
    const last = (await numbersOf("invoice")).at(-1);
    expect(res.json()).toMatchObject({
      data: {
        invoicePrefix: "INV-",
        creditNotePrefix: "CN-",
        nextInvoiceNumber: (last ?? 0) + 1,
        nextCreditNoteNumber: 1001,
        paymentTermsDays: 14,
        agencyTaxId: "",
        reminderDaysBefore: [3],
        reminderDaysAfter: [1, 7, 14],
      },
      lastIssued: { invoice: last, creditNote: null },
    });
    expect((await agent.inject({ method: "GET", url: "/api/billing/settings" })).statusCode).toBe(403);
    expect((await agent.inject({ method: "PUT", url: "/api/billing/settings", payload: { paymentTermsDays: 1 } })).statusCode).toBe(403);
  });

  it("raises the next number (skipping on purpose), never to or below the last one issued", async () => {
    const last = (await numbersOf("invoice")).at(-1) ?? 0;
    const put = (payload: Record<string, unknown>) => admin.inject({ method: "PUT", url: "/api/billing/settings", payload });
    const lower = await put({ nextInvoiceNumber: last });
    expect(lower.statusCode, lower.body).toBe(400);
    expect(lower.json().error).toMatchObject({ field: "nextInvoiceNumber" });
    expect(lower.json().error.message).toContain(String(last));

    const raised = await put({ nextInvoiceNumber: 5000, invoicePrefix: "ACME-", paymentTermsDays: 30, agencyTaxId: "ABN 12 345 678 901" });
    expect(raised.statusCode, raised.body).toBe(200);
    expect(raised.json().data).toMatchObject({ nextInvoiceNumber: 5000, invoicePrefix: "ACME-", paymentTermsDays: 30 });
    const sent = await buildInvoice(t, agentPerson, account.id, { send: true, issueDate: "2026-12-01" });
    expect(sent).toMatchObject({ number: "ACME-5000", dueDate: "2026-12-31" });
    // Taking a raise back is allowed while nothing used it — but never to a number issued.
    expect((await put({ nextInvoiceNumber: 5000 })).statusCode).toBe(400);
    expect((await put({ nextInvoiceNumber: 5001 })).statusCode).toBe(200);
    expect((await put({ creditNotePrefix: "ACME-" })).json().error).toMatchObject({ field: "creditNotePrefix" });
    expect((await put({ reminderDaysAfter: [1, 1] })).statusCode).toBe(400);
    expect((await put({ unknown: 1 })).statusCode).toBe(400);
    expect((await put({ invoicePrefix: "INV-", paymentTermsDays: 14, agencyTaxId: "" })).statusCode).toBe(200);
  });
});

describe("online payments (the Stripe webhook's entry)", () => {
  it("records a provider event once, and refuses an overpayment or an unpayable invoice by recording nothing", async () => {
    const sent = await buildInvoice(t, agentPerson, account.id, { send: true }); // 11,000
    const pay = (providerEventId: string, amountMinor: number) =>
      recordOnlinePayment(t.ctx, { invoiceId: sent.id, amountMinor, providerEventId, providerPaymentId: `pi_${providerEventId}` });

    const over = await pay("evt_over", 11_001);
    expect(over).toMatchObject({ recorded: false, reason: "overpayment" });
    const [a, b] = await Promise.all([pay("evt_1", 6_000), pay("evt_1", 6_000)]);
    const results = [a, b].map((r) => (r?.recorded ? "recorded" : r?.reason)).sort();
    expect(results).toEqual(["duplicate", "recorded"]);
    const rest = await pay("evt_2", 5_000);
    expect(rest).toMatchObject({ recorded: true, status: "paid" });
    expect(await pay("evt_2", 5_000)).toMatchObject({ recorded: false, reason: "duplicate" });
    expect(await pay("evt_3", 1)).toMatchObject({ recorded: false, reason: "not_payable" });
    expect(
      await recordOnlinePayment(t.ctx, {
        invoiceId: "01890000-0000-7000-8000-000000000000",
        amountMinor: 1,
        providerEventId: "evt_x",
        providerPaymentId: "pi",
      }),
    ).toMatchObject({ recorded: false, reason: "not_found" });

    const payments = await t.ctx.db.selectFrom("invoice_payments").selectAll().where("invoice_id", "=", sent.id).orderBy("id").execute();
    expect(payments.map((p) => [p.method, Number(p.amount_minor), p.provider_event_id, p.recorded_by])).toEqual([
      ["stripe", 6_000, "evt_1", null],
      ["stripe", 5_000, "evt_2", null],
    ]);
    const row = await t.ctx.db.selectFrom("invoices").select(["status", "paid_minor"]).where("id", "=", sent.id).executeTakeFirstOrThrow();
    expect({ status: row.status, paid: Number(row.paid_minor) }).toEqual({ status: "paid", paid: 11_000 });
  });
});

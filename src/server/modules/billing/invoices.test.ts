import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignAgent, buildAccount, buildInvoice, buildTask, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, drainJobs, lastEmailTo, type TestApp } from "../../test/harness";

/*
 * Invoices: the money rules written out by hand (rounding per line, the discount shared by line
 * amount, partial payments, overpayment refused with nothing written, refunds, void, credit
 * notes), the lifecycle (a sent invoice is never edited), quote → invoice, next actions.
 */
let t: TestApp;
let account: { id: string };
let anna: Person;
let agentPerson: Person;
let adminPerson: Person;
let client: Session;
let agent: Session;
let admin: Session;

type Json = Record<string, unknown>;
const ok = <T = Json>(res: { statusCode: number; body: string; json(): unknown }, status = 200): T => {
  expect(res.statusCode, res.body).toBe(status);
  return status === 204 ? (undefined as T) : ((res.json() as { data: T }).data as T);
};
const refusal = (res: { statusCode: number; json(): unknown }) => {
  const body = res.json() as { error: { code: string; message: string; field?: string } };
  return { status: res.statusCode, ...body.error };
};
const post = (s: Session, url: string, payload: Json = {}) => s.inject({ method: "POST", url, payload });
const get = (s: Session, url: string) => s.inject({ method: "GET", url });
const invoiceRow = (id: string) => t.ctx.db.selectFrom("invoices").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const paymentCount = async (id: string) =>
  Number(
    (
      await t.ctx.db
        .selectFrom("invoice_payments")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("invoice_id", "=", id)
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  t = await createTestApp();
  account = await buildAccount(t, { name: "Alpha Plumbing" });
  anna = await buildUser(t, { accountId: account.id, name: "Anna Alpha" });
  agentPerson = await buildUser(t, { role: "agent", name: "Agnes Agent" });
  adminPerson = await buildUser(t, { role: "admin", name: "Ada Admin" });
  await assignAgent(t, account.id, agentPerson.id);
  client = await login(t, anna.username);
  agent = await login(t, agentPerson.username);
  admin = await login(t, adminPerson.username);
});
afterAll(() => t.close());

describe("pricing a draft", () => {
  it("rounds each line, shares the discount by line amount (largest remainder) and taxes each line's rest", async () => {
    const res = await post(agent, "/api/invoices", {
      accountId: account.id,
      currency: "AUD",
      discountMinor: 1_001,
      lines: [
        // 1.5 × $33.33 = $49.995 → $50.00 (half up)
        { description: "Design", quantity: 1.5, unitPriceMinor: 3_333, taxRateBasisPoints: 1000 },
        { description: "Build", quantity: 3, unitPriceMinor: 10_000, taxRateBasisPoints: 1000 },
        { description: "Hosting (no tax)", quantity: 1, unitPriceMinor: 5_000 },
      ],
    });
    const invoice = ok<Json & { lines: Json[] }>(res, 201);
    // Subtotal 5,000 + 30,000 + 5,000 = 40,000. Discount 1,001 by 5,000 : 30,000 : 5,000 →
    // exact shares 125.125, 750.75, 125.125 → floors 125, 750, 125 (1,000); the 1 left goes to the
    // largest remainder (0.75, the second line): 125, 751, 125.
    // Tax: (5,000 − 125) × 10 % = 487.5 → 488; (30,000 − 751) × 10 % = 2,924.9 → 2,925; 0.
    expect(invoice.lines).toMatchObject([
      { amountMinor: 5_000, discountMinor: 125, taxMinor: 488, totalMinor: 5_363, quantity: 1.5, taxRateBasisPoints: 1000 },
      { amountMinor: 30_000, discountMinor: 751, taxMinor: 2_925, totalMinor: 32_174 },
      { amountMinor: 5_000, discountMinor: 125, taxMinor: 0, totalMinor: 4_875, taxRateBasisPoints: 0 },
    ]);
    expect(invoice).toMatchObject({
      status: "draft",
      number: null,
      subtotalMinor: 40_000,
      discountMinor: 1_001,
      taxMinor: 3_413,
      totalMinor: 40_000 - 1_001 + 3_413,
      amountDueMinor: 42_412,
      account: { id: account.id, name: "Alpha Plumbing" },
    });
    const stored = await invoiceRow(invoice.id as string);
    expect(Number(stored.total_minor)).toBe(42_412);
  });

  it("refuses a discount above the subtotal, a bad quantity, a blank line and a due date before the issue date, naming the field", async () => {
    const base = { accountId: account.id, currency: "AUD", lines: [{ description: "A", quantity: 1, unitPriceMinor: 100 }] };
    const cases: [Json, string][] = [
      [{ ...base, discountMinor: 101 }, "discountMinor"],
      [{ ...base, lines: [{ description: "A", quantity: 1.005, unitPriceMinor: 100 }] }, "lines.0.quantity"],
      [{ ...base, lines: [{ description: "   ", quantity: 1, unitPriceMinor: 100 }] }, "lines.0.description"],
      [
        { ...base, lines: [{ description: "A", quantity: 1, unitPriceMinor: 100, taxRateBasisPoints: 10_001 }] },
        "lines.0.taxRateBasisPoints",
      ],
      [{ ...base, issueDate: "2026-12-10", dueDate: "2026-12-01" }, "dueDate"],
      [{ ...base, dueDate: "2026-02-30" }, "dueDate"],
      [{ ...base, lines: [] }, "lines"],
      [{ ...base, currency: "aud" }, "currency"],
    ];
    for (const [payload, field] of cases) {
      const res = await post(agent, "/api/invoices", payload);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(refusal(res).field, res.body).toBe(field);
    }
  });

  it("uses the agency's default currency when none is given", async () => {
    const invoice = ok<Json>(
      await post(agent, "/api/invoices", { accountId: account.id, lines: [{ description: "A", quantity: 1, unitPriceMinor: 1 }] }),
      201,
    );
    expect(invoice.currency).toBe("USD");
  });
});

describe("the lifecycle", () => {
  it("edits and deletes a draft; the client never sees it", async () => {
    const draft = await buildInvoice(t, agentPerson, account.id);
    expect((await get(client, `/api/invoices/${draft.id}`)).statusCode).toBe(404);
    const listed = (await get(client, "/api/invoices?status=all")).json().data as Json[];
    expect(listed.map((i) => i.id)).not.toContain(draft.id);

    const edited = ok<Json>(
      await agent.inject({ method: "PUT", url: `/api/invoices/${draft.id}`, payload: { discountMinor: 1_000, notes: "Thanks!" } }),
    );
    // $100 at 10 %, $10 off → $90 + $9 tax.
    expect(edited).toMatchObject({ subtotalMinor: 10_000, discountMinor: 1_000, taxMinor: 900, totalMinor: 9_900, notes: "Thanks!" });
    ok(await agent.inject({ method: "DELETE", url: `/api/invoices/${draft.id}` }), 204);
    expect((await get(agent, `/api/invoices/${draft.id}`)).statusCode).toBe(404);
  });

  it("sends: a number, the issue and due dates (payment terms), the client told in the app and by email", async () => {
    const draft = await buildInvoice(t, agentPerson, account.id, { issueDate: "2026-12-01" });
    const sent = ok<Json & { policies?: unknown }>(await post(agent, `/api/invoices/${draft.id}/send`));
    expect(sent).toMatchObject({ status: "sent", issueDate: "2026-12-01", dueDate: "2026-12-15" });
    expect(sent.number).toMatch(/^INV-\d+$/);
    const detail = (await get(client, `/api/invoices/${draft.id}`)).json();
    expect(detail.data.number).toBe(sent.number);
    expect(detail.policies).toEqual({
      edit: false,
      delete: false,
      send: false,
      void: false,
      reissue: false,
      creditNote: false,
      recordPayment: false,
      recordRefund: false,
      // No Stripe keys in this app: nobody pays online.
      payOnline: false,
    });
    const notes = (await get(client, "/api/notifications")).json().data as Json[];
    expect(notes[0]).toMatchObject({ verb: "invoice.sent", url: `/billing/invoices/${draft.id}` });
    await drainJobs(t);
    const mail = await lastEmailTo(t, anna.email);
    expect(mail?.subject).toContain(sent.number as string);
  });

  it("never edits a sent invoice in place (409), and changes nothing", async () => {
    const sent = await buildInvoice(t, agentPerson, account.id, { send: true });
    const before = await invoiceRow(sent.id);
    for (const res of [
      await agent.inject({ method: "PUT", url: `/api/invoices/${sent.id}`, payload: { notes: "changed" } }),
      await agent.inject({ method: "DELETE", url: `/api/invoices/${sent.id}` }),
      await post(agent, `/api/invoices/${sent.id}/send`),
    ]) {
      expect(refusal(res)).toMatchObject({ status: 409, code: "invoice_not_draft" });
      expect(refusal(res).message).toContain("void and reissue it, or issue a credit note");
    }
    expect(await invoiceRow(sent.id)).toEqual(before);
  });

  it("refuses to send an invoice of nothing", async () => {
    const zero = await buildInvoice(t, agentPerson, account.id, { lines: [{ description: "Free", quantity: 1, unitPriceMinor: 0 }] });
    expect(refusal(await post(agent, `/api/invoices/${zero.id}/send`))).toMatchObject({ status: 409, code: "invoice_empty" });
    expect((await invoiceRow(zero.id)).status).toBe("draft");
  });

  it("voids with a reason, then reissues once as a linked draft; a void invoice takes no payment", async () => {
    const sent = await buildInvoice(t, agentPerson, account.id, { send: true, discountMinor: 500, notes: "N" });
    expect(refusal(await post(agent, `/api/invoices/${sent.id}/reissue`))).toMatchObject({ status: 409, code: "invoice_not_void" });
    expect((await post(agent, `/api/invoices/${sent.id}/void`, { reason: "" })).statusCode).toBe(400);
    const voided = ok<Json>(await post(agent, `/api/invoices/${sent.id}/void`, { reason: "Wrong month" }));
    expect(voided).toMatchObject({ status: "void", voidReason: "Wrong month", amountDueMinor: 0 });
    expect(refusal(await post(admin, `/api/invoices/${sent.id}/payments`, { amountMinor: 1, method: "cash" }))).toMatchObject({
      status: 409,
      code: "invoice_not_due",
    });
    const reissued = ok<Json & { id: string }>(await post(agent, `/api/invoices/${sent.id}/reissue`), 201);
    expect(reissued).toMatchObject({ status: "draft", number: null, discountMinor: 500, notes: "N", totalMinor: 10_450 });
    expect(reissued.reissueOf).toEqual({ id: sent.id, kind: "invoice", number: sent.number });
    const old = (await get(agent, `/api/invoices/${sent.id}`)).json();
    expect(old.data.reissuedAs).toEqual({ id: reissued.id, kind: "invoice", number: null });
    expect(old.policies.reissue).toBe(false);
    expect(refusal(await post(agent, `/api/invoices/${sent.id}/reissue`))).toMatchObject({ status: 409, code: "invoice_reissued" });
    // The client reads the void invoice and its reason, never the new draft.
    expect((await get(client, `/api/invoices/${sent.id}`)).json().data.voidReason).toBe("Wrong month");
    expect((await get(client, `/api/invoices/${reissued.id}`)).statusCode).toBe(404);
  });
});

describe("payments and refunds (admin)", () => {
  it("moves sent → partially paid → paid, refuses an overpayment with nothing written, and refunds back", async () => {
    const sent = await buildInvoice(t, agentPerson, account.id, { send: true }); // A$110.00
    const url = `/api/invoices/${sent.id}`;
    const first = ok<Json>(
      await post(admin, `${url}/payments`, { amountMinor: 4_000, method: "bank_transfer", receivedOn: "2026-12-01", reference: "EFT 123" }),
      201,
    );
    expect(first).toMatchObject({ status: "partially_paid", paidMinor: 4_000, amountDueMinor: 7_000 });

    const before = await invoiceRow(sent.id);
    const over = await post(admin, `${url}/payments`, { amountMinor: 7_001, method: "cash" });
    expect(refusal(over)).toEqual({ status: 409, code: "overpayment", message: "The payment of A$70.01 is more than the A$70.00 due." });
    expect(await invoiceRow(sent.id)).toEqual(before);
    expect(await paymentCount(sent.id)).toBe(1);

    const paid = ok<Json & { payments: Json[] }>(
      await post(admin, `${url}/payments`, { amountMinor: 7_000, method: "card_in_person" }),
      201,
    );
    expect(paid).toMatchObject({ status: "paid", paidMinor: 11_000, amountDueMinor: 0 });
    expect(paid.paidAt).not.toBeNull();
    expect(paid.payments).toMatchObject([
      {
        kind: "payment",
        method: "bank_transfer",
        amountMinor: 4_000,
        date: "2026-12-01",
        reference: "EFT 123",
        recordedBy: { name: "Ada Admin" },
      },
      { kind: "payment", method: "card_in_person", amountMinor: 7_000 },
    ]);
    expect(refusal(await post(admin, `${url}/payments`, { amountMinor: 1, method: "cash" }))).toMatchObject({
      status: 409,
      code: "invoice_not_due",
    });

    const tooMuch = await post(admin, `${url}/refunds`, { amountMinor: 11_001, method: "bank_transfer" });
    expect(refusal(tooMuch)).toEqual({
      status: 409,
      code: "refund_exceeds_paid",
      message: "The refund of A$110.01 is more than the A$110.00 paid.",
    });
    const partial = ok<Json>(await post(admin, `${url}/refunds`, { amountMinor: 1_000, method: "bank_transfer", reason: "Goodwill" }), 201);
    expect(partial).toMatchObject({ status: "partially_paid", paidMinor: 10_000, amountDueMinor: 1_000, paidAt: null });
    const all = ok<Json>(await post(admin, `${url}/refunds`, { amountMinor: 10_000, method: "bank_transfer" }), 201);
    expect(all).toMatchObject({ status: "sent", paidMinor: 0, amountDueMinor: 11_000 });
    // Nothing left paid: it may be voided now.
    expect((await post(agent, `${url}/void`, { reason: "Cancelled" })).statusCode).toBe(200);
  });

  it("refuses to void an invoice with payments on it", async () => {
    const sent = await buildInvoice(t, agentPerson, account.id, { send: true });
    ok(await post(admin, `/api/invoices/${sent.id}/payments`, { amountMinor: 100, method: "cash" }), 201);
    const res = await post(admin, `/api/invoices/${sent.id}/void`, { reason: "Oops" });
    expect(refusal(res)).toMatchObject({ status: 409, code: "invoice_has_payments" });
    expect((await invoiceRow(sent.id)).status).toBe("partially_paid");
  });

  it("refuses a payment dated in the future or on a day that does not exist", async () => {
    const sent = await buildInvoice(t, agentPerson, account.id, { send: true });
    for (const receivedOn of ["2999-01-01", "2026-02-30"]) {
      const res = await post(admin, `/api/invoices/${sent.id}/payments`, { amountMinor: 100, method: "cash", receivedOn });
      expect(refusal(res)).toMatchObject({ status: 400, field: "receivedOn" });
    }
    expect(await paymentCount(sent.id)).toBe(0);
  });
});

describe("credit notes (admin)", () => {
  it("issues a numbered credit note up to the amount due, which lowers it and can complete the invoice", async () => {
    const sent = await buildInvoice(t, agentPerson, account.id, { send: true }); // A$110.00
    const url = `/api/invoices/${sent.id}/credit-notes`;
    expect((await post(admin, url, { reason: "x" })).statusCode).toBe(400);
    expect(
      (await post(admin, url, { reason: "x", amountMinor: 5, lines: [{ description: "A", quantity: 1, unitPriceMinor: 5 }] })).statusCode,
    ).toBe(400);
    const tooMuch = await post(admin, url, { reason: "Late delivery", amountMinor: 11_001 });
    expect(refusal(tooMuch)).toEqual({
      status: 409,
      code: "credit_exceeds_due",
      message: `The credit note of A$110.01 is more than the A$110.00 due on ${sent.number}.`,
    });

    const credited = ok<Json & { creditNotes: Json[] }>(await post(admin, url, { reason: "Late delivery", amountMinor: 2_000 }), 201);
    expect(credited).toMatchObject({ status: "sent", creditedMinor: 2_000, amountDueMinor: 9_000 });
    expect(credited.creditNotes).toHaveLength(1);
    const note = credited.creditNotes[0] as Json & { id: string };
    expect(note).toMatchObject({
      kind: "credit_note",
      status: "sent",
      totalMinor: 2_000,
      amountDueMinor: 0,
      creditFor: { id: sent.id, number: sent.number },
    });
    expect(note.number).toMatch(/^CN-\d+$/);
    // The client sees the credit note; it cannot be edited, voided or paid.
    const noteDetail = (await get(client, `/api/invoices/${note.id}`)).json();
    expect(noteDetail.data).toMatchObject({ kind: "credit_note", creditReason: "Late delivery" });
    expect(refusal(await post(admin, `/api/invoices/${note.id}/payments`, { amountMinor: 1, method: "cash" })).status).toBe(409);
    expect(refusal(await post(admin, `/api/invoices/${note.id}/void`, { reason: "x" })).status).toBe(409);

    // A second credit note with lines (tax included) completes the invoice: 8,000 + 10 % = 8,800; then 200 more.
    const byLines = ok<Json>(
      await post(admin, url, {
        reason: "Scope cut",
        lines: [{ description: "Fewer pages", quantity: 1, unitPriceMinor: 8_000, taxRateBasisPoints: 1000 }],
      }),
      201,
    );
    expect(byLines).toMatchObject({ creditedMinor: 10_800, amountDueMinor: 200, status: "sent" });
    const done = ok<Json>(await post(admin, url, { reason: "Rounding", amountMinor: 200 }), 201);
    expect(done).toMatchObject({ status: "paid", amountDueMinor: 0, creditedMinor: 11_000 });
    expect(refusal(await post(admin, url, { reason: "More", amountMinor: 1 }))).toMatchObject({ status: 409, code: "invoice_not_due" });
    // Settled by credit notes: nothing is left to void.
    expect(refusal(await post(admin, `/api/invoices/${sent.id}/void`, { reason: "x" }))).toMatchObject({
      status: 409,
      code: "invoice_not_due",
    });
  });

  it("lets an agent create and send, never credit", async () => {
    const sent = await buildInvoice(t, agentPerson, account.id, { send: true });
    expect(refusal(await post(agent, `/api/invoices/${sent.id}/credit-notes`, { reason: "x", amountMinor: 1 }))).toMatchObject({
      status: 403,
      code: "payments_admin_only",
    });
  });
});

describe("an accepted quote becomes a draft invoice in one click", () => {
  it("copies the lines at the default tax rate, links both ways, and a second click is a 409 naming it", async () => {
    ok(await admin.inject({ method: "PUT", url: "/api/billing/settings", payload: { defaultTaxRateBasisPoints: 1000 } }));
    const task = await buildTask(t, { by: anna, summary: "New banner" });
    const quoteRes = await post(agent, `/api/tasks/${task.id}/quotes`, {
      scope: "Design and build the banner.",
      currency: "AUD",
      lines: [
        { description: "Design", quantity: 1.5, unitPriceMinor: 10_000 },
        { description: "Build", quantity: 3, unitPriceMinor: 33_333 },
      ],
    });
    expect(quoteRes.statusCode, quoteRes.body).toBe(201);
    // Not accepted yet: nothing to invoice.
    expect(refusal(await post(agent, `/api/tasks/${task.id}/invoice`))).toMatchObject({ status: 409, code: "quote_not_accepted" });
    const quoteId = (await get(client, `/api/tasks/${task.id}`)).json().data.quotes[0].id as string;
    expect((await post(client, `/api/tasks/${task.id}/quotes/${quoteId}/accept`, {})).statusCode).toBe(200);

    expect((await post(client, `/api/tasks/${task.id}/invoice`)).statusCode).toBe(403);
    const invoice = ok<Json & { id: string; lines: Json[] }>(await post(agent, `/api/tasks/${task.id}/invoice`), 201);
    expect(invoice).toMatchObject({ status: "draft", currency: "AUD", task: { id: task.id, number: task.number, summary: "New banner" } });
    expect(invoice.lines).toMatchObject([
      { description: "Design", quantity: 1.5, unitPriceMinor: 10_000, amountMinor: 15_000, taxRateBasisPoints: 1000, taxMinor: 1_500 },
      { description: "Build", quantity: 3, unitPriceMinor: 33_333, amountMinor: 99_999, taxRateBasisPoints: 1000, taxMinor: 10_000 },
    ]);
    expect(invoice.totalMinor).toBe(114_999 + 11_500);

    // The task's page finds its invoice (staff now; the client once it is sent).
    const forTask = (await get(agent, `/api/invoices?taskId=${task.id}`)).json().data as Json[];
    expect(forTask.map((i) => i.id)).toEqual([invoice.id]);
    expect((await get(client, `/api/invoices?taskId=${task.id}`)).json().data).toEqual([]);

    const again = await post(agent, `/api/tasks/${task.id}/invoice`);
    expect(refusal(again)).toMatchObject({ status: 409, code: "invoice_exists" });
    expect(refusal(again).message).toContain("a draft invoice");
    const sent = ok<Json>(await post(agent, `/api/invoices/${invoice.id}/send`));
    expect(refusal(await post(agent, `/api/tasks/${task.id}/invoice`)).message).toContain(sent.number as string);
    expect(((await get(client, `/api/invoices?taskId=${task.id}`)).json().data as Json[]).map((i) => i.id)).toEqual([invoice.id]);

    // Once it is void, the task can be invoiced again.
    ok(await post(agent, `/api/invoices/${invoice.id}/void`, { reason: "Wrong rate" }));
    ok(await post(agent, `/api/tasks/${task.id}/invoice`), 201);
    ok(await admin.inject({ method: "PUT", url: "/api/billing/settings", payload: { defaultTaxRateBasisPoints: 0 } }));
  });
});

describe("next actions and lists", () => {
  it("puts each due invoice in the client's next actions, overdue ones with a dueAt that tops the list", async () => {
    const other = await buildAccount(t, { name: "Next Co" });
    const nina = await buildUser(t, { accountId: other.id, name: "Nina Next" });
    await assignAgent(t, other.id, agentPerson.id);
    const overdue = await buildInvoice(t, agentPerson, other.id, { send: true, issueDate: "2026-01-01", dueDate: "2026-01-15" });
    const later = await buildInvoice(t, agentPerson, other.id, { send: true, issueDate: "2026-01-01", dueDate: "2999-01-01" });
    await buildInvoice(t, agentPerson, other.id); // a draft: never a next action
    const paid = await buildInvoice(t, agentPerson, other.id, { send: true });
    ok(await post(admin, `/api/invoices/${paid.id}/payments`, { amountMinor: paid.totalMinor, method: "cash" }), 201);

    const nextActions = (await get(await login(t, nina.username), "/api/dashboard/next-actions")).json().data.waiting as Json[];
    const invoices = nextActions.filter((a) => a.kind === "invoice");
    expect(invoices).toEqual([
      expect.objectContaining({
        key: `invoice:${overdue.id}`,
        title: `Pay invoice ${overdue.number}`,
        detail: "A$110.00 overdue since 15 Jan 2026",
        url: `/billing/invoices/${overdue.id}`,
        dueAt: "2026-01-16T00:00:00.000Z",
      }),
      expect.objectContaining({ key: `invoice:${later.id}`, detail: "A$110.00 due 1 Jan 2999" }),
    ]);
    expect(invoices[1]?.dueAt).toBeUndefined();

    const list = (await get(agent, `/api/invoices?accountId=${other.id}&status=overdue`)).json();
    expect(list.data.map((i: Json) => i.id)).toEqual([overdue.id]);
    expect(list.data[0]).toMatchObject({ displayStatus: "overdue", overdue: true, status: "sent" });
    const due = (await get(agent, `/api/invoices?accountId=${other.id}&status=due`)).json().data as Json[];
    expect(due.map((i) => i.id)).toEqual([overdue.id, later.id]);
    expect(((await get(agent, `/api/invoices?accountId=${other.id}&status=paid`)).json().data as Json[]).map((i) => i.id)).toEqual([
      paid.id,
    ]);
    expect(((await get(agent, `/api/invoices?accountId=${other.id}&status=draft`)).json().data as Json[]).length).toBe(1);
    expect((await get(agent, `/api/invoices?accountId=${other.id}`)).json()).toMatchObject({
      total: 4,
      page: 1,
      policies: { create: true },
    });
    expect((await get(client, "/api/invoices")).json().policies).toEqual({ create: false });
  });

  it("sums outstanding, overdue and paid this month per client account, and exports CSV", async () => {
    const acct = await buildAccount(t, { name: "Summary Pty" });
    const agent2 = await buildUser(t, { role: "agent" });
    await assignAgent(t, acct.id, agent2.id);
    const a = await buildInvoice(t, agent2, acct.id, { send: true, issueDate: "2026-01-01", dueDate: "2026-01-02" });
    await buildInvoice(t, agent2, acct.id, { send: true, dueDate: "2999-12-31" });
    ok(await post(admin, `/api/invoices/${a.id}/payments`, { amountMinor: 1_000, method: "cash" }), 201);

    const session = await login(t, agent2.username);
    const summary = (await get(session, "/api/billing/summary")).json().data;
    expect(summary.accounts).toEqual([
      {
        account: { id: acct.id, name: "Summary Pty" },
        currency: "AUD",
        outstandingMinor: 21_000,
        overdueMinor: 10_000,
        paidThisMonthMinor: 1_000,
        dueCount: 2,
        overdueCount: 1,
      },
    ]);
    expect(summary.totals).toEqual([
      { currency: "AUD", outstandingMinor: 21_000, overdueMinor: 10_000, paidThisMonthMinor: 1_000, dueCount: 2, overdueCount: 1 },
    ]);
    expect(summary.month).toMatch(/^\d{4}-\d{2}$/);
    expect((await get(client, "/api/billing/summary")).statusCode).toBe(403);

    const csv = await get(session, "/api/billing/export.csv");
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    const lines = csv.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toContain('"Number","Kind","Client","Status"');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(
      `"${a.number}","Invoice","Summary Pty","Overdue","AUD","2026-01-01","2026-01-02","100.00","0.00","10.00","110.00","10.00","0.00","100.00"`,
    );
    expect((await get(client, "/api/billing/export.csv")).statusCode).toBe(403);
  });
});

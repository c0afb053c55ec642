import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignAgent, buildAccount, buildInvoice, buildTask, buildUser, login, type Person, type Session } from "../../test/factories";
import { createTestApp, type TestApp } from "../../test/harness";

/*
 * Who may reach every billing endpoint, written out by hand: another account's client and an
 * agent not assigned to the account get 404 (they learn nothing of it); a client gets 404 for a
 * draft (they never learn of it) and 403 for what only staff do; an agent gets 403 for money
 * (payments, refunds, credit notes: admins only). Every refusal changes nothing.
 */
let t: TestApp;
let accountA: { id: string };
let agentA: Person;
let clientA: Session;
let clientB: Session;
let agent: Session;
let agentOther: Session;
let admin: Session;
let draftId: string;
let sentId: string;
let voidId: string;
let taskId: string;

type Req = { method: "GET" | "POST" | "PUT" | "DELETE"; url: string; payload?: Record<string, unknown> };
const send = (s: Session, r: Req) => s.inject({ method: r.method, url: r.url, ...(r.payload ? { payload: r.payload } : {}) });

const snapshot = async () => ({
  invoices: await t.ctx.db.selectFrom("invoices").selectAll().orderBy("id").execute(),
  lines: await t.ctx.db.selectFrom("invoice_lines").selectAll().orderBy("id").execute(),
  payments: await t.ctx.db.selectFrom("invoice_payments").selectAll().orderBy("id").execute(),
  counters: await t.ctx.db.selectFrom("counters").selectAll().orderBy("kind").execute(),
});

beforeAll(async () => {
  t = await createTestApp();
  accountA = await buildAccount(t, { name: "Alpha" });
  const accountB = await buildAccount(t, { name: "Bravo" });
  const anna = await buildUser(t, { accountId: accountA.id });
  clientA = await login(t, anna.username);
  clientB = await login(t, (await buildUser(t, { accountId: accountB.id })).username);
  agentA = await buildUser(t, { role: "agent" });
  await assignAgent(t, accountA.id, agentA.id);
  agent = await login(t, agentA.username);
  agentOther = await login(t, (await buildUser(t, { role: "agent" })).username);
  admin = await login(t, (await buildUser(t, { role: "admin" })).username);
  draftId = (await buildInvoice(t, agentA, accountA.id)).id;
  sentId = (await buildInvoice(t, agentA, accountA.id, { send: true })).id;
  voidId = (await buildInvoice(t, agentA, accountA.id, { send: true })).id;
  expect((await agent.inject({ method: "POST", url: `/api/invoices/${voidId}/void`, payload: { reason: "Test" } })).statusCode).toBe(200);
  taskId = (await buildTask(t, { by: anna })).id;
});
afterAll(() => t.close());

const line = { description: "A", quantity: 1, unitPriceMinor: 100 };
const pay = { amountMinor: 100, method: "cash" };

describe("every billing endpoint, for every person who may not", () => {
  it("refuses with 404 or 403 as the table says, and changes nothing", async () => {
    const table: [string, () => Session, Req, number][] = [
      // Creating
      ["client creates", () => clientA, { method: "POST", url: "/api/invoices", payload: { accountId: accountA.id, lines: [line] } }, 403],
      [
        "other agent creates",
        () => agentOther,
        { method: "POST", url: "/api/invoices", payload: { accountId: accountA.id, lines: [line] } },
        404,
      ],
      [
        "other client creates",
        () => clientB,
        { method: "POST", url: "/api/invoices", payload: { accountId: accountA.id, lines: [line] } },
        403,
      ],
      ["client invoices a task", () => clientA, { method: "POST", url: `/api/tasks/${taskId}/invoice` }, 403],
      ["other agent invoices a task", () => agentOther, { method: "POST", url: `/api/tasks/${taskId}/invoice` }, 404],
      // Reading
      ["client reads a draft", () => clientA, { method: "GET", url: `/api/invoices/${draftId}` }, 404],
      ["other client reads", () => clientB, { method: "GET", url: `/api/invoices/${sentId}` }, 404],
      ["other agent reads", () => agentOther, { method: "GET", url: `/api/invoices/${sentId}` }, 404],
      ["client downloads a draft's PDF", () => clientA, { method: "GET", url: `/api/invoices/${draftId}/pdf` }, 404],
      ["other client downloads the PDF", () => clientB, { method: "GET", url: `/api/invoices/${sentId}/pdf` }, 404],
      ["other agent downloads the PDF", () => agentOther, { method: "GET", url: `/api/invoices/${sentId}/pdf` }, 404],
      ["other client downloads the receipt", () => clientB, { method: "GET", url: `/api/invoices/${sentId}/receipt.pdf` }, 404],
      ["client downloads a receipt of nothing paid", () => clientA, { method: "GET", url: `/api/invoices/${sentId}/receipt.pdf` }, 404],
      // Paying online: not configured in this app, so a 404 for everyone
      ["client checks out (no Stripe)", () => clientA, { method: "POST", url: `/api/invoices/${sentId}/checkout` }, 404],
      ["other client checks out", () => clientB, { method: "POST", url: `/api/invoices/${sentId}/checkout` }, 404],
      // Changing a draft
      ["client edits a draft", () => clientA, { method: "PUT", url: `/api/invoices/${draftId}`, payload: { notes: "x" } }, 404],
      ["client edits a sent invoice", () => clientA, { method: "PUT", url: `/api/invoices/${sentId}`, payload: { notes: "x" } }, 403],
      ["other client edits", () => clientB, { method: "PUT", url: `/api/invoices/${draftId}`, payload: { notes: "x" } }, 404],
      ["other agent edits", () => agentOther, { method: "PUT", url: `/api/invoices/${draftId}`, payload: { notes: "x" } }, 404],
      ["client deletes a draft", () => clientA, { method: "DELETE", url: `/api/invoices/${draftId}` }, 404],
      ["other agent deletes", () => agentOther, { method: "DELETE", url: `/api/invoices/${draftId}` }, 404],
      ["client sends a draft", () => clientA, { method: "POST", url: `/api/invoices/${draftId}/send` }, 404],
      ["other client sends", () => clientB, { method: "POST", url: `/api/invoices/${draftId}/send` }, 404],
      ["other agent sends", () => agentOther, { method: "POST", url: `/api/invoices/${draftId}/send` }, 404],
      // Void and reissue
      ["client voids", () => clientA, { method: "POST", url: `/api/invoices/${sentId}/void`, payload: { reason: "x" } }, 403],
      ["other client voids", () => clientB, { method: "POST", url: `/api/invoices/${sentId}/void`, payload: { reason: "x" } }, 404],
      ["other agent voids", () => agentOther, { method: "POST", url: `/api/invoices/${sentId}/void`, payload: { reason: "x" } }, 404],
      ["client reissues", () => clientA, { method: "POST", url: `/api/invoices/${voidId}/reissue` }, 403],
      ["other client reissues", () => clientB, { method: "POST", url: `/api/invoices/${voidId}/reissue` }, 404],
      ["other agent reissues", () => agentOther, { method: "POST", url: `/api/invoices/${voidId}/reissue` }, 404],
      // Money
      ["client pays by hand", () => clientA, { method: "POST", url: `/api/invoices/${sentId}/payments`, payload: pay }, 403],
      ["agent records a payment", () => agent, { method: "POST", url: `/api/invoices/${sentId}/payments`, payload: pay }, 403],
      ["other client records a payment", () => clientB, { method: "POST", url: `/api/invoices/${sentId}/payments`, payload: pay }, 404],
      ["other agent records a payment", () => agentOther, { method: "POST", url: `/api/invoices/${sentId}/payments`, payload: pay }, 404],
      ["client refunds", () => clientA, { method: "POST", url: `/api/invoices/${sentId}/refunds`, payload: pay }, 403],
      ["agent refunds", () => agent, { method: "POST", url: `/api/invoices/${sentId}/refunds`, payload: pay }, 403],
      ["other agent refunds", () => agentOther, { method: "POST", url: `/api/invoices/${sentId}/refunds`, payload: pay }, 404],
      [
        "client credits",
        () => clientA,
        { method: "POST", url: `/api/invoices/${sentId}/credit-notes`, payload: { reason: "x", amountMinor: 1 } },
        403,
      ],
      [
        "agent credits",
        () => agent,
        { method: "POST", url: `/api/invoices/${sentId}/credit-notes`, payload: { reason: "x", amountMinor: 1 } },
        403,
      ],
      [
        "other client credits",
        () => clientB,
        { method: "POST", url: `/api/invoices/${sentId}/credit-notes`, payload: { reason: "x", amountMinor: 1 } },
        404,
      ],
      [
        "other agent credits",
        () => agentOther,
        { method: "POST", url: `/api/invoices/${sentId}/credit-notes`, payload: { reason: "x", amountMinor: 1 } },
        404,
      ],
      // The agency's pages and settings
      ["client reads the summary", () => clientA, { method: "GET", url: "/api/billing/summary" }, 403],
      ["client exports", () => clientA, { method: "GET", url: "/api/billing/export.csv" }, 403],
      ["client reads settings", () => clientA, { method: "GET", url: "/api/billing/settings" }, 403],
      ["agent reads settings", () => agent, { method: "GET", url: "/api/billing/settings" }, 403],
      ["agent changes settings", () => agent, { method: "PUT", url: "/api/billing/settings", payload: { paymentTermsDays: 1 } }, 403],
      ["client changes settings", () => clientA, { method: "PUT", url: "/api/billing/settings", payload: { paymentTermsDays: 1 } }, 403],
    ];
    const before = await snapshot();
    for (const [what, who, request, status] of table) {
      const res = await send(who(), request);
      expect(res.statusCode, `${what}: ${res.body}`).toBe(status);
      expect(res.body, what).not.toContain("Alpha");
    }
    expect(await snapshot()).toEqual(before);
  });

  it("answers 401 to every endpoint without a session", async () => {
    const requests: Req[] = [
      { method: "GET", url: "/api/invoices" },
      { method: "POST", url: "/api/invoices", payload: { accountId: accountA.id, lines: [line] } },
      { method: "GET", url: `/api/invoices/${sentId}` },
      { method: "GET", url: `/api/invoices/${sentId}/pdf` },
      { method: "GET", url: `/api/invoices/${sentId}/receipt.pdf` },
      { method: "POST", url: `/api/invoices/${sentId}/checkout` },
      { method: "PUT", url: `/api/invoices/${draftId}`, payload: { notes: "x" } },
      { method: "DELETE", url: `/api/invoices/${draftId}` },
      { method: "POST", url: `/api/invoices/${draftId}/send` },
      { method: "POST", url: `/api/invoices/${sentId}/void`, payload: { reason: "x" } },
      { method: "POST", url: `/api/invoices/${voidId}/reissue` },
      { method: "POST", url: `/api/invoices/${sentId}/credit-notes`, payload: { reason: "x", amountMinor: 1 } },
      { method: "POST", url: `/api/invoices/${sentId}/payments`, payload: pay },
      { method: "POST", url: `/api/invoices/${sentId}/refunds`, payload: pay },
      { method: "POST", url: `/api/tasks/${taskId}/invoice` },
      { method: "GET", url: "/api/billing/summary" },
      { method: "GET", url: "/api/billing/export.csv" },
      { method: "GET", url: "/api/billing/settings" },
      { method: "PUT", url: "/api/billing/settings", payload: { paymentTermsDays: 1 } },
    ];
    for (const r of requests) {
      const res = await t.app.inject({ method: r.method, url: r.url, ...(r.payload ? { payload: r.payload } : {}) });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(401);
    }
  });

  it("lists only what each person may see", async () => {
    const ids = async (s: Session, url = "/api/invoices") =>
      ((await s.inject({ method: "GET", url })).json().data as { id: string }[]).map((i) => i.id);
    expect(await ids(clientA)).toEqual(expect.arrayContaining([sentId, voidId]));
    expect(await ids(clientA)).not.toContain(draftId);
    expect(await ids(clientA, "/api/invoices?status=draft")).toEqual([]);
    expect(await ids(clientB)).toEqual([]);
    expect(await ids(clientB, `/api/invoices?accountId=${accountA.id}`)).toEqual([]);
    expect(await ids(agentOther)).toEqual([]);
    expect(await ids(agent)).toEqual(expect.arrayContaining([draftId, sentId, voidId]));
    expect(await ids(admin)).toEqual(expect.arrayContaining([draftId, sentId, voidId]));
    const summary = (await agentOther.inject({ method: "GET", url: "/api/billing/summary" })).json().data;
    expect(summary).toMatchObject({ totals: [], accounts: [] });
    const csv = (await agentOther.inject({ method: "GET", url: "/api/billing/export.csv" })).body;
    expect(
      csv
        .replace(/^\uFEFF/, "")
        .trim()
        .split("\r\n"),
    ).toHaveLength(1);
    // Policies: the assigned agent may send the draft, not record money; the admin may.
    const agentView = (await agent.inject({ method: "GET", url: `/api/invoices/${sentId}` })).json().policies;
    expect(agentView).toMatchObject({ edit: false, void: true, recordPayment: false, creditNote: false, recordRefund: false });
    const adminView = (await admin.inject({ method: "GET", url: `/api/invoices/${sentId}` })).json().policies;
    expect(adminView).toMatchObject({ void: true, recordPayment: true, creditNote: true, recordRefund: false });
    expect((await agent.inject({ method: "GET", url: `/api/invoices/${draftId}` })).json().policies).toMatchObject({
      edit: true,
      delete: true,
      send: true,
    });
  });
});

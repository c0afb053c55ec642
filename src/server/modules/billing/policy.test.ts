import { describe, expect, it } from "vitest";
import type { Actor } from "../../platform/auth/sessions";
import { type InvoiceFacts, invoicePolicy } from "./policy";

/*
 * Who may do what to an invoice they can see, written out by hand from the rules (issue 13 and
 * the billing decisions), not computed from the code under test. Columns: edit/delete/send,
 * void, reissue, credit note, record payment, record refund.
 */
const actor = (role: Actor["role"]): Actor =>
  ({
    id: `${role}-1`,
    role,
    status: "active",
    accountId: role === "client" ? "acc" : null,
    name: role,
    username: role,
    email: "",
  }) as Actor;

type Row = [string, InvoiceFacts, { draft: boolean; void: boolean; reissue: boolean; credit: boolean; pay: boolean; refund: boolean }];
const facts = (over: Partial<InvoiceFacts>): InvoiceFacts => ({
  kind: "invoice",
  status: "sent",
  reference: "INV-1001",
  paidMinor: 0,
  amountDueMinor: 11_000,
  reissued: false,
  ...over,
});
const none = { draft: false, void: false, reissue: false, credit: false, pay: false, refund: false };

const ADMIN: Row[] = [
  ["draft", facts({ status: "draft", reference: null }), { ...none, draft: true }],
  ["sent, nothing paid", facts({}), { ...none, void: true, credit: true, pay: true }],
  [
    "partially paid",
    facts({ status: "partially_paid", paidMinor: 4_000, amountDueMinor: 7_000 }),
    { ...none, credit: true, pay: true, refund: true },
  ],
  ["paid", facts({ status: "paid", paidMinor: 11_000, amountDueMinor: 0 }), { ...none, refund: true }],
  ["paid by credit notes", facts({ status: "paid", amountDueMinor: 0 }), none],
  ["sent, payments refunded", facts({ paidMinor: 0 }), { ...none, void: true, credit: true, pay: true }],
  ["void", facts({ status: "void", amountDueMinor: 0 }), { ...none, reissue: true }],
  ["void, reissued", facts({ status: "void", amountDueMinor: 0, reissued: true }), none],
  ["credit note", facts({ kind: "credit_note", reference: "CN-1001", amountDueMinor: 0 }), none],
];

describe("invoice decisions", () => {
  it.each(ADMIN)("admin, %s", (_what, invoice, expected) => {
    const p = invoicePolicy(actor("admin"), invoice);
    expect({
      draft: p.edit && p.delete && p.send,
      void: p.void,
      reissue: p.reissue,
      credit: p.creditNote,
      pay: p.recordPayment,
      refund: p.recordRefund,
    }).toEqual(expected);
    expect(p.edit === p.delete && p.delete === p.send).toBe(true);
  });

  it.each(ADMIN)("agent, %s: the same, without money", (_what, invoice, expected) => {
    const p = invoicePolicy(actor("agent"), invoice);
    expect({ draft: p.edit, void: p.void, reissue: p.reissue, credit: p.creditNote, pay: p.recordPayment, refund: p.recordRefund }).toEqual(
      {
        ...expected,
        credit: false,
        pay: false,
        refund: false,
      },
    );
  });

  it.each(ADMIN)("client, %s: nothing", (_what, invoice) => {
    expect(Object.values(invoicePolicy(actor("client"), invoice)).some(Boolean)).toBe(false);
  });
});

/** Pay online: anyone who sees the invoice, while something is due on it, and only with Stripe configured. */
const ONLINE: [string, InvoiceFacts, boolean][] = [
  ["draft", facts({ status: "draft", reference: null }), false],
  ["sent, nothing paid", facts({}), true],
  ["partially paid", facts({ status: "partially_paid", paidMinor: 4_000, amountDueMinor: 7_000 }), true],
  ["paid", facts({ status: "paid", paidMinor: 11_000, amountDueMinor: 0 }), false],
  ["paid by credit notes", facts({ status: "paid", amountDueMinor: 0 }), false],
  ["void", facts({ status: "void", amountDueMinor: 0 }), false],
  ["credit note", facts({ kind: "credit_note", reference: "CN-1001", amountDueMinor: 0 }), false],
];

describe("paying online", () => {
  it.each(ONLINE)("%s", (_what, invoice, expected) => {
    for (const role of ["client", "agent", "admin"] as const) {
      expect(invoicePolicy(actor(role), invoice, true).payOnline, role).toBe(expected);
      // Without Stripe configured nobody pays online, whatever is due.
      expect(invoicePolicy(actor(role), invoice, false).payOnline, role).toBe(false);
    }
  });
});

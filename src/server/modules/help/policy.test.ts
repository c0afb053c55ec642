import { describe, expect, it } from "vitest";
import type { Actor } from "../../platform/auth/sessions";
import { deleteCategoryDecision, helpDecisions, readerOf } from "./policy";

/* The help rules, written out by hand: admins write; everyone reads published articles and votes; only a placed client asks. */
const person = (role: Actor["role"], accountId: string | null = null): Actor => ({
  id: `${role}-1`,
  role,
  status: "active",
  accountId,
  name: role,
  username: role,
  email: `${role}@example.com`,
  sessionId: "s",
});

describe("help decisions", () => {
  it.each([
    ["admin", null, { manage: true, vote: true, ask: false, drafts: true }],
    ["agent", null, { manage: false, vote: true, ask: false, drafts: false }],
    ["client", "acc-1", { manage: false, vote: true, ask: true, drafts: false }],
    ["client", null, { manage: false, vote: true, ask: false, drafts: false }],
  ] as const)("%s (account %s)", (role, accountId, expected) => {
    const actor = person(role, accountId);
    const d = helpDecisions(actor);
    expect({ manage: d.manage.allowed, vote: d.vote.allowed, ask: d.ask.allowed, drafts: readerOf(actor).drafts }).toEqual(expected);
  });

  it("refuses with stable codes and sentences", () => {
    expect(helpDecisions(person("agent")).manage).toMatchObject({ allowed: false, status: 403, code: "admin_only" });
    expect(helpDecisions(person("admin")).ask).toMatchObject({ allowed: false, status: 403, code: "client_only" });
    expect(deleteCategoryDecision(1)).toMatchObject({ allowed: false, status: 409, code: "help_category_not_empty" });
    expect(deleteCategoryDecision(0)).toEqual({ allowed: true });
  });
});

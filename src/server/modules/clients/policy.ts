import type { Actor } from "../../platform/auth/sessions";

/**
 * Who may change a client account once they can see it (seeing is the tenant scope's job):
 * admins run accounts, assignments, invitations and merges; agents and clients only read.
 */
export function clientPolicy(actor: Actor) {
  const admin = actor.role === "admin";
  return { update: admin, assignAgents: admin, inviteContacts: admin, merge: admin };
}

/** Events of people and their accounts: registration, invitations, passwords, assignments, settings. */
import type { EventCatalogue } from "./catalogue";

type Change = { from: unknown; to: unknown };

export interface AccountEventPayloads {
  "user.admin_created": { email: string };
  "user.registered": { email: string; username: string };
  "user.email_verified": { email: string; username: string };
  "user.activated": { email: string; username: string };
  "user.invited": { email: string; role: string };
  "user.invitation_resent": Record<string, never>;
  "user.invitation_accepted": { email: string; username: string };
  "user.approved": { name: string; changes: Record<string, Change> };
  "user.suspended": { name: string; changes: Record<string, Change> };
  "user.reactivated": { name: string; changes: Record<string, Change> };
  "user.updated": { name: string; changes: Record<string, Change> };
  "user.password_reset_requested": Record<string, never>;
  "user.password_reset": Record<string, never>;
  "user.password_changed": Record<string, never>;
  "account.created": { name: string };
  "account.updated": { before: Record<string, unknown>; after: Record<string, unknown> };
  "account.merged": { fromId: string; fromName: string; intoName: string; moved: Record<string, number> };
  "account.agent_assigned": { agentId: string; agentName: string };
  "account.agent_unassigned": { agentId: string; agentName: string | null };
  "settings.updated": { before: Record<string, unknown>; after: Record<string, unknown> };
}

export const ACCOUNT_EVENTS: EventCatalogue<AccountEventPayloads> = {
  "user.admin_created": { label: "Administrator account created", audience: "staff" },
  "user.registered": { label: "Account registered", audience: "client" },
  "user.email_verified": { label: "Email address confirmed", audience: "staff", category: "audit" },
  "user.activated": { label: "Account activated", audience: "client" },
  "user.invited": { label: "User invited", audience: "staff" },
  "user.invitation_resent": { label: "Invitation resent", audience: "staff", category: "audit" },
  "user.invitation_accepted": { label: "Invitation accepted", audience: "client" },
  "user.approved": { label: "Account approved", audience: "staff" },
  "user.suspended": { label: "User suspended", audience: "staff" },
  "user.reactivated": { label: "User reactivated", audience: "staff" },
  "user.updated": { label: "User updated", audience: "staff" },
  "user.password_reset_requested": { label: "Password reset requested", audience: "staff", category: "audit" },
  "user.password_reset": { label: "Password reset", audience: "staff", category: "audit" },
  "user.password_changed": { label: "Password changed", audience: "staff", category: "audit" },
  "account.created": { label: "Client account created", audience: "client" },
  "account.updated": { label: "Client account updated", audience: "staff" },
  "account.merged": { label: "Client accounts merged", audience: "staff" },
  "account.agent_assigned": { label: "Agent assigned", audience: "client" },
  "account.agent_unassigned": { label: "Agent removed", audience: "staff" },
  "settings.updated": { label: "Settings updated", audience: "staff", category: "audit" },
};

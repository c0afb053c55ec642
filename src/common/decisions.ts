/**
 * A policy's answer: allowed, or refused with an HTTP status, a stable code a client of the API
 * can switch on, and a sentence a person can act on. The server asserts decisions; the web app
 * gets the same decisions' `allowed` as `policies`, so it never re-derives a rule.
 */

/** Every refusal code, with its status: 403 the person's role may not; 409 the object's state does not allow it now. */
export const POLICY_CODES = {
  staff_only: 403,
  client_only: 403,
  move_not_allowed: 403,
  approval_required: 403,
  ticket_closed: 409,
  ticket_not_closed: 409,
  task_archived: 409,
  task_not_archived: 409,
  task_completed: 409,
  task_not_completed: 409,
  stage_not_allowed: 409,
  work_not_commenced: 409,
  quote_pending: 409,
  quote_declined: 409,
  quote_not_pending: 409,
  quote_not_allowed: 409,
  /** A task whose quote was accepted keeps its summary and description until a new quote is sent. */
  scope_locked: 409,
  // The client journey (modules/journey): add its codes here only.
  assigned_staff_only: 403,
  step_disabled: 409,
  // Onboarding (modules/onboarding): add its codes here only.
  form_not_published: 409,
  onboarding_not_editable: 409,
  onboarding_not_submitted: 409,
  draft_conflict: 409,
  // Updates, drafts and deliverables (modules/updates): add its codes here only.
  not_a_draft: 409,
  version_decided: 409,
  not_latest_version: 409,
  // Notices (modules/notices): add its codes here only.
  notice_ended: 409,
  // Time-boxed asks (modules/asks): add its codes here only.
  ask_expired: 409,
  ask_answered: 409,
  ask_cancelled: 409,
  ask_not_open: 409,
  secret_gone: 409,
  asker_only: 403,
  // Help (modules/help): add its codes here only.
  help_category_not_empty: 409,
  admin_only: 403,
  // Billing (modules/billing): add its codes here only.
  /** Money is recorded by an admin: agents create and send invoices, never record payments. */
  payments_admin_only: 403,
  invoice_not_draft: 409,
  invoice_not_due: 409,
  invoice_not_void: 409,
  invoice_empty: 409,
  invoice_has_payments: 409,
  invoice_reissued: 409,
  invoice_exists: 409,
  overpayment: 409,
  refund_exceeds_paid: 409,
  credit_exceeds_due: 409,
  quote_not_accepted: 409,
  /** Online payment (Stripe) is not configured (the checkout route answers 404 before asking). */
  online_payments_off: 409,
} as const;
export type TPolicyCode = keyof typeof POLICY_CODES;

export type TDecision = { allowed: true } | { allowed: false; status: 403 | 409; code: TPolicyCode; reason: string };

export const allow: TDecision = { allowed: true };

export const refuse = (code: TPolicyCode, reason: string): Extract<TDecision, { allowed: false }> => ({
  allowed: false,
  status: POLICY_CODES[code],
  code,
  reason,
});

/** `{ reply: decision, … }` → `{ reply: true, … }`: what the web app is sent as `policies`. */
export function allowedOf<K extends string>(decisions: Record<K, TDecision>): Record<K, boolean> {
  return Object.fromEntries(Object.entries<TDecision>(decisions).map(([action, d]) => [action, d.allowed])) as Record<K, boolean>;
}

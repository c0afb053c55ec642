/** The asks and push modules' tables (migration 20261206T1000-asks). */
import type { TAskKind, TAskStatus } from "../../../../common/asks";

export interface AsksTables {
  asks: AsksTable;
  ask_secret_views: AskSecretViewsTable;
  push_subscriptions: PushSubscriptionsTable;
}

export interface AsksTable {
  id: string;
  account_id: string;
  kind: TAskKind;
  /** What the agent asks, in their words ("Enter the code LinkedIn just texted you"). */
  prompt: string;
  /** 1: the answer is sealed in `answer_secret` (always for a one-time code). */
  secret: number;
  /** After this the ask expires: an answer is refused. */
  deadline_at: string;
  status: TAskStatus;
  created_by: string;
  created_at: string;
  updated_at: string;
  answered_by: string | null;
  answered_at: string | null;
  /** A confirmation's `yes`/`no`, or a short answer that is not secret. */
  answer_text: string | null;
  /** The sealed answer (platform/secrets.ts, aad `ask:<id>`) until it is purged. */
  answer_secret: string | null;
  /** An uploaded file's id (kind `file`). */
  answer_file_id: string | null;
  /** When the sealed answer is purged by itself (answered_at + the retention time). */
  secret_until: string | null;
  /** The agent marked the secret used (it was purged then). */
  secret_used_at: string | null;
  /** When the ciphertext was overwritten and deleted. */
  secret_purged_at: string | null;
  cancelled_by: string | null;
  cancelled_at: string | null;
  /** The ask this one asks again (after an expiry, a cancel or a wrong code). */
  reasked_from: string | null;
}

/** Each time someone saw a secret answer. */
export interface AskSecretViewsTable {
  id: string;
  ask_id: string;
  user_id: string;
  viewed_at: string;
}

/** One browser (a phone, a laptop) that accepts Web Push notifications for a person. */
export interface PushSubscriptionsTable {
  id: string;
  user_id: string;
  /** The push service's URL for this browser: unique, and a capability (never shown whole). */
  endpoint: string;
  /** The browser's keys (RFC 8291): P-256 public key and auth secret, base64url. */
  p256dh: string;
  auth: string;
  /** What the person sees in their devices list ("Chrome on Android"). */
  label: string;
  created_at: string;
  last_used_at: string | null;
}

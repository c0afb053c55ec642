import type { Generated, Insertable, Selectable, Updateable } from "kysely";
import type { AsksTables } from "./tables/asks";
import type { BillingTables } from "./tables/billing";
import type { HelpTables } from "./tables/help";
import type { JourneyTables } from "./tables/journey";
import type { NoticesTables } from "./tables/notices";
import type { OnboardingTables } from "./tables/onboarding";
import type { UpdatesTables } from "./tables/updates";

/**
 * The database as Kysely sees it. Portable on purpose: ids are UUIDv7 text, times ISO-8601 UTC
 * text, flags integer 0/1 and structured data JSON text, so SQLite and PostgreSQL hold the same
 * values and every query returns the same shapes on both.
 */
/** Each later module keeps its tables in `./tables/NAME.ts`. */
export interface Database extends JourneyTables, OnboardingTables, UpdatesTables, NoticesTables, AsksTables, HelpTables, BillingTables {
  users: UsersTable;
  client_accounts: ClientAccountsTable;
  account_agents: AccountAgentsTable;
  account_domains: AccountDomainsTable;
  sessions: SessionsTable;
  one_time_tokens: OneTimeTokensTable;
  events: EventsTable;
  jobs: JobsTable;
  mailbox: MailboxTable;
  settings: SettingsTable;
  counters: CountersTable;
  ticket_categories: TicketCategoriesTable;
  canned_replies: CannedRepliesTable;
  tickets: TicketsTable;
  comments: CommentsTable;
  files: FilesTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  inbound_messages: InboundMessagesTable;
  request_types: RequestTypesTable;
  task_templates: TaskTemplatesTable;
  tasks: TasksTable;
  task_quotes: TaskQuotesTable;
  task_approvals: TaskApprovalsTable;
  task_stage_periods: TaskStagePeriodsTable;
  task_reviews: TaskReviewsTable;
  task_quote_lines: TaskQuoteLinesTable;
  mail_deliveries: MailDeliveriesTable;
  board_versions: BoardVersionsTable;
}

/** How often what a board shows changed: per client account, and `*` for every board (migration 20261207T1200). */
export interface BoardVersionsTable {
  account_id: string;
  version: number;
}

export interface RequestTypesTable {
  id: string;
  name: string;
  position: number;
  disabled: Generated<number>;
  created_at: string;
}

export interface TaskTemplatesTable {
  id: string;
  name: string;
  summary: string;
  description: string;
  request_type_id: string | null;
  position: number;
  disabled: Generated<number>;
  created_at: string;
  updated_at: string;
}

export type TaskStage = "requested" | "in_progress" | "on_hold" | "client_approval" | "completed";
export type TaskQuoteState = "none" | "pending" | "accepted" | "declined";

export interface TasksTable {
  id: string;
  number: number;
  account_id: string;
  summary: string;
  description: string;
  request_type_id: string | null;
  template_id: string | null;
  stage: TaskStage;
  position: number;
  deadline: string | null;
  quote_state: Generated<TaskQuoteState>;
  created_by: string;
  comment_count: Generated<number>;
  file_count: Generated<number>;
  version: Generated<number>;
  created_at: string;
  updated_at: string;
  stage_entered_at: string;
  completed_at: string | null;
  archived_at: string | null;
  unarchived_at: string | null;
  /** The staff member handling it (20261203T1100-task-assignee); null while nobody is. */
  assignee_id: string | null;
}

export interface TaskQuotesTable {
  id: string;
  task_id: string;
  account_id: string;
  scope: string;
  /** bigint: PostgreSQL returns it as a string, so read it through Number(). */
  amount_minor: number | string;
  currency: string;
  status: "pending" | "accepted" | "declined" | "superseded";
  created_by: string;
  created_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_comment: string | null;
}

export interface TaskApprovalsTable {
  id: string;
  task_id: string;
  account_id: string;
  decision: "approved" | "changes_requested" | "override";
  actor_id: string | null;
  comment: string | null;
  task_version: number;
  /** JSON text */
  snapshot: string;
  created_at: string;
  /** The review round this decision answered (null before rounds existed, or for an override outside CLIENT APPROVAL). */
  review_id?: string | null;
}

/** What the agency asked the client to review when it moved the task to CLIENT APPROVAL (one per round). */
export interface TaskReviewsTable {
  id: string;
  task_id: string;
  /** 1, 2, … per task. */
  round: number;
  note: string;
  /** An http(s) preview link, or null. */
  link: string | null;
  /** The draft for review (an `updates` row of kind draft, same account) to look at, or null (migration 20261205T1400). */
  draft_id?: string | null;
  /** The deliverable (same account) to look at, or null; at most one of `draft_id` and `deliverable_id` is set. */
  deliverable_id?: string | null;
  created_by: string;
  created_at: string;
}

/** A quote's line: quantity in hundredths (1.5 → 150); amounts in minor units (bigint: read through Number()). */
export interface TaskQuoteLinesTable {
  id: string;
  quote_id: string;
  position: number;
  description: string;
  quantity_hundredths: number | string;
  unit_price_minor: number | string;
  amount_minor: number | string;
}

export interface TaskStagePeriodsTable {
  id: string;
  task_id: string;
  account_id: string;
  stage: TaskStage;
  owner: "client" | "agency";
  started_at: string;
  ended_at: string | null;
}

export interface CountersTable {
  kind: string;
  value: number;
}

export interface TicketCategoriesTable {
  id: string;
  name: string;
  position: number;
  disabled: Generated<number>;
  created_at: string;
}

export interface CannedRepliesTable {
  id: string;
  title: string;
  body: string;
  created_at: string;
  updated_at: string;
}

export type TicketStatus = "new" | "active" | "closed";
export type TicketPriority = "low" | "normal" | "high" | "urgent";

export interface TicketsTable {
  id: string;
  number: number;
  account_id: string;
  subject: string;
  description: string;
  status: TicketStatus;
  priority: TicketPriority;
  category_id: string | null;
  assignee_id: string | null;
  created_by: string;
  message_count: Generated<number>;
  created_at: string;
  updated_at: string;
  last_activity_at: string;
  closed_at: string | null;
}

export type MessageKind = "reply" | "note";

/**
 * A comment on any object (the conversations module): `object_type` names the module's kind
 * (`ticket`, `task`), `kind` says whether the client may see it (`reply`) or not (`note`).
 */
export interface CommentsTable {
  id: string;
  object_type: string;
  object_id: string;
  account_id: string;
  author_id: string | null;
  kind: MessageKind;
  body: string;
  source: "portal" | "email";
  email_message_id: string | null;
  created_at: string;
}

export interface FilesTable {
  id: string;
  owner_type: string | null;
  owner_id: string | null;
  account_id: string | null;
  name: string;
  content_type: string;
  size: number;
  storage_key: string;
  uploaded_by: string | null;
  created_at: string;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  event_id: string;
  verb: string;
  object_type: string;
  object_id: string;
  account_id: string | null;
  title: string;
  body: string;
  url: string;
  read_at: string | null;
  created_at: string;
}

export interface NotificationPreferencesTable {
  user_id: string;
  kind: string;
  email: number;
}

export interface InboundMessagesTable {
  id: string;
  message_id: string;
  /** attached | quarantined | resolved (posted by an admin from the quarantine) | discarded */
  status: "attached" | "quarantined" | "resolved" | "discarded";
  reason: string | null;
  from_address: string;
  subject: string;
  /** The object a reply was posted to (or is about): a reply target's type (`ticket`, `task`) and id. */
  object_type: string | null;
  object_id: string | null;
  storage_key: string | null;
  created_at: string;
  /** What an admin did with it from the quarantine (ticket_created | contact_added | discarded), who and when. */
  resolution?: "ticket_created" | "contact_added" | "discarded" | null;
  resolved_by?: string | null;
  resolved_at?: string | null;
}

export type Role = "client" | "agent" | "admin";
export type UserStatus = "pending" | "active" | "suspended";

export interface UsersTable {
  id: string;
  email: string;
  username: string;
  name: string;
  phone: string | null;
  role: Role;
  status: UserStatus;
  /** The client account a client contact belongs to (null for staff, and for a registrant the agency has yet to place). */
  account_id: string | null;
  /** The company a registrant typed, kept for the agency to place them. */
  company: string | null;
  password_hash: string | null;
  email_verified_at: string | null;
  approved_at: string | null;
  invited_by: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ClientAccountsTable {
  id: string;
  name: string;
  /** companyKey(name): unique, so case and spacing never make two companies. */
  name_key: string;
  phone: string | null;
  website: string | null;
  created_at: string;
  updated_at: string;
}

/** An email domain whose registrations join this client account (registration placement "domain"). */
export interface AccountDomainsTable {
  domain: string;
  account_id: string;
  created_at: string;
}

export interface AccountAgentsTable {
  account_id: string;
  user_id: string;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  /** sha256 of the cookie token: a stolen database cannot be replayed as sessions. */
  token_hash: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export type TokenKind = "activation" | "password_reset" | "invitation" | "setup";

export interface OneTimeTokensTable {
  id: string;
  kind: TokenKind;
  token_hash: string;
  user_id: string | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface EventsTable {
  id: string;
  actor_id: string | null;
  verb: string;
  object_type: string;
  object_id: string;
  account_id: string | null;
  /** JSON text */
  payload: string;
  created_at: string;
}

export type JobStatus = "queued" | "running" | "done" | "failed";

export interface JobsTable {
  id: string;
  kind: string;
  /** JSON text */
  payload: string;
  /** The version of the job type's payload it was queued with. */
  version: Generated<number>;
  /** At most one job per kind and key (NULL: no key). */
  dedupe_key: string | null;
  status: JobStatus;
  run_at: string;
  attempts: Generated<number>;
  max_attempts: number;
  last_error: string | null;
  locked_at: string | null;
  locked_by: string | null;
  created_at: string;
  finished_at: string | null;
  /** When the current run of attempts began (an admin's Retry); NULL: at `created_at`. */
  retry_since: string | null;
}

/** An email a mail server accepted: written before its job is marked done, so it is never sent twice. */
export interface MailDeliveriesTable {
  job_id: string;
  message_id: string;
  recipient: string;
  subject: string;
  /** The server's answer ("250 2.0.0 Ok: queued as …"). */
  response: string | null;
  accepted_at: string;
}

export interface MailboxTable {
  id: string;
  /** The job that delivered it: keeps delivery idempotent when a job is retried. */
  job_id: string;
  to_address: string;
  from_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  /** JSON text */
  headers: string;
  created_at: string;
}

export interface SettingsTable {
  key: string;
  /** JSON text */
  value: string;
  updated_at: string;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type ClientAccountRow = Selectable<ClientAccountsTable>;
export type EventRow = Selectable<EventsTable>;
export type JobRow = Selectable<JobsTable>;

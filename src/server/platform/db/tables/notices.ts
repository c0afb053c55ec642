/** The notices module's tables (migration 20261205T1300-notices). */
import type { TNoticeAudience, TNoticeImportance } from "../../../../common/notices";

export interface NoticesTables {
  notices: NoticesTable;
  notice_accounts: NoticeAccountsTable;
  notice_receipts: NoticeReceiptsTable;
}

export interface NoticesTable {
  id: string;
  title: string;
  /** Markdown. */
  body: string;
  importance: TNoticeImportance;
  /** `all`: every client account (resolved when read); `accounts`: those in notice_accounts. */
  audience: TNoticeAudience;
  /** When it stops running by itself (chosen when posted), or null: until ended. */
  ends_at: string | null;
  /** When staff ended it early, or null. */
  ended_at: string | null;
  ended_by: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface NoticeAccountsTable {
  notice_id: string;
  account_id: string;
}

/** One per person a notice reached: who read and dismissed it, when. */
export interface NoticeReceiptsTable {
  notice_id: string;
  user_id: string;
  /** The contact's client account (the tenant scope of the receipt). */
  account_id: string;
  read_at: string | null;
  dismissed_at: string | null;
  created_at: string;
}

/**
 * Notices from the agency to all clients or chosen accounts, dismissed and read per person.
 *
 * Each event is recorded once per client account the notice reaches (`accountId` set), so the live
 * stream — which shows a client only its own account's events — puts a new notice on every
 * reached dashboard, and the notification topic tells each account's contacts. For "all clients"
 * that is every account that exists at the time; accounts created later read it when they load.
 * `audit`: one line per account would flood the activity feeds; the dashboard shows notices itself.
 */
import type { TNoticeImportance } from "../notices";
import type { EventCatalogue } from "./catalogue";

interface NoticeRef {
  noticeId: string;
  title: string;
}

export interface NoticeEventPayloads {
  /** Posted: the body travels with it so the email can carry the notice's words. */
  "notice.posted": NoticeRef & { body: string; importance: TNoticeImportance };
  /** Its words, importance or end date changed while it runs. */
  "notice.updated": NoticeRef & { changes: string[] };
  /** Ended early by staff. */
  "notice.ended": NoticeRef;
}

export const NOTICE_EVENTS: EventCatalogue<NoticeEventPayloads> = {
  "notice.posted": { label: "Notice posted", audience: "client", notify: "notice.posted", category: "audit" },
  "notice.updated": { label: "Notice changed", audience: "client", category: "audit" },
  "notice.ended": { label: "Notice ended", audience: "client", category: "audit" },
};

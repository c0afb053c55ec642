/** Admin → Outgoing mail in words: the tabs, the empty lists and how long Portico keeps trying. */
import { OUTGOING_MAIL_STATUSES, SENT_LIST_DAYS, type TOutgoingMailStatus } from "../../../common/outgoing-mail";

/** The list the page opens on: failed mail is the one that needs an admin. */
export const DEFAULT_LIST: TOutgoingMailStatus = "failed";

/** A list named in the address bar, or the default one for anything else. */
export function asList(value: string): TOutgoingMailStatus {
  return (OUTGOING_MAIL_STATUSES as readonly string[]).includes(value) ? (value as TOutgoingMailStatus) : DEFAULT_LIST;
}

/** MAIL_RETRY_HOURS as a person says it: 72 → "3 days", 36 → "36 hours", 24 → "1 day", 1 → "1 hour". */
export function retryPeriod(hours: number): string {
  if (hours >= 24 && hours % 24 === 0) return hours === 24 ? "1 day" : `${hours / 24} days`;
  return hours === 1 ? "1 hour" : `${hours} hours`;
}

/** "1 email", "3 emails". */
export const emails = (n: number) => `${n} ${n === 1 ? "email" : "emails"}`;

/** What an empty list says: why it is empty, and what would appear in it. */
export function emptyWords(list: TOutgoingMailStatus, retryHours: number): { title: string; body: string } {
  switch (list) {
    case "queued":
      return {
        title: "Nothing is waiting to be sent",
        body: "New email goes out within seconds. An email waiting for its first attempt appears here.",
      };
    case "retrying":
      return {
        title: "No email is being retried",
        body: `Your mail server accepted every email it was sent. If it refuses one or cannot be reached, the email appears here while Portico tries again, for up to ${retryPeriod(retryHours)}.`,
      };
    case "failed":
      return {
        title: "No failed mail",
        body: `Every email was accepted by your mail server. An email that could not be delivered for ${retryPeriod(retryHours)} would be kept here for you to retry.`,
      };
    case "sent":
      return {
        title: `No email sent in the last ${SENT_LIST_DAYS} days`,
        body: `Email your mail server accepted appears here for ${SENT_LIST_DAYS} days, with its answer.`,
      };
    default: {
      const never: never = list;
      return never;
    }
  }
}

/** "Attempts" in a row: how many tries so far, spelt out on phones. */
export const attemptsText = (n: number) => (n === 1 ? "1 attempt" : `${n} attempts`);

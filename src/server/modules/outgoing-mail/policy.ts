import type { JobStatus } from "../../platform/db/schema";

/** Retry's answer for one mail job: allowed, or refused with the sentence the 409 carries. */
export type RetryDecision = { allowed: true } | { allowed: false; reason: string };

export const BEING_SENT = "This email is being sent right now. Look again in a moment.";

/**
 * May an admin press Retry on this email now? Failed mail, and mail that is retrying between two
 * attempts: it is queued to be tried at once, with a fresh retry window. Refused: an attempt that
 * is running (the worker holds it; a second run could send it twice), mail already accepted, and
 * mail that has not been tried yet (it goes out anyway, at once).
 */
export function retryDecision(job: { status: JobStatus; attempts: number }): RetryDecision {
  switch (job.status) {
    case "failed":
      return { allowed: true };
    case "queued":
      return Number(job.attempts) > 0
        ? { allowed: true }
        : { allowed: false, reason: "This email has not been tried yet: it is sent as soon as the worker reaches it." };
    case "running":
      return { allowed: false, reason: BEING_SENT };
    case "done":
      return { allowed: false, reason: "This email was already accepted by the mail server, so it is not sent again." };
    default: {
      const never: never = job.status;
      return never;
    }
  }
}

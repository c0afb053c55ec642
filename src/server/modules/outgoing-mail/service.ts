import type { TOutgoingMail, TOutgoingMailList, TOutgoingMailListQuery } from "../../../common/outgoing-mail";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import { conflict, notFound } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { nowIso } from "../../platform/ids";
import { retryDeadline } from "../../platform/jobs";
import { BEING_SENT, retryDecision } from "./policy";
import {
  countOutgoingMail,
  type DeliveryRow,
  findMailJob,
  listDeliveries,
  listMailJobs,
  type MailJobRow,
  PAGE_SIZE,
  retryFailedMailJobs,
  retryMailJob,
} from "./queries";

/** The recipient and subject of a mail job; a payload that cannot be read (why it failed, perhaps) says so. */
function addressOf(payload: string): { to: string; subject: string } {
  try {
    const parsed: unknown = JSON.parse(payload);
    const message = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
    return {
      to: typeof message.to === "string" ? message.to : "(unreadable)",
      subject: typeof message.subject === "string" ? message.subject : "(unreadable)",
    };
  } catch {
    return { to: "(unreadable)", subject: "(unreadable)" };
  }
}

/** When the current run of attempts gives up: MAIL_RETRY_HOURS after it began (an admin's Retry, or the job's creation). */
const giveUpAt = (row: Pick<MailJobRow, "retry_since" | "created_at">, retryHours: number) =>
  new Date(retryDeadline(row, retryHours * 3_600_000)).toISOString();

/** A queued, retrying or failed email as the list shows it: its address, never its body. */
function presentJob(row: MailJobRow, retryHours: number): TOutgoingMail {
  const attempts = Number(row.attempts);
  const failed = row.status === "failed";
  const waiting = row.status === "queued";
  return {
    id: row.id,
    ...addressOf(row.payload),
    status: failed ? "failed" : waiting && attempts === 0 ? "queued" : "retrying",
    sending: row.status === "running",
    attempts,
    lastError: row.last_error,
    nextAttemptAt: waiting ? row.run_at : null,
    createdAt: row.created_at,
    // A failed email gave up when it was settled; the others give up at the end of their window.
    giveUpAt: failed ? (row.finished_at ?? giveUpAt(row, retryHours)) : giveUpAt(row, retryHours),
    acceptedAt: null,
    response: null,
    canRetry: retryDecision({ status: row.status, attempts }).allowed,
  };
}

/** An email the mail server accepted. Its job may have been cleaned away since: the delivery keeps what matters. */
function presentDelivery(row: DeliveryRow): TOutgoingMail {
  return {
    id: row.job_id,
    to: row.recipient,
    subject: row.subject,
    status: "sent",
    sending: false,
    attempts: row.attempts === null ? 1 : Number(row.attempts),
    lastError: null,
    nextAttemptAt: null,
    createdAt: row.created_at ?? row.accepted_at,
    giveUpAt: null,
    acceptedAt: row.accepted_at,
    response: row.response,
    canRetry: false,
  };
}

/** One page of one list (failed by default: the one that needs an admin), with every list's count. */
export async function listOutgoingMail(ctx: AppContext, query: TOutgoingMailListQuery): Promise<TOutgoingMailList> {
  const status = query.status ?? "failed";
  const page = query.page ?? 1;
  const retryHours = ctx.config.mailRetryHours;
  const [counts, data] = await Promise.all([
    countOutgoingMail(ctx.db),
    status === "sent"
      ? listDeliveries(ctx.db, page).then((rows) => rows.map(presentDelivery))
      : listMailJobs(ctx.db, status, page).then((rows) => rows.map((row) => presentJob(row, retryHours))),
  ]);
  return { data, total: counts[status], pageSize: PAGE_SIZE, counts, retryHours };
}

/**
 * Retry on one failed or retrying email: it is due now, with a fresh run of attempts (and a fresh
 * retry window), and the admin's action is in the audit log. Unknown ids and jobs that are not
 * email are not found; running or accepted mail is refused (409) and left as it was.
 */
export async function retryOutgoingMail(ctx: AppContext, actor: Actor, id: string): Promise<TOutgoingMail> {
  const retried = await ctx.db.transaction().execute(async (tx) => {
    const job = await findMailJob(tx, id);
    if (!job) throw notFound("Email");
    const decision = retryDecision({ status: job.status, attempts: Number(job.attempts) });
    if (!decision.allowed) throw conflict(decision.reason);
    // Why a guarded update after the check: a worker may claim the job between the two; then
    // the update changes nothing and the admin is told it is being sent.
    if (!(await retryMailJob(tx, id, nowIso()))) throw conflict(BEING_SENT);
    const { to, subject } = addressOf(job.payload);
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "outgoing_mail.retried",
      objectType: "outgoing_mail",
      objectId: id,
      payload: { to, subject, name: `“${subject}” to ${to}`, attempts: Number(job.attempts), lastError: job.last_error },
    });
    return findMailJob(tx, id);
  });
  ctx.jobs.nudge();
  if (!retried) throw notFound("Email");
  return presentJob(retried, ctx.config.mailRetryHours);
}

/** Retry all failed: every failed email is due now, in one statement and one audit entry. */
export async function retryAllFailedMail(ctx: AppContext, actor: Actor): Promise<{ retried: number }> {
  const retried = await ctx.db.transaction().execute(async (tx) => {
    const count = await retryFailedMailJobs(tx, nowIso());
    if (count > 0) {
      await recordEvent(tx, {
        actorId: actor.id,
        verb: "outgoing_mail.retried_failed",
        objectType: "outgoing_mail",
        objectId: "failed",
        payload: { count, name: `${count} failed ${count === 1 ? "email" : "emails"}` },
      });
    }
    return count;
  });
  ctx.jobs.nudge();
  return { retried };
}

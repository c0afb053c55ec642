import type { ExpressionBuilder } from "kysely";
import { SENT_LIST_DAYS, type TOutgoingMailCounts, type TOutgoingMailStatus } from "../../../common/outgoing-mail";
import type { Executor } from "../../platform/db/database";
import type { Database } from "../../platform/db/schema";
import { MAIL_JOB } from "../../platform/mail";

export const PAGE_SIZE = 50;

type JobsEb = ExpressionBuilder<Database, "jobs">;
type JobList = Exclude<TOutgoingMailStatus, "sent">;

/**
 * Which mail jobs make up each list: the one statement of the buckets, used by the list, its
 * counts and the Retry actions alike. Retrying includes an attempt running now: to the admin it
 * is still an email that has not got through.
 */
function inList(eb: JobsEb, list: JobList) {
  switch (list) {
    case "queued":
      return eb.and([eb("jobs.status", "=", "queued"), eb("jobs.attempts", "=", 0)]);
    case "retrying":
      return eb.or([eb.and([eb("jobs.status", "=", "queued"), eb("jobs.attempts", ">", 0)]), eb("jobs.status", "=", "running")]);
    case "failed":
      return eb("jobs.status", "=", "failed");
    default: {
      const never: never = list;
      return never;
    }
  }
}

/** The start of the Sent list's window. */
const sentSince = (now = Date.now()) => new Date(now - SENT_LIST_DAYS * 86_400_000).toISOString();

const mailJobs = (db: Executor) => db.selectFrom("jobs").where("jobs.kind", "=", MAIL_JOB);

const JOB_COLUMNS = [
  "jobs.id",
  "jobs.payload",
  "jobs.status",
  "jobs.attempts",
  "jobs.last_error",
  "jobs.run_at",
  "jobs.created_at",
  "jobs.finished_at",
  "jobs.retry_since",
] as const;

/** How many emails each list holds: one pass over the mail jobs, one over the deliveries. */
export async function countOutgoingMail(db: Executor): Promise<TOutgoingMailCounts> {
  const jobs = await mailJobs(db)
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere(inList(eb, "queued")).as("queued"),
      eb.fn.countAll<number>().filterWhere(inList(eb, "retrying")).as("retrying"),
      eb.fn.countAll<number>().filterWhere(inList(eb, "failed")).as("failed"),
    ])
    .executeTakeFirstOrThrow();
  const sent = await db
    .selectFrom("mail_deliveries")
    .where("accepted_at", ">=", sentSince())
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return { queued: Number(jobs.queued), retrying: Number(jobs.retrying), failed: Number(jobs.failed), sent: Number(sent.n) };
}

/** One page of the queued, retrying or failed mail jobs, newest first. */
export function listMailJobs(db: Executor, list: JobList, page: number) {
  return mailJobs(db)
    .where((eb) => inList(eb, list))
    .select(JOB_COLUMNS)
    .orderBy("jobs.created_at", "desc")
    .orderBy("jobs.id", "desc")
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
}
export type MailJobRow = Awaited<ReturnType<typeof listMailJobs>>[number];

/** One page of the emails the mail server accepted in the last 30 days, newest first. */
export function listDeliveries(db: Executor, page: number) {
  return db
    .selectFrom("mail_deliveries")
    .leftJoin("jobs", "jobs.id", "mail_deliveries.job_id")
    .where("mail_deliveries.accepted_at", ">=", sentSince())
    .select([
      "mail_deliveries.job_id",
      "mail_deliveries.recipient",
      "mail_deliveries.subject",
      "mail_deliveries.response",
      "mail_deliveries.accepted_at",
      "jobs.attempts",
      "jobs.created_at",
    ])
    .orderBy("mail_deliveries.accepted_at", "desc")
    .orderBy("mail_deliveries.job_id", "desc")
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE)
    .execute();
}
export type DeliveryRow = Awaited<ReturnType<typeof listDeliveries>>[number];

/** One mail job by id (null for an unknown id or a job of another kind). */
export function findMailJob(db: Executor, id: string) {
  return mailJobs(db).where("jobs.id", "=", id).select(JOB_COLUMNS).executeTakeFirst();
}

/** What Retry does to a mail job: due now, a fresh run of attempts, unclaimed. */
const retried = (now: string) =>
  ({ status: "queued", run_at: now, attempts: 0, retry_since: now, finished_at: null, locked_by: null, locked_at: null }) as const;

/**
 * Queues one failed or retrying email to be tried now. Guarded by its state in the statement
 * itself, so a worker that claimed it a moment ago wins: false then, and nothing changed.
 */
export async function retryMailJob(db: Executor, id: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable("jobs")
    .set(retried(now))
    .where("jobs.kind", "=", MAIL_JOB)
    .where("jobs.id", "=", id)
    .where((eb) => eb.or([inList(eb, "failed"), eb.and([eb("jobs.status", "=", "queued"), eb("jobs.attempts", ">", 0)])]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Queues every failed email to be tried now, in one statement. Returns how many. */
export async function retryFailedMailJobs(db: Executor, now: string): Promise<number> {
  const result = await db
    .updateTable("jobs")
    .set(retried(now))
    .where("jobs.kind", "=", MAIL_JOB)
    .where((eb) => inList(eb, "failed"))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

import { Type } from "typebox";
import type { TSettings } from "../../../common/schemas";
import { ZId } from "../../../common/schemas";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import { recordEvent } from "../../platform/events";
import { defineJob, enqueue, jobHandler } from "../../platform/jobs";
import { addDays } from "./lines";
import { reminderDecision } from "./policy";
import { factsOf, moneyOf } from "./presenters";
import * as q from "./queries";

/*
 * Payment reminders (issue 13): when an invoice is sent, one job per reminder day of the billing
 * settings — the due date minus each "before" day and plus each "after" day, at 09:00 UTC, past
 * ones skipped. Each job re-reads the invoice when it runs and does nothing unless something is
 * still due on it (paid, void → skipped); otherwise it records `invoice.reminder_sent`, which
 * tells the account's contacts in the app and by email (notification-topic.ts).
 */

/** The hour (UTC) a reminder goes out on its day. */
const REMINDER_HOUR_UTC = "09:00:00.000Z";

/** One reminder of one invoice: `days` before its due date, or after it. */
export const invoiceReminder = defineJob({
  id: "invoice.reminder",
  version: 1,
  payload: Type.Object({
    invoiceId: ZId,
    timing: Type.Union([Type.Literal("before"), Type.Literal("after")]),
    days: Type.Integer({ minimum: 0, maximum: 365 }),
    /** The due date the reminder was planned against. */
    dueDate: Type.String(),
  }),
  // Why: one reminder per invoice and day, however often the send is retried.
  dedupeKey: (p) => `invoice.reminder:${p.invoiceId}:${p.timing}:${p.days}`,
});

/** When each reminder of an invoice due on `dueDate` goes out, the past ones left out. */
export function reminderTimes(
  dueDate: string,
  settings: Pick<TSettings, "reminderDaysBefore" | "reminderDaysAfter">,
  now: Date = new Date(),
): { timing: "before" | "after"; days: number; runAt: Date }[] {
  const planned = [
    ...settings.reminderDaysBefore.map((days) => ({ timing: "before" as const, days, day: addDays(dueDate, -days) })),
    ...settings.reminderDaysAfter.map((days) => ({ timing: "after" as const, days, day: addDays(dueDate, days) })),
  ];
  return planned
    .map(({ timing, days, day }) => ({ timing, days, runAt: new Date(`${day}T${REMINDER_HOUR_UTC}`) }))
    .filter((r) => r.runAt.getTime() > now.getTime())
    .sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
}

/** Queues an invoice's reminders in the send's transaction: none exist if the send rolls back. */
export async function scheduleReminders(
  tx: Executor,
  invoice: { id: string; dueDate: string },
  settings: Pick<TSettings, "reminderDaysBefore" | "reminderDaysAfter">,
): Promise<void> {
  for (const r of reminderTimes(invoice.dueDate, settings)) {
    await enqueue(
      tx,
      invoiceReminder,
      { invoiceId: invoice.id, timing: r.timing, days: r.days, dueDate: invoice.dueDate },
      { runAt: r.runAt },
    );
  }
}

/**
 * Runs one reminder: the invoice's row held, its state read now. "skipped" when nothing is due
 * any more (paid, void, gone) or this reminder was already recorded (a job run again).
 */
export async function sendReminder(
  ctx: AppContext,
  reminder: { invoiceId: string; timing: "before" | "after"; days: number },
): Promise<"done" | "skipped"> {
  return ctx.db.transaction().execute(async (tx) => {
    if (!(await q.findInvoice(tx, reminder.invoiceId))) return "skipped";
    await q.lockInvoice(tx, reminder.invoiceId);
    const row = await q.findInvoice(tx, reminder.invoiceId);
    if (!row || !reminderDecision(factsOf(row, false)).allowed || !row.reference || !row.due_date) return "skipped";
    const earlier = await q.remindersSent(tx, row.id);
    if (earlier.some((p) => p.timing === reminder.timing && p.days === reminder.days)) return "skipped";
    await recordEvent(tx, {
      actorId: null,
      verb: "invoice.reminder_sent",
      objectType: "invoice",
      objectId: row.id,
      accountId: row.account_id,
      payload: {
        invoiceId: row.id,
        kind: row.kind,
        number: row.reference,
        currency: row.currency,
        totalMinor: Number(row.total_minor),
        dueDate: row.due_date,
        amountDueMinor: moneyOf(row).due,
        days: reminder.days,
        timing: reminder.timing,
      },
    });
    return "done";
  });
}

/** The module's jobs (its descriptor's `jobs`). */
export function billingJobs(ctx: AppContext) {
  return [{ definition: jobHandler(invoiceReminder, (payload) => sendReminder(ctx, payload)) }];
}

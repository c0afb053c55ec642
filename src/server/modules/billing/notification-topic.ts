import { invoicePath, PAYMENT_METHOD_LABELS, type TPaymentMethod } from "../../../common/billing";
import { formatMoney } from "../../../common/money";
import { link } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import type { RecordedEvent } from "../../platform/events";
import { renderEmail } from "../../platform/mail";
import type { Recipient } from "../notifications/queries";
import { clientSide, type NotificationTopic } from "../notifications/service";
import { invoicePdfAttachment } from "./documents";

/*
 * Who hears of an invoice: its account's active contacts, when it is sent, when a credit note is
 * issued against it, and when a payment or refund is recorded on it (in-app and by email, under
 * the "invoice.sent" / "invoice.payment" preferences). Drafts tell nobody — their events are
 * staff-only in the catalogue, and the notifications machinery never tells a client of those.
 * The agency follows its billing page; nobody at the agency is emailed.
 */

function payloadOf(event: RecordedEvent) {
  const p = event.payload ?? {};
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  const amount = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : 0);
  const currency = text(p.currency) || "USD";
  const method = text(p.method);
  return {
    number: text(p.number) || "Your invoice",
    currency,
    money: (v: unknown) => formatMoney(amount(v), currency, "en"),
    totalMinor: p.totalMinor,
    amountMinor: p.amountMinor,
    amountDueMinor: p.amountDueMinor,
    dueDate: text(p.dueDate),
    creditNoteNumber: text(p.creditNoteNumber),
    days: amount(p.days),
    timing: text(p.timing),
    reason: text(p.reason),
    method: Object.hasOwn(PAYMENT_METHOD_LABELS, method) ? PAYMENT_METHOD_LABELS[method as TPaymentMethod] : "",
  };
}

const billingRecipients = async (tx: Executor, event: RecordedEvent): Promise<Recipient[]> =>
  event.accountId ? clientSide(tx, event.accountId) : [];

/** Invoices: what sending, crediting and paying tell the client, in the app and by email. */
export const invoiceTopic: NotificationTopic = {
  objectType: "invoice",
  recipients: billingRecipients,
  words: (event, actorName, settings) => {
    const p = payloadOf(event);
    switch (event.verb) {
      case "invoice.sent":
        return {
          title: `Invoice ${p.number}: ${p.money(p.totalMinor)} due ${p.dueDate}`,
          body: `${settings.agencyName} sent you invoice ${p.number}.`,
          lead: `${actorName} at ${settings.agencyName} sent you invoice ${p.number} for ${p.money(p.totalMinor)}, due on ${p.dueDate}.`,
          quote: [],
        };
      case "invoice.credit_note_issued":
        return {
          title: `Credit note ${p.creditNoteNumber} for ${p.money(p.amountMinor)} on ${p.number}`,
          body: p.reason,
          lead: `${settings.agencyName} issued credit note ${p.creditNoteNumber} for ${p.money(p.amountMinor)} against invoice ${p.number}.`,
          quote: p.reason ? [p.reason] : [],
        };
      case "invoice.reminder_sent": {
        const when =
          p.timing === "after"
            ? `is ${p.days} ${p.days === 1 ? "day" : "days"} overdue`
            : p.days === 0
              ? "is due today"
              : `is due in ${p.days} ${p.days === 1 ? "day" : "days"}`;
        return {
          title: `Invoice ${p.number} ${when}`,
          body: `${p.money(p.amountDueMinor)} is due${p.dueDate ? ` (due date ${p.dueDate})` : ""}.`,
          lead: `A reminder from ${settings.agencyName}: invoice ${p.number} ${when}. ${p.money(p.amountDueMinor)} is due${
            p.dueDate ? ` (due date ${p.dueDate})` : ""
          }. If you have already paid, thank you, and please ignore this reminder.`,
          quote: [],
        };
      }
      case "invoice.refund_recorded":
        return {
          title: `Refund of ${p.money(p.amountMinor)} on ${p.number}`,
          body: `${p.money(p.amountDueMinor)} is now due.`,
          lead: `${settings.agencyName} recorded a refund of ${p.money(p.amountMinor)}${p.method ? ` (${p.method.toLowerCase()})` : ""} on invoice ${p.number}.`,
          quote: [],
        };
      default:
        return {
          title: `Payment of ${p.money(p.amountMinor)} received for ${p.number}`,
          body: Number(p.amountDueMinor) > 0 ? `${p.money(p.amountDueMinor)} is still due.` : "Nothing more is due. Thank you.",
          lead: `${settings.agencyName} received your payment of ${p.money(p.amountMinor)}${p.method ? ` (${p.method.toLowerCase()})` : ""} for invoice ${p.number}. ${
            Number(p.amountDueMinor) > 0 ? `${p.money(p.amountDueMinor)} is still due.` : "Nothing more is due. Thank you."
          }`,
          quote: [],
        };
    }
  },
  path: invoicePath,
  // The "invoice sent" email carries the invoice's PDF, a payment's its receipt.
  attachments: (ctx, tx, event) =>
    event.verb === "invoice.sent"
      ? invoicePdfAttachment(ctx, tx, event.objectId, "invoice")
      : event.verb === "invoice.payment_recorded"
        ? invoicePdfAttachment(ctx, tx, event.objectId, "receipt")
        : Promise.resolve([]),
  email: (config, event, to, words) =>
    renderEmail({
      to: to.email,
      subject: words.title,
      greeting: `Hello ${to.name},`,
      paragraphs: [words.lead, ...words.quote],
      linkBase: config.publicUrl,
      action: { label: "View the invoice", url: link({ config }, invoicePath(event.objectId)) },
      footer: "You can choose which emails you receive in your notification settings.",
    }),
};

import { link } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import type { RecordedEvent } from "../../platform/events";
import { renderEmail } from "../../platform/mail";
import type { Recipient } from "../notifications/queries";
import { agencySide, clientSide, type NotificationTopic, type NotificationWords } from "../notifications/service";

/*
 * Who hears of an onboarding submission's events (in-app always; email unless "onboarding.review"
 * is switched off):
 *  - the client side (the account's active contacts) hears the agency shared a form, returned it
 *    with fields to fix, or approved it;
 *  - the agency side (the account's assigned agents; with none, the admins) hears the client
 *    submitted it for review.
 * The default form shared on the client's first visit (no actor) tells nobody: they are looking at it.
 */

export const submissionPath = (submissionId: string) => `/onboarding/submissions/${submissionId}`;

interface SubmissionPayload {
  formName: string;
  round: number;
  fields: string[];
}

function payloadOf(event: RecordedEvent): SubmissionPayload {
  const p = (event.payload ?? {}) as Record<string, unknown>;
  return {
    formName: typeof p.formName === "string" ? p.formName : "the onboarding form",
    round: typeof p.round === "number" ? p.round : 0,
    fields: Array.isArray(p.fields) ? p.fields.filter((f): f is string => typeof f === "string") : [],
  };
}

async function recipients(tx: Executor, event: RecordedEvent): Promise<Recipient[]> {
  const accountId = event.accountId;
  if (!accountId) return [];
  switch (event.verb) {
    case "onboarding.shared":
      return event.actorId ? clientSide(tx, accountId) : [];
    case "onboarding.submitted":
      return agencySide(tx, accountId);
    case "onboarding.returned":
    case "onboarding.approved":
      return clientSide(tx, accountId);
    default:
      return [];
  }
}

/** Words for one submission event, from the point of view of the person told of it. */
export function describeOnboardingEvent(event: RecordedEvent, actorName: string): NotificationWords {
  const p = payloadOf(event);
  switch (event.verb) {
    case "onboarding.shared":
      return {
        title: `Complete your onboarding form: ${p.formName}`,
        body: `${actorName} shared the form with you. Your answers are saved as you go.`,
        lead: `${actorName} shared the onboarding form “${p.formName}” with you. Fill it in with accurate personal information, work preferences, resume details, and any files or instructions your team needs before work begins. Your answers are saved as you go, so you can finish it later or on another device.`,
        quote: [],
      };
    case "onboarding.submitted":
      return {
        title: `Review an onboarding submission: ${p.formName}`,
        body: `${actorName} submitted the form${p.round > 1 ? ` again (round ${p.round})` : ""}. Approve it, or return it with comments on the fields to fix.`,
        lead: `${actorName} submitted the onboarding form “${p.formName}”${p.round > 1 ? ` again (round ${p.round})` : ""}. Approve it, or return it with comments on the fields to fix.`,
        quote: [],
      };
    case "onboarding.returned": {
      const count = p.fields.length === 1 ? "1 field" : `${p.fields.length} fields`;
      return {
        title: `Fix the marked fields in your onboarding form: ${p.formName}`,
        body: `${actorName} returned the form${p.fields.length ? ` with comments on ${count}` : " with a comment"}. Fix them and submit it again.`,
        lead: `${actorName} returned the onboarding form “${p.formName}”${p.fields.length ? ` with comments on ${count}` : " with a comment"}. Open the form to see exactly what to fix, then submit it again.`,
        quote: [],
      };
    }
    case "onboarding.approved":
      return {
        title: `Your onboarding form is approved: ${p.formName}`,
        body: `${actorName} approved the form. Onboarding is complete.`,
        lead: `${actorName} approved your onboarding form “${p.formName}”. Onboarding is complete: from now on, stay active in your dashboard for updates, notices and next actions.`,
        quote: [],
      };
    default:
      return { title: `Onboarding form changed: ${p.formName}`, body: "", lead: `The onboarding form “${p.formName}” changed.`, quote: [] };
  }
}

/** Onboarding: what submission events tell people, in the app and by email. */
export const onboardingTopic: NotificationTopic = {
  objectType: "onboarding_submission",
  recipients: (tx, event) => recipients(tx, event),
  words: (event, actorName) => describeOnboardingEvent(event, actorName),
  path: submissionPath,
  email: (config, event, to, words) =>
    renderEmail({
      to: to.email,
      subject: words.title,
      greeting: `Hello ${to.name},`,
      paragraphs: [words.lead],
      message: words.quote.join("\n\n"),
      linkBase: config.publicUrl,
      action: { label: "Open the onboarding form", url: link({ config }, submissionPath(event.objectId)) },
      footer: "You can choose which emails you receive in your notification settings.",
    }),
};

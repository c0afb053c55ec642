import { type AppContext, link } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import { queueEmail, renderEmail } from "../../platform/mail";
import { getSettings } from "../../platform/settings";

/** Every account email: rendered here, queued in the caller's transaction, links from PUBLIC_URL. */
export async function sendActivationEmail(ctx: AppContext, tx: Executor, to: { email: string; name: string }, token: string) {
  const { agencyName } = await getSettings(tx);
  await queueEmail(
    tx,
    renderEmail({
      to: to.email,
      subject: `Activate your ${agencyName} account`,
      greeting: `Hello ${to.name},`,
      paragraphs: [
        `Thank you for registering with the ${agencyName} client portal.`,
        "Open the link below and press “Activate account” to confirm your email address. The link works once and expires in 3 days.",
      ],
      action: { label: "Activate your account", url: link(ctx, "/activate", { token }) },
    }),
  );
}

export async function sendPasswordResetEmail(ctx: AppContext, tx: Executor, to: { email: string; name: string }, token: string) {
  const { agencyName } = await getSettings(tx);
  await queueEmail(
    tx,
    renderEmail({
      to: to.email,
      subject: `Reset your ${agencyName} password`,
      greeting: `Hello ${to.name},`,
      paragraphs: [
        "Someone (hopefully you) asked to reset the password of your client portal account.",
        "Open the link below to choose a new password. The link works once and expires in one hour. Choosing a new password signs you out everywhere else.",
      ],
      action: { label: "Choose a new password", url: link(ctx, "/reset-password", { token }) },
      footer: "If you did not ask for this, ignore this email: your password stays as it is.",
    }),
  );
}

export async function sendInvitationEmail(
  ctx: AppContext,
  tx: Executor,
  to: { email: string; name: string },
  invitedBy: string,
  token: string,
) {
  const { agencyName } = await getSettings(tx);
  await queueEmail(
    tx,
    renderEmail({
      to: to.email,
      subject: `You are invited to the ${agencyName} client portal`,
      greeting: `Hello ${to.name},`,
      paragraphs: [
        `${invitedBy} invited you to the ${agencyName} client portal.`,
        "Open the link below to set your password and log in. The invitation expires in 7 days.",
      ],
      action: { label: "Accept the invitation", url: link(ctx, "/invitation", { token }) },
    }),
  );
}

export async function sendApprovalRequestEmail(
  ctx: AppContext,
  tx: Executor,
  admin: { email: string; name: string },
  applicant: { name: string; email: string; company: string | null; accountName: string | null },
) {
  const from = applicant.company ? ` from ${applicant.company}` : "";
  const next = applicant.accountName
    ? `They joined ${applicant.accountName}'s account; approve them to let them in.`
    : "Place them in their company's client account (or create one) and approve them.";
  await queueEmail(
    tx,
    renderEmail({
      to: admin.email,
      subject: `New registration awaits ${applicant.accountName ? "approval" : "placement"}: ${applicant.name}`,
      greeting: `Hello ${admin.name},`,
      paragraphs: [`${applicant.name}${from} (${applicant.email}) registered and confirmed their email. ${next}`],
      action: { label: "Review registrations", url: link(ctx, "/admin/users", { state: "awaiting_approval" }) },
      footer: applicant.accountName
        ? "You receive this because new registrations require admin approval."
        : "You receive this because new registrations wait for the agency to place them in a client account.",
    }),
  );
}

export async function sendApprovedEmail(ctx: AppContext, tx: Executor, to: { email: string; name: string }) {
  const { agencyName } = await getSettings(tx);
  await queueEmail(
    tx,
    renderEmail({
      to: to.email,
      subject: `Your ${agencyName} account is approved`,
      greeting: `Hello ${to.name},`,
      paragraphs: ["Your client portal account has been approved. You can now log in to your dashboard."],
      action: { label: "Log In", url: link(ctx, "/login") },
    }),
  );
}

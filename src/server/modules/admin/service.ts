import { contrastWithWhite, MIN_TEXT_CONTRAST } from "../../../common/colors";
import type { TBranding, TSettings } from "../../../common/schemas";
import { brandingOf } from "../../../common/settings";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import type { Executor } from "../../platform/db/database";
import { validation } from "../../platform/errors";
import { recordEvent } from "../../platform/events";
import { getSettings, saveSettings } from "../../platform/settings";
import { attachAgencyLogo } from "../files/service";

/**
 * Saves the admin's changes to the settings and records what they were before and after. An
 * accent colour must carry white text readably; a new logo is the admin's own pending upload.
 */
export async function updateSettings(ctx: AppContext, actor: Actor, patch: Partial<TSettings>): Promise<TSettings> {
  if (patch.accentColor && contrastWithWhite(patch.accentColor) < MIN_TEXT_CONTRAST) {
    const ratio = contrastWithWhite(patch.accentColor).toFixed(1);
    throw validation(
      "accentColor",
      `White text on ${patch.accentColor} is hard to read (${ratio}:1; at least 4.5:1 is needed). Choose a darker colour.`,
    );
  }
  return ctx.db.transaction().execute(async (tx) => {
    const before = await getSettings(tx);
    const prefixes = { ticketPrefix: patch.ticketPrefix ?? before.ticketPrefix, taskPrefix: patch.taskPrefix ?? before.taskPrefix };
    if (prefixes.ticketPrefix === prefixes.taskPrefix) {
      throw validation(
        patch.taskPrefix ? "taskPrefix" : "ticketPrefix",
        `Tickets and tasks need different prefixes (both are ${prefixes.ticketPrefix}), or their references could be confused.`,
      );
    }
    if (patch.logoFileId && patch.logoFileId !== before.logoFileId) await attachAgencyLogo(tx, actor, patch.logoFileId);
    await saveSettings(tx, patch);
    const after = await getSettings(tx);
    await recordEvent(tx, {
      actorId: actor.id,
      verb: "settings.updated",
      objectType: "settings",
      objectId: "settings",
      payload: { before, after },
    });
    return after;
  });
}

/** The agency's public face: what the log-in page, the navigation, emails and the Help page show. */
export async function getBranding(db: Executor): Promise<TBranding> {
  return brandingOf(await getSettings(db));
}

import type { TSettings } from "../../../common/schemas";
import type { Actor } from "../../platform/auth/sessions";
import type { AppContext } from "../../platform/context";
import { recordEvent } from "../../platform/events";
import { getSettings, saveSettings } from "../../platform/settings";

/** Saves the admin's changes to the settings and records what they were before and after. */
export async function updateSettings(ctx: AppContext, actor: Actor, patch: Partial<TSettings>): Promise<TSettings> {
  return ctx.db.transaction().execute(async (tx) => {
    const before = await getSettings(tx);
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

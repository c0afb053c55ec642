import type { TSettings } from "../../common/schemas";
import { DEFAULT_SETTINGS } from "../../common/settings";
import type { Executor } from "./db/database";
import { nowIso } from "./ids";

/** Admin-editable settings, stored one JSON value per key, falling back to the defaults. */
export async function getSettings(db: Executor): Promise<TSettings> {
  const rows = await db.selectFrom("settings").select(["key", "value"]).execute();
  const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  return { ...DEFAULT_SETTINGS, ...(stored as Partial<TSettings>) };
}

export async function saveSettings(tx: Executor, patch: Partial<TSettings>): Promise<void> {
  const now = nowIso();
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    await tx
      .insertInto("settings")
      .values({ key, value: JSON.stringify(value), updated_at: now })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(value), updated_at: now }))
      .execute();
  }
}

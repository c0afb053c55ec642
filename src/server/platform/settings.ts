import { Value } from "typebox/value";
import { SETTING_KEYS, type TSettings, ZSettings } from "../../common/schemas";
import { DEFAULT_SETTINGS } from "../../common/settings";
import type { Executor } from "./db/database";
import { nowIso } from "./ids";

/**
 * Admin-editable settings, stored one JSON value per key, falling back to the defaults. Each key
 * has its own schema (ZSettings): only known keys are written or read back, each value checked
 * against its key's schema, so a row that is not a setting (or no longer a valid one) can never
 * reach the app. The request schema refuses unknown keys by name; this is the second line.
 */

const KNOWN = new Set<string>(SETTING_KEYS);

/** Is `value` a valid value of the setting `key`? A flat check against that key's schema: nothing walks an arbitrary value. */
export function isSettingValue(key: string, value: unknown): boolean {
  if (!KNOWN.has(key)) return false;
  return Value.Check(ZSettings.properties[key as keyof TSettings], value);
}

function parseStored(key: string, text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return isSettingValue(key, value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export async function getSettings(db: Executor): Promise<TSettings> {
  const rows = await db.selectFrom("settings").select(["key", "value"]).execute();
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const row of rows) {
    // Why: rows written before keys were checked (or by hand) fall back to the default, not into the app.
    const value = parseStored(row.key, row.value);
    if (value !== undefined) settings[row.key] = value;
  }
  return settings as TSettings;
}

/** Writes the changed settings; a key that is not a setting, or a value its schema refuses, is a programming error here. */
export async function saveSettings(tx: Executor, patch: Partial<TSettings>): Promise<void> {
  const now = nowIso();
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (!isSettingValue(key, value)) throw new Error(`saveSettings: ${JSON.stringify(key)} is not a setting, or its value is not valid`);
    const json = JSON.stringify(value);
    await tx
      .insertInto("settings")
      .values({ key, value: json, updated_at: now })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: json, updated_at: now }))
      .execute();
  }
}

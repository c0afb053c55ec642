// `npm run rotate-key`: re-encrypts every registered encrypted column under ENCRYPTION_KEY,
// opening older values with ENCRYPTION_KEY_PREVIOUS. One transaction: on any failure nothing
// changes. Prints one line per column and `N rotated, M already current`; exits 1 on failure.
// It opens the database as it is and applies no migrations (start the portal once first).
import { loadConfigOrReport } from "../platform/config";
import { openDatabase } from "../platform/db/database";
import { createKeyring, ENCRYPTED_COLUMNS, rotateCiphertexts } from "../platform/secrets";

async function main(): Promise<number> {
  const config = loadConfigOrReport();
  if (!config) return 1;
  const keyring = createKeyring(config.encryptionKey, config.previousEncryptionKeys);
  const previous = keyring.keyIds.slice(1);
  console.log(
    `Rotating to key ${keyring.currentKeyId}; ${previous.length > 0 ? `previous key(s): ${previous.join(", ")}` : "ENCRYPTION_KEY_PREVIOUS is not set, so only values already under this key can be read"}`,
  );
  if (ENCRYPTED_COLUMNS.length === 0) {
    console.log("No encrypted columns are registered yet: nothing to rotate.");
    console.log("0 rotated, 0 already current");
    return 0;
  }

  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const counts = await rotateCiphertexts(database.db, keyring, ENCRYPTED_COLUMNS);
    const width = Math.max(...counts.map((c) => `${c.table}.${c.column}`.length));
    for (const c of counts) {
      console.log(`  ${`${c.table}.${c.column}`.padEnd(width)}  ${c.rotated} rotated, ${c.current} already current`);
    }
    const rotated = counts.reduce((sum, c) => sum + c.rotated, 0);
    const current = counts.reduce((sum, c) => sum + c.current, 0);
    console.log(`${rotated} rotated, ${current} already current (${database.dialect})`);
    if (previous.length > 0) console.log("Every value is now under the current key: ENCRYPTION_KEY_PREVIOUS can be removed.");
    return 0;
  } catch (error) {
    console.error(`FAILED: ${(error as Error).message}`);
    console.error("Nothing was changed (the rotation runs in one transaction).");
    return 1;
  } finally {
    await database.close();
  }
}

process.exitCode = await main();

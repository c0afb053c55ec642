import { createCipheriv, createDecipheriv, createHash, createSecretKey, hkdfSync, type KeyObject, randomBytes } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "./db/database";

/**
 * Secrets at rest (one-time codes, and whatever else must be readable again but never stored
 * plain): AES-256-GCM under a key derived from ENCRYPTION_KEY. Every ciphertext names the key
 * that sealed it, so the key can rotate: set a new ENCRYPTION_KEY, keep the old one in
 * ENCRYPTION_KEY_PREVIOUS until `npm run rotate-key` has re-encrypted every registered column.
 *
 * Format: `v1.<keyId>.<iv>.<ciphertext+tag>` — keyId is 8 hex characters, iv and data are
 * base64url (which never contains a dot, so the four parts split cleanly).
 */
const VERSION = "v1";
const HKDF_INFO = "portico:secrets:v1";
const IV_BYTES = 12; // the GCM standard nonce size; any other length is hashed into one, weaker
const TAG_BYTES = 16;
const MIN_KEY_LENGTH = 32;

export type SecretErrorCode =
  /** A key string is too short, or two different keys share a key id. */
  | "invalid_key"
  /** The ciphertext names a key this keyring does not hold. */
  | "unknown_key"
  /** Not a ciphertext of ours, altered, or bound to other associated data: nothing is returned. */
  | "tampered";

export class SecretError extends Error {
  override readonly name = "SecretError";
  constructor(
    readonly code: SecretErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The current key seals; the current and every previous key open. */
export interface Keyring {
  /** Fingerprint of the current key, as written into every new ciphertext. */
  readonly currentKeyId: string;
  /** Every key id this keyring can open, current first. */
  readonly keyIds: readonly string[];
  /**
   * Seals `plaintext` under the current key with a fresh random IV. `aad` (associated data,
   * e.g. `ask:<id>`) is authenticated but not stored: decrypt must be given the same value, so
   * a ciphertext copied into another row does not open there. No aad is the same as "".
   */
  encrypt(plaintext: string, aad?: string): string;
  /** Opens a ciphertext from encrypt. Throws SecretError (`unknown_key`, `tampered`); never returns garbage. */
  decrypt(ciphertext: string, aad?: string): string;
  /** True when the ciphertext was not sealed under the current key (throws `tampered` when it is not one of ours). */
  needsRotation(ciphertext: string): boolean;
}

interface Key {
  id: string;
  key: KeyObject;
}

/**
 * HKDF-SHA256 turns any key string of 32+ characters into exactly 32 bytes. HKDF does not
 * stretch: the string must already be random (the generated key file is; so is
 * `openssl rand -base64 32`), not a memorable passphrase.
 */
function deriveKey(keyString: string): Key {
  if (keyString.length < MIN_KEY_LENGTH) {
    throw new SecretError("invalid_key", `an encryption key must be at least ${MIN_KEY_LENGTH} characters long`);
  }
  const bytes = Buffer.from(hkdfSync("sha256", keyString, Buffer.alloc(0), HKDF_INFO, 32));
  // The id is a fingerprint of the derived key: stable across restarts and instances, and
  // SHA-256 reveals nothing about the key it was computed from.
  const id = createHash("sha256").update(bytes).digest("hex").slice(0, 8);
  return { id, key: createSecretKey(bytes) };
}

/**
 * The authenticated data: the header (so the version and key id cannot be swapped without
 * detection) then the caller's aad. The header has a fixed length, so the join is unambiguous.
 */
function additionalData(keyId: string, aad: string | undefined): Buffer {
  return Buffer.from(`${VERSION}.${keyId}.${aad ?? ""}`, "utf8");
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Node's base64url decoder skips characters it does not know and ignores the spare bits of the
 * last character, so two different strings can decode to the same bytes. Only the canonical
 * encoding is accepted: every change to the text is then a change to the bytes.
 */
function decodeStrict(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : undefined;
}

interface Parsed {
  keyId: string;
  iv: Buffer;
  data: Buffer;
}

function parse(ciphertext: string): Parsed {
  const tampered = (why: string) => new SecretError("tampered", `not a valid encrypted secret: ${why}`);
  const parts = ciphertext.split(".");
  if (parts.length !== 4) throw tampered("expected four dot-separated parts");
  const [version = "", keyId = "", ivText = "", dataText = ""] = parts;
  if (version !== VERSION) throw tampered(`unknown format version "${version.slice(0, 8)}"`);
  if (!/^[0-9a-f]{8}$/.test(keyId)) throw tampered("the key id is not 8 hex characters");
  const iv = decodeStrict(ivText);
  if (iv === undefined || iv.length !== IV_BYTES) throw tampered("the IV is damaged");
  const data = decodeStrict(dataText);
  if (data === undefined || data.length < TAG_BYTES) throw tampered("the data is damaged");
  return { keyId, iv, data };
}

/**
 * Builds the keyring from ENCRYPTION_KEY (`current`) and ENCRYPTION_KEY_PREVIOUS (`previous`).
 * A previous key equal to the current one is ignored; two different keys with the same id
 * (a one-in-four-billion chance) are refused rather than tried in turn.
 */
export function createKeyring(current: string, previous: readonly string[] = []): Keyring {
  const currentKey = deriveKey(current);
  const byId = new Map<string, KeyObject>([[currentKey.id, currentKey.key]]);
  for (const keyString of previous) {
    const { id, key } = deriveKey(keyString);
    const known = byId.get(id);
    if (known === undefined) byId.set(id, key);
    else if (!known.equals(key)) throw new SecretError("invalid_key", `two different encryption keys share the key id ${id}`);
  }

  return {
    currentKeyId: currentKey.id,
    keyIds: [...byId.keys()],

    encrypt(plaintext, aad) {
      // A fresh random IV per message: GCM is broken outright if an IV ever repeats under one
      // key. 96 random bits keep that negligible for far more secrets than a portal stores.
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", currentKey.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(additionalData(currentKey.id, aad));
      const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${currentKey.id}.${iv.toString("base64url")}.${data.toString("base64url")}`;
    },

    decrypt(ciphertext, aad) {
      const { keyId, iv, data } = parse(ciphertext);
      const key = byId.get(keyId);
      if (key === undefined) {
        throw new SecretError(
          "unknown_key",
          `this secret was encrypted with key ${keyId}, which is neither ENCRYPTION_KEY nor in ENCRYPTION_KEY_PREVIOUS`,
        );
      }
      // authTagLength pins the tag to 16 bytes: without it Node would accept a truncated tag,
      // which is far easier to forge.
      const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(additionalData(keyId, aad));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const body = decipher.update(data.subarray(0, data.length - TAG_BYTES));
      try {
        // final() is where GCM checks the tag; until it passes, `body` is unauthenticated and
        // is dropped, never returned.
        return Buffer.concat([body, decipher.final()]).toString("utf8");
      } catch {
        throw new SecretError("tampered", "this secret was altered, or belongs to another record (authentication failed)");
      }
    },

    needsRotation(ciphertext) {
      return parse(ciphertext).keyId !== currentKey.id;
    },
  };
}

/** A column holding ciphertexts from Keyring.encrypt, one row per id. */
export interface EncryptedColumn {
  table: string;
  idColumn: string;
  column: string;
  /** The aad the module seals this column's values with, from the row id (e.g. `(id) => \`ask:${id}\``). */
  aad?: (id: string) => string;
}

/**
 * Every column that stores ciphertexts. A module that encrypts a column adds it here, with the
 * aad it uses, so `npm run rotate-key` re-encrypts it when the key changes.
 */
export const ENCRYPTED_COLUMNS: EncryptedColumn[] = [
  // Time-boxed asks: a one-time code or a secret short answer, until it is purged (modules/asks).
  { table: "asks", idColumn: "id", column: "answer_secret", aad: (id) => `ask:${id}` },
];

export interface RotationCount {
  table: string;
  column: string;
  /** Re-encrypted under the current key by this run. */
  rotated: number;
  /** Already under the current key, left alone. */
  current: number;
}

const BATCH = 500;

/**
 * Re-encrypts under the current key every value of `columns` sealed under another key, in one
 * transaction: a value that does not open (unknown key, tampered) stops the run and nothing is
 * changed. Running it again rotates nothing, so it is safe to repeat.
 */
export async function rotateCiphertexts(db: Db, keyring: Keyring, columns: readonly EncryptedColumn[]): Promise<RotationCount[]> {
  return db.transaction().execute(async (trx) => {
    const counts: RotationCount[] = [];
    for (const spec of columns) {
      const table = sql.table(spec.table);
      const idRef = sql.ref(spec.idColumn);
      const valueRef = sql.ref(spec.column);
      const count: RotationCount = { table: spec.table, column: spec.column, rotated: 0, current: 0 };
      // Keyset pages by id, so a large table is never held in memory at once.
      let after: string | number | undefined;
      for (;;) {
        const page = await sql<{ id: string | number; value: string }>`
          select ${idRef} as id, ${valueRef} as value from ${table}
          where ${valueRef} is not null ${after === undefined ? sql`` : sql`and ${idRef} > ${after}`}
          order by ${idRef} limit ${BATCH}`.execute(trx);
        for (const { id, value } of page.rows) {
          const aad = spec.aad?.(String(id));
          let plaintext: string | undefined;
          try {
            plaintext = keyring.needsRotation(value) ? keyring.decrypt(value, aad) : undefined;
          } catch (error) {
            // Name the row, so the person running the rotation can find the value that stopped it.
            if (!(error instanceof SecretError)) throw error;
            throw new SecretError(error.code, `${spec.table}.${spec.column} (${spec.idColumn} ${id}): ${error.message}`);
          }
          if (plaintext === undefined) {
            count.current++;
            continue;
          }
          // Compare-and-set on the old value: a row rewritten meanwhile by the app keeps its newer value.
          const updated = await sql`
            update ${table} set ${valueRef} = ${keyring.encrypt(plaintext, aad)}
            where ${idRef} = ${id} and ${valueRef} = ${value}`.execute(trx);
          if (Number(updated.numAffectedRows ?? 0) > 0) count.rotated++;
        }
        if (page.rows.length < BATCH) break;
        after = page.rows[page.rows.length - 1]!.id;
      }
      counts.push(count);
    }
    return counts;
  });
}

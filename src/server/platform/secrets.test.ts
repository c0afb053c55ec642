import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "./db/database";
import { newId } from "./ids";
import { createKeyring, type EncryptedColumn, rotateCiphertexts, SecretError } from "./secrets";

const OLD_KEY = "old-key-0123456789abcdefghijklmnopqrstuvwxyz";
const NEW_KEY = "new-key-0123456789abcdefghijklmnopqrstuvwxyz";
const OTHER_KEY = "another-key-0123456789abcdefghijklmnopqrstuv";

/** The SecretError code a call throws (fails when it returns instead). */
function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretError);
    return (error as SecretError).code;
  }
  throw new Error("expected a SecretError");
}

/** The text with one character at `index` replaced by a different base64url/hex-safe one. */
function flip(text: string, index: number): string {
  const replacement = text[index] === "a" ? "b" : "a";
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe("createKeyring", () => {
  const keyring = createKeyring(NEW_KEY);

  it("round-trips text, including an empty string and non-ASCII", () => {
    for (const text of ["483920", "", "päßwörd ✓ 秘密", "x".repeat(10_000)]) {
      expect(keyring.decrypt(keyring.encrypt(text))).toBe(text);
    }
  });

  it("writes v1.<keyId>.<iv>.<data>, with a key id that is the same for the same key", () => {
    const ciphertext = keyring.encrypt("secret");
    expect(ciphertext).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(ciphertext.split(".")[1]).toBe(keyring.currentKeyId);
    expect(createKeyring(NEW_KEY).currentKeyId).toBe(keyring.currentKeyId);
    expect(createKeyring(OLD_KEY).currentKeyId).not.toBe(keyring.currentKeyId);
  });

  it("gives two encryptions of the same text different ciphertexts (fresh IV each time)", () => {
    const [a, b] = [keyring.encrypt("same"), keyring.encrypt("same")];
    expect(a).not.toBe(b);
    expect(a.split(".")[2]).not.toBe(b.split(".")[2]);
  });

  it("never shows the plaintext in the ciphertext, plain or base64", () => {
    const plaintext = "correct-horse-battery-staple";
    const ciphertext = keyring.encrypt(plaintext);
    expect(ciphertext).not.toContain(plaintext);
    expect(ciphertext).not.toContain(Buffer.from(plaintext).toString("base64url").slice(0, 12));
    expect(ciphertext).not.toContain(Buffer.from(plaintext).toString("hex").slice(0, 12));
  });

  it("refuses every altered character of the IV, the data and the tag as tampered", () => {
    const ciphertext = keyring.encrypt("483920", "ask:1");
    const dataStart = ciphertext.lastIndexOf(".") + 1;
    const ivStart = ciphertext.indexOf(".", 3) + 1;
    for (let i = ivStart; i < ciphertext.length; i++) {
      if (ciphertext[i] === ".") continue;
      expect(
        codeOf(() => keyring.decrypt(flip(ciphertext, i), "ask:1")),
        `character ${i}`,
      ).toBe("tampered");
    }
    // The last 16 bytes are the tag: cutting it short or dropping it is tampering too.
    expect(codeOf(() => keyring.decrypt(ciphertext.slice(0, -4), "ask:1"))).toBe("tampered");
    expect(codeOf(() => keyring.decrypt(`${ciphertext.slice(0, dataStart)}AAAA`, "ask:1"))).toBe("tampered");
  });

  it("refuses a damaged header or shape as tampered", () => {
    const ciphertext = keyring.encrypt("483920");
    const [, keyId = "", iv = "", data = ""] = ciphertext.split(".");
    for (const damaged of [
      `v2.${keyId}.${iv}.${data}`,
      `${keyId}.${iv}.${data}`,
      `v1.${keyId}.${iv}.${data}.extra`,
      `v1.${keyId.toUpperCase()}X.${iv}.${data}`,
      `v1.${keyId}.${iv}=.${data}`,
      `v1.${keyId}.${iv.slice(0, -2)}.${data}`,
      `v1.${keyId}.${iv}.${data} `,
      "483920",
      "",
    ]) {
      expect(
        codeOf(() => keyring.decrypt(damaged)),
        damaged,
      ).toBe("tampered");
      expect(
        codeOf(() => keyring.needsRotation(damaged)),
        damaged,
      ).toBe("tampered");
    }
  });

  it("refuses a ciphertext relabelled with another key id of the ring as tampered", () => {
    const ring = createKeyring(NEW_KEY, [OLD_KEY]);
    const [oldId] = ring.keyIds.slice(1);
    const relabelled = ring.encrypt("483920").replace(`.${ring.currentKeyId}.`, `.${oldId}.`);
    expect(codeOf(() => ring.decrypt(relabelled))).toBe("tampered");
  });

  it("binds a ciphertext to its associated data: the wrong aad, or none, is tampered", () => {
    const ciphertext = keyring.encrypt("483920", "ask:1");
    expect(keyring.decrypt(ciphertext, "ask:1")).toBe("483920");
    expect(codeOf(() => keyring.decrypt(ciphertext, "ask:2"))).toBe("tampered");
    expect(codeOf(() => keyring.decrypt(ciphertext))).toBe("tampered");
    expect(codeOf(() => keyring.decrypt(keyring.encrypt("483920"), "ask:1"))).toBe("tampered");
  });

  it("opens a text from a previous key, and says it needs rotation", () => {
    const fromOld = createKeyring(OLD_KEY).encrypt("483920", "ask:1");
    const ring = createKeyring(NEW_KEY, [OLD_KEY]);
    expect(ring.decrypt(fromOld, "ask:1")).toBe("483920");
    expect(ring.needsRotation(fromOld)).toBe(true);
    expect(ring.needsRotation(ring.encrypt("483920"))).toBe(false);
    expect(ring.keyIds).toEqual([ring.currentKeyId, createKeyring(OLD_KEY).currentKeyId]);
  });

  it("refuses a text from a key not in the ring as unknown_key, naming the key id", () => {
    const fromOther = createKeyring(OTHER_KEY).encrypt("483920");
    const ring = createKeyring(NEW_KEY, [OLD_KEY]);
    expect(codeOf(() => ring.decrypt(fromOther))).toBe("unknown_key");
    expect(() => ring.decrypt(fromOther)).toThrow(fromOther.split(".")[1]);
    expect(ring.needsRotation(fromOther)).toBe(true);
  });

  it("refuses keys shorter than 32 characters and ignores a previous key equal to the current one", () => {
    expect(codeOf(() => createKeyring("short"))).toBe("invalid_key");
    expect(codeOf(() => createKeyring(NEW_KEY, ["short"]))).toBe("invalid_key");
    expect(createKeyring(NEW_KEY, [NEW_KEY]).keyIds).toEqual([keyring.currentKeyId]);
  });
});

describe("rotateCiphertexts", () => {
  // A real database: SQLite in a temporary directory, or the TEST_DATABASE_URL server, where
  // a table with a unique name is created and dropped.
  let dataDir: string;
  let database: DatabaseHandle;
  const table = `secrets_test_${newId().replace(/-/g, "").slice(-12)}`;
  const columns: EncryptedColumn[] = [{ table, idColumn: "id", column: "code", aad: (id) => `ask:${id}` }];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "portico-secrets-"));
    database = openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL, dataDir });
    await sql`create table ${sql.table(table)} (id text primary key, code text)`.execute(database.db);
  });
  afterAll(async () => {
    await sql`drop table if exists ${sql.table(table)}`.execute(database.db);
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const insert = (id: string, code: string | null) =>
    sql`insert into ${sql.table(table)} (id, code) values (${id}, ${code})`.execute(database.db);
  const codes = async () =>
    (await sql<{ id: string; code: string | null }>`select id, code from ${sql.table(table)} order by id`.execute(database.db)).rows;

  it("re-encrypts values under the old key, once, and leaves empty values alone", async () => {
    const oldRing = createKeyring(OLD_KEY);
    await insert("a", oldRing.encrypt("111111", "ask:a"));
    await insert("b", oldRing.encrypt("222222", "ask:b"));
    await insert("c", null);
    const before = await codes();

    const ring = createKeyring(NEW_KEY, [OLD_KEY]);
    expect(await rotateCiphertexts(database.db, ring, columns)).toEqual([{ table, column: "code", rotated: 2, current: 0 }]);

    const after = await codes();
    expect(after[0]!.code).not.toBe(before[0]!.code);
    expect(after[2]!.code).toBeNull();
    const newOnly = createKeyring(NEW_KEY);
    expect(after.slice(0, 2).map((row) => newOnly.decrypt(row.code!, `ask:${row.id}`))).toEqual(["111111", "222222"]);

    expect(await rotateCiphertexts(database.db, ring, columns)).toEqual([{ table, column: "code", rotated: 0, current: 2 }]);
    expect(await codes()).toEqual(after);
  });

  it("changes nothing when one value does not open, and names the row", async () => {
    await insert("d", createKeyring(OLD_KEY).encrypt("444444", "ask:d"));
    await insert("e", createKeyring(OTHER_KEY).encrypt("555555", "ask:e"));
    const before = await codes();
    const run = rotateCiphertexts(database.db, createKeyring(NEW_KEY, [OLD_KEY]), columns);
    await expect(run).rejects.toThrow(SecretError);
    await expect(run).rejects.toThrow(`${table}.code (id e)`);
    expect(await codes()).toEqual(before);
  });
});

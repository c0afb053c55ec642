import { createDecipheriv, createECDH, createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/*
 * A push service stand-in for tests (what FCM or Mozilla's autopush is to a real browser): an
 * HTTP server on 127.0.0.1 that records every request and answers 201 — or the status it was
 * told to for a path (404/410: "this subscription is gone"). With `newBrowserKeys` (the keys a
 * browser makes when it subscribes) and `decryptPush` (what the browser does on receipt, written
 * here from the RFCs rather than with the library under test) a test reads exactly what went
 * over the wire.
 */

export interface ReceivedPush {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface PushServiceStandIn {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `127.0.0.1:<port>`: what PUSH_ALLOWED_HOSTS must name. */
  host: string;
  /** Every request received, oldest first. */
  requests: ReceivedPush[];
  /** An endpoint URL on the stand-in (`/push/<name>`), as a push service would hand a browser. */
  endpoint(name: string): string;
  /** From now on, answer `status` to requests for `path` (e.g. 410 for a subscription that expired). */
  answer(path: string, status: number): void;
  close(): Promise<void>;
}

export async function startPushService(): Promise<PushServiceStandIn> {
  const requests: ReceivedPush[] = [];
  const answers = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = req.url ?? "/";
      requests.push({ method: req.method ?? "", path, headers: req.headers, body: Buffer.concat(chunks) });
      const status = answers.get(path) ?? 201;
      res.writeHead(status, { "content-type": "text/plain" }).end(status === 201 ? "" : "subscription gone");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    host: `127.0.0.1:${port}`,
    requests,
    endpoint: (name) => `${origin}/push/${encodeURIComponent(name)}`,
    answer: (path, status) => void answers.set(path, status),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A browser's subscription keys: what it sends (`p256dh`, `auth`, base64url) and what it keeps (the private key). */
export interface BrowserKeys {
  p256dh: string;
  auth: string;
  privateKey: Buffer;
}

/** Keys as a browser makes them when it subscribes: a P-256 key pair and 16 random auth bytes (RFC 8291 §2). */
export function newBrowserKeys(): BrowserKeys {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return {
    p256dh: ecdh.getPublicKey().toString("base64url"), // uncompressed: 0x04 || x || y, 65 bytes
    auth: randomBytes(16).toString("base64url"),
    privateKey: ecdh.getPrivateKey(),
  };
}

/** HKDF (RFC 5869) with SHA-256, its two steps spelt out as RFC 8291 §3.4 uses them. */
const hkdfExtract = (salt: Buffer, ikm: Buffer) => createHmac("sha256", salt).update(ikm).digest();
function hkdfExpand(prk: Buffer, info: Buffer, length: number): Buffer {
  // Every length used here is at most one SHA-256 block (32 bytes): T(1) suffices.
  return createHmac("sha256", prk)
    .update(Buffer.concat([info, Buffer.from([1])]))
    .digest()
    .subarray(0, length);
}

/**
 * Decrypts a Web Push body as the browser would: RFC 8188's aes128gcm content coding (header:
 * salt, record size, key id = the sender's ephemeral public key) with RFC 8291's key derivation.
 * Throws when anything does not check out (a wrong key fails the GCM tag).
 */
export function decryptPush(body: Buffer, keys: BrowserKeys): Buffer {
  // RFC 8188 §2.1: salt (16) | rs (uint32) | idlen (1) | keyid (idlen) | records.
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20] ?? 0;
  const senderPublic = body.subarray(21, 21 + idLength);
  if (idLength !== 65 || senderPublic[0] !== 0x04) throw new Error(`keyid is not a P-256 public key (${idLength} bytes)`);
  const ciphertext = body.subarray(21 + idLength);

  // RFC 8291 §3.3–3.4: the ECDH secret, mixed with the auth secret, keyed to both public keys.
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(keys.privateKey);
  const browserPublic = Buffer.from(keys.p256dh, "base64url");
  const ecdhSecret = ecdh.computeSecret(senderPublic);
  const prkKey = hkdfExtract(Buffer.from(keys.auth, "base64url"), ecdhSecret);
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), browserPublic, senderPublic]);
  const ikm = hkdfExpand(prkKey, keyInfo, 32);
  const prk = hkdfExtract(salt, ikm);
  const cek = hkdfExpand(prk, Buffer.from("Content-Encoding: aes128gcm\0"), 16);
  const nonceBase = hkdfExpand(prk, Buffer.from("Content-Encoding: nonce\0"), 12);

  // RFC 8188 §2–2.3: records of `rs` bytes (the last may be shorter), each nonce = base XOR its index.
  const plain: Buffer[] = [];
  for (let offset = 0, index = 0; offset < ciphertext.length; offset += recordSize, index++) {
    const record = ciphertext.subarray(offset, Math.min(offset + recordSize, ciphertext.length));
    const nonce = Buffer.from(nonceBase);
    // (An index below 2^32 touches only the last four bytes.)
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ index) >>> 0, 8);
    const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const data = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    // Padding: the content, a delimiter (0x02 in the last record, 0x01 before), then zeros.
    let end = data.length - 1;
    while (end >= 0 && data[end] === 0) end--;
    const last = offset + recordSize >= ciphertext.length;
    if (data[end] !== (last ? 0x02 : 0x01)) throw new Error(`record ${index}: padding delimiter missing`);
    plain.push(data.subarray(0, end));
  }
  return Buffer.concat(plain);
}

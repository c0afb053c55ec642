import { megabytes } from "../files/names";
import { composeMail, type MailAttachment } from "./compose-mail";

/**
 * A corpus of hostile email, for hostile-mail.test.ts and for a drill against a running server:
 * each case is generated here (nothing big is committed) and says what must become of it —
 * posted into the ticket its reply address names, quarantined (with a reason matching
 * `reason`), or refused outright because it is larger than INBOUND_MAX_MB (HTTP 413
 * `payload_too_large`, SMTP 552). Never a 5xx, never an SMTP 451.
 */
export interface HostileCase {
  name: string;
  /** The raw message, with the Message-ID given (a fresh one per delivery, or it is a duplicate). */
  raw: (messageId: string) => Buffer;
  expect: "attached" | "quarantined" | "refused";
  reason?: RegExp;
  /** The posted comment's exact text, when it is posted and the text is predictable. */
  body?: string;
}

export interface HostileTarget {
  /** A participant's From header (`Anna Alpha <anna@alpha.test>`): what is posted is posted as them. */
  from: string;
  /** A stranger's address, for the forged Sender / Reply-To cases. */
  stranger: string;
  /** The object's signed reply address. */
  to: string;
  subject: string;
  maxUploadBytes: number;
  inboundMaxBytes: number;
}

const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const file = (name: string, bytes: number, contentType: string): MailAttachment => ({ name, contentType, data: Buffer.alloc(bytes, 0x61) });

export function hostileCorpus(target: HostileTarget): HostileCase[] {
  const { from, stranger, to, subject } = target;
  const head = (messageId: string, extra: string[] = [], sender = from) =>
    [`From: ${sender}`, `To: ${to}`, `Subject: ${subject}`, `Message-ID: ${messageId}`, "MIME-Version: 1.0", ...extra].join("\r\n");
  const plain = (messageId: string, extra: string[], text: string, sender = from) =>
    Buffer.from(`${head(messageId, extra, sender)}\r\n\r\n${text}\r\n`);
  const parts = (messageId: string) => ({ from, to, subject, messageId });
  const nested = (depth: number, messageId: string) => {
    let part = "Content-Type: text/plain; charset=utf-8\r\n\r\nFrom the bottom of the nest.\r\n";
    for (let i = 0; i < depth; i++) part = `Content-Type: multipart/mixed; boundary="n${i}"\r\n\r\n--n${i}\r\n${part}\r\n--n${i}--\r\n`;
    return Buffer.from(`${head(messageId)}\r\n${part}`);
  };
  const oversizedPart = Math.ceil(target.maxUploadBytes * 1.3);
  const longSubject = `${subject} ${"word "
    .repeat(40_000)
    .trim()
    .replace(/(.{70}) /g, "$1\r\n ")}`;
  return [
    { name: "MIME nested 100 levels deep", raw: (id) => nested(100, id), expect: "attached", body: "From the bottom of the nest." },
    // mailparser refuses a tree this deep: the message cannot be parsed.
    { name: "MIME nested 5,000 levels deep", raw: (id) => nested(5000, id), expect: "quarantined", reason: /^Malformed/ },
    {
      name: "a 200 KB header",
      raw: (id) => plain(id, [`X-Junk: ${"a".repeat(200 * 1024)}`, "Content-Type: text/plain"], "Big header."),
      expect: "attached",
      body: "Big header.",
    },
    {
      name: "a 200 KB folded subject",
      raw: (id) =>
        Buffer.from(
          `${head(id).replace(/^Subject: .*$/m, `Subject: ${longSubject}`)}\r\nContent-Type: text/plain\r\n\r\nLong subject.\r\n`,
        ),
      expect: "attached",
      body: "Long subject.",
    },
    {
      name: "an unknown charset",
      raw: (id) => plain(id, ["Content-Type: text/plain; charset=x-no-such-charset"], "Unknown charset."),
      expect: "attached",
      body: "Unknown charset.",
    },
    {
      name: "bytes that are not UTF-8 in a UTF-8 body and header",
      raw: (id) =>
        Buffer.concat([
          Buffer.from(head(id, ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "X-Bad: "])),
          Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0d, 0x0a, 0x0d, 0x0a]),
          Buffer.from("Bad "),
          Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xf0, 0x28, 0x8c, 0x28]),
          Buffer.from(" bytes.\r\n"),
        ]),
      expect: "attached",
    },
    {
      name: "a base64 body that is not base64",
      raw: (id) => plain(id, ["Content-Type: text/plain", "Content-Transfer-Encoding: base64"], "!!!*** not base64 %%%"),
      expect: "attached",
    },
    {
      name: "an unknown transfer encoding and a broken encoded word",
      raw: (id) =>
        plain(id, ["Content-Type: text/plain", "Content-Transfer-Encoding: x-gzip64", "X-Word: =?x-nope?q?broken=ZZ?="], "Odd encoding."),
      expect: "attached",
    },
    {
      name: "a boundary that never appears",
      raw: (id) => plain(id, ['Content-Type: multipart/mixed; boundary="xyz"'], "--abc\r\nContent-Type: text/plain\r\n\r\nLost."),
      expect: "quarantined",
      reason: /^Empty reply/,
    },
    {
      name: "a multipart that is never closed",
      raw: (id) => plain(id, ['Content-Type: multipart/mixed; boundary="xyz"'], "--xyz\r\nContent-Type: text/plain\r\n\r\nNever closed."),
      expect: "attached",
      body: "Never closed.",
    },
    {
      name: "a multipart without a boundary",
      raw: (id) => plain(id, ["Content-Type: multipart/mixed"], "--xyz\r\nContent-Type: text/plain\r\n\r\nNo boundary."),
      expect: "quarantined",
      reason: /^Empty reply/,
    },
    {
      name: "a stranger's From with the participant as Sender and Reply-To",
      raw: (id) =>
        plain(id, [`Sender: ${addressOf(from)}`, `Reply-To: ${addressOf(from)}`, "Content-Type: text/plain"], "Forged.", stranger),
      expect: "quarantined",
      reason: /^Unknown sender/,
    },
    {
      name: "the participant's From with a stranger as Sender and Reply-To",
      raw: (id) => plain(id, [`Sender: ${stranger}`, `Reply-To: ${stranger}`, "Content-Type: text/plain"], "Mine."),
      expect: "attached",
      body: "Mine.",
    },
    {
      name: "a part over the upload limit",
      raw: (id) => composeMail({ ...parts(id), text: "Video.", attachments: [file("clip.mp4", oversizedPart, "video/mp4")] }),
      expect: "attached",
      body: `Video.\n\nclip.mp4 (${megabytes(oversizedPart)}) was not added: larger than ${megabytes(target.maxUploadBytes)}.`,
    },
    {
      name: "a message over INBOUND_MAX_MB",
      raw: (id) =>
        composeMail({ ...parts(id), text: "Huge.", attachments: [file("huge.bin", target.inboundMaxBytes, "application/octet-stream")] }),
      expect: "refused",
    },
    { name: "an empty body", raw: (id) => composeMail({ ...parts(id), text: "" }), expect: "quarantined", reason: /^Empty reply/ },
    { name: "headers and no body at all", raw: (id) => Buffer.from(`${head(id)}\r\n`), expect: "quarantined", reason: /^Empty reply/ },
    {
      name: "attachments only",
      raw: (id) =>
        plain(
          id,
          ['Content-Type: multipart/mixed; boundary="only"'],
          `--only\r\nContent-Type: application/pdf; name="a.pdf"\r\nContent-Disposition: attachment; filename="a.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64("%PDF-1.4 tiny")}\r\n--only--`,
        ),
      expect: "attached",
      body: "Attached by email: a.pdf",
    },
    {
      name: "NUL bytes everywhere, header names too",
      raw: (id) =>
        Buffer.from(
          `${head(id, ["X-\u0000Odd: \u0000", "Content-Type: text/plain; charset=\u0000utf-8"]).replace("Subject: ", "Subject: \u0000")}\r\n\r\n\u0000Everywhere\u0000.\r\n`,
        ),
      expect: "attached",
      body: "Everywhere.",
    },
    {
      name: "a NUL inside the participant's From address",
      raw: (id) => plain(id, ["Content-Type: text/plain"], "Forged with a NUL.", addressOf(from).replace("@", "\u0000@")),
      expect: "quarantined",
      reason: /^Malformed: the sender \(From\) contains control characters/,
    },
    {
      name: "the participant's address as the display name of a stranger",
      raw: (id) => plain(id, ["Content-Type: text/plain"], "Display-name trick.", `"${addressOf(from)}" <${stranger}>`),
      expect: "quarantined",
      reason: /^Malformed: the sender's display name shows/,
    },
    {
      name: "binary garbage",
      raw: (id) => Buffer.concat([Buffer.from(id), Buffer.from([0, 1, 2, 0xff, 0xfe, 0, 13, 10, 13, 10, 0])]),
      expect: "quarantined",
      reason: /^Malformed/,
    },
  ];
}

/** `anna@alpha.test` of `Anna Alpha <anna@alpha.test>`. */
const addressOf = (mailbox: string) => mailbox.match(/<([^>]+)>/)?.[1] ?? mailbox;

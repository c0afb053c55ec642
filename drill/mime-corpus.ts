/**
 * The mime drill's hostile corpus, built fresh per run (nothing large is committed). Each message
 * says what may become of it:
 * - `not-posted`: a forged or hostile sender (a NUL or a look-alike in From, Reply-To / Sender
 *   tricks, another client's signed reply address, a stranger hiding behind broken MIME). It must
 *   be quarantined or refused; posted at all is a failure.
 * - `as-sender`: the real client writing into their own ticket, in a hostile shape (deep nesting,
 *   huge headers, bad encodings, NUL bytes, 60 attachments, a 17 MB file). Quarantined, refused,
 *   or posted — but only as that client, into that ticket, within the upload limits, with a note
 *   of whatever was left out.
 * - `control`: a plain reply from the client, which must be posted (else the other figures say
 *   nothing about the posting path).
 */

export type Expectation = "not-posted" | "as-sender" | "control";

export interface CorpusMessage {
  name: string;
  expect: Expectation;
  /** SMTP envelope; the HTTP endpoint takes the raw message alone. */
  envelope: { from: string; to: string[] };
  /** The raw message, with `messageId` as its Message-ID (fresh per transport, or the second is a duplicate). */
  raw(messageId: string): Buffer;
  /** Attachments it carries (for the limits check of what gets posted). */
  attachments?: number;
  /** The text the sender typed, when posted it must start with it (a note may follow). */
  text?: string;
}

export interface CorpusContext {
  client: { name: string; email: string };
  otherClient: { email: string };
  stranger: string;
  /** The signed reply address of the client's ticket, of the other client's ticket and task. */
  clientTicketAddress: string;
  otherTicketAddress: string;
  otherTaskAddress: string;
  /** Our unsigned thread root of the other client's ticket, `<ticket-…@host>`. */
  otherTicketThreadId: string;
  /** The other client's ticket reference as our subjects write it ("SUP-2"). */
  otherTicketReference: string;
  supportAddress: string;
  maxUploadBytes: number;
  maxFiles: number;
  inboundMaxBytes: number;
  bounded: boolean;
}

const CRLF = "\r\n";
const b64 = (data: string | Buffer) =>
  (Buffer.isBuffer(data) ? data : Buffer.from(data, "utf8")).toString("base64").replace(/(.{76})/g, `$1${CRLF}`);

interface Head {
  from: string;
  to: string;
  subject: string;
  extra?: string[];
}

function headers(messageId: string, head: Head): string {
  return [
    `From: ${head.from}`,
    `To: ${head.to}`,
    `Subject: ${head.subject}`,
    `Message-ID: ${messageId}`,
    "MIME-Version: 1.0",
    ...(head.extra ?? []),
  ].join(CRLF);
}

const plain = (messageId: string, head: Head, text: string, contentType = "text/plain; charset=utf-8") =>
  Buffer.from(
    `${headers(messageId, { ...head, extra: [...(head.extra ?? []), `Content-Type: ${contentType}`] })}${CRLF}${CRLF}${text}${CRLF}`,
  );

function withAttachments(messageId: string, head: Head, text: string, files: { name: string; bytes: number }[]): Buffer {
  const boundary = "drill-attachments";
  const parts = [
    `--${boundary}${CRLF}Content-Type: text/plain; charset=utf-8${CRLF}${CRLF}${text}${CRLF}`,
    ...files.map(
      (f, i) =>
        `--${boundary}${CRLF}Content-Type: application/octet-stream; name="${f.name}"${CRLF}Content-Disposition: attachment; filename="${f.name}"${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}${b64(Buffer.alloc(f.bytes, 0x41 + (i % 26)))}${CRLF}`,
    ),
    `--${boundary}--${CRLF}`,
  ];
  const head2 = { ...head, extra: [...(head.extra ?? []), `Content-Type: multipart/mixed; boundary="${boundary}"`] };
  return Buffer.from(`${headers(messageId, head2)}${CRLF}${CRLF}${parts.join("")}`);
}

function nestedMultipart(messageId: string, head: Head, depth: number, text: string): Buffer {
  let part = `Content-Type: text/plain; charset=utf-8${CRLF}${CRLF}${text}${CRLF}`;
  for (let i = 0; i < depth; i++)
    part = `Content-Type: multipart/mixed; boundary="n${i}"${CRLF}${CRLF}--n${i}${CRLF}${part}${CRLF}--n${i}--${CRLF}`;
  return Buffer.from(`${headers(messageId, head)}${CRLF}${part}`);
}

function nestedRfc822(messageId: string, head: Head, depth: number, text: string): Buffer {
  let inner = `From: inner@example.test${CRLF}Subject: inner${CRLF}Content-Type: text/plain${CRLF}${CRLF}${text}${CRLF}`;
  for (let i = 0; i < depth; i++) {
    inner = `From: fwd${i}@example.test${CRLF}Subject: Fwd ${i}${CRLF}Content-Type: message/rfc822${CRLF}${CRLF}${inner}`;
  }
  return Buffer.from(`${headers(messageId, { ...head, extra: ["Content-Type: message/rfc822"] })}${CRLF}${CRLF}${inner}`);
}

/** The structural shapes: each is sent by a stranger (must not be posted) and by the client (may be, as them). */
function shapes(ctx: CorpusContext): { name: string; raw: (messageId: string, head: Head, text: string) => Buffer }[] {
  const depth = ctx.bounded ? 110 : 150;
  const bigBody = ctx.bounded ? 600_000 : 3_000_000;
  return [
    { name: `multipart nested ${depth} levels`, raw: (id, head, text) => nestedMultipart(id, head, depth, text) },
    { name: "multipart nested 5,000 levels", raw: (id, head, text) => nestedMultipart(id, head, 5000, text) },
    { name: "message/rfc822 nested 100 levels", raw: (id, head, text) => nestedRfc822(id, head, 100, text) },
    { name: "a 200 KB header line", raw: (id, head, text) => plain(id, { ...head, extra: [`X-Junk: ${"a".repeat(200 * 1024)}`] }, text) },
    {
      name: "a 200 KB folded Subject",
      raw: (id, head, text) =>
        plain(
          id,
          {
            ...head,
            subject: `${head.subject} ${"word "
              .repeat(40_000)
              .trim()
              .replace(/(.{70}) /g, `$1${CRLF} `)}`,
          },
          text,
        ),
    },
    {
      name: "5,000 header lines",
      raw: (id, head, text) => plain(id, { ...head, extra: Array.from({ length: 5000 }, (_, i) => `X-H${i}: v`) }, text),
    },
    {
      name: "an unknown charset",
      raw: (id, head, text) =>
        Buffer.concat([plain(id, head, text, "text/plain; charset=x-drill-nonsense"), Buffer.from([0xff, 0xfe, 0x00, 0x81])]),
    },
    {
      name: "UTF-7 and ISO-2022-JP with broken escapes",
      raw: (id, head, text) =>
        plain(
          id,
          { ...head, subject: "=?utf-7?Q?+AGEAYgBj-?= =?iso-2022-jp?B?GyRCJCIbKEI=?=" },
          `${text} \u001b$B%"`,
          "text/plain; charset=iso-2022-jp",
        ),
    },
    {
      name: "invalid base64 and quoted-printable",
      raw: (id, head, text) =>
        Buffer.from(
          `${headers(id, { ...head, extra: ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"] })}${CRLF}${CRLF}${b64(text)}!!!%%%***=${CRLF}=ZZ=${CRLF}`,
        ),
    },
    {
      name: "an encoded-word Subject with bad base64 and an unknown charset",
      raw: (id, head, text) => plain(id, { ...head, subject: "=?utf-8?B?!!!*?= =?x-nope?Q?=FF=FE?=" }, text),
    },
    {
      name: "a boundary that never appears",
      raw: (id, head, text) =>
        Buffer.from(`${headers(id, { ...head, extra: ['Content-Type: multipart/mixed; boundary="never"'] })}${CRLF}${CRLF}${text}${CRLF}`),
    },
    {
      name: "no closing boundary, a part cut off",
      raw: (id, head, text) =>
        Buffer.from(
          `${headers(id, { ...head, extra: ['Content-Type: multipart/mixed; boundary="b"'] })}${CRLF}${CRLF}--b${CRLF}Content-Type: text/plain${CRLF}${CRLF}${text}${CRLF}--b${CRLF}Content-Type: application/pdf${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}JVBERi0x`,
        ),
    },
    {
      name: "a 500-character boundary, nested parts reusing it",
      raw: (id, head, text) => {
        const b = "q".repeat(500);
        return Buffer.from(
          `${headers(id, { ...head, extra: [`Content-Type: multipart/mixed; boundary="${b}"`] })}${CRLF}${CRLF}--${b}${CRLF}Content-Type: multipart/alternative; boundary="${b}"${CRLF}${CRLF}--${b}${CRLF}Content-Type: text/plain${CRLF}${CRLF}${text}${CRLF}--${b}--${CRLF}--${b}--${CRLF}`,
        );
      },
    },
    { name: "multipart without a boundary parameter", raw: (id, head, text) => plain(id, head, text, "multipart/mixed") },
    {
      name: "NUL bytes in the Subject",
      raw: (id, head, text) => plain(id, { ...head, subject: `${head.subject} \u0000\u0000 null` }, text),
    },
    { name: "NUL bytes in the body", raw: (id, head, text) => plain(id, head, `${text}\u0000 and \u0000\u0000 more`) },
    {
      name: "NUL bytes in an attachment's name and type",
      raw: (id, head, text) =>
        Buffer.from(
          withAttachments(id, head, text, [{ name: "a\u0000b.txt", bytes: 10 }])
            .toString("latin1")
            .replace("application/octet-stream", "text/plain\u0000x"),
          "latin1",
        ),
    },
    {
      name: "raw 8-bit bytes in the headers",
      raw: (id, head, text) =>
        Buffer.concat([Buffer.from(`X-Latin: `), Buffer.from([0xe9, 0xff, 0xc3, 0x28]), Buffer.from(CRLF), plain(id, head, text)]),
    },
    {
      name: "bare CR and LF line endings",
      raw: (id, head, text) =>
        Buffer.from(
          plain(id, head, `${text}\rline\n\rmore`).toString("latin1").replace(/\r\n/g, "\n").replace("Subject:", "\rSubject:"),
          "latin1",
        ),
    },
    {
      name: "HTML only, 20,000 nested elements and a script",
      raw: (id, head, text) =>
        plain(
          id,
          head,
          `<html><body><p>${text}</p>${"<div>".repeat(20_000)}x${"</div>".repeat(20_000)}<script>alert(1)</script></body></html>`,
          "text/html; charset=utf-8",
        ),
    },
    {
      name: `a ${Math.round(bigBody / 1000)} KB single-line body`,
      raw: (id, head, text) => plain(id, head, `${text} ${"z".repeat(bigBody)}`),
    },
    {
      // More ids than either database binds in one query (SQLite 32,766, PostgreSQL 65,535), under mailparser's 1 MB head.
      name: "References naming 70,000 message ids",
      raw: (id, head, text) => {
        const ids = Array.from({ length: 70_000 }, (_, i) => `<${i.toString(36)}@x>`);
        const lines: string[] = [];
        for (let i = 0; i < ids.length; i += 100) lines.push(ids.slice(i, i + 100).join(" "));
        return plain(id, { ...head, extra: [`References: ${lines.join(`${CRLF} `)}`] }, text);
      },
    },
    {
      name: "a 10,000-character Message-ID and In-Reply-To",
      raw: (_id, head, text) =>
        plain(`<${"m".repeat(10_000)}-${Math.random()}@x.test>`, { ...head, extra: [`In-Reply-To: <${"i".repeat(10_000)}@x.test>`] }, text),
    },
  ];
}

export function buildCorpus(ctx: CorpusContext): CorpusMessage[] {
  const client = `${ctx.client.name} <${ctx.client.email}>`;
  const own = { from: client, to: ctx.clientTicketAddress, subject: "Re: Printer on fire" };
  const envelopeOwn = { from: ctx.client.email, to: [ctx.clientTicketAddress] };
  const text = "Thanks, the printer is still smoking.";
  const forged = (
    name: string,
    from: string,
    extra: string[] = [],
    to = ctx.clientTicketAddress,
    envelopeFrom = ctx.stranger,
  ): CorpusMessage => ({
    name,
    expect: "not-posted",
    envelope: { from: envelopeFrom, to: [to] },
    raw: (id) => plain(id, { from, to, subject: "Re: Printer on fire", extra }, "Please send the invoice to my new bank account."),
  });
  const lookAlike = ctx.client.email.replace("c", "\u0441"); // Cyrillic es
  const displayAsClient = `=?utf-8?B?${Buffer.from(ctx.client.email).toString("base64")}?=`;
  const messages: CorpusMessage[] = [
    { name: "control: a plain reply from the client", expect: "control", envelope: envelopeOwn, raw: (id) => plain(id, own, text), text },
    forged("a NUL inside the From address", `${ctx.client.name} <${ctx.client.email}\u0000@evil.test>`),
    forged("a NUL before the domain in From", `<${ctx.client.email.replace("@", "\u0000@")}>`),
    forged("a NUL after the client's address, then the real sender", `<${ctx.client.email}>\u0000<${ctx.stranger}>`),
    forged("the client's address as the display name of a stranger", `"${ctx.client.email}" <${ctx.stranger}>`),
    forged("the client's address encoded in the display name", `${displayAsClient} <${ctx.stranger}>`),
    forged("the client's address in a comment", `${ctx.stranger} (${ctx.client.email})`),
    forged("a look-alike address (Cyrillic letter)", `${ctx.client.name} <${lookAlike}>`),
    forged("the client's address with a stranger's domain appended", `<${ctx.client.email}.evil.test>`),
    forged("a stranger first in a two-address From", `${ctx.stranger}, ${ctx.client.email}`),
    forged("Reply-To the client, from a stranger", ctx.stranger, [`Reply-To: ${ctx.client.email}`]),
    forged("Sender the client, from a stranger", ctx.stranger, [`Sender: ${ctx.client.email}`]),
    forged(
      "Return-Path and envelope of the client, From a stranger",
      ctx.stranger,
      [`Return-Path: <${ctx.client.email}>`],
      ctx.clientTicketAddress,
      ctx.client.email,
    ),
    forged("the client into the other client's ticket (its signed reply address)", client, [], ctx.otherTicketAddress, ctx.client.email),
    forged("the client into the other client's task (its signed reply address)", client, [], ctx.otherTaskAddress, ctx.client.email),
    forged(
      "the client into the other client's ticket by In-Reply-To",
      client,
      [`In-Reply-To: ${ctx.otherTicketThreadId}`, `References: ${ctx.otherTicketThreadId}`],
      "someone@drill.example",
      ctx.client.email,
    ),
    {
      name: "the client naming the other client's ticket in the subject only",
      expect: "not-posted",
      envelope: { from: ctx.client.email, to: [ctx.supportAddress] },
      raw: (id) =>
        plain(id, { from: client, to: ctx.supportAddress, subject: `Re: [${ctx.otherTicketReference}] your ticket` }, "Let me in."),
    },
    forged(
      "the other client's ticket address with the ticket's signature on a task",
      `<${ctx.otherClient.email}>`,
      [],
      ctx.otherTicketAddress.replace("reply+ticket.", "reply+task."),
      ctx.otherClient.email,
    ),
    forged(
      "the other client's ticket address with a tampered signature",
      `<${ctx.otherClient.email}>`,
      [],
      ctx.otherTicketAddress.replace(
        /\.([0-9a-f])([0-9a-f]{19})@/,
        (_m, first: string, rest: string) => `.${first === "0" ? "1" : "0"}${rest}@`,
      ),
      ctx.otherClient.email,
    ),
    forged("a stranger to the support address", `<${ctx.stranger}>`, [], ctx.supportAddress),
    forged(
      "a stranger to the support address, the client's address as display name",
      `"${ctx.client.email}" <${ctx.stranger}>`,
      [],
      ctx.supportAddress,
    ),
    forged("a stranger to the support address with a NUL in From", `<${ctx.client.email}\u0000.evil.test>`, [], ctx.supportAddress),
    {
      name: "an auto-reply from the client (Auto-Submitted)",
      expect: "not-posted",
      envelope: envelopeOwn,
      raw: (id) => plain(id, { ...own, extra: ["Auto-Submitted: auto-replied"] }, "I am out of the office."),
    },
    {
      name: "a delivery report naming the client",
      expect: "not-posted",
      envelope: { from: "", to: [ctx.clientTicketAddress] },
      raw: (id) =>
        Buffer.from(
          `${headers(id, { from: "MAILER-DAEMON@drill.example", to: ctx.clientTicketAddress, subject: "Undelivered", extra: ['Content-Type: multipart/report; report-type=delivery-status; boundary="r"'] })}${CRLF}${CRLF}--r${CRLF}Content-Type: text/plain${CRLF}${CRLF}Mail to ${ctx.client.email} failed${CRLF}--r--${CRLF}`,
        ),
    },
    {
      name: "no From header at all",
      expect: "not-posted",
      envelope: envelopeOwn,
      raw: (id) => Buffer.from(`To: ${ctx.clientTicketAddress}${CRLF}Subject: x${CRLF}Message-ID: ${id}${CRLF}${CRLF}${text}${CRLF}`),
    },
    {
      name: "no headers at all, only a body",
      expect: "not-posted",
      envelope: envelopeOwn,
      raw: (id) => Buffer.from(`${CRLF}${text} ${id}${CRLF}`),
    },
    {
      name: "binary garbage",
      expect: "not-posted",
      envelope: envelopeOwn,
      raw: (id) => Buffer.concat([Buffer.from(id), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256))]),
    },
  ];
  for (const shape of shapes(ctx)) {
    messages.push({
      name: `${shape.name}, from a stranger`,
      expect: "not-posted",
      envelope: { from: ctx.stranger, to: [ctx.clientTicketAddress] },
      raw: (id) => shape.raw(id, { from: `<${ctx.stranger}>`, to: ctx.clientTicketAddress, subject: "Re: Printer on fire" }, text),
    });
    messages.push({
      name: `${shape.name}, from the client`,
      expect: "as-sender",
      envelope: envelopeOwn,
      raw: (id) => shape.raw(id, own, text),
    });
  }
  const many = ctx.bounded ? ctx.maxFiles + 5 : 60;
  const big = ctx.bounded ? ctx.maxUploadBytes + 512 * 1024 : 17 * 1024 * 1024;
  const oversize = (name: string, files: { name: string; bytes: number }[]): CorpusMessage => ({
    name,
    expect: "as-sender",
    envelope: envelopeOwn,
    attachments: files.length,
    text,
    raw: (id) => withAttachments(id, own, text, files),
  });
  messages.push(
    oversize(
      `${many} attachments (the limit is ${ctx.maxFiles})`,
      Array.from({ length: many }, (_, i) => ({ name: `file-${i + 1}.txt`, bytes: 200 })),
    ),
    oversize(`a ${(big / 1024 / 1024).toFixed(1)} MB attachment (the limit is ${ctx.maxUploadBytes / 1024 / 1024} MB)`, [
      { name: "huge.bin", bytes: big },
    ]),
    oversize("an oversized attachment beside a small one", [
      { name: "small.txt", bytes: 100 },
      { name: "too-big.bin", bytes: ctx.maxUploadBytes + 1 },
    ]),
    {
      name: `a message past INBOUND_MAX_MB (${ctx.inboundMaxBytes / 1024 / 1024} MB)`,
      expect: "as-sender",
      envelope: envelopeOwn,
      raw: (id) => plain(id, own, `${text}\r\n${"x".repeat(76)}\r\n`.repeat(Math.ceil((ctx.inboundMaxBytes * 1.05) / 78))),
    },
  );
  return messages;
}

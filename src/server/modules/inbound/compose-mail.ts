import { newId } from "../../platform/ids";

// Raw MIME for tests and drills: no test framework here, so `npm run drill` can use it too.

/** What a test or a drill writes of an email; the rest (Date, MIME headers, a fresh Message-ID) is filled in. */
export interface MailParts {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  attachment?: MailAttachment;
  /** More files (after `attachment`). */
  attachments?: MailAttachment[];
  /** Extra header lines, written as given (after MIME-Version). */
  headers?: string[];
}

export interface MailAttachment {
  name: string;
  contentType: string;
  data: Buffer;
}

/** An email as a mail program writes it (CRLF; thread headers only when given; optional attachments). */
export function composeMail(o: MailParts): Buffer {
  const boundary = "----=_Part_42_portico";
  const lines = [
    `From: ${o.from}`,
    `To: ${o.to}`,
    `Subject: ${o.subject}`,
    "Date: Tue, 01 Dec 2026 09:30:00 +0000",
    `Message-ID: ${o.messageId ?? `<${newId()}@mail.example.com>`}`,
    ...(o.inReplyTo ? [`In-Reply-To: ${o.inReplyTo}`] : []),
    ...(o.references ? [`References: ${o.references}`] : []),
    "MIME-Version: 1.0",
    ...(o.headers ?? []),
  ];
  const text = o.text.replace(/\r?\n/g, "\r\n");
  const files = [...(o.attachment ? [o.attachment] : []), ...(o.attachments ?? [])];
  if (files.length === 0) return Buffer.from([...lines, "Content-Type: text/plain; charset=utf-8", "", text, ""].join("\r\n"));
  return Buffer.from(
    [
      ...lines,
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      "",
      `--${boundary}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      text,
      ...files.flatMap((file) => [
        `--${boundary}`,
        `Content-Type: ${file.contentType}; name="${file.name}"`,
        "Content-Transfer-Encoding: base64",
        `Content-Disposition: attachment; filename="${file.name}"`,
        "",
        // Wrapped at 76 characters, as mail programs do (a long line is a different test).
        ...(file.data.toString("base64").match(/.{1,76}/g) ?? [""]),
      ]),
      `--${boundary}--`,
      "",
    ].join("\r\n"),
  );
}

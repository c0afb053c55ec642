import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { TInboundResult } from "../../../common/inbound";
import { newId } from "../../platform/ids";
import type { TestApp } from "../../test/harness";

/** Test helper: a fixture from ./fixtures with its {{PLACEHOLDERS}} filled in (CRLF kept). */
export function fixture(name: string, vars: Record<string, string> = {}): Buffer {
  let text = readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
  const values: Record<string, string> = { MESSAGE_ID: `<${newId()}@mail.example.com>`, REFERENCES: "", IN_REPLY_TO: "", ...vars };
  text = text.replace(/\{\{([A-Z_]+)\}\}/g, (whole, key: string) => values[key] ?? whole);
  // A thread header left empty is left out, as a mail client would.
  text = text.replace(/^(References|In-Reply-To): *\r\n/gm, "");
  return Buffer.from(text, "utf8");
}

/** The INBOUND_SECRET the inbound tests run with (POST /api/inbound/email's x-inbound-secret). */
export const INBOUND_SECRET = "inbound-secret-for-tests-0123456789";

/** What a test writes of an email; the rest (Date, MIME headers, a fresh Message-ID) is filled in. */
export interface MailParts {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string;
  attachment?: { name: string; contentType: string; data: Buffer };
}

/** Test helper: an email as a mail program writes it (CRLF; thread headers only when given; optional attachment). */
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
  ];
  const text = o.text.replace(/\r?\n/g, "\r\n");
  if (!o.attachment) return Buffer.from([...lines, "Content-Type: text/plain; charset=utf-8", "", text, ""].join("\r\n"));
  return Buffer.from(
    [
      ...lines,
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      "",
      `--${boundary}`,
      "Content-Type: text/plain; charset=utf-8",
      "",
      text,
      `--${boundary}`,
      `Content-Type: ${o.attachment.contentType}; name="${o.attachment.name}"`,
      "Content-Transfer-Encoding: base64",
      `Content-Disposition: attachment; filename="${o.attachment.name}"`,
      "",
      o.attachment.data.toString("base64"),
      `--${boundary}--`,
      "",
    ].join("\r\n"),
  );
}

/** POST /api/inbound/email with one raw message (the test app's secret unless told). */
export const deliverEmail = (t: TestApp, raw: Buffer, secret = INBOUND_SECRET, contentType = "message/rfc822") =>
  t.app.inject({
    method: "POST",
    url: "/api/inbound/email",
    headers: { "content-type": contentType, "x-inbound-secret": secret },
    payload: raw,
  });

/** Delivers one raw message, expects 200, and answers what the endpoint made of it. */
export async function delivered(t: TestApp, raw: Buffer): Promise<TInboundResult["data"]> {
  const response = await deliverEmail(t, raw);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as TInboundResult).data;
}

import { readFileSync } from "node:fs";
import nodemailer from "nodemailer";
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

export { composeMail, type MailAttachment, type MailParts } from "./compose-mail";

/** Test helper: sends one raw message to an inbound SMTP listener on 127.0.0.1 (answers the server's response line). */
export async function sendSmtp(port: number, raw: Buffer, to: string[]): Promise<string> {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  try {
    return (await transport.sendMail({ envelope: { from: "bounce@mail.example.com", to }, raw })).response;
  } finally {
    transport.close();
  }
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

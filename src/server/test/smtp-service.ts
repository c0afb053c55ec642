import type { AddressInfo } from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP listener on 127.0.0.1 for tests that need to see a whole message as sent (headers,
 * attachments: the built-in mailbox keeps only the text and HTML), or a server that refuses for a
 * while. Point SMTP_URL at `url`.
 */
export async function startSmtpService(
  options: {
    /** Asked for every recipient: a message makes the server refuse it with 451 (try again later). */
    refuseRecipient?: () => string | undefined;
  } = {},
): Promise<{ url: string; received: ParsedMail[]; close(): Promise<void> }> {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onRcptTo(_address, _session, callback) {
      const refusal = options.refuseRecipient?.();
      if (refusal) return callback(Object.assign(new Error(refusal), { responseCode: 451 }));
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

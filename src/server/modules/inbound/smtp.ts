import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { AppContext } from "../../platform/context";
import { receiveEmail } from "./service";

export interface InboundSmtp {
  port: number;
  close(): Promise<void>;
}

const smtpError = (message: string, responseCode: number) => Object.assign(new Error(message), { responseCode });

/**
 * The built-in inbound SMTP listener (INBOUND_SMTP_PORT): the agency's MX, or a relay in front
 * of it, delivers replies here. Plain SMTP without STARTTLS or AUTH, so bind it to loopback or a
 * private network (INBOUND_SMTP_HOST) behind the real mail server. A message that cannot be
 * understood is accepted and quarantined; only an outage answers 451 so the sender retries.
 */
export async function startInboundSmtp(ctx: AppContext, options: { port: number; host: string }): Promise<InboundSmtp> {
  const limit = ctx.config.inboundMaxBytes;
  const server = new SMTPServer({
    name: new URL(ctx.config.publicUrl).hostname,
    banner: "Portico inbound mail",
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    size: limit,
    maxClients: 50,
    socketTimeout: 60_000,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", (error) => callback(error));
      stream.on("end", () => {
        if ((stream as { sizeExceeded?: boolean }).sizeExceeded) {
          return callback(smtpError(`Message is larger than ${Math.round(limit / 1024 / 1024)} MB`, 552));
        }
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        receiveEmail(ctx, Buffer.concat(chunks), { envelopeTo }).then(
          (result) => callback(null, `Accepted (${result.status})`),
          (error: Error) => {
            ctx.log.error({ err: error }, "inbound email could not be processed; the sender will retry");
            callback(smtpError("Temporary failure, try again later", 451));
          },
        );
      });
    },
  });
  // A broken connection or protocol error concerns that client only: log it, keep listening.
  server.on("error", (error) => ctx.log.warn({ err: error }, "inbound SMTP connection error"));
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.server.off("error", reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  ctx.log.info({ host: options.host, port }, "inbound SMTP listener started");
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

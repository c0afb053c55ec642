import { connect } from "node:net";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replyAddressFor } from "../../platform/reply-address";
import { buildTicket, buildUser, type Person } from "../../test/factories";
import { createTestApp, type TestApp } from "../../test/harness";
import { type InboundSmtp, startInboundSmtp } from "./smtp";
import { fixture } from "./test-mail";

/** The built-in SMTP listener, on a real socket: it survives garbage and oversize mail. */
let t: TestApp;
let listener: InboundSmtp;
let ticket: { id: string; number: number };
let replyTo: string;
let anna: Person;

const send = (raw: Buffer, to: string[]) => {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: listener.port, secure: false, ignoreTLS: true });
  return transport.sendMail({ envelope: { from: "bounce@mail.example.com", to }, raw }).finally(() => transport.close());
};

beforeAll(async () => {
  t = await createTestApp({ MAIL_FROM: "WP Xpress <support@wpexpress.test>", INBOUND_MAX_MB: "1" });
  anna = await buildUser(t, { name: "Anna Alpha", email: "anna@alpha.test" });
  ticket = await buildTicket(t, { by: anna, subject: "Contact form", description: "Broken" });
  replyTo = replyAddressFor(t.config, "ticket", ticket.id);
  listener = await startInboundSmtp(t.ctx, { port: 0, host: "127.0.0.1" });
});
afterAll(async () => {
  await listener.close();
  await t.close();
});

const messagesFromEmail = () =>
  t.ctx.db
    .selectFrom("comments")
    .select(["body", "email_message_id"])
    .where("object_type", "=", "ticket")
    .where("object_id", "=", ticket.id)
    .where("source", "=", "email")
    .execute();

describe("inbound SMTP listener", () => {
  it("quarantines a malformed message and keeps working for the next one", async () => {
    const garbage = await send(fixture("malformed.eml"), [replyTo]);
    expect(garbage.response).toMatch(/^250 .*quarantined/);
    const row = await t.ctx.db.selectFrom("inbound_messages").selectAll().orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "quarantined", reason: expect.stringMatching(/^Malformed/) });

    // Addressed to the plain support address: the envelope recipient (RCPT TO) carries the reply address.
    const valid = fixture("gmail.eml", {
      TO: "support@wpexpress.test",
      FROM: anna.email,
      NUMBER: String(ticket.number),
      MESSAGE_ID: "<smtp-1@mail.example.com>",
    });
    expect((await send(valid, [replyTo])).response).toMatch(/^250 .*attached/);
    expect(await messagesFromEmail()).toEqual([
      {
        body: "Thanks Agnes, the form works again on desktop.\n\nIt still fails on my phone though — the button does nothing.",
        email_message_id: "<smtp-1@mail.example.com>",
      },
    ]);
    // Delivered twice (a sender's retry): posted once.
    expect((await send(valid, [replyTo])).response).toMatch(/^250 .*duplicate/);
    expect(await messagesFromEmail()).toHaveLength(1);
  });

  it("refuses a message over INBOUND_MAX_MB and accepts the next", async () => {
    const big = Buffer.concat([fixture("stranger.eml", { TO: replyTo, NUMBER: "1" }), Buffer.alloc(1024 * 1024 + 1000, "a")]);
    await expect(send(big, [replyTo])).rejects.toMatchObject({ responseCode: 552 });
    const next = fixture("apple.eml", { TO: replyTo, FROM: anna.email, NUMBER: String(ticket.number) });
    expect((await send(next, [replyTo])).response).toMatch(/^250 .*attached/);
    expect(await messagesFromEmail()).toHaveLength(2);
  });

  it("shrugs off a client that speaks garbage and hangs up", async () => {
    await new Promise<void>((resolve) => {
      const socket = connect(listener.port, "127.0.0.1", () => {
        socket.write("GARBAGE \u0000\u00ff\r\nDATA\r\nMAIL FROM:<<<>>>\r\n");
        setTimeout(() => socket.destroy(), 50);
      });
      socket.on("error", () => {});
      socket.on("close", () => resolve());
    });
    const next = fixture("outlook.eml", { FROM: anna.email, NUMBER: String(ticket.number) });
    expect((await send(next, [replyTo])).response).toMatch(/^250 .*attached/);
  });

  it("leaves the HTTP endpoint switched off (404) when INBOUND_SECRET is unset", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/inbound/email",
      headers: { "content-type": "message/rfc822", "x-inbound-secret": "anything-at-all-here" },
      payload: fixture("malformed.eml"),
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe("not_found");
  });
});

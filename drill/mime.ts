/**
 * The mime drill: the hostile corpus (mime-corpus.ts) delivered to a real started server twice
 * per message — POST /api/inbound/email with INBOUND_SECRET, and SMTP to INBOUND_SMTP_PORT over
 * a raw socket (so NUL bytes and broken lines reach the listener as they are). After each
 * delivery the admin's inbound log and the ticket's conversation are read back through the API:
 * posted, quarantined or refused. Goals: every hostile message quarantined or refused; nothing
 * posted as someone it is not, nor past the upload limits; no HTTP 5xx; no SMTP 4xx (a sender
 * retries those forever); the server still up.
 */
import { Socket } from "node:net";
import { replyAddressFor } from "../src/server/platform/reply-address";
import { buildCorpus, type CorpusMessage } from "./mime-corpus";
import type { DrillGoal } from "./run";
import {
  type DrillOptions,
  type DrillResult,
  type DrillServer,
  freePort,
  freshDatabase,
  login,
  type Session,
  seedPortal,
  startServer,
  tail,
} from "./server";

const INBOUND_SECRET = "drill-inbound-secret-0123456789";
const SESSION_SECRET = "drill-session-secret-0123456789-abcdefghij";
const SUPPORT = "support@drill.example";
const STRANGER = "mallory@evil.test";
const STEP_TIMEOUT_MS = 90_000;

type Transport = "http" | "smtp";
type Outcome = "posted" | "quarantined" | "refused" | "duplicate" | "failed";

interface Delivery {
  /** What the transport said: "HTTP 200 quarantined", "SMTP 552 …". */
  answer: string;
  outcome: Outcome;
  /** A transport failure: a 5xx, an SMTP 4xx, a dropped connection. */
  problem?: string;
}

// ——— SMTP over a raw socket ———

/** Reads SMTP replies (multi-line aware) from a socket. */
function replyReader(socket: Socket) {
  let buffer = "";
  const waiting: ((line: string | Error) => void)[] = [];
  const replies: string[] = [];
  const flush = () => {
    for (;;) {
      const match = buffer.match(/^(?:\d{3}-[^\n]*\n)*(\d{3}(?: [^\n]*)?)\r?\n/);
      if (!match) return;
      buffer = buffer.slice(match[0].length);
      const reply = match[0].trim();
      const next = waiting.shift();
      if (next) next(reply);
      else replies.push(reply);
    }
  };
  socket.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("latin1");
    flush();
  });
  const fail = (error: Error) => {
    while (waiting.length > 0) waiting.shift()!(error);
  };
  socket.on("error", fail);
  socket.on("close", () => fail(new Error("the connection was closed")));
  return (): Promise<string> =>
    new Promise((resolve, reject) => {
      const ready = replies.shift();
      if (ready !== undefined) return resolve(ready);
      const timer = setTimeout(() => reject(new Error(`no reply within ${STEP_TIMEOUT_MS / 1000} s`)), STEP_TIMEOUT_MS);
      waiting.push((reply) => {
        clearTimeout(timer);
        if (reply instanceof Error) reject(reply);
        else resolve(reply);
      });
    });
}

/** Dot-stuffing (RFC 5321 4.5.2) on the raw bytes, and the terminating dot. */
function smtpData(raw: Buffer): Buffer {
  const text = raw.toString("latin1").replace(/(^|\r\n)\./g, "$1..");
  return Buffer.from(`${text}${text.endsWith("\r\n") ? "" : "\r\n"}.\r\n`, "latin1");
}

/** One SMTP transaction; any 4xx is a problem, a 5xx is a refusal. */
async function sendSmtp(port: number, message: CorpusMessage, raw: Buffer): Promise<Delivery> {
  const socket = new Socket();
  const read = replyReader(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.connect(port, "127.0.0.1", () => resolve());
  });
  const write = (data: string | Buffer) =>
    new Promise<void>((resolve, reject) => socket.write(data, (error) => (error ? reject(error) : resolve())));
  const steps: [string, () => Promise<void>][] = [
    ["greeting", async () => {}],
    ["EHLO", () => write("EHLO drill.test\r\n")],
    ["MAIL FROM", () => write(`MAIL FROM:<${message.envelope.from}>\r\n`)],
    ...message.envelope.to.map((to): [string, () => Promise<void>] => [`RCPT TO <${to}>`, () => write(`RCPT TO:<${to}>\r\n`)]),
    ["DATA", () => write("DATA\r\n")],
    ["end of data", () => write(smtpData(raw))],
  ];
  try {
    for (const [stage, act] of steps) {
      await act();
      const reply = await read();
      const code = Number(reply.slice(0, 3));
      const last = reply.split("\n").at(-1) ?? reply;
      if (code >= 400 && code < 500)
        return {
          answer: `SMTP ${last} at ${stage}`,
          outcome: "failed",
          problem: `SMTP ${last} at ${stage} (the sender would retry forever)`,
        };
      if (code >= 500) return { answer: `SMTP ${last} at ${stage}`, outcome: "refused" };
      if (stage === "end of data") {
        await write("QUIT\r\n").catch(() => undefined);
        const status = last.match(/Accepted \((\w+)\)/)?.[1];
        return { answer: `SMTP ${last}`, outcome: status === "attached" ? "posted" : status === "duplicate" ? "duplicate" : "quarantined" };
      }
    }
    return { answer: "SMTP: no transaction", outcome: "failed", problem: "the SMTP transaction ended without a reply to the data" };
  } catch (error) {
    return { answer: `SMTP: ${(error as Error).message}`, outcome: "failed", problem: `SMTP: ${(error as Error).message}` };
  } finally {
    socket.destroy();
  }
}

async function sendHttp(server: DrillServer, raw: Buffer): Promise<Delivery> {
  try {
    const response = await fetch(`${server.url}/api/inbound/email`, {
      method: "POST",
      headers: { "content-type": "message/rfc822", "x-inbound-secret": INBOUND_SECRET },
      body: new Uint8Array(raw),
      signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
    });
    const text = await response.text();
    const answer = `HTTP ${response.status} ${text.slice(0, 200)}`;
    if (response.status >= 500) return { answer, outcome: "failed", problem: `HTTP ${response.status} ${text.slice(0, 300)}` };
    if (response.status >= 400) return { answer, outcome: "refused" };
    const status = (JSON.parse(text) as { data?: { status?: string } }).data?.status;
    return {
      answer: `HTTP ${response.status} ${status}`,
      outcome: status === "attached" ? "posted" : status === "duplicate" ? "duplicate" : "quarantined",
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return {
      answer: `HTTP: ${(error as Error).message}`,
      outcome: "failed",
      problem: `HTTP: no answer (${cause ?? (error as Error).message})`,
    };
  }
}

// ——— reading back what the server did ———

interface InboundRow {
  id: string;
  from: string;
  status: string;
  reason: string | null;
  objectType: string | null;
  objectId: string | null;
}
interface TimelineMessage {
  id: string;
  type: string;
  actor: { id: string; name: string } | null;
  message?: { body: string; source: string; files: { size: number; name: string }[] };
}
interface TicketDetail {
  ticket: { id: string; account: { id: string }; createdBy: { id: string } };
  description: string;
  files: { size: number; name: string }[];
  timeline: TimelineMessage[];
}

async function inboundRows(admin: Session): Promise<InboundRow[]> {
  const answer = await admin.request("GET", "/api/admin/inbound?page=1");
  if (answer.status !== 200) throw new Error(`GET /api/admin/inbound → ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
  return (answer.body as { data: InboundRow[] }).data;
}

async function ticketDetail(admin: Session, id: string): Promise<TicketDetail | undefined> {
  const answer = await admin.request("GET", `/api/tickets/${id}`);
  return answer.status === 200 ? (answer.body as { data: TicketDetail }).data : undefined;
}

/** What was posted for one delivery: who wrote it, where, with which files. */
interface Posted {
  authorId: string | undefined;
  where: string;
  ticketId: string | undefined;
  accountId: string | undefined;
  body: string;
  files: { size: number; name: string }[];
}

async function postedFor(admin: Session, row: InboundRow, seenMessages: Set<string>): Promise<Posted | undefined> {
  if (row.objectType !== "ticket" || !row.objectId)
    return {
      authorId: undefined,
      where: `${row.objectType} ${row.objectId}`,
      ticketId: undefined,
      accountId: undefined,
      body: "",
      files: [],
    };
  const detail = await ticketDetail(admin, row.objectId);
  if (!detail) return undefined;
  const fresh = detail.timeline.filter((item) => item.type === "message" && item.message?.source === "email" && !seenMessages.has(item.id));
  for (const item of detail.timeline) seenMessages.add(item.id);
  const reply = fresh.at(-1);
  if (reply?.message) {
    return {
      authorId: reply.actor?.id,
      where: `ticket ${row.objectId}`,
      ticketId: row.objectId,
      accountId: detail.ticket.account.id,
      body: reply.message.body,
      files: reply.message.files,
    };
  }
  // No new email message in it: a new ticket opened from the email.
  return {
    authorId: detail.ticket.createdBy.id,
    where: `new ticket ${row.objectId}`,
    ticketId: row.objectId,
    accountId: detail.ticket.account.id,
    body: detail.description,
    files: detail.files,
  };
}

// ——— the drill ———

interface People {
  clientId: string;
  clientTicketId: string;
  clientAccountId: string;
}

export async function drill(options: DrillOptions): Promise<DrillResult> {
  const { dialect, bounded, log } = options;
  const maxUploadMb = bounded ? 2 : 10;
  const inboundMaxMb = bounded ? 6 : 25;
  const maxFiles = bounded ? 4 : 10;
  const database = await freshDatabase(dialect);
  let server: DrillServer | undefined;
  const failures: string[] = [];
  const counts: Record<Transport, Record<Outcome, number>> = {
    http: { posted: 0, quarantined: 0, refused: 0, duplicate: 0, failed: 0 },
    smtp: { posted: 0, quarantined: 0, refused: 0, duplicate: 0, failed: 0 },
  };
  const tally = {
    hostile: 0,
    hostileStopped: 0,
    postedWrongly: 0,
    overLimits: 0,
    http5xx: 0,
    smtp4xx: 0,
    dropped: 0,
    controlPosted: 0,
    controlSent: 0,
  };
  let alive = false;
  let corpusSize = 0;
  try {
    const seeded = await seedPortal(database);
    const smtpPort = await freePort();
    server = await startServer(database, {
      INBOUND_SECRET,
      INBOUND_SMTP_PORT: String(smtpPort),
      SESSION_SECRET,
      MAIL_FROM: `Drill Agency <${SUPPORT}>`,
      MAX_UPLOAD_MB: String(maxUploadMb),
      INBOUND_MAX_MB: String(inboundMaxMb),
      MAX_FILES_PER_MESSAGE: String(maxFiles),
      LOG_LEVEL: "error",
    });
    let exited = false;
    void server.exited.then(() => {
      exited = true;
    });
    const admin = await login(server, seeded.admin);
    const client = await login(server, seeded.client);
    const other = await login(server, seeded.otherClient);
    const me = async (s: Session) =>
      ((await s.request("GET", "/api/auth/session")).body as { data: { user: { id: string; email: string; name: string } } }).data.user;
    const clientUser = await me(client);
    const otherUser = await me(other);
    const create = async (s: Session, path: string, body: unknown) => {
      const answer = await s.request("POST", path, body);
      const data = (answer.body as { data?: { id: string; number: number } }).data;
      if (answer.status !== 201 || !data)
        throw new Error(`setup: POST ${path} → ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
      return data;
    };
    const clientTicket = await create(client, "/api/tickets", { subject: "Printer on fire", description: "It smokes.", priority: "high" });
    const otherTicket = await create(other, "/api/tickets", {
      subject: "Invoice question",
      description: "Which bank?",
      priority: "normal",
    });
    const requestTypeId = ((await other.request("GET", "/api/request-types")).body as { data: { id: string }[] }).data[0]!.id;
    const otherTask = await create(other, "/api/tasks", { summary: "New landing page", description: "Blue.", requestTypeId });
    const config = { sessionSecret: SESSION_SECRET, mailFrom: `Drill Agency <${SUPPORT}>`, publicUrl: server.url };
    const people: People = { clientId: clientUser.id, clientTicketId: clientTicket.id, clientAccountId: seeded.accountId };
    const corpus = buildCorpus({
      client: { name: clientUser.name, email: clientUser.email },
      otherClient: { email: otherUser.email },
      stranger: STRANGER,
      clientTicketAddress: replyAddressFor(config, "ticket", clientTicket.id),
      otherTicketAddress: replyAddressFor(config, "ticket", otherTicket.id),
      otherTaskAddress: replyAddressFor(config, "task", otherTask.id),
      otherTicketThreadId: `<ticket-${otherTicket.id}@${new URL(server.url).hostname}>`,
      otherTicketReference: `SUP-${otherTicket.number}`,
      supportAddress: SUPPORT,
      maxUploadBytes: maxUploadMb * 1024 * 1024,
      maxFiles,
      inboundMaxBytes: inboundMaxMb * 1024 * 1024,
      bounded,
    });
    corpusSize = corpus.length;
    log(
      `${corpus.length} messages × HTTP and SMTP (port ${smtpPort}); limits ${maxFiles} files, ${maxUploadMb} MB a file, ${inboundMaxMb} MB a message`,
    );

    const knownRows = new Set((await inboundRows(admin)).map((row) => row.id));
    const seenMessages = new Set<string>();
    for (const item of (await ticketDetail(admin, clientTicket.id))?.timeline ?? []) seenMessages.add(item.id);

    let n = 0;
    for (const message of corpus) {
      const outcomes: string[] = [];
      for (const transport of ["http", "smtp"] as const) {
        n++;
        const label = `"${message.name}" over ${transport.toUpperCase()}`;
        const raw = message.raw(`<drill-${options.seed}-${n}-${transport}@drill.test>`);
        const delivery = transport === "http" ? await sendHttp(server, raw) : await sendSmtp(smtpPort, message, raw);
        counts[transport][delivery.outcome]++;
        if (delivery.problem) {
          if (transport === "http" && /^HTTP 5/.test(delivery.problem)) tally.http5xx++;
          else if (/^SMTP 4/.test(delivery.problem)) tally.smtp4xx++;
          else tally.dropped++;
          failures.push(`${label} (${raw.length} bytes) → ${delivery.problem}`);
        }
        // The log says what became of it (the answer can only say so much, and SMTP says less).
        const fresh = (await inboundRows(admin)).filter((row) => !knownRows.has(row.id));
        for (const row of fresh) knownRows.add(row.id);
        const row = fresh.find((r) => r.status === "attached") ?? fresh[0];
        const outcome: Outcome = row
          ? row.status === "attached"
            ? "posted"
            : "quarantined"
          : delivery.outcome === "posted"
            ? "posted"
            : delivery.outcome;
        if (row && delivery.outcome !== "failed" && delivery.outcome !== outcome) {
          failures.push(`${label}: the transport answered ${delivery.answer} but the inbound log shows ${row.status}`);
        }
        outcomes.push(
          `${transport} ${outcome}${row?.reason ? ` (${row.reason.slice(0, 70)})` : outcome === "refused" ? ` (${delivery.answer.slice(0, 60)})` : ""}`,
        );
        if (message.expect === "control") tally.controlSent++;
        if (message.expect === "not-posted") {
          tally.hostile++;
          if (outcome !== "posted") tally.hostileStopped++;
        }
        if (outcome === "posted") {
          const posted = row ? await postedFor(admin, row, seenMessages) : undefined;
          const problems = judgePosted(message, posted, people, { maxFiles, maxUploadBytes: maxUploadMb * 1024 * 1024 });
          if (posted && (message.attachments ?? 0) > 0) {
            outcomes[outcomes.length - 1] +=
              ` with ${posted.files.length} of ${message.attachments} files, text ${JSON.stringify(posted.body.slice(0, 160))}`;
          }
          if (message.expect === "control" && problems.length === 0) tally.controlPosted++;
          if (message.expect === "not-posted")
            problems.unshift(`was posted (${posted?.where ?? "somewhere"}) though it must be quarantined or refused`);
          if (problems.some((p) => p.startsWith("posted as") || p.startsWith("was posted") || p.startsWith("posted into")))
            tally.postedWrongly++;
          if (problems.some((p) => p.includes("limit"))) tally.overLimits++;
          for (const problem of problems) failures.push(`${label} ${problem}`);
        } else if (message.expect === "control") {
          failures.push(
            `${label}: the control reply was not posted (${row ? `${row.status}: ${row.reason}` : delivery.answer}); the drill's figures say nothing about posting`,
          );
        }
        if (exited) break;
      }
      log(`${message.name} [${message.expect}]: ${outcomes.join("; ")}`);
      if (exited) {
        failures.push(`the server exited after "${message.name}":\n${tail(server.output(), 30)}`);
        break;
      }
    }
    const health = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
    alive = !exited && health?.status === 200;
    if (!alive && !exited) failures.push(`the server did not answer /healthz 200 after the corpus (${health?.status ?? "no answer"})`);
  } finally {
    await server?.kill("SIGTERM").catch(() => undefined);
    await database.drop().catch((error: Error) => failures.push(`could not drop the drill's database: ${error.message}`));
  }
  const sum = (outcome: Outcome) => counts.http[outcome] + counts.smtp[outcome];
  const goals: DrillGoal[] = [
    {
      text: `every hostile message quarantined or refused (${tally.hostileStopped} of ${tally.hostile})`,
      met: tally.hostile > 0 && tally.hostileStopped === tally.hostile,
    },
    { text: `nothing posted as someone it is not, or into another's ticket (${tally.postedWrongly})`, met: tally.postedWrongly === 0 },
    { text: `what is posted keeps the upload limits and notes what was left out (${tally.overLimits} over)`, met: tally.overLimits === 0 },
    { text: `0 HTTP 5xx answers (${tally.http5xx})`, met: tally.http5xx === 0 },
    { text: `0 SMTP 4xx answers (${tally.smtp4xx})`, met: tally.smtp4xx === 0 },
    { text: `every delivery answered (${tally.dropped} dropped or timed out)`, met: tally.dropped === 0 },
    {
      text: `the control reply posted as the client (${tally.controlPosted} of ${tally.controlSent})`,
      met: tally.controlSent > 0 && tally.controlPosted === tally.controlSent,
    },
    { text: "the server is still up at the end", met: alive },
  ];
  return {
    name: "mime",
    figures: {
      "messages in the corpus": corpusSize,
      deliveries: `${sum("posted") + sum("quarantined") + sum("refused") + sum("duplicate") + sum("failed")} (HTTP and SMTP each)`,
      "posted / quarantined / refused (HTTP)": `${counts.http.posted} / ${counts.http.quarantined} / ${counts.http.refused}`,
      "posted / quarantined / refused (SMTP)": `${counts.smtp.posted} / ${counts.smtp.quarantined} / ${counts.smtp.refused}`,
      "failed deliveries (5xx, SMTP 4xx, dropped)": sum("failed"),
      "hostile messages stopped": `${tally.hostileStopped} of ${tally.hostile}`,
      "posted as the wrong person or place": tally.postedWrongly,
      "posted past the upload limits": tally.overLimits,
    },
    goals,
    failures,
  };
}

/** What is wrong with a posted message: the wrong author or ticket, too many or too big files, a NUL, no note. */
function judgePosted(
  message: CorpusMessage,
  posted: Posted | undefined,
  people: People,
  limits: { maxFiles: number; maxUploadBytes: number },
): string[] {
  if (!posted) return ["was posted, but its ticket cannot be read back"];
  const problems: string[] = [];
  if (posted.authorId !== people.clientId)
    problems.push(`posted as ${posted.authorId ?? "nobody"} (${posted.where}), not as the client it came from`);
  if (posted.ticketId !== people.clientTicketId && message.expect !== "not-posted")
    problems.push(`posted into ${posted.where}, not the client's own ticket`);
  if (posted.files.length > limits.maxFiles) problems.push(`posted ${posted.files.length} files past the limit of ${limits.maxFiles}`);
  const tooBig = posted.files.filter((f) => f.size > limits.maxUploadBytes);
  if (tooBig.length > 0)
    problems.push(
      `posted ${tooBig.map((f) => `${f.name} (${f.size} bytes)`).join(", ")} past the limit of ${limits.maxUploadBytes} bytes a file`,
    );
  if (posted.body.includes("\u0000")) problems.push("posted text holding a NUL byte");
  if (
    message.attachments !== undefined &&
    posted.files.length < message.attachments &&
    message.text &&
    posted.body.trim() === message.text.trim()
  ) {
    problems.push(`posted ${posted.files.length} of ${message.attachments} files with no note of what was left out (the upload limit)`);
  }
  return problems;
}

import type { DatabaseHandle } from "../src/server/platform/db/database";
import {
  type DrillDatabase,
  type DrillOptions,
  type DrillResult,
  type DrillServer,
  freshDatabase,
  login,
  openDrillDatabase,
  type Session,
  seedPortal,
  startServer,
  tail,
} from "./server";
import { type DrillSmtp, type SmtpMode, startDrillSmtp } from "./smtp";

/**
 * `mail`: the portal's mail through a real SMTP listener the drill controls.
 *
 * 1. A long outage. 50 emails are queued (an agent's replies notify the client) while the mail
 *    server is down, then refuses at the greeting (421), then refuses the sender (451), round
 *    after round. Waiting out each backoff would take hours, so between rounds the drill does
 *    what waiting does: it moves every queued `mail.send` job's clock back by the wait
 *    (`run_at`, and the start of its run of attempts, `created_at`/`retry_since`), until every
 *    job has been tried more often, and for longer, than the old policy allowed (8 attempts,
 *    about 21 minutes). Then the mail server comes back: every email must arrive, once.
 * 2. A crash while the mail server is slow. More emails are queued with a listener that holds
 *    back its answer to DATA; while one is held, the server gets SIGKILL. After the restart
 *    nothing may be sent twice and nothing lost, and the jobs that were running at the crash
 *    must be picked up again within a minute.
 *
 * Delivered means the listener's 250 reached the portal, counted by Message-ID.
 */

const OUTAGE_EMAILS = 50;
const CRASH_EMAILS = 10;
/** The old policy: 8 attempts (10 s · 2^n backoff, about 21 minutes). Beyond both, by a margin. */
const OLD_ATTEMPTS = 8;
const TARGET_ATTEMPTS = 12;
const TARGET_OUTAGE_MS = 2 * 3_600_000;
const PICKUP_GOAL_MS = 60_000;
/** How long the drill waits for a job running at the crash to be picked up before calling it missed. */
const PICKUP_PATIENCE_MS = 100_000;
const DOMAIN = "127.0.0.1";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface MailJob {
  id: string;
  status: string;
  attempts: number;
  run_at: string;
  created_at: string;
  retry_since: string | null;
  locked_by: string | null;
  last_error: string | null;
  payload: string;
}

async function mailJobs(handle: DatabaseHandle): Promise<MailJob[]> {
  const rows = await handle.db
    .selectFrom("jobs")
    .select(["id", "status", "attempts", "run_at", "created_at", "retry_since", "locked_by", "last_error", "payload"])
    .where("kind", "=", "mail.send")
    .execute();
  return rows.map((r) => ({ ...r, attempts: Number(r.attempts) }));
}

/** The Message-ID the portal sends a job's email with (platform/mail.ts `messageIdOf`). */
function expectedMessageId(job: MailJob): string {
  const payload = JSON.parse(job.payload) as { messageId?: string };
  return payload.messageId ?? `<${job.id}@${DOMAIN}>`;
}

/** Waits until no email is being sent and every queued one is waiting for a later time (the round's attempts are over). */
async function settle(handle: DatabaseHandle, ids: Set<string>, timeoutMs = 90_000): Promise<MailJob[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const jobs = (await mailJobs(handle)).filter((j) => ids.has(j.id));
    const now = new Date().toISOString();
    const busy = jobs.filter((j) => j.status === "running" || (j.status === "queued" && j.run_at <= now));
    if (busy.length === 0) return jobs;
    if (Date.now() > deadline) throw new Error(`${busy.length} emails still due or being sent after ${timeoutMs / 1000} s`);
    await sleep(250);
  }
}

/**
 * Time travel: what waiting `ms` would do to the queued jobs. Their next try becomes due and
 * their run of attempts began `ms` earlier (the lead's worker will read "now" from a clock the
 * drill can move; until then the rows are moved).
 */
async function travel(handle: DatabaseHandle, ids: Set<string>, ms: number): Promise<void> {
  const shift = (iso: string) => new Date(Date.parse(iso) - ms).toISOString();
  for (const job of await mailJobs(handle)) {
    if (!ids.has(job.id) || job.status !== "queued") continue;
    await handle.db
      .updateTable("jobs")
      .set({ run_at: shift(job.run_at), created_at: shift(job.created_at), retry_since: job.retry_since ? shift(job.retry_since) : null })
      .where("id", "=", job.id)
      .where("status", "=", "queued")
      .execute();
  }
}

/** Has the agent reply to the client's ticket until `count` more emails are queued; returns their job ids. */
async function queueEmails(handle: DatabaseHandle, agent: Session, ticketId: string, count: number, tag: string): Promise<Set<string>> {
  const before = new Set((await mailJobs(handle)).map((j) => j.id));
  for (let i = 0; i < count * 3; i++) {
    const fresh = (await mailJobs(handle)).filter((j) => !before.has(j.id));
    if (fresh.length >= count) return new Set(fresh.map((j) => j.id));
    const answer = await agent.request("POST", `/api/tickets/${ticketId}/messages`, { body: `${tag} reply ${i}` });
    if (answer.status !== 201) throw new Error(`POST /api/tickets/${ticketId}/messages → ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  throw new Error(`replies did not queue ${count} emails`);
}

/** Message-IDs delivered more than once, and expected ones never delivered. */
function tally(smtp: DrillSmtp, expected: Map<string, string>) {
  const times = new Map<string, number>();
  for (const d of smtp.delivered) times.set(d.messageId, (times.get(d.messageId) ?? 0) + 1);
  const lost = [...expected].filter(([, messageId]) => !times.has(messageId)).map(([jobId, messageId]) => `${messageId} (job ${jobId})`);
  const duplicated = [...times].filter(([, n]) => n > 1).map(([messageId, n]) => `${messageId} ×${n}`);
  const delivered = [...expected.values()].filter((m) => times.has(m)).length;
  return { lost, duplicated, delivered };
}

export async function drill(options: DrillOptions): Promise<DrillResult> {
  const failures: string[] = [];
  const figures: Record<string, number | string> = {};
  const database = await freshDatabase(options.dialect);
  const smtp = await startDrillSmtp();
  const servers: DrillServer[] = [];
  let handle: DatabaseHandle | undefined;
  try {
    const seeded = await seedPortal(database);
    handle = openDrillDatabase(database);
    // The poll stays the default; SHUTDOWN is not what this drill is about.
    const env = { SMTP_URL: smtp.url, MAIL_FROM: "Drill Agency <portal@drill.example>" };
    await smtp.setMode("down");
    const first = await startServer(database, env);
    servers.push(first);
    const client = await login(first, seeded.client);
    const agent = await login(first, seeded.agent);
    const ticket = await client.request("POST", "/api/tickets", { subject: "Mail drill", description: "Tell me", priority: "normal" });
    if (ticket.status !== 201) throw new Error(`POST /api/tickets → ${ticket.status} ${JSON.stringify(ticket.body)}`);
    const ticketId = (ticket.body as { data: { id: string } }).data.id;

    await outage(options, handle, smtp, agent, ticketId, figures, failures);
    const second = await crashWhileSlow(options, database, handle, smtp, first, agent, ticketId, env, figures, failures);
    if (second) servers.push(second);

    const all = tally(smtp, new Map((await mailJobs(handle)).map((j) => [j.id, expectedMessageId(j)])));
    figures["emails delivered twice (whole drill)"] = all.duplicated.length;
    return {
      name: "mail",
      figures,
      failures,
      goals: [
        { text: "0 emails lost in a long outage", met: figures["outage: lost"] === 0 },
        { text: "0 emails sent twice", met: all.duplicated.length === 0 && figures["crash: sent twice"] === 0 },
        { text: "0 emails lost after a crash", met: figures["crash: lost"] === 0 },
        {
          text: `jobs running at the crash picked up within ${PICKUP_GOAL_MS / 1000} s`,
          met:
            typeof figures["crash: pick-up of running jobs, s"] === "number" &&
            figures["crash: pick-up of running jobs, s"] < PICKUP_GOAL_MS / 1000,
        },
      ],
    };
  } catch (error) {
    failures.push(`the drill could not run: ${(error as Error).message}`);
    const last = servers.at(-1);
    if (last) failures.push(`server output:\n${tail(last.output(), 20)}`);
    return { name: "mail", figures, failures };
  } finally {
    for (const server of servers) await server.kill("SIGKILL");
    await handle?.close();
    await smtp.close();
    await database.drop();
  }
}

/** Part 1: 50 emails through a long outage, then the mail server comes back. */
async function outage(
  options: DrillOptions,
  handle: DatabaseHandle,
  smtp: DrillSmtp,
  agent: Session,
  ticketId: string,
  figures: Record<string, number | string>,
  failures: string[],
): Promise<void> {
  const ids = await queueEmails(handle, agent, ticketId, OUTAGE_EMAILS, "outage");
  const expected = new Map((await mailJobs(handle)).filter((j) => ids.has(j.id)).map((j) => [j.id, expectedMessageId(j)]));
  const modes: SmtpMode[] = ["down", "refuse-421", "refuse-451"];
  let simulatedMs = 0;
  let rounds = 0;
  let jobs = await settle(handle, ids);
  for (;;) {
    const queued = jobs.filter((j) => j.status === "queued");
    const minAttempts = Math.min(...jobs.map((j) => j.attempts));
    if (queued.length === 0 || (minAttempts >= TARGET_ATTEMPTS && simulatedMs >= TARGET_OUTAGE_MS) || rounds >= 40) break;
    rounds++;
    await smtp.setMode(modes[rounds % modes.length]!);
    // Everyone's next try becomes due: the wait is the furthest of them.
    const wait = Math.max(0, ...queued.map((j) => Date.parse(j.run_at) - Date.now())) + 1_000;
    simulatedMs += wait;
    await travel(handle, ids, wait);
    jobs = await settle(handle, ids);
  }
  const failedDuringOutage = jobs.filter((j) => j.status === "failed");
  const attempts = jobs.map((j) => j.attempts);
  figures["outage: emails queued"] = ids.size;
  figures["outage: rounds (down / 421 / 451 in turn)"] = rounds;
  figures["outage: simulated length, minutes"] = Math.round(simulatedMs / 60_000);
  figures["outage: attempts per email (min–max)"] = `${Math.min(...attempts)}–${Math.max(...attempts)} (old limit ${OLD_ATTEMPTS})`;
  figures["outage: given up during the outage"] = failedDuringOutage.length;
  figures["outage: connections refused"] = smtp.counts.refused;
  if (failedDuringOutage.length > 0) {
    const sample = failedDuringOutage[0]!;
    failures.push(
      `${failedDuringOutage.length} of ${ids.size} emails given up after ${sample.attempts} attempts and ${Math.round(simulatedMs / 60_000)} simulated minutes of outage (last error: ${sample.last_error?.slice(0, 120)})`,
    );
  }
  options.log(`mail: ${rounds} outage rounds, ${Math.round(simulatedMs / 60_000)} simulated minutes; the mail server comes back`);

  await smtp.setMode("accept");
  const waitBack = Math.max(0, ...jobs.filter((j) => j.status === "queued").map((j) => Date.parse(j.run_at) - Date.now())) + 1_000;
  await travel(handle, ids, waitBack);
  jobs = await settle(handle, ids);
  const { lost, duplicated, delivered } = tally(smtp, expected);
  figures["outage: delivered"] = `${delivered} of ${ids.size}`;
  figures["outage: lost"] = lost.length;
  figures["outage: sent twice"] = duplicated.length;
  if (lost.length > 0)
    failures.push(`${lost.length} of ${ids.size} emails never delivered after the outage: ${lost.slice(0, 5).join(", ")}`);
  if (duplicated.length > 0)
    failures.push(`${duplicated.length} emails delivered more than once after the outage: ${duplicated.slice(0, 5).join(", ")}`);
}

/** Part 2: SIGKILL while the mail server holds its answer; restart; count and time the pick-up. */
async function crashWhileSlow(
  options: DrillOptions,
  database: DrillDatabase,
  handle: DatabaseHandle,
  smtp: DrillSmtp,
  server: DrillServer,
  agent: Session,
  ticketId: string,
  env: Record<string, string>,
  figures: Record<string, number | string>,
  failures: string[],
): Promise<DrillServer | undefined> {
  const start = smtp.counts.received;
  // The first two answer after a second (accepted and recorded before the crash), then the mail server hangs.
  smtp.setDelay((nth) => (nth - start < 2 ? 1_000 : 45_000));
  const ids = await queueEmails(handle, agent, ticketId, CRASH_EMAILS, "crash");
  const expected = new Map((await mailJobs(handle)).filter((j) => ids.has(j.id)).map((j) => [j.id, expectedMessageId(j)]));
  const deadline = Date.now() + 30_000;
  while (smtp.pending().length === 0 || smtp.counts.received - start < 3) {
    if (Date.now() > deadline) throw new Error("no email reached the slow mail server within 30 s");
    await sleep(100);
  }
  const runningAtKill = (await mailJobs(handle)).filter((j) => ids.has(j.id) && j.status === "running");
  const killedAt = Date.now();
  await server.kill("SIGKILL");
  smtp.setDelay(() => 0);
  figures["crash: emails queued"] = ids.size;
  figures["crash: delivered before the kill"] = smtp.delivered.filter((d) => [...expected.values()].includes(d.messageId)).length;
  figures["crash: jobs running at the kill"] = runningAtKill.length;
  options.log(`mail: SIGKILL with ${runningAtKill.length} mail jobs running, one answer held by the mail server`);

  let restarted: DrillServer;
  try {
    restarted = await startServer(database, { ...env, PORT: server.env.PORT! });
  } catch (error) {
    failures.push(`the server did not restart after the crash: ${(error as Error).message}`);
    return undefined;
  }
  figures["crash: restart ms"] = Date.now() - killedAt;
  // Picked up: the job left the dead worker's hands (claimed by the new one, or settled).
  const pickedUp = new Map<string, number>();
  const patience = killedAt + PICKUP_PATIENCE_MS;
  while (pickedUp.size < runningAtKill.length && Date.now() < patience) {
    const now = new Map((await mailJobs(handle)).map((j) => [j.id, j]));
    for (const old of runningAtKill) {
      const job = now.get(old.id);
      if (pickedUp.has(old.id) || !job) continue;
      if (job.status !== "running" || job.locked_by !== old.locked_by) pickedUp.set(old.id, Date.now() - killedAt);
    }
    await sleep(250);
  }
  const slowest = Math.max(0, ...pickedUp.values());
  if (pickedUp.size < runningAtKill.length) {
    figures["crash: pick-up of running jobs, s"] = `> ${PICKUP_PATIENCE_MS / 1000}`;
    failures.push(
      `${runningAtKill.length - pickedUp.size} of ${runningAtKill.length} mail jobs running at the crash were not picked up within ${PICKUP_PATIENCE_MS / 1000} s`,
    );
  } else {
    figures["crash: pick-up of running jobs, s"] = Math.round(slowest / 100) / 10;
    if (slowest >= PICKUP_GOAL_MS)
      failures.push(`a mail job running at the crash waited ${Math.round(slowest / 1000)} s to be picked up again (goal < 60 s)`);
  }
  try {
    await settle(handle, ids, 120_000);
  } catch (error) {
    failures.push(`after the crash: ${(error as Error).message}`);
  }
  const { lost, duplicated, delivered } = tally(smtp, expected);
  figures["crash: delivered"] = `${delivered} of ${ids.size}`;
  figures["crash: lost"] = lost.length;
  figures["crash: sent twice"] = duplicated.length;
  figures["crash: received but unanswered when the sender died"] = smtp.unanswered.length;
  if (lost.length > 0)
    failures.push(`${lost.length} of ${ids.size} emails never delivered after the crash: ${lost.slice(0, 5).join(", ")}`);
  if (duplicated.length > 0)
    failures.push(`${duplicated.length} emails delivered twice after the crash: ${duplicated.slice(0, 5).join(", ")}`);
  return restarted;
}

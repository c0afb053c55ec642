import { buildApp, createLogger } from "./app";
import { connectToPrimary, roleOfThisWorker } from "./cluster/link";
import { ensureFirstAdmin } from "./modules/accounts/setup";
import { type InboundSmtp, startInboundSmtp } from "./modules/inbound/smtp";
import type { Config } from "./platform/config";
import { migrateToLatest, openDatabase } from "./platform/db/database";

/**
 * One serving process — the whole portal, or one cluster worker: database → migrations → listen
 * → background work. Only the lead (a single process is its own lead) applies migrations first,
 * prints the setup link, runs the job worker and the inbound SMTP listener; the other workers
 * serve HTTP. SIGTERM: stop claiming jobs, give the running ones SHUTDOWN_GRACE_SECONDS, put the
 * rest back in the queue, close and exit.
 */
export async function serve(config: Config): Promise<void> {
  const log = createLogger(config.logLevel);
  const role = roleOfThisWorker() ?? "lead";
  const lead = role === "lead";
  // A promise someone forgot to await must not take every client's portal down with it: it is a
  // bug to fix, reported loudly, not a reason to stop serving.
  process.on("unhandledRejection", (reason) => log.error({ err: reason }, "unhandled promise rejection"));
  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    onConnectionError: (error) => log.warn({ err: error }, "a database connection was dropped; it will be replaced"),
  });
  try {
    // The other workers start once the lead listens, so they find the schema current.
    if (lead) await migrateToLatest(database.db);
  } catch (error) {
    console.error(`Database start-up failed (${database.dialect}): ${(error as Error).message}`);
    process.exit(1);
  }
  const { app, ctx } = await buildApp({ config, database, logger: log, cluster: connectToPrimary(log) });
  const setupLink = lead ? await ensureFirstAdmin(ctx) : undefined;
  await app.listen({ port: config.port, host: config.host });
  if (lead && config.runWorkers) ctx.jobs.start();
  let inbound: InboundSmtp | undefined;
  if (lead && config.inboundSmtpPort !== undefined) {
    try {
      inbound = await startInboundSmtp(ctx, { port: config.inboundSmtpPort, host: config.inboundSmtpHost });
    } catch (error) {
      console.error(
        `Invalid configuration: INBOUND_SMTP_PORT: cannot listen on ${config.inboundSmtpHost}:${config.inboundSmtpPort} (${(error as Error).message})`,
      );
      process.exit(1);
    }
  }
  if (lead) {
    log.info(
      {
        url: config.publicUrl,
        database: database.dialect,
        mail: config.smtpUrl ? "smtp" : "built-in mailbox",
        processes: roleOfThisWorker() ? config.webConcurrency : 1,
      },
      "Portico is running",
    );
  }
  if (setupLink) {
    // Printed plainly (not as JSON) so the person starting the portal sees it.
    console.log(`\n  Portico has no admin yet. Open this link to create the first admin account:\n  ${setupLink}\n`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const graceMs = config.shutdownGraceSeconds * 1000;
    log.info({ signal, graceSeconds: config.shutdownGraceSeconds, role }, "shutting down: finishing requests and jobs in flight");
    // Whatever hangs (a request, a mail server, the database), the process is gone soon after the grace period.
    setTimeout(() => {
      log.error("shutdown did not finish in time; exiting");
      process.exit(1);
    }, graceMs + 5_000).unref();
    // Stop claiming jobs first; the job in hand gets the grace period, then goes back to the queue.
    const jobsStopped = ctx.jobs.stop(graceMs);
    await inbound?.close(); // stops accepting mail, finishes messages in flight
    await app.close(); // stops accepting, waits for in-flight requests
    await jobsStopped;
    await database.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

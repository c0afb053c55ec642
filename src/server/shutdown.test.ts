import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "./platform/db/database";
import { createPostgresDatabase } from "./test/harness";

/**
 * SIGTERM with a mail relay that hangs: the real server process stops claiming jobs, gives the
 * email in hand SHUTDOWN_GRACE_SECONDS, puts it back in the queue and exits — it used to wait for
 * every due job, 749 s in a drill.
 */
let relay: SMTPServer;
let relayPort: number;
let dataDir: string;
let pgDatabase: { url: string; drop(): Promise<void> } | undefined;
let server: ChildProcess | undefined;

beforeAll(async () => {
  relay = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    // Reads the message and never answers: the relay hangs.
    onData(stream) {
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  relayPort = (relay.server.address() as AddressInfo).port;
  dataDir = mkdtempSync(path.join(tmpdir(), "portico-shutdown-"));
  if (process.env.TEST_DATABASE_URL) pgDatabase = await createPostgresDatabase(process.env.TEST_DATABASE_URL);
});
afterAll(async () => {
  server?.kill("SIGKILL");
  await new Promise<void>((resolve) => relay.close(() => resolve()));
  await pgDatabase?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = new SMTPServer({});
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.server.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

describe("SIGTERM", () => {
  it("exits within the grace period while an email hangs on the relay, and keeps the email queued", async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    let output = "";
    server = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: {
        ...process.env,
        PORT: String(port),
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        PUBLIC_URL: url,
        SMTP_URL: `smtp://127.0.0.1:${relayPort}?ignoreTLS=true`,
        SHUTDOWN_GRACE_SECONDS: "1",
        LOG_LEVEL: "warn",
        ...(pgDatabase ? { DATABASE_URL: pgDatabase.url } : { DATABASE_URL: "" }),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    server.stdout?.on("data", (chunk) => (output += chunk));
    server.stderr?.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => server!.on("exit", (code) => resolve(code)));
    for (let i = 0; ; i++) {
      const ok = await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (i > 300) throw new Error(`the server did not start:\n${output}`);
      await sleep(100);
    }
    // The activation email goes to the relay, which never answers.
    const registered = await fetch(`${url}/api/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "hang@example.com", username: "hang", name: "Hang On", phone: "", password: "a long enough password" }),
    });
    expect(registered.status).toBe(201);

    let database: DatabaseHandle | undefined;
    try {
      database = openDatabase({ databaseUrl: pgDatabase?.url, dataDir });
      const mailJob = () => database!.db.selectFrom("jobs").selectAll().where("kind", "=", "mail.send").executeTakeFirst();
      for (let i = 0; (await mailJob())?.status !== "running"; i++) {
        if (i > 100) throw new Error(`the email was never picked up:\n${output}`);
        await sleep(50);
      }
      const stopping = Date.now();
      server.kill("SIGTERM");
      const code = await exited;
      server = undefined;
      expect(code).toBe(0);
      // One second of grace, plus closing: nowhere near the relay's one-minute timeout.
      expect(Date.now() - stopping).toBeLessThan(8_000);
      expect(await mailJob()).toMatchObject({ status: "queued", attempts: 0, locked_by: null });
    } finally {
      await database?.close();
    }
  }, 60_000);
});

import { buildApp, createLogger } from "../src/server/app";
import { loadConfig } from "../src/server/platform/config";
import { openDatabase } from "../src/server/platform/db/database";
import type { InstanceChildMessage, InstanceParentMessage, InstanceSpec } from "./instance";

/** The second instance (see instance.ts): the app as main.ts starts it, minus the jobs, the inbound SMTP and the signals. */
async function start(spec: InstanceSpec) {
  const config = loadConfig({
    DATA_DIR: spec.dataDir,
    PUBLIC_URL: "http://127.0.0.1",
    LOG_LEVEL: "silent",
    RUN_WORKERS: "false",
    DATABASE_URL: spec.databaseUrl,
  });
  // The first instance migrated the database; this one only opens it.
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const { app, realtime } = await buildApp({ config, database, logger: createLogger("silent") });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (address === null || typeof address === "string") throw new Error("the second instance has no TCP address");
  return {
    origin: `http://127.0.0.1:${address.port}`,
    stats: () => ({ rssMiB: process.memoryUsage().rss / 1024 / 1024, connections: realtime.connectionCount }),
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

const send = (message: InstanceChildMessage) => process.send?.(message);
let instance: Awaited<ReturnType<typeof start>> | undefined;
process.on("message", (message: InstanceParentMessage) => {
  switch (message.type) {
    case "start":
      start(message.spec).then(
        (started) => {
          instance = started;
          send({ type: "listening", origin: started.origin });
        },
        (error: unknown) => send({ type: "failed", error: error instanceof Error ? error.message : String(error) }),
      );
      return;
    case "stats":
      if (instance) send({ type: "stats", stats: instance.stats() });
      else send({ type: "failed", error: "asked for stats before it was listening" });
      return;
    case "close":
      void (instance?.close() ?? Promise.resolve()).finally(() => process.exit(0));
      return;
    default: {
      const unknown: never = message;
      throw new Error(`unknown message ${JSON.stringify(unknown)}`);
    }
  }
});
// The bench gone (crashed, killed), this instance must not outlive it.
process.on("disconnect", () => process.exit(0));

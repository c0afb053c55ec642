import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ServerStats } from "./stream";

/** What the bench tells its second instance: the first one's DATA_DIR (its secrets) and database. */
export interface InstanceSpec {
  dataDir: string;
  databaseUrl: string;
}

export type InstanceChildMessage =
  | { type: "listening"; origin: string }
  | { type: "stats"; stats: ServerStats }
  | { type: "failed"; error: string };
export type InstanceParentMessage = { type: "start"; spec: InstanceSpec } | { type: "stats" } | { type: "close" };

export interface SecondInstance {
  origin: string;
  stats(): Promise<ServerStats>;
  close(): Promise<void>;
}

/**
 * A second app instance in its own process, on the first one's PostgreSQL database and DATA_DIR
 * (the same SESSION_SECRET and ENCRYPTION_KEY, as instances behind one load balancer share them).
 * Its own process, so its hub and its streams have an event loop to themselves, as they would in
 * production; the machine's cores are still shared.
 */
export function startSecondInstance(spec: InstanceSpec): Promise<SecondInstance> {
  const child = fork(fileURLToPath(new URL("./instance-child.ts", import.meta.url)), [], {
    // Absolute, so the bench also runs from another working directory.
    execArgv: ["--import", import.meta.resolve("tsx")],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  // One question at a time: each waits for the child's next answer of its type.
  const next = <T extends InstanceChildMessage["type"]>(type: T) =>
    new Promise<Extract<InstanceChildMessage, { type: T }>>((resolve, reject) => {
      const onMessage = (message: InstanceChildMessage) => {
        if (message.type !== type && message.type !== "failed") return;
        child.off("message", onMessage);
        child.off("exit", onExit);
        if (message.type === "failed") reject(new Error(`second instance failed: ${message.error}`));
        else resolve(message as Extract<InstanceChildMessage, { type: T }>);
      };
      const onExit = (code: number | null) => reject(new Error(`second instance exited with code ${code}`));
      child.on("message", onMessage);
      child.once("exit", onExit);
    });
  const listening = next("listening");
  child.send({ type: "start", spec } satisfies InstanceParentMessage);
  return listening.then(
    ({ origin }) => ({
      origin,
      stats: async () => {
        const answer = next("stats");
        child.send({ type: "stats" } satisfies InstanceParentMessage);
        return (await answer).stats;
      },
      close: () =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.send({ type: "close" } satisfies InstanceParentMessage);
        }),
    }),
    (error: unknown) => {
      child.kill();
      throw error;
    },
  );
}

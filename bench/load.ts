import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

/** One load run, plain data so it can cross into the load-generator process. */
export interface LoadSpec {
  /** Origin of the server under test, e.g. http://127.0.0.1:41234 */
  origin: string;
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  /** Request bodies used in turn, one per request (e.g. logins rotating over many users). */
  bodies?: string[];
  /** Paths used in turn, in step with `bodies`: request n sends bodies[n % bodies.length] to paths[n % paths.length]. */
  paths?: string[];
  /** Index n of the first request (a measured run continues where its warm-up stopped). */
  firstRequest?: number;
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  total: number;
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  statusCodes: Record<string, number>;
}

export type ChildMessage = { ok: true; result: LoadResult } | { ok: false; error: string };

/**
 * Runs autocannon in a separate process, so the load generator does not share the server's
 * event loop (the server and the bare baseline route both live in this process).
 */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const child = fork(fileURLToPath(new URL("./load-child.ts", import.meta.url)), [], {
    // Absolute, so the bench also runs from another working directory.
    execArgv: ["--import", import.meta.resolve("tsx")],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    let settled = false;
    child.on("message", (message: ChildMessage) => {
      settled = true;
      if (message.ok) resolve(message.result);
      else reject(new Error(`load generator failed: ${message.error}`));
      child.disconnect();
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (!settled) reject(new Error(`load generator exited with code ${code} before reporting`));
    });
    child.send(spec);
  });
}

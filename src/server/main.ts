import cluster from "node:cluster";
import { loadConfigOrReport } from "./platform/config";

/**
 * The portal's entry point. The configuration is read (and any missing secret generated into
 * DATA_DIR) before anything else, once, so every process of a cluster shares the same. With
 * WEB_CONCURRENCY above 1 this process becomes the cluster's primary and the workers run this
 * file again; otherwise it serves by itself. Each side loads only its own code.
 */
async function main(): Promise<void> {
  const config = loadConfigOrReport();
  if (!config) process.exit(1);
  if (cluster.isPrimary && config.webConcurrency > 1) {
    const { runPrimary } = await import("./cluster/primary");
    runPrimary(config);
    return;
  }
  const { serve } = await import("./serve");
  await serve(config);
}

void main();

import { defineConfig } from "vitest/config";

/** Browser tests: real server process, real Chromium. Files run one after another. */
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests spawn the built CLI and an emulator each; two cores, so keep parallelism modest.
    maxWorkers: 2,
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Rebuilds dist/ first when it is older than the sources (a bare `npx vitest run`).
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests spawn the built CLI and an emulator each; two cores, so keep parallelism modest.
    maxWorkers: 2,
  },
});

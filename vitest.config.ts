import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Rebuilds dist/ first when it is older than the sources (a bare `npx vitest run`).
    // It also gives the run a temp folder of its own, and fails the run if a test leaves files there.
    globalSetup: ["test/global-setup.ts"],
    // Removes the temp folders each test file made (test/helpers/cli.ts tempDir()).
    setupFiles: ["test/helpers/cleanup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests spawn the built CLI and an emulator each; two cores, so keep parallelism modest.
    maxWorkers: 2,
  },
});

import { afterAll } from "vitest";
import { removeTempDirs } from "./cli.js";

// A setup file (vitest.config.ts): runs in every test file, so the temp folders each file makes
// with tempDir() are removed once its tests are over. test/global-setup.ts checks none is left.
afterAll(() => {
  removeTempDirs();
});

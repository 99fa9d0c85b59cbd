import { describe, expect, it } from "vitest";
import { runCli, writeJsonFiles } from "../helpers/cli.js";

const config = {
  subdomain: "acme",
  credentials: { credentials: "access_token", access_token: "secret-tok-9876" },
};

describe("user errors are one clear TRACE config_error line, never a stack trace", () => {
  it.each([
    ["missing config file", ["check", "--config", "/nonexistent/config.json"], /Cannot read the config file/],
    ["missing --config", ["discover"], /--config/],
    ["unknown command", ["explode"], /unknown command/],
  ])("%s", async (_name, args, message) => {
    const result = await runCli(args);
    // A config file that cannot be read fails every command, `check` too (exit 1, no CONNECTION_STATUS):
    // only a config that reads but is wrong is a FAILED check with exit 0 (Airbyte's convention).
    expect(result.exitCode).not.toBe(0);
    expect(result.messages.filter((m) => m.type === "CONNECTION_STATUS")).toEqual([]);
    const errors = result.traces("ERROR");
    expect(errors).toHaveLength(1);
    expect(errors[0].error.failure_type).toBe("config_error");
    expect(errors[0].error.message).toMatch(message);
    expect(errors[0].error.stack_trace).toBeUndefined();
  });

  it("invalid JSON and invalid config name the file and the field; the token never appears", async () => {
    const files = writeJsonFiles({ broken: "{not json", bad: { ...config, subdomain: "acme.zendesk.com" } });
    const broken = await runCli(["discover", "--config", files.broken]);
    expect(broken.exitCode).toBe(1);
    expect(broken.traces("ERROR")[0].error.message).toMatch(/not valid JSON/);
    expect(broken.traces("ERROR")[0].error.message).toContain(files.broken);

    const bad = await runCli(["check", "--config", files.bad]);
    expect(bad.traces("ERROR")[0].error.message).toMatch(/subdomain/);
    expect(bad.messages.find((m) => m.type === "CONNECTION_STATUS").connectionStatus.status).toBe("FAILED");
    expect(bad.stdout + bad.stderr).not.toContain("secret-tok-9876");
  });
});

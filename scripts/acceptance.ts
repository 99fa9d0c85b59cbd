/**
 * Our Connector Acceptance Test runner: the checks of Airbyte's CAT (which needs Docker and Python),
 * driven by the same acceptance-test-config.yml and integration_tests/ files.
 *
 *   npm run acceptance                              # node dist/main.js against a fresh emulator
 *   npm run acceptance -- --image ghcr.io/zendesk-chat-ts/source-zendesk-chat-ts:dev
 *                                                   # the Docker image (`docker run`, files in /data,
 *                                                   # host network to reach the emulator; needs an engine)
 *   npm run acceptance -- --connector "node my-wrapper.js"   # any command speaking the Airbyte CLI
 *   npm run acceptance -- --only basic_read         # checks whose name contains the text
 *   npm run acceptance -- --base-url URL            # an emulator (or API) already running
 *   npm run acceptance -- --base-url URL --support-base-url URL2   # and its Support API
 *   npm run acceptance -- --config path/to/acceptance-test-config.yml
 *
 * Prints every check with PASS / FAIL (with the reason) / SKIP, and exits 1 if any check failed.
 */
import { parseArgs } from "node:util";
import { startEmulator } from "../emulator/index.js";
import {
  AcceptanceContext,
  buildChecks,
  describeLauncher,
  dockerAvailable,
  type Launcher,
  runChecks,
} from "./acceptance/index.js";
import { ACCEPTANCE_EMULATOR_OPTIONS } from "./generate-expected-records.js";

const HELP = `usage: node build/scripts/acceptance.js [options]
  --config FILE      acceptance-test-config.yml (default: the project's)
  --image NAME       test a Docker image instead of node dist/main.js (requires a Docker engine)
  --connector CMD    test this command line instead (split on spaces), e.g. "node wrapper.mjs"
  --base-url URL     use this Zendesk Chat API base URL instead of starting the emulator
  --support-base-url URL
                     with --base-url: the Zendesk Support API base URL (for a running emulator:
                     <its origin>/api/v2; default: the connector's, https://{subdomain}.zendesk.com/api/v2)
  --only TEXT        run only the checks whose name contains TEXT (repeatable)
  -h, --help`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      config: { type: "string" },
      image: { type: "string" },
      connector: { type: "string" },
      "base-url": { type: "string" },
      "support-base-url": { type: "string" },
      only: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  let launcher: Launcher | undefined;
  if (values.image) {
    if (!dockerAvailable()) {
      process.stderr.write(
        `--image ${values.image}: no Docker engine answers (docker info failed); cannot test an image here.\n`,
      );
      return 2;
    }
    launcher = { kind: "docker", image: values.image };
  } else if (values.connector) {
    launcher = { kind: "local", command: values.connector.split(/\s+/).filter(Boolean) };
  }

  if (values["support-base-url"] && !values["base-url"]) {
    process.stderr.write(
      "--support-base-url needs --base-url (without it the runner starts the emulator).\n",
    );
    return 2;
  }
  const emulator = values["base-url"] ? undefined : await startEmulator(ACCEPTANCE_EMULATOR_OPTIONS);
  try {
    const baseUrl = values["base-url"] ?? (emulator?.baseUrl as string);
    // Without --support-base-url against a running API, the connector's own default applies.
    const supportBaseUrl = values["support-base-url"] ?? emulator?.supportBaseUrl;
    const ctx = new AcceptanceContext({
      configFile: values.config,
      launcher,
      env: {
        ZENDESK_CHAT_BASE_URL: baseUrl,
        ...(supportBaseUrl ? { ZENDESK_SUPPORT_BASE_URL: supportBaseUrl } : {}),
        ZENDESK_CHAT_BACKOFF_BASE_MS: "50",
      },
    });
    const only = values.only ?? [];
    const checks = buildChecks(ctx.config).filter(
      (c) => only.length === 0 || only.some((o) => c.name.includes(o)),
    );
    process.stdout.write(
      `Acceptance tests of ${describeLauncher(ctx.launcher)} (${ctx.config.connector_image}, strictness ${
        ctx.config.test_strictness_level ?? "low"
      }) against ${baseUrl} (Support: ${supportBaseUrl ?? "https://{subdomain}.zendesk.com/api/v2"}): ${checks.length} checks\n\n`,
    );
    const started = Date.now();
    const outcomes = await runChecks(ctx, checks, (o) => {
      process.stdout.write(`${o.status} ${o.check} (${(o.ms / 1000).toFixed(1)} s)\n`);
      if (o.message) process.stdout.write(`${o.message.replace(/^/gm, "     ")}\n`);
    });
    const count = (status: string) => outcomes.filter((o) => o.status === status).length;
    process.stdout.write(
      `\n${count("PASS")} passed, ${count("FAIL")} failed, ${count("SKIP")} skipped; ${ctx.runs.length} connector runs in ${(
        (Date.now() - started) / 1000
      ).toFixed(1)} s\n`,
    );
    return count("FAIL") > 0 ? 1 : 0;
  } finally {
    await emulator?.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);

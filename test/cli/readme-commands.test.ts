// The README's "command line, directly" block, run as written (issue #12): a new user copies it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CLI, parseMessages, runRawProcess, tempDir } from "../helpers/cli.js";
import { accessTokenConfig, useEmulator } from "../helpers/emulator.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");

function section(heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThan(0);
  const rest = readme.slice(start + heading.length + 2);
  return rest.slice(0, rest.search(/\n#{2,3} /));
}

/** A shell script, through the test kit's one process runner. */
const bash = (script: string, cwd: string, env: Record<string, string> = {}) =>
  runRawProcess("bash", ["-c", script], { cwd, env });

describe("README: the command line, directly", () => {
  const emulator = useEmulator({ seed: 5, chats: 200 });

  const direct = section("### The command line, directly");
  const block = (direct.match(/```bash\n([\s\S]*?)```/) as RegExpMatchArray)[1] as string;

  it("shows npx and node dist/main.js, check --exit-code, catalog and read with --state", () => {
    expect(block).toMatch(/^npm ci && npm run build$/m);
    expect(block).toContain("npx source-zendesk-chat");
    expect(block).toContain("node dist/main.js");
    expect(block).toMatch(/check .*--exit-code/);
    expect(block).toMatch(/catalog .*--out configured_catalog\.json/);
    expect(block).toMatch(/read .*--state messages\.jsonl/);
    for (const flag of ["--streams", "--full-refresh", "--out", "--version", "--help", "jq -e"])
      expect(readme).toContain(flag);
  });

  it("names the files the demo writes, and says config.json and configured_catalog.json are templates", () => {
    const demo = readFileSync(join(root, "scripts", "demo.ts"), "utf8");
    for (const file of [
      "config.json",
      "configured_catalog.json",
      "state.json",
      "state-after-incremental.json",
    ]) {
      expect(readme).toContain(`\`${file}\``);
      expect(demo).toContain(`"${file}"`);
    }
    // Every file the demo writes into demo-output/ has its row in the README's table.
    const written = [...demo.matchAll(/join\(OUT, "([^"]+)"\)/g)].map((m) => m[1] as string);
    expect(written).toEqual(expect.arrayContaining(["zendesk.duckdb", "report.html", "summary.md"]));
    const table = section("## Two commands");
    for (const file of new Set(written)) {
      if (file === "records") continue; // records/<stream>.<full|incremental>.jsonl
      expect(table, file).toMatch(new RegExp(`^\\| [^|]*\`${file.replace(".", "\\.")}\``, "m"));
    }
    expect(readme).toMatch(/`config\.json` \|[^\n]*template to copy/);
    expect(readme).toMatch(/`configured_catalog\.json` \|[^\n]*template to copy/);
  });

  it("the command table has sync, report and query; the image is said to carry the connector only", () => {
    const direct = section("### The command line, directly");
    for (const command of ["sync --config F --to duckdb:FILE", "report --db FILE --out", "query --db FILE"])
      expect(direct).toContain(`| \`${command}`);
    expect(section("### With `docker run`")).toMatch(
      /The image carries the connector only[^\n]*\n[^\n]*not `sync`, `report` or `query`/,
    );
  });

  it("runs as written against the emulator (npx is the built CLI; config.json from the demo's template)", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "config.json"), JSON.stringify(accessTokenConfig(emulator)));
    const lines = block
      .split("\n")
      .filter((line) => !line.startsWith("npm ci") && !line.startsWith("cp demo-output/"));
    const script = [
      "set -eo pipefail",
      // `npx source-zendesk-chat` resolves to this package's bin, i.e. node dist/main.js.
      `npx() { [ "$1" = source-zendesk-chat ] && shift; node "${CLI}" "$@"; }`,
      ...lines,
    ].join("\n");
    const result = await bash(script, dir, { ZENDESK_CHAT_BASE_URL: emulator.baseUrl });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Usage: source-zendesk-chat/);
    const first = parseMessages(readFileSync(join(dir, "messages.jsonl"), "utf8"));
    const next = parseMessages(readFileSync(join(dir, "next.jsonl"), "utf8"));
    const chats = (messages: typeof first) =>
      messages.filter((m) => m.type === "RECORD" && m.record.stream === "chats").length;
    expect(chats(first)).toBe(emulator.count("chats"));
    expect(chats(next)).toBeLessThan(chats(first) / 10);
    expect(next.filter((m) => m.type === "TRACE" && m.trace.type === "ERROR")).toEqual([]);
  });

  it("npx source-zendesk-chat runs this package's CLI from the repository", async () => {
    const result = await bash("npx --no-install source-zendesk-chat --version", root);
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toBe(`${pkg.version}\n`);
  });
});

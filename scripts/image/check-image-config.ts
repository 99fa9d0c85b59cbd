// Checks a built image's config against the Airbyte docker conventions (CAT test_image_labels and
// test_image_environment_variables) and against metadata.yaml / package.json.
//
//   node build/scripts/image/check-image-config.js <config.json> [--entrypoint-out F] [--user-out F]
//
// <config.json> is the whole `buildah inspect --type image` output (its OCIv1.config is used), or a
// Docker/OCI image config (`docker image inspect --format '{{json .Config}}'`): both have Entrypoint,
// User, Env, Labels, with identical keys modulo case. Writes the entrypoint (one argument per line) and the user
// for the shell script, so it runs the connector through the image's own entrypoint.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { imageLaunch } from "../../bench/lib/image-flags.js";
import { repoRoot } from "./protocol.js";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { "entrypoint-out": { type: "string" }, "user-out": { type: "string" } },
});
const [file] = positionals;
if (!file) {
  process.stderr.write("usage: check-image-config.js <config.json> [--entrypoint-out F] [--user-out F]\n");
  process.exit(2);
}

const inspected = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown> & {
  OCIv1?: { config?: Record<string, unknown> };
};
const raw = inspected.OCIv1?.config ?? inspected;
const config = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
const entrypoint = (config.entrypoint ?? []) as string[];
const user = String(config.user ?? "");
const env = new Map(
  ((config.env ?? []) as string[]).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
);
const labels = (config.labels ?? {}) as Record<string, string>;

const metadata = parse(readFileSync(new URL("metadata.yaml", repoRoot), "utf8")) as {
  data: { dockerRepository: string; dockerImageTag: string };
};
const pkg = JSON.parse(readFileSync(new URL("package.json", repoRoot), "utf8")) as { version: string };

const checks: Array<[string, boolean, string]> = [];
const check = (name: string, ok: boolean, detail: string) => checks.push([name, ok, detail]);

check(
  "Entrypoint set (exec form)",
  Array.isArray(entrypoint) && entrypoint.length > 0,
  JSON.stringify(entrypoint),
);
const airbyteEntrypoint = env.get("AIRBYTE_ENTRYPOINT");
check(
  "AIRBYTE_ENTRYPOINT == Entrypoint joined by spaces",
  airbyteEntrypoint !== undefined && airbyteEntrypoint === entrypoint.join(" "),
  `AIRBYTE_ENTRYPOINT=${JSON.stringify(airbyteEntrypoint)}`,
);
const userName = user.split(":")[0] ?? "";
check(
  "User is non-root",
  userName !== "" && userName !== "root" && userName !== "0",
  `User=${JSON.stringify(user)}`,
);
check(
  "io.airbyte.name == metadata.yaml dockerRepository",
  labels["io.airbyte.name"] === metadata.data.dockerRepository,
  `${labels["io.airbyte.name"]} vs ${metadata.data.dockerRepository}`,
);
check(
  "io.airbyte.version == metadata.yaml dockerImageTag == package.json version",
  labels["io.airbyte.version"] === metadata.data.dockerImageTag &&
    metadata.data.dockerImageTag === pkg.version,
  `${labels["io.airbyte.version"]} vs ${metadata.data.dockerImageTag} vs ${pkg.version}`,
);

// npm run bench measures the image's entrypoint as `node dist/main.js` with the Dockerfile's ENV
// (bench/lib/image-flags.ts: NODE_OPTIONS, MALLOC_TRIM_THRESHOLD_, …): the built image must carry
// exactly those values.
for (const [name, value] of Object.entries(imageLaunch(fileURLToPath(repoRoot)).env)) {
  check(
    `${name} == the Dockerfile's ENV ${name} (what npm run bench measures)`,
    env.get(name) === value,
    `${name}=${JSON.stringify(env.get(name))} vs ${JSON.stringify(value)}`,
  );
}

for (const [name, ok, detail] of checks) process.stdout.write(`${ok ? "ok  " : "FAIL"} ${name}: ${detail}\n`);
if (values["entrypoint-out"]) writeFileSync(values["entrypoint-out"], `${entrypoint.join("\n")}\n`);
if (values["user-out"]) writeFileSync(values["user-out"], `${user}\n`);
if (checks.some(([, ok]) => !ok)) process.exitCode = 1;

// Engine-free checks of the container packaging: Dockerfile (parsed with dockerfile-ast),
// metadata.yaml and .dockerignore against Airbyte's docker conventions (CAT test_image_labels,
// test_image_environment_variables) and package.json. The image itself is built and run by
// `npm run image:test` (scripts/image-test.sh).
import { readFileSync } from "node:fs";
import {
  type Copy,
  DockerfileParser,
  type Entrypoint,
  type Env,
  type From,
  type Instruction,
  type Label,
} from "dockerfile-ast";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

const pkg = JSON.parse(read("package.json")) as { name: string; version: string };
const spec = JSON.parse(read("spec.json")) as { documentationUrl: string };
// biome-ignore lint/suspicious/noExplicitAny: metadata.yaml is checked field by field below.
const metadata = parse(read("metadata.yaml")) as { metadataSpecVersion: unknown; data: any };
const dockerfile = DockerfileParser.parse(read("Dockerfile"));

// Our image name: not Airbyte's official `airbyte/source-zendesk-chat` (on Docker Hub, a different
// connector), and fully qualified so a missing local image is never looked up on Docker Hub.
const IMAGE_NAME = "ghcr.io/zendesk-chat-ts/source-zendesk-chat-ts";

interface Stage {
  from: From;
  instructions: Instruction[];
}

function stages(): Stage[] {
  const result: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === "FROM") result.push({ from: instruction as From, instructions: [] });
    else result.at(-1)?.instructions.push(instruction);
  }
  return result;
}

const allStages = stages();
const finalStage = allStages.at(-1) as Stage;
const inFinal = <T extends Instruction>(keyword: string) =>
  finalStage.instructions.filter((i) => i.getKeyword() === keyword) as T[];

function envValue(name: string): string | undefined {
  let value: string | undefined;
  for (const env of inFinal<Env>("ENV")) {
    for (const property of env.getProperties()) {
      if (property.getName() === name) value = property.getValue() ?? "";
    }
  }
  return value;
}

function labels(): Map<string, string> {
  const result = new Map<string, string>();
  for (const label of inFinal<Label>("LABEL")) {
    for (const property of label.getProperties()) result.set(property.getName(), property.getValue() ?? "");
  }
  return result;
}

describe("Dockerfile", () => {
  it("is multi-stage: a build stage compiling TypeScript, then a node:20-slim runtime stage", () => {
    expect(allStages.length).toBeGreaterThanOrEqual(2);
    for (const stage of allStages) {
      expect(`${stage.from.getImageName()}:${stage.from.getImageTag()}`).toBe("node:20-slim");
    }
    const buildRuns = allStages
      .slice(0, -1)
      .flatMap((s) => s.instructions)
      .filter((i) => i.getKeyword() === "RUN")
      .map((i) => i.getArgumentsContent() ?? "");
    expect(buildRuns.some((run) => /\btsc\b.*-p tsconfig\.json/.test(run))).toBe(true);
    // The runtime stage compiles nothing: no TypeScript toolchain in it.
    expect(inFinal("RUN").some((i) => /\btsc\b/.test(i.getArgumentsContent() ?? ""))).toBe(false);
  });

  it("build stage copies only the product's sources (no emulator, tests, scripts)", () => {
    const allowed = new Set([
      "package.json",
      "package-lock.json",
      "tsconfig.base.json",
      "tsconfig.json",
      "src",
    ]);
    const buildCopies = allStages
      .slice(0, -1)
      .flatMap((s) => s.instructions)
      .filter((i) => i.getKeyword() === "COPY" || i.getKeyword() === "ADD");
    expect(buildCopies.length).toBeGreaterThan(0);
    for (const copy of buildCopies) {
      const args = copy.getArguments().map((a) => a.getValue());
      for (const source of args.slice(0, -1))
        expect(allowed, `COPY ${source}`).toContain(source.replace(/\/$/, ""));
    }
  });

  it("runtime stage has production dependencies only, dist/ and spec.json under /airbyte/integration_code", () => {
    const workdirs = inFinal("WORKDIR").map((i) => i.getArgumentsContent());
    expect(workdirs.at(-1)).toBe("/airbyte/integration_code");
    const runs = inFinal("RUN").map((i) => i.getArgumentsContent() ?? "");
    expect(runs.some((run) => /npm ci\b.*--omit=dev/.test(run))).toBe(true);
    const copies = inFinal("COPY").map((i) => i.getArguments().map((a) => a.getValue()));
    expect(copies).toContainEqual(expect.arrayContaining(["spec.json"]));
    const buildStageNames = allStages.slice(0, -1).map((s, index) => s.from.getBuildStage() ?? String(index));
    const distCopy = inFinal<Copy>("COPY").find((copy) => {
      const from = copy
        .getFlags()
        .find((flag) => flag.getName() === "from")
        ?.getValue();
      const args = copy.getArguments().map((a) => a.getValue());
      return (
        from !== undefined &&
        from !== null &&
        buildStageNames.includes(from) &&
        /\/dist\/?$/.test(args[0] ?? "")
      );
    });
    expect(distCopy, "COPY --from=<build stage> <dir>/dist ./dist").toBeDefined();
  });

  it("runs as a non-root user in the final stage", () => {
    const users = inFinal("USER").map((i) => i.getArgumentsContent() ?? "");
    expect(users.length).toBeGreaterThan(0);
    const user = (users.at(-1) as string).split(":")[0];
    expect(user).not.toBe("");
    expect(user).not.toBe("root");
    expect(user).not.toBe("0");
  });

  it("ENTRYPOINT is in exec (JSON) form and AIRBYTE_ENTRYPOINT is it joined by spaces", () => {
    const entrypoints = inFinal<Entrypoint>("ENTRYPOINT");
    expect(entrypoints).toHaveLength(1);
    const entrypoint = entrypoints[0] as Entrypoint;
    expect((entrypoint.getArgumentsContent() ?? "").trim().startsWith("[")).toBe(true);
    const argv = entrypoint.getJSONStrings().map((s) => s.getJSONValue());
    expect(argv).toEqual(["node", "/airbyte/integration_code/dist/main.js"]);
    const airbyteEntrypoint = envValue("AIRBYTE_ENTRYPOINT");
    expect(airbyteEntrypoint).toBeDefined();
    expect((airbyteEntrypoint as string).split(" ")).toEqual(argv);
  });

  it("labels io.airbyte.name/version match metadata.yaml and package.json", () => {
    const l = labels();
    expect(l.get("io.airbyte.name")).toBe(metadata.data.dockerRepository);
    expect(l.get("io.airbyte.name")).toBe(IMAGE_NAME);
    expect(l.get("io.airbyte.version")).toBe(metadata.data.dockerImageTag);
    expect(l.get("io.airbyte.version")).toBe(pkg.version);
  });
});

describe("metadata.yaml", () => {
  const data = metadata.data;

  it("has Airbyte's required fields for a source", () => {
    expect(metadata.metadataSpecVersion).toBe("1.0");
    expect(data.connectorType).toBe("source");
    expect(data.connectorSubtype).toBe("api");
    expect(data.definitionId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(data.dockerRepository).toBe(IMAGE_NAME);
    expect(data.dockerImageTag).toBe(pkg.version);
    expect(data.name).toBe("Zendesk Chat");
    expect(data.supportLevel).toBe("community");
    expect(data.releaseStage).toBe("alpha");
    expect(data.documentationUrl).toBe(spec.documentationUrl);
    expect(data.license).toBe("MIT");
    expect(data.githubIssueLabel).toBe("source-zendesk-chat");
    expect(data.tags).toContain("language:typescript");
    // Airbyte's literal host placeholder "${subdomain}.zendesk.com" (substituted from the config).
    const subdomainHost = ["$", "{subdomain}.zendesk.com"].join("");
    expect(data.allowedHosts.hosts).toEqual(expect.arrayContaining([subdomainHost, "zopim.com"]));
    expect(typeof data.registries.oss.enabled).toBe("boolean");
    expect(typeof data.registries.cloud.enabled).toBe("boolean");
    const suites = (data.connectorTestSuitesOptions as Array<{ suite: string }>).map((s) => s.suite);
    expect(suites).toContain("acceptanceTests");
  });

  it("dockerImageTag is semver", () => {
    expect(data.dockerImageTag).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  });
});

describe(".dockerignore", () => {
  const entries = new Set(
    read(".dockerignore")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"))
      .map((line) => line.replace(/^\/+/, "").replace(/\/+$/, "")),
  );

  it.each(["node_modules", "dist", "build", "test", ".git", "secrets", "demo-output", ".image-work"])(
    "keeps %s out of the build context",
    (path) => {
      expect(entries.has(path) || entries.has(`**/${path}`)).toBe(true);
    },
  );

  it("does not exclude what the Dockerfile copies", () => {
    for (const needed of [
      "src",
      "spec.json",
      "package.json",
      "package-lock.json",
      "tsconfig.json",
      "tsconfig.base.json",
    ]) {
      expect(entries.has(needed), needed).toBe(false);
    }
    expect(entries.has("*")).toBe(false);
  });
});

describe("our own name, not Airbyte's official connector", () => {
  const airbyteImage = /(?<![\w.-])airbyte\/source-zendesk-chat\b/;
  // Files that name the image or the docs. Dockerfile and README may name Airbyte's image once each,
  // in the comment or sentence that says it is not ours.
  it.each([
    ["Dockerfile", 1],
    ["README.md", 1],
    ["metadata.yaml", 0],
    ["spec.json", 0],
    ["scripts/image-test.sh", 0],
    ["CHANGELOG.md", 0],
  ])("%s names airbyte/source-zendesk-chat at most %i time(s), and never docs.airbyte.com", (file, most) => {
    const text = read(file);
    expect((text.match(new RegExp(airbyteImage.source, "g")) ?? []).length).toBeLessThanOrEqual(most);
    expect(text).not.toContain("docs.airbyte.com");
  });

  it("Dockerfile names Airbyte's image only in a comment", () => {
    for (const line of read("Dockerfile")
      .split("\n")
      .filter((l) => airbyteImage.test(l)))
      expect(line.trimStart().startsWith("#"), line).toBe(true);
  });

  it("documentationUrl is our README, in spec.json and metadata.yaml alike", () => {
    expect(spec.documentationUrl).toBe("https://github.com/zendesk-chat-ts/source-zendesk-chat-ts#readme");
    expect(metadata.data.documentationUrl).toBe(spec.documentationUrl);
  });

  it("every docker build/run command in README and the Dockerfile uses our image name", () => {
    const commands = [...read("README.md").split("\n"), ...read("Dockerfile").split("\n")].filter((line) =>
      /^\s*(#\s*|- run: )?docker (run|build)\b/.test(line),
    );
    expect(commands.length).toBeGreaterThan(5);
    for (const line of commands) expect(line, line).toContain(`${IMAGE_NAME}:`);
  });

  it("image test builds and checks our name by default", () => {
    expect(read("scripts/image-test.sh")).toContain(`IMAGE=\${IMAGE:-${IMAGE_NAME}:dev}`);
  });
});

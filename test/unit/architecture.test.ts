import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/acceptance/paths.js";

// The layers of src/ (README, Development) held against the code's own imports: each layer imports
// only layers listed before it, the two API packages never import each other, there is no import
// circle, the engine kit names no Zendesk parameter, and no file grows past what one reader holds.

const SRC = join(projectRoot(), "src");

/** Layers in order; a file may import its own layer or an earlier one. */
const LAYERS: Array<[string, RegExp]> = [
  ["protocol", /^protocol\//],
  ["heap-policy", /^heap-policy\.ts$/],
  ["http", /^http\//],
  ["engine", /^engine\//],
  ["zendesk", /^zendesk\//],
  ["api", /^zendesk-(chat|support)\//],
  ["connector", /^connector\//],
  ["cli", /^cli\.ts$/],
  ["warehouse", /^warehouse\//],
  ["main", /^main\.ts$/],
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") ? [path] : [];
  });
}

/** The src-relative files a file imports (static and dynamic imports of relative paths). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map(
    (m) => m[1] as string,
  );
  return specifiers.map((s) => relative(SRC, resolve(dirname(file), s)).replace(/\.js$/, ".ts"));
}

const layerOf = (path: string): number => LAYERS.findIndex(([, pattern]) => pattern.test(path));

const graph = new Map(files(SRC).map((file) => [relative(SRC, file), importsOf(file)]));

describe("the layers of src/", () => {
  it("every file belongs to a layer and imports only its own layer or earlier ones", () => {
    const wrong: string[] = [];
    for (const [file, imports] of graph) {
      expect(layerOf(file), `${file} is in no layer of this test (and of the README)`).toBeGreaterThanOrEqual(
        0,
      );
      for (const target of imports) {
        if (layerOf(target) > layerOf(file)) wrong.push(`${file} → ${target}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("Chat and Support are peers: neither API package imports the other", () => {
    const crossing = [...graph].flatMap(([file, imports]) =>
      imports
        .filter((target) => {
          const api = (p: string) => /^zendesk-(chat|support)\//.exec(p)?.[1];
          return api(file) && api(target) && api(file) !== api(target);
        })
        .map((target) => `${file} → ${target}`),
    );
    expect(crossing).toEqual([]);
  });

  it("has no import circle", () => {
    const circles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "open") {
        circles.push([...path.slice(path.indexOf(file)), file].join(" → "));
        return;
      }
      state.set(file, "open");
      for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
      state.set(file, "done");
    };
    for (const file of graph.keys()) visit(file, []);
    expect(circles).toEqual([]);
  });

  it("the engine kit's code names no Zendesk parameter or field (comments aside)", () => {
    const ZENDESK =
      /since_id|next_page|end_time|end_id|after_url|after_cursor|has_more|page\[size\]|end_of_stream|start_time|zendesk/i;
    const found = [...graph.keys()]
      .filter((file) => file.startsWith("engine/"))
      .flatMap((file) => {
        const code = readFileSync(join(SRC, file), "utf8")
          .replace(/\/\*[\s\S]*?\*\//g, "")
          .replace(/\/\/.*$/gm, "");
        return code
          .split("\n")
          .filter((line) => ZENDESK.test(line))
          .map((line) => `${file}: ${line.trim()}`);
      });
    expect(found).toEqual([]);
  });

  it("no file is over 450 lines", () => {
    const long = [...graph.keys()]
      .map((file) => [file, readFileSync(join(SRC, file), "utf8").split("\n").length] as const)
      .filter(([, lines]) => lines > 450);
    expect(long).toEqual([]);
  });
});

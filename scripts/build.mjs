#!/usr/bin/env node
// `npm run build`: compiles src/ into dist/ (the connector) and src, emulator, scripts, bench into
// build/ (the tools), without ever leaving dist/ missing or half-written. Each project compiles into
// a fresh staging directory under node_modules/.cache, then every file is moved into place with
// rename() (atomic per file: a reader sees the old file or the new one, never a partial one), and
// the files the build no longer produces are removed last. A connector started during a build (by
// `npm run emulator`, the demo, the tests) runs; it never meets a deleted dist/.
//
//   node scripts/build.mjs [dist] [build]     (default: both)
//
// The package.json "bin" files are made executable (tsc writes 0644), so `npx source-zendesk-chat`
// runs after `npm ci && npm run build`. Plain JavaScript because it runs before anything is compiled.
import { spawn } from "node:child_process";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const PROJECTS = { dist: "tsconfig.json", build: "tsconfig.tools.json" };

const targets = process.argv.slice(2);
for (const target of targets) {
  if (!(target in PROJECTS)) {
    process.stderr.write(
      `build: unknown target '${target}'; use ${Object.keys(PROJECTS).join(" and/or ")}\n`,
    );
    process.exit(2);
  }
}
const selected = targets.length > 0 ? [...new Set(targets)] : Object.keys(PROJECTS);

const cache = join(root, "node_modules", ".cache");
mkdirSync(cache, { recursive: true });
const staging = mkdtempSync(join(cache, "source-zendesk-chat-build-"));
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");

// A person waiting on `npm run demo` or `npm run emulator` sees what the pause is.
const WHAT = { dist: "the connector (src/ → dist/)", build: "the tools: emulator, demo, bench (→ build/)" };
const startedAt = Date.now();
process.stderr.write(`build: compiling ${selected.map((t) => WHAT[t]).join(" and ")} with tsc…\n`);
try {
  // Both compilations at once: they read the same sources and write to different places.
  const results = await Promise.all(
    selected.map((target) => compile(PROJECTS[target], join(staging, target)).then((code) => [target, code])),
  );
  const failed = results.filter(([, code]) => code !== 0);
  if (failed.length > 0) {
    process.stderr.write(
      `build: tsc failed for ${failed.map(([t]) => t).join(", ")}; nothing was replaced\n`,
    );
    process.exitCode = 1;
  } else {
    // tsc writes 0644; package.json "bin" files must be executable for `npx source-zendesk-chat`.
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    for (const bin of Object.values(pkg.bin ?? {})) {
      const [target, ...rest] = bin.replace(/^\.\//, "").split("/");
      if (selected.includes(target)) chmodSync(join(staging, target, ...rest), 0o755);
    }
    for (const target of selected) install(join(staging, target), join(root, target));
    process.stderr.write(`build: done in ${((Date.now() - startedAt) / 1000).toFixed(1)} s\n`);
  }
} finally {
  rmSync(staging, { recursive: true, force: true });
}

function compile(project, outDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, "-p", project, "--outDir", outDir], {
      cwd: root,
      stdio: "inherit",
    });
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
}

/** Moves every file of `from` to the same place under `to`, then removes what `to` has in excess. */
function install(from, to) {
  const fresh = new Set(files(from));
  for (const file of fresh) {
    const target = join(to, file);
    mkdirSync(dirname(target), { recursive: true });
    renameSync(join(from, file), target);
  }
  for (const file of files(to)) if (!fresh.has(file)) unlinkSync(join(to, file));
  removeEmptyDirectories(to);
}

function files(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries.filter((e) => !e.isDirectory()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

function removeEmptyDirectories(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name);
    removeEmptyDirectories(path);
    if (readdirSync(path).length === 0 && statSync(path).isDirectory()) rmdirSync(path);
  }
}

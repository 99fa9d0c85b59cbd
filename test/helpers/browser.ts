import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium } from "playwright-core";

/**
 * The browser for tests that look at a page the way a person does. `npm ci` installs one: the
 * devDependency @sparticuz/chromium ships a Chromium build inside the package (brotli-compressed),
 * decompressed here on first use into node_modules/.cache, so a machine with Node and the npm registry
 * alone runs these tests. A Chromium the machine has already is used instead (ZDC_CHROMIUM=path to
 * pick one; ZDC_CHROMIUM=bundled to force the package's).
 */
const root = fileURLToPath(new URL("../..", import.meta.url));
const CACHE = join(root, "node_modules", ".cache", "zdc-chromium");

function systemChromium(): string | undefined {
  for (const name of ["chromium", "chromium-browser"]) {
    try {
      const path = execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
      if (path) return path;
    } catch {
      // not on PATH
    }
  }
  return undefined;
}

/** The Chromium to launch, where it comes from, and the environment it needs. */
export async function chromiumExecutable(): Promise<{
  path: string;
  origin: "ZDC_CHROMIUM" | "system" | "@sparticuz/chromium";
  env: Record<string, string>;
}> {
  const chosen = process.env.ZDC_CHROMIUM;
  if (chosen && chosen !== "bundled") {
    if (!existsSync(chosen))
      throw new Error(`ZDC_CHROMIUM=${chosen}: no such file; unset it to use the bundled one`);
    return { path: chosen, origin: "ZDC_CHROMIUM", env: {} };
  }
  const system = chosen === "bundled" ? undefined : systemChromium();
  if (system) return { path: system, origin: "system", env: {} };
  // The package decompresses into os.tmpdir(), which follows TMPDIR: point it at the cache for the
  // call, so the binary (and its fonts and GL libraries) is unpacked once and not into /tmp.
  mkdirSync(CACHE, { recursive: true });
  const { default: bundled } = await import("@sparticuz/chromium");
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = CACHE;
  try {
    const path = await bundled.executablePath();
    // The package's fonts.conf names Lambda's folders (/tmp/fonts, …): one of ours names the fonts it
    // unpacked here, and the machine's own, so text renders.
    const fontconfig = join(CACHE, "fontconfig");
    mkdirSync(fontconfig, { recursive: true });
    writeFileSync(
      join(fontconfig, "fonts.conf"),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${join(CACHE, "fonts")}</dir>\n  <dir>/usr/share/fonts</dir>\n  <cachedir>${join(CACHE, "fonts-cache")}</cachedir>\n</fontconfig>\n`,
    );
    return { path, origin: "@sparticuz/chromium", env: { FONTCONFIG_PATH: fontconfig } };
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

/**
 * A headless Chromium with a profile in `profileDir`; nothing reaches the network (the page under
 * test is a local file, and background services are off).
 */
export async function launchChromium(profileDir: string): Promise<BrowserContext> {
  const { path, env } = await chromiumExecutable();
  return chromium.launchPersistentContext(profileDir, {
    executablePath: path,
    headless: true,
    env: { ...process.env, ...env } as Record<string, string>,
    args: [
      "--headless",
      "--no-sandbox",
      "--no-zygote",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--use-gl=angle",
      "--use-angle=swiftshader",
      "--enable-unsafe-swiftshader",
    ],
  });
}

import { spawn, spawnSync } from "node:child_process";
import { connect } from "node:net";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Whether something accepts connections on the port (false: refused). */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("npm run emulator", () => {
  it("`npm run emulator -- … &` then `kill $!` (SIGTERM to npm) ends the emulator too and frees its port", async () => {
    const npm = spawn("npm", ["run", "--silent", "emulator", "--", "--port", "0", "--chats", "10"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    npm.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const closed = new Promise<number | null>((resolve) => npm.once("close", (code) => resolve(code)));
    let stdout = "";
    const url = await new Promise<string>((resolve, reject) => {
      npm.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        const line = /^(http:\/\/\S+)$/m.exec(stdout);
        if (line?.[1]) resolve(line[1]);
      });
      npm.once("close", (code) => reject(new Error(`npm run emulator exited ${code}: ${stderr}`)));
    });
    // The build before it says what it is doing, and when it is done.
    expect(stderr).toMatch(
      /^build: compiling the tools: emulator, demo, bench \(→ build\/\) with tsc…\nbuild: done in \d+\.\d s\n/,
    );
    const port = Number(new URL(url).port);
    expect(await listening(port)).toBe(true);
    // The processes under npm: with `exec`, the emulator is npm's own child (no shell in between).
    const children = spawnSync("ps", ["-o", "pid=,args=", "--ppid", String(npm.pid)], { encoding: "utf8" })
      .stdout.trim()
      .split("\n");
    expect(children).toHaveLength(1);
    expect(children[0]).toMatch(/^\s*\d+ node build\/emulator\/cli\.js --port 0 --chats 10$/);
    const emulatorPid = Number(children[0]?.trim().split(" ")[0]);

    npm.kill("SIGTERM");
    await closed;
    expect(stderr).toContain("emulator: SIGTERM, shutting down");
    expect(alive(emulatorPid)).toBe(false);
    expect(await listening(port)).toBe(false);
  });
});

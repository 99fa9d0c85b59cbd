import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import type { RunResult } from "../helpers/cli.js";
import {
  catalogFor,
  expectedRecords,
  keyOf,
  readFrom,
  SUPPORT_STREAM_NAMES,
  supportConfig,
  unexpectedRequestLines,
  withEmulator,
} from "../helpers/emulator.js";

describe("Zendesk Support tables: a full refresh next to Chat", () => {
  let emulator: Emulator;
  let run: RunResult;

  beforeAll(async () => {
    emulator = await withEmulator({
      seed: 21,
      chats: 400,
      support: { tickets: 2500, users: 1200, organizations: 1100 },
    });
    run = await readFrom(emulator, {
      config: supportConfig(emulator),
      catalog: catalogFor(["chats", ...SUPPORT_STREAM_NAMES]),
    });
  }, 120_000);
  afterAll(() => emulator?.close());

  it("exits 0 and makes no request the real API would not expect", () => {
    expect(run.stderr + run.logs("ERROR").join("\n")).toBe("");
    expect(run.exitCode).toBe(0);
    expect(unexpectedRequestLines(emulator)).toEqual([]);
  });

  it.each(SUPPORT_STREAM_NAMES)("%s: exactly the emulator's records, each once", (stream) => {
    const got = run.records(stream);
    const want = expectedRecords(emulator, stream);
    expect(got.length).toBe(want.length);
    const byKey = new Map(got.map((r) => [keyOf(stream, r), r]));
    expect(byKey.size).toBe(got.length);
    for (const record of want) expect(byKey.get(keyOf(stream, record))).toEqual(record);
  });
});

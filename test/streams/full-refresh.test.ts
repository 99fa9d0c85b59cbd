import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { type RunResult, runCli, writeJsonFiles } from "../helpers/cli.js";
import {
  accessTokenConfig,
  catalogFor,
  expectedRecords,
  keyOf,
  readFrom,
  STREAM_NAMES,
  unexpectedRequestLines,
  withEmulator,
} from "../helpers/emulator.js";
import { newAjv } from "../helpers/protocol.js";

describe("full refresh of every stream against the emulator", () => {
  let emulator: Emulator;
  let first: RunResult;
  let second: RunResult;
  // biome-ignore lint/suspicious/noExplicitAny: discovered stream entries
  let discovered: any[];

  beforeAll(async () => {
    emulator = await withEmulator({ seed: 7, chats: 2500, sameSecondChats: 1100 });
    const files = writeJsonFiles({ config: accessTokenConfig(emulator) });
    const discover = await runCli(["discover", "--config", files.config], {
      env: { ZENDESK_CHAT_BASE_URL: emulator.baseUrl },
    });
    discovered = discover.messages[0].catalog.streams;
    first = await readFrom(emulator, { catalog: catalogFor(STREAM_NAMES) });
    second = await readFrom(emulator, { catalog: catalogFor(STREAM_NAMES) });
  });
  afterAll(() => emulator?.close());

  it("exits 0 without errors", () => {
    expect(first.traces("ERROR")).toEqual([]);
    expect(first.exitCode).toBe(0);
  });

  it("made no request the real API would not expect", () => {
    expect(unexpectedRequestLines(emulator)).toEqual([]);
  });

  it.each(STREAM_NAMES)("%s: exactly the emulator's records, in API order, no duplicates", (stream) => {
    const actual = first.records(stream);
    const expected = expectedRecords(emulator, stream);
    expect(actual.length).toBeGreaterThan(0);
    expect(actual).toEqual(expected);
    // Child rows repeat a key only where the emulator's chats do (visitors: one row per chat).
    if (stream !== "routing_settings" && stream !== "visitors")
      expect(new Set(actual.map((r) => keyOf(stream, r))).size).toBe(actual.length);
  });

  it.each(STREAM_NAMES)("%s: every record validates against the discovered schema", (stream) => {
    const ajv = newAjv();
    const validate = ajv.compile(discovered.find((s) => s.name === stream).json_schema);
    for (const record of first.records(stream)) {
      if (!validate(record)) {
        throw new Error(
          `${stream} record ${JSON.stringify(record).slice(0, 200)} invalid: ${ajv.errorsText(validate.errors)}`,
        );
      }
    }
  });

  it("a second full refresh gives identical records", () => {
    for (const stream of STREAM_NAMES) expect(second.records(stream)).toEqual(first.records(stream));
  });

  it("every stream reports STARTED, RUNNING, COMPLETE and ends with a STATE", () => {
    for (const stream of STREAM_NAMES) {
      expect(first.statuses(stream)).toEqual(["STARTED", "RUNNING", "COMPLETE"]);
      const states = first.states(stream);
      expect(states.length).toBeGreaterThanOrEqual(1);
      expect(
        states.reduce(
          (n: number, s: { sourceStats: { recordCount: number } }) => n + s.sourceStats.recordCount,
          0,
        ),
      ).toBe(first.records(stream).length);
    }
  });
});

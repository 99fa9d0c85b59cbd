import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../scripts/acceptance/paths.js";
import {
  ABNORMAL_STATE_PATH,
  CHAT_ONLY_CATALOG_PATH,
  CONFIGURED_CATALOG_PATH,
  EXPECTED_RECORDS_PATH,
  generate,
  sameContent,
} from "../../scripts/generate-expected-records.js";
import { allStreams as chatStreams } from "../../src/zendesk-chat/streams/index.js";
import { supportStreams } from "../../src/zendesk-support/streams/index.js";

/** sample_config.json reads both products. */
const allStreams = [...chatStreams, ...supportStreams];

const root = projectRoot();
const REGENERATE = "regenerate with `npm run build && node build/scripts/generate-expected-records.js`";

describe("integration_tests generated from the emulator", () => {
  it("regenerating expected_records.jsonl (bytes) and the configured catalogs (as JSON) gives the committed files", async () => {
    const generated = await generate(root);
    const expectedRecords = readFileSync(join(root, EXPECTED_RECORDS_PATH), "utf8");
    const catalog = readFileSync(join(root, CONFIGURED_CATALOG_PATH), "utf8");
    const chatOnly = readFileSync(join(root, CHAT_ONLY_CATALOG_PATH), "utf8");
    expect(
      generated.expectedRecords === expectedRecords,
      `${EXPECTED_RECORDS_PATH} is stale: ${REGENERATE}`,
    ).toBe(true);
    expect(
      sameContent(CONFIGURED_CATALOG_PATH, catalog, generated.configuredCatalog),
      `${CONFIGURED_CATALOG_PATH} is stale: ${REGENERATE}`,
    ).toBe(true);
    expect(
      sameContent(CHAT_ONLY_CATALOG_PATH, chatOnly, generated.chatOnlyCatalog),
      `${CHAT_ONLY_CATALOG_PATH} is stale: ${REGENERATE}`,
    ).toBe(true);
    const abnormal = readFileSync(join(root, ABNORMAL_STATE_PATH), "utf8");
    expect(
      sameContent(ABNORMAL_STATE_PATH, abnormal, generated.abnormalState),
      `${ABNORMAL_STATE_PATH} is stale: ${REGENERATE}`,
    ).toBe(true);
  });

  it("the sample config's catalog and records cover every Chat and Support stream of the registries; the Chat-only catalog Chat's", () => {
    const names = (path: string) =>
      JSON.parse(readFileSync(join(root, path), "utf8")).streams.map(
        (s: { stream: { name: string } }) => s.stream.name,
      );
    const chat = chatStreams.map((s) => s.name);
    const support = supportStreams.map((s) => s.name);
    expect(chat.length).toBeGreaterThan(0);
    expect(support.length).toBeGreaterThan(0);
    expect(names(CONFIGURED_CATALOG_PATH)).toEqual([...chat, ...support]);
    expect(names(CHAT_ONLY_CATALOG_PATH)).toEqual(chat);
    const recordStreams = new Set(
      readFileSync(join(root, EXPECTED_RECORDS_PATH), "utf8")
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line).stream),
    );
    expect([...recordStreams]).toEqual([...chat, ...support]);
  });

  it("expected_records.jsonl is Airbyte's format: {stream, data, emitted_at} per line", () => {
    const lines = readFileSync(join(root, EXPECTED_RECORDS_PATH), "utf8").trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const record = JSON.parse(line);
      expect(Object.keys(record)).toEqual(["stream", "data", "emitted_at"]);
      expect(Number.isInteger(record.emitted_at)).toBe(true);
    }
  });

  it("abnormal_state.json holds per-stream states with cursors far in the future", () => {
    const states = JSON.parse(readFileSync(join(root, "integration_tests/abnormal_state.json"), "utf8"));
    expect(
      states
        .map((s: { stream: { stream_descriptor: { name: string } } }) => s.stream.stream_descriptor.name)
        .sort(),
    ).toEqual(
      allStreams
        .filter((s) => s.cursorField)
        .map((s) => s.name)
        .sort(),
    );
    for (const state of states) {
      expect(state.type).toBe("STREAM");
      const stream = allStreams.find((s) => s.name === state.stream.stream_descriptor.name);
      // The cursor the stream declares is the one pushed into the future.
      expect(Object.keys(state.stream.stream_state)).toContain(stream?.cursorField);
      for (const value of Object.values(state.stream.stream_state)) {
        if (typeof value === "number") expect(value).toBeGreaterThan(1e14);
        else expect(Date.parse(String(value))).toBeGreaterThan(Date.parse("2090-01-01T00:00:00Z"));
      }
    }
  });
});

import { describe, expect, it } from "vitest";
import { microsToIso, toEpochMicros } from "../../src/engine/timestamps.js";

describe("cursor timestamps are compared as epoch microseconds", () => {
  const second = Date.parse("2024-01-01T00:00:00Z") * 1000;
  it.each([
    ["2024-01-01T00:00:00Z", second],
    ["2024-01-01T00:00:00.000001Z", second + 1],
    ["2024-01-01T00:00:00.5Z", second + 500_000],
    ["2024-01-01T01:00:00+01:00", second],
    ["2024-01-01 00:00:00", second],
    ["1704067200", second],
    [1704067200, second],
    [1704067200000, second],
    [1704067200000000, second],
  ])("%s", (input, expected) => expect(toEpochMicros(input)).toBe(expected));

  it("reads the API's whole-second form as the general ISO path does, odd dates included", () => {
    // Date.UTC rolls over an out-of-range day or month, on either path; years 0-99 mean 1900-1999.
    for (const [text, same] of [
      ["2025-06-02T17:02:49Z", "2025-06-02T17:02:49.000Z"],
      ["2024-02-30T00:00:00Z", "2024-02-30T00:00:00.0Z"],
      ["2024-13-01T00:00:00Z", "2024-13-01T00:00:00.0Z"],
      ["0050-01-01T00:00:00Z", "0050-01-01T00:00:00.0Z"],
      ["2024-01-01T24:00:00Z", "2024-01-01T24:00:00.0Z"],
    ] as const) {
      expect(toEpochMicros(text)).toBe(toEpochMicros(same));
    }
    expect(toEpochMicros("2024-01-01T00:00:0xZ")).toBeUndefined();
    expect(toEpochMicros("2024-01-01X00:00:00Z")).toBeUndefined();
    expect(toEpochMicros(" 2024-01-01T00:00:00")).toBe(second);
  });

  it("rejects what is not a time", () => {
    expect(toEpochMicros("yesterday")).toBeUndefined();
    expect(toEpochMicros(null)).toBeUndefined();
    expect(toEpochMicros({})).toBeUndefined();
  });

  it("formats whole seconds without a fraction and keeps microseconds", () => {
    expect(microsToIso(second)).toBe("2024-01-01T00:00:00Z");
    expect(microsToIso(second + 301_292)).toBe("2024-01-01T00:00:00.301292Z");
    expect(toEpochMicros(microsToIso(second + 7))).toBe(second + 7);
  });
});

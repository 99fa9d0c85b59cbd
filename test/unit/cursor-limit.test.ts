import { describe, expect, it } from "vitest";
import { DateTimeCursor, IdCursor } from "../../src/engine/cursor.js";

const at = (iso: string) => Date.parse(iso) * 1000;

describe("a cursor kept at or below the time a read began (lists in no cursor order)", () => {
  it("lowers the state to the limit and drops the boundary list, so the next sync reads from there", () => {
    const cursor = new DateTimeCursor("updated_at", at("2025-01-01T00:00:00Z"));
    cursor.start({ updated_at: "2026-05-01T00:00:00Z" });
    cursor.observe({ id: 1, updated_at: "2026-05-31T10:06:00Z" }, "1", at("2026-05-31T10:06:00Z"));
    cursor.limitTo(at("2026-05-31T09:59:00Z"));
    expect(cursor.state()).toEqual({ updated_at: "2026-05-31T09:59:00Z" });
  });

  it("leaves a state already below the limit as it is, boundary list included", () => {
    const cursor = new DateTimeCursor("updated_at", 0);
    cursor.start({});
    cursor.observe({ id: 1, updated_at: "2026-05-31T09:00:00Z" }, "1", at("2026-05-31T09:00:00Z"));
    const before = cursor.state();
    cursor.limitTo(at("2026-05-31T09:59:00Z"));
    expect(cursor.state()).toEqual(before);
    expect(Object.keys(before.ids_at_cursor as object)).toEqual(["1"]);
  });

  it("never goes below where the read started (the previous state)", () => {
    const cursor = new DateTimeCursor("updated_at", 0);
    cursor.start({ updated_at: "2026-05-31T10:00:00Z" });
    cursor.observe({ id: 2, updated_at: "2026-05-31T10:30:00Z" }, "2", at("2026-05-31T10:30:00Z"));
    cursor.limitTo(at("2026-05-31T08:00:00Z"));
    expect(cursor.state()).toEqual({ updated_at: "2026-05-31T10:00:00Z" });
  });

  it("id cursors are not limited (ids only grow)", () => {
    const cursor = new IdCursor("id");
    cursor.start({ id: 5 });
    cursor.observe({ id: 9 }, "9", 9);
    cursor.limitTo(0);
    expect(cursor.state()).toEqual({ id: 9 });
  });

  it("an id cursor's state can be held below ids read out of order (bans), never below the previous state", () => {
    const cursor = new IdCursor("id");
    cursor.start({ id: 5 });
    cursor.observe({ id: 30 }, "30", 30);
    cursor.holdAt(12);
    expect(cursor.state()).toEqual({ id: 12 });
    cursor.holdAt(2);
    expect(cursor.state()).toEqual({ id: 5 });
    cursor.holdAt(undefined);
    expect(cursor.state()).toEqual({ id: 30 });
    const fresh = new IdCursor("id");
    fresh.observe({ id: 8 }, "8", 8);
    fresh.holdAt(-1);
    expect(fresh.state()).toEqual({});
  });
});

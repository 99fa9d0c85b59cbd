import { describe, expect, it } from "vitest";
import { describeCheckedUser } from "../../src/zendesk-support/api.js";

// users/me answers bad credentials with 200 and an anonymous user: the check must look at who answered.
describe("Support check: who users/me says we are", () => {
  it("an admin passes", () => {
    expect(describeCheckedUser({ user: { id: 123, role: "admin", email: "a@b.c" } })).toBeUndefined();
  });

  it("the anonymous user of bad credentials fails, naming Support and the fix", () => {
    const message = describeCheckedUser({ user: { id: null, role: "end-user", name: "Anonymous user" } });
    expect(message).toMatch(/Zendesk Support did not accept the credentials/);
    expect(message).toMatch(/Admin Center/);
  });

  it("an agent or end user fails, saying the exports need an admin", () => {
    expect(describeCheckedUser({ user: { id: 7, role: "agent" } })).toMatch(/role 'agent'.*need an admin/);
    expect(describeCheckedUser({ user: { id: 8, role: "end-user" } })).toMatch(/role 'end-user'/);
  });

  it("a body without a user fails rather than pass", () => {
    expect(describeCheckedUser({})).toMatch(/did not accept/);
    expect(describeCheckedUser("<html>")).toMatch(/did not accept/);
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  configSchema,
  defaultStartDate,
  KNOWN_CONFIG_KEYS,
  parseConfig,
  unknownConfigKeyWarnings,
} from "../../src/connector/config.js";
import { ConfigError } from "../../src/protocol/errors.js";
import { newAjv } from "../helpers/protocol.js";

const spec = JSON.parse(readFileSync(new URL("../../spec.json", import.meta.url), "utf8"));
const specAccepts = newAjv().compile(spec.connectionSpecification);

const token = { credentials: "access_token", access_token: "tok-123456" };
const oauth = {
  credentials: "oauth2.0",
  client_id: "cid-1234",
  client_secret: "csec-1234",
  access_token: "at-123456",
};

const supportToken = { credentials: "api_token", email: "admin@acme.com", api_token: "sapi-123456" };
const supportOauth = {
  credentials: "oauth2.0",
  access_token: "sat-123456",
  refresh_token: "srt-123456",
  client_id: "scid-1234",
  client_secret: "scsec-1234",
};

// [description, config, valid?, field the error must name]
const table: Array<[string, unknown, boolean, string?]> = [
  ["minimal access token", { subdomain: "acme", credentials: token }, true],
  ["with start_date", { subdomain: "acme", start_date: "2024-01-01T00:00:00Z", credentials: token }, true],
  ["oauth without refresh token", { subdomain: "acme", credentials: oauth }, true],
  [
    "oauth with refresh token",
    { subdomain: "acme", credentials: { ...oauth, refresh_token: "rt-123456" } },
    true,
  ],
  ["hyphenated subdomain", { subdomain: "my-company-2", credentials: token }, true],
  ["extra top-level keys allowed", { subdomain: "acme", credentials: token, _comment: "x" }, true],
  ["requests_per_minute", { subdomain: "acme", credentials: token, requests_per_minute: 100 }, true],
  ["missing subdomain", { credentials: token }, false, "subdomain"],
  ["subdomain as URL", { subdomain: "https://acme.zendesk.com", credentials: token }, false, "subdomain"],
  ["subdomain with dots", { subdomain: "acme.zendesk.com", credentials: token }, false, "subdomain"],
  ["subdomain with space", { subdomain: "ac me", credentials: token }, false, "subdomain"],
  ["empty subdomain", { subdomain: "", credentials: token }, false, "subdomain"],
  ["subdomain not a string", { subdomain: 42, credentials: token }, false, "subdomain"],
  [
    "start_date with milliseconds",
    { subdomain: "acme", start_date: "2024-01-01T00:00:00.000Z", credentials: token },
    false,
    "start_date",
  ],
  [
    "start_date not a string",
    { subdomain: "acme", start_date: 1704067200, credentials: token },
    false,
    "start_date",
  ],
  ["missing credentials", { subdomain: "acme" }, false, "credentials"],
  [
    "unknown credentials kind",
    { subdomain: "acme", credentials: { credentials: "basic", access_token: "x" } },
    false,
    "credentials",
  ],
  [
    "access token missing",
    { subdomain: "acme", credentials: { credentials: "access_token" } },
    false,
    "access_token",
  ],
  [
    "access token empty",
    { subdomain: "acme", credentials: { credentials: "access_token", access_token: "" } },
    false,
    "access_token",
  ],
  [
    "oauth missing client_secret",
    { subdomain: "acme", credentials: { ...oauth, client_secret: undefined } },
    false,
    "client_secret",
  ],
  [
    "oauth missing access token",
    { subdomain: "acme", credentials: { ...oauth, access_token: undefined } },
    false,
    "access_token",
  ],
  [
    "requests_per_minute zero",
    { subdomain: "acme", credentials: token, requests_per_minute: 0 },
    false,
    "requests_per_minute",
  ],
  [
    "requests_per_minute fraction",
    { subdomain: "acme", credentials: token, requests_per_minute: 1.5 },
    false,
    "requests_per_minute",
  ],
  // The optional Zendesk Support block.
  [
    "support with an API token",
    { subdomain: "acme", credentials: token, support: { credentials: supportToken } },
    true,
  ],
  [
    "support with OAuth and budgets",
    {
      subdomain: "acme",
      credentials: token,
      support: { credentials: supportOauth, requests_per_minute: 700, export_requests_per_minute: 30 },
    },
    true,
  ],
  [
    "support OAuth access token only",
    {
      subdomain: "acme",
      credentials: token,
      support: { credentials: { credentials: "oauth2.0", access_token: "sat-123456" } },
    },
    true,
  ],
  [
    "support without credentials",
    { subdomain: "acme", credentials: token, support: {} },
    false,
    "support.credentials",
  ],
  [
    "support API token without email",
    {
      subdomain: "acme",
      credentials: token,
      support: { credentials: { ...supportToken, email: undefined } },
    },
    false,
    "support.credentials.email",
  ],
  [
    "support email not an address",
    { subdomain: "acme", credentials: token, support: { credentials: { ...supportToken, email: "admin" } } },
    false,
    "support.credentials.email",
  ],
  [
    "support API token empty",
    { subdomain: "acme", credentials: token, support: { credentials: { ...supportToken, api_token: "" } } },
    false,
    "support.credentials.api_token",
  ],
  [
    "support refresh token without the client",
    {
      subdomain: "acme",
      credentials: token,
      support: {
        credentials: { credentials: "oauth2.0", access_token: "sat-123456", refresh_token: "srt-123456" },
      },
    },
    false,
    "support.credentials",
  ],
  [
    "support unknown credentials kind",
    {
      subdomain: "acme",
      credentials: token,
      support: { credentials: { credentials: "password", api_token: "x" } },
    },
    false,
    "support.credentials",
  ],
  [
    "support: Chat has a budget of its own",
    {
      subdomain: "acme",
      credentials: token,
      support: { credentials: supportToken, chat_counts_against_budget: false },
    },
    true,
  ],
  [
    "support: chat_counts_against_budget not a boolean",
    {
      subdomain: "acme",
      credentials: token,
      support: { credentials: supportToken, chat_counts_against_budget: "no" },
    },
    false,
    "support.chat_counts_against_budget",
  ],
  [
    "support export budget zero",
    {
      subdomain: "acme",
      credentials: token,
      support: { credentials: supportToken, export_requests_per_minute: 0 },
    },
    false,
    "support.export_requests_per_minute",
  ],
];

describe("config: zod schema and spec.json accept and reject the same configs", () => {
  it.each(table)("%s", (_name, config, valid, field) => {
    const clean = JSON.parse(JSON.stringify(config)); // drops undefined, as a JSON file would
    expect(specAccepts(clean), `spec.json ${valid ? "should accept" : "should reject"}`).toBe(valid);
    expect(configSchema.safeParse(clean).success, `zod ${valid ? "should accept" : "should reject"}`).toBe(
      valid,
    );
    if (!valid) {
      let error: unknown;
      try {
        parseConfig(clean);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain(field);
      expect(message).not.toContain("\n");
      for (const secret of [
        "tok-123456",
        "csec-1234",
        "at-123456",
        "sapi-123456",
        "sat-123456",
        "srt-123456",
      ])
        expect(message).not.toContain(secret);
    }
  });

  it("has at least 20 rows", () => expect(table.length).toBeGreaterThanOrEqual(20));

  it("rejects a start_date in the future and a non-existent calendar date (runtime-only rules)", () => {
    expect(() =>
      parseConfig({ subdomain: "acme", start_date: "2999-01-01T00:00:00Z", credentials: token }),
    ).toThrow(/start_date .* in the future/);
    expect(() =>
      parseConfig({ subdomain: "acme", start_date: "2024-02-30T00:00:00Z", credentials: token }),
    ).toThrow(/start_date/);
  });

  it("defaults start_date to two years ago at midnight UTC", () => {
    const now = Date.parse("2026-11-25T08:33:00Z");
    expect(new Date(defaultStartDate(now)).toISOString()).toBe("2024-11-25T00:00:00.000Z");
    expect(parseConfig({ subdomain: "acme", credentials: token }, now).startDate).toBe(
      Date.parse("2024-11-25T00:00:00Z"),
    );
  });

  it("marks every secret field airbyte_secret", () => {
    const [oauthVariant, tokenVariant] = spec.connectionSpecification.properties.credentials.oneOf;
    for (const field of ["client_id", "client_secret", "access_token", "refresh_token"]) {
      expect(oauthVariant.properties[field].airbyte_secret).toBe(true);
    }
    expect(tokenVariant.properties.access_token.airbyte_secret).toBe(true);
  });
});

describe("unknown config keys", () => {
  it("the known keys are exactly the spec's top-level properties", () => {
    expect([...KNOWN_CONFIG_KEYS].sort()).toEqual(
      Object.keys(spec.connectionSpecification.properties).sort(),
    );
  });

  it.each([
    ["startDate", "start_date"],
    ["start-date", "start_date"],
    ["StartDate", "start_date"],
    ["start_time", "start_date"],
    ["subDomain", "subdomain"],
    ["sub_domain", "subdomain"],
    ["credential", "credentials"],
    ["requestsPerMinute", "requests_per_minute"],
    ["request_per_minute", "requests_per_minute"],
  ])("'%s' is warned about with the closest known key '%s'", (key, closest) => {
    expect(unknownConfigKeyWarnings({ [key]: 1 })).toEqual([
      `Unknown config key '${key}' is ignored; did you mean '${closest}'?`,
    ]);
  });

  it("a key close to nothing lists the known keys; known keys and _comments pass silently", () => {
    expect(
      unknownConfigKeyWarnings({ subdomain: "a", credentials: {}, _comment: "x", color: "red" }),
    ).toEqual([
      "Unknown config key 'color' is ignored; the known keys are subdomain, start_date, credentials, requests_per_minute, support.",
    ]);
    expect(unknownConfigKeyWarnings(null)).toEqual([]);
    expect(unknownConfigKeyWarnings([1])).toEqual([]);
  });
});

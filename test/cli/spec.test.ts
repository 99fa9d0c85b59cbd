import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { newAjv } from "../../scripts/acceptance/validation.js";
import { parseConfig } from "../../src/connector/config.js";
import { type Message, type RunResult, runCli } from "../helpers/cli.js";

// What `spec` prints, held to expectations written here (Airbyte's conventions, the reference's
// config spec, the configs users write), not to spec.json: the CLI reads spec.json, so comparing
// the two proves only that the file was read.

let result: RunResult;
let spec: Message;
let connection: Message;

beforeAll(async () => {
  result = await runCli(["spec"]);
  spec = result.messages[0]?.spec;
  connection = spec?.connectionSpecification;
});

const variants = () => connection.properties.credentials.oneOf as Message[];
const variant = (kind: string) => variants().find((v) => v.properties?.credentials?.const === kind);

const token = { credentials: "access_token", access_token: "a-token" };
const oauth = { credentials: "oauth2.0", client_id: "id", client_secret: "secret", access_token: "a-token" };

/** Configs a user may write; each must pass the spec (as the Airbyte UI checks) and the connector. */
const VALID: Array<[string, Record<string, unknown>]> = [
  [
    "the reference's example",
    { start_date: "2021-01-01T00:00:00Z", subdomain: "mycompany", credentials: token },
  ],
  ["no start_date (it defaults to two years ago)", { subdomain: "acme", credentials: token }],
  ["OAuth with a refresh token", { subdomain: "acme-eu", credentials: { ...oauth, refresh_token: "r" } }],
  ["OAuth without a refresh token", { subdomain: "a1", credentials: oauth }],
  [
    "a rate limit and an unknown extra key",
    { subdomain: "acme", credentials: token, requests_per_minute: 50, x: 1 },
  ],
  [
    "the acceptance tests' config",
    JSON.parse(readFileSync(new URL("../../integration_tests/sample_config.json", import.meta.url), "utf8")),
  ],
];

/** Configs the spec must refuse (and the connector too). */
const INVALID: Array<[string, Record<string, unknown>]> = [
  ["no subdomain", { credentials: token }],
  ["no credentials", { subdomain: "acme" }],
  ["a URL as subdomain", { subdomain: "https://acme.zendesk.com", credentials: token }],
  ["a host name as subdomain", { subdomain: "acme.zendesk.com", credentials: token }],
  ["an unknown auth method", { subdomain: "acme", credentials: { credentials: "basic", access_token: "t" } }],
  ["access_token auth without a token", { subdomain: "acme", credentials: { credentials: "access_token" } }],
  ["an empty token", { subdomain: "acme", credentials: { credentials: "access_token", access_token: "" } }],
  ["OAuth without client_secret", { subdomain: "acme", credentials: { ...oauth, client_secret: undefined } }],
  [
    "start_date with milliseconds",
    { subdomain: "acme", credentials: token, start_date: "2021-01-01T00:00:00.000Z" },
  ],
  ["requests_per_minute 0", { subdomain: "acme", credentials: token, requests_per_minute: 0 }],
  ["requests_per_minute 1.5", { subdomain: "acme", credentials: token, requests_per_minute: 1.5 }],
];

describe("spec", () => {
  it("prints exactly one SPEC message, nothing else on stdout, and exits 0", () => {
    expect(result.exitCode).toBe(0);
    expect(result.messages).toHaveLength(1);
    expect(result.messages[0].type).toBe("SPEC");
    expect(result.stdout.trim().split("\n")).toHaveLength(1);
  });

  it("points at the connector's documentation and declares incremental support", () => {
    // Our own docs, not Airbyte's page for their (different) connector.
    expect(spec.documentationUrl).toBe("https://github.com/zendesk-chat-ts/source-zendesk-chat-ts#readme");
    expect(spec.supportsIncremental).toBe(true);
  });

  it("is a draft-07 object schema requiring subdomain and credentials (start_date optional)", () => {
    expect(connection.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(connection.type).toBe("object");
    expect([...connection.required].sort()).toEqual(["credentials", "subdomain"]);
    expect(Object.keys(connection.properties)).toEqual(
      expect.arrayContaining(["subdomain", "start_date", "credentials"]),
    );
    expect(connection.properties.start_date).toMatchObject({ type: "string", format: "date-time" });
    // Airbyte's date-time UI pattern (CAT warns on any other): seconds, UTC, no fraction.
    expect(connection.properties.start_date.pattern).toBe(
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
    );
    expect(connection.additionalProperties ?? true).toBe(true);
  });

  it("offers OAuth 2.0 first, then an access token, as a credentials oneOf keyed by a const", () => {
    const credentials = connection.properties.credentials;
    expect(credentials.type).toBe("object");
    expect(variants().map((v) => v.properties.credentials.const)).toEqual(["oauth2.0", "access_token"]);
    for (const v of variants()) {
      expect(v.type).toBe("object");
      expect(v.required).toContain("credentials");
      // CAT test_oneof_usage: only the discriminator carries a const, and default/enum agree with it.
      const consts = Object.keys(v.properties).filter((k) => v.properties[k].const !== undefined);
      expect(consts).toEqual(["credentials"]);
    }
    expect([...variant("oauth2.0").required].sort()).toEqual(
      ["access_token", "client_id", "client_secret", "credentials"].sort(),
    );
    expect(Object.keys(variant("oauth2.0").properties)).toContain("refresh_token");
    expect([...variant("access_token").required].sort()).toEqual(["access_token", "credentials"]);
  });

  it("marks every credential field airbyte_secret, and nothing else", () => {
    const secrets: string[] = [];
    const walk = (node: Message, path: string) => {
      if (typeof node !== "object" || node === null) return;
      if (node.airbyte_secret === true) secrets.push(path);
      for (const [name, child] of Object.entries(node.properties ?? {})) walk(child, `${path}.${name}`);
      for (const [i, child] of (node.oneOf ?? []).entries()) walk(child, `${path}.oneOf[${i}]`);
    };
    walk(connection, "$");
    expect(secrets.sort()).toEqual([
      "$.credentials.oneOf[0].access_token",
      "$.credentials.oneOf[0].client_id",
      "$.credentials.oneOf[0].client_secret",
      "$.credentials.oneOf[0].refresh_token",
      "$.credentials.oneOf[1].access_token",
      "$.support.credentials.oneOf[0].api_token",
      "$.support.credentials.oneOf[1].access_token",
      "$.support.credentials.oneOf[1].client_id",
      "$.support.credentials.oneOf[1].client_secret",
      "$.support.credentials.oneOf[1].refresh_token",
    ]);
    // A secret must be a string the UI can mask (CAT test_secret_is_properly_marked).
    for (const v of variants())
      for (const [name, property] of Object.entries(v.properties) as Array<[string, Message]>)
        if (property.airbyte_secret) expect(property.type, name).toBe("string");
  });

  it("advanced_auth selects the OAuth variant and writes into fields the spec has", () => {
    expect(spec.advanced_auth).toMatchObject({
      auth_flow_type: "oauth2.0",
      predicate_key: ["credentials", "credentials"],
      predicate_value: "oauth2.0",
    });
    const oauthSpec = spec.advanced_auth.oauth_config_specification;
    const paths: string[][] = [];
    for (const section of Object.values(oauthSpec) as Message[])
      for (const property of Object.values(section.properties ?? {}) as Message[])
        if (property.path_in_connector_config) paths.push(property.path_in_connector_config);
    expect(paths.length).toBeGreaterThanOrEqual(4);
    for (const path of paths) {
      // Walk the path; under credentials, the OAuth variant is the one the flow fills in.
      let node: Message = connection;
      for (const key of path) node = (node?.oneOf ? variant("oauth2.0") : node)?.properties?.[key];
      expect(node, `path_in_connector_config ${path.join(".")}`).toBeDefined();
    }
  });

  it.each(VALID)("accepts %s (the spec and the connector agree)", (_name, config) => {
    const validate = newAjv().compile(connection);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(() => parseConfig(config)).not.toThrow();
  });

  it("a date-only start_date: spec.json refuses it (Airbyte's form sends date-times); the connector reads it as midnight UTC", () => {
    const config = { subdomain: "acme", credentials: token, start_date: "2021-01-01" };
    expect(newAjv().compile(connection)(config)).toBe(false);
    expect(parseConfig(config).startDate).toBe(Date.UTC(2021, 0, 1));
  });

  it.each(INVALID)("rejects %s (the spec and the connector agree)", (_name, config) => {
    const clean = JSON.parse(JSON.stringify(config));
    expect(newAjv().compile(connection)(clean)).toBe(false);
    expect(() => parseConfig(clean)).toThrow();
  });

  it("prints the spec.json that ships next to dist/ (what CAT's spec_path compares)", () => {
    const file = JSON.parse(readFileSync(new URL("../../spec.json", import.meta.url), "utf8"));
    expect(spec).toEqual(file);
  });
});

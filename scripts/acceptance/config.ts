import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { formatErrors, newAjv } from "./validation.js";

// acceptance-test-config.yml, as CAT's config.py defines it (every model `extra = forbid`).

export interface BypassedItem {
  name: string;
  bypass_reason?: string;
}

export interface BackwardCompatibilityConfig {
  previous_connector_version?: string;
  disable_for_version?: string;
}

export interface SpecTestConfig {
  spec_path?: string;
  config_path?: string;
  timeout_seconds?: number;
  deployment_mode?: "cloud" | "oss";
  backward_compatibility_tests_config?: BackwardCompatibilityConfig;
  auth_default_method?: { oauth?: boolean; bypass_reason?: string };
}

export interface ConnectionTestConfig {
  config_path?: string;
  status?: "succeed" | "failed" | "exception";
  timeout_seconds?: number;
  deployment_mode?: "cloud" | "oss";
}

export interface DiscoveryTestConfig {
  config_path?: string;
  timeout_seconds?: number;
  deployment_mode?: "cloud" | "oss";
  backward_compatibility_tests_config?: BackwardCompatibilityConfig;
  validate_primary_keys_data_type?: boolean;
}

export interface BasicReadTestConfig {
  config_path?: string;
  deployment_mode?: "cloud" | "oss";
  configured_catalog_path?: string;
  empty_streams?: BypassedItem[];
  ignored_fields?: Record<string, BypassedItem[]>;
  expect_records?: { path?: string; exact_order?: boolean; bypass_reason?: string };
  file_types?: unknown;
  client_container_config?: unknown;
  validate_schema?: boolean;
  validate_stream_statuses?: boolean | null;
  validate_state_messages?: boolean;
  validate_primary_keys_data_type?: boolean;
  fail_on_extra_columns?: boolean;
  validate_data_points?: boolean;
  expect_trace_message_on_failure?: boolean;
  timeout_seconds?: number;
}

export interface FullRefreshTestConfig {
  config_path?: string;
  deployment_mode?: "cloud" | "oss";
  configured_catalog_path?: string;
  timeout_seconds?: number;
  ignored_fields?: Record<string, BypassedItem[]>;
  client_container_config?: unknown;
}

export interface FutureStateConfig {
  future_state_path?: string;
  missing_streams?: BypassedItem[];
  bypass_reason?: string;
  cursor_format?: unknown;
}

export interface IncrementalTestConfig {
  config_path?: string;
  deployment_mode?: "cloud" | "oss";
  configured_catalog_path?: string;
  timeout_seconds?: number;
  future_state?: FutureStateConfig;
  skip_comprehensive_incremental_tests?: boolean;
  client_container_config?: unknown;
}

export interface Section<T> {
  tests?: T[];
  bypass_reason?: string;
}

export interface AcceptanceTestConfig {
  connector_image: string;
  test_strictness_level?: "high" | "low";
  base_path?: string;
  custom_environment_variables?: Record<string, string>;
  cache_discovered_catalog?: boolean;
  acceptance_tests: {
    spec?: Section<SpecTestConfig>;
    connection?: Section<ConnectionTestConfig>;
    discovery?: Section<DiscoveryTestConfig>;
    basic_read?: Section<BasicReadTestConfig>;
    full_refresh?: Section<FullRefreshTestConfig>;
    incremental?: Section<IncrementalTestConfig>;
    connector_attributes?: Section<unknown>;
    connector_documentation?: Section<unknown>;
  };
}

const bypassed = {
  type: "object",
  additionalProperties: false,
  required: ["name"],
  properties: { name: { type: "string" }, bypass_reason: { type: "string" } },
};
const common = {
  config_path: { type: "string" },
  timeout_seconds: { type: "integer", minimum: 1 },
  deployment_mode: { enum: ["cloud", "oss"] },
};
const backward = {
  type: "object",
  additionalProperties: false,
  properties: { previous_connector_version: { type: "string" }, disable_for_version: { type: "string" } },
};
const ignoredFields = { type: "object", additionalProperties: { type: "array", items: bypassed } };
const section = (test: object) => ({
  type: "object",
  additionalProperties: false,
  properties: {
    tests: { type: "array", items: { type: "object", additionalProperties: false, ...test } },
    bypass_reason: { type: "string" },
  },
});

const CONFIG_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["connector_image", "acceptance_tests"],
  properties: {
    connector_image: { type: "string", minLength: 1 },
    test_strictness_level: { enum: ["high", "low"] },
    base_path: { type: "string" },
    custom_environment_variables: { type: "object", additionalProperties: { type: "string" } },
    cache_discovered_catalog: { type: "boolean" },
    acceptance_tests: {
      type: "object",
      additionalProperties: false,
      properties: {
        spec: section({
          properties: {
            ...common,
            spec_path: { type: "string" },
            backward_compatibility_tests_config: backward,
            auth_default_method: {
              type: "object",
              additionalProperties: false,
              properties: { oauth: { type: "boolean" }, bypass_reason: { type: "string" } },
            },
          },
        }),
        connection: section({
          properties: { ...common, status: { enum: ["succeed", "failed", "exception"] } },
        }),
        discovery: section({
          properties: {
            ...common,
            backward_compatibility_tests_config: backward,
            validate_primary_keys_data_type: { type: "boolean" },
          },
        }),
        basic_read: section({
          properties: {
            ...common,
            configured_catalog_path: { type: "string" },
            empty_streams: { type: "array", items: bypassed },
            ignored_fields: ignoredFields,
            expect_records: {
              type: "object",
              additionalProperties: false,
              properties: {
                path: { type: "string" },
                exact_order: { type: "boolean" },
                bypass_reason: { type: "string" },
              },
            },
            file_types: { type: "object" },
            client_container_config: { type: "object" },
            validate_schema: { type: "boolean" },
            validate_stream_statuses: { type: ["boolean", "null"] },
            validate_state_messages: { type: "boolean" },
            validate_primary_keys_data_type: { type: "boolean" },
            fail_on_extra_columns: { type: "boolean" },
            validate_data_points: { type: "boolean" },
            expect_trace_message_on_failure: { type: "boolean" },
          },
        }),
        full_refresh: section({
          properties: {
            ...common,
            configured_catalog_path: { type: "string" },
            ignored_fields: ignoredFields,
            client_container_config: { type: "object" },
          },
        }),
        incremental: section({
          properties: {
            ...common,
            configured_catalog_path: { type: "string" },
            future_state: {
              type: "object",
              additionalProperties: false,
              properties: {
                future_state_path: { type: "string" },
                missing_streams: { type: "array", items: bypassed },
                bypass_reason: { type: "string" },
                cursor_format: { type: "object" },
              },
            },
            skip_comprehensive_incremental_tests: { type: "boolean" },
            client_container_config: { type: "object" },
          },
        }),
        connector_attributes: section({ additionalProperties: true }),
        connector_documentation: section({ additionalProperties: true }),
      },
    },
  },
};

export class ConfigFileError extends Error {}

/** Parses and validates acceptance-test-config.yml; throws ConfigFileError naming the problem. */
export function parseAcceptanceConfig(
  text: string,
  path = "acceptance-test-config.yml",
): AcceptanceTestConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigFileError(`${path} is not valid YAML: ${(error as Error).message}`);
  }
  if (typeof raw === "object" && raw !== null && "tests" in raw && !("acceptance_tests" in raw)) {
    throw new ConfigFileError(
      `${path} uses the legacy format (tests: at the root); move the sections under acceptance_tests:`,
    );
  }
  const ajv = newAjv();
  const validate = ajv.compile(CONFIG_SCHEMA);
  if (!validate(raw)) {
    throw new ConfigFileError(
      `${path} does not follow CAT's config format: ${formatErrors(validate.errors, 5)}`,
    );
  }
  return raw as unknown as AcceptanceTestConfig;
}

export function loadAcceptanceConfig(path: string): AcceptanceTestConfig {
  return parseAcceptanceConfig(readFileSync(path, "utf8"), path);
}

export const MANDATORY_SECTIONS = [
  "spec",
  "connection",
  "discovery",
  "basic_read",
  "full_refresh",
  "incremental",
] as const;

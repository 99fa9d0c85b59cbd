// Shared by the image-test helpers: the Airbyte protocol schema (test/protocol-schema, copied verbatim
// from airbytehq/airbyte-protocol) compiled with ajv. Compiled by tsconfig.tools.json to
// build/scripts/image/, so paths below are relative to that directory's source twin.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import { parse } from "yaml";

// image-test.sh runs a snapshot copy of build/ (so a concurrent `npm run build` cannot pull the
// helpers away mid-run) and names the repository with IMAGE_TEST_REPO_ROOT.
export const repoRoot = process.env.IMAGE_TEST_REPO_ROOT
  ? pathToFileURL(`${process.env.IMAGE_TEST_REPO_ROOT.replace(/\/$/, "")}/`)
  : new URL("../../../", import.meta.url);

const protocol = parse(readFileSync(new URL("test/protocol-schema/airbyte_protocol.yaml", repoRoot), "utf8"));

export function compileDefinition(definition: string): ValidateFunction {
  // Formats are annotations only here (strict: false, validateFormats off): the check is structural.
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema({ ...protocol, $id: "airbyte_protocol.yaml" });
  return ajv.compile({ $ref: `airbyte_protocol.yaml#/definitions/${definition}` });
}

/** A stream's json_schema (draft-07) as a record validator; formats as annotations, like above. */
export function compileRecordSchema(schema: unknown): ValidateFunction {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const { $schema: _, ...rest } = (schema ?? {}) as Record<string, unknown>;
  return ajv.compile(rest);
}

export { PAYLOAD_KEY } from "../acceptance/validation.js";

import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse } from "yaml";

// The Airbyte protocol schema, copied verbatim (with its MIT licence) from airbytehq/airbyte-protocol.
const protocol = parse(
  readFileSync(new URL("../protocol-schema/airbyte_protocol.yaml", import.meta.url), "utf8"),
);

// ajv-formats is CommonJS: under NodeNext the default import is `module.exports`, which also carries `.default`.
const addFormats = addFormatsModule.default;

/** The test kit's one Ajv setup: draft-07 with ajv-formats, every error reported. */
export function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

function compile(definition: string): ValidateFunction {
  const ajv = newAjv();
  ajv.addSchema({ ...protocol, $id: "airbyte_protocol.yaml" });
  return ajv.compile({ $ref: `airbyte_protocol.yaml#/definitions/${definition}` });
}

const validateMessage = compile("AirbyteMessage");
const validateCatalog = compile("ConfiguredAirbyteCatalog");

export function messageErrors(message: unknown): string | undefined {
  if (validateMessage(message)) return undefined;
  return JSON.stringify(validateMessage.errors?.slice(0, 3));
}

export function configuredCatalogErrors(catalog: unknown): string | undefined {
  if (validateCatalog(catalog)) return undefined;
  return JSON.stringify(validateCatalog.errors?.slice(0, 3));
}

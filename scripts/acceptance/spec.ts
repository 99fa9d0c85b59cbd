import { isDeepStrictEqual } from "node:util";
import { ensure, Problems, SkipCheck, short } from "./assert.js";
import { type Check, entryLabel } from "./check.js";
import type { SpecTestConfig } from "./config.js";
import type { AcceptanceContext } from "./context.js";
import { findKeyPaths, resolvePropertyPath, type Schema, schemaNodes, typesOf } from "./schema-walk.js";
import { draft07SchemaErrors, formatErrors, newAjv } from "./validation.js";

// TestSpec of CAT (test_core.py), plus the backward-compatibility check against a kept copy of the
// released spec (CAT pulls the previous image; we keep integration_tests/previous_spec.json).

/** CAT test_secret_is_properly_marked: property names that must be airbyte_secret. */
export const SECRET_NAMES = [
  "client_token",
  "access_token",
  "api_token",
  "token",
  "secret",
  "client_secret",
  "password",
  "key",
  "service_account_info",
  "service_account",
  "tenant_id",
  "certificate",
  "jwt",
  "credentials",
  "app_id",
  "appid",
  "refresh_token",
];

/** CAT test_forbidden_complex_types. */
export const FORBIDDEN_SPEC_KEYWORDS = [
  "not",
  "anyOf",
  "patternProperties",
  "prefixItems",
  "allOf",
  "if",
  "then",
  "else",
  "dependentSchemas",
  "dependentRequired",
];

export const PREVIOUS_SPEC_PATH = "integration_tests/previous_spec.json";

async function connectionSpecification(ctx: AcceptanceContext): Promise<Schema> {
  const spec = await ctx.theSpec();
  const schema = spec.connectionSpecification;
  ensure(
    typeof schema === "object" && schema !== null && !Array.isArray(schema),
    "the SPEC has no connectionSpecification object",
  );
  return schema;
}

export function specChecks(tests: SpecTestConfig[]): Check[] {
  const checks: Check[] = [];
  tests.forEach((test, index) => {
    const label = entryLabel("spec", index, tests.length);
    const configPath = test.config_path ?? "secrets/config.json";
    checks.push(
      {
        name: `${label}: emits exactly one SPEC message`,
        async run(ctx) {
          await ctx.theSpec();
        },
      },
      {
        name: `${label}: connectionSpecification is a valid draft-07 JSON Schema`,
        async run(ctx) {
          const errors = draft07SchemaErrors(await connectionSpecification(ctx));
          ensure(!errors, () => `connectionSpecification is not a valid draft-07 schema: ${errors}`);
        },
      },
      {
        name: `${label}: ${configPath} validates against the spec`,
        async run(ctx) {
          const schema = await connectionSpecification(ctx);
          const config = ctx.readConnectorConfig(configPath);
          const validate = newAjv().compile(schema);
          ensure(
            validate(config),
            () => `${configPath} does not match the spec: ${formatErrors(validate.errors)}`,
          );
        },
      },
      {
        name: `${label}: the emitted spec equals ${test.spec_path ?? "the spec file"}`,
        async run(ctx) {
          if (!test.spec_path || !ctx.exists(test.spec_path))
            throw new SkipCheck(`no spec file at ${test.spec_path ?? "spec_path (not set)"}`);
          const expected = ctx.readJson(test.spec_path);
          const actual = await ctx.theSpec();
          ensure(
            isDeepStrictEqual(actual, expected),
            () => `the SPEC differs from ${test.spec_path}: ${firstDifference(expected, actual)}`,
          );
        },
      },
      {
        name: `${label}: enums have no duplicate values`,
        async run(ctx) {
          const problems = new Problems();
          for (const { node, path } of schemaNodes(await connectionSpecification(ctx))) {
            if (!Array.isArray(node.enum)) continue;
            const seen = new Set(node.enum.map((v: unknown) => JSON.stringify(v)));
            if (seen.size !== node.enum.length)
              problems.add(`${path}.enum has duplicates: ${short(node.enum)}`);
          }
          problems.throwIfAny("duplicate enum values");
        },
      },
      {
        name: `${label}: oneOf/anyOf follow Airbyte's rules (object parent, common const discriminator)`,
        async run(ctx) {
          const problems = new Problems();
          for (const { node, path } of schemaNodes(await connectionSpecification(ctx))) {
            for (const keyword of ["oneOf", "anyOf"]) {
              if (node[keyword] !== undefined) checkOneOf(node, keyword, path, problems);
            }
          }
          problems.throwIfAny("oneOf/anyOf problems");
        },
      },
      {
        name: `${label}: secret-named fields are airbyte_secret (and only fields that can hold a secret)`,
        async run(ctx) {
          const problems = new Problems();
          for (const { node, path, propertyName } of schemaNodes(await connectionSpecification(ctx))) {
            const types = typesOf(node);
            const canHoldSecret =
              node.const === undefined && types.some((t) => ["string", "integer", "number"].includes(t));
            if (propertyName && SECRET_NAMES.includes(propertyName.toLowerCase()) && canHoldSecret) {
              if (node.airbyte_secret !== true)
                problems.add(`${path} is named like a secret but lacks airbyte_secret: true`);
            }
            if (node.airbyte_secret === true && !canHoldSecret)
              problems.add(
                `${path} is airbyte_secret but cannot hold a secret (type ${short(node.type)}${node.const !== undefined ? ", const" : ""})`,
              );
          }
          problems.throwIfAny("secret marking problems");
        },
      },
      {
        name: `${label}: type lists are [X] or [X, "null"]`,
        async run(ctx) {
          const problems = new Problems();
          for (const { node, path } of schemaNodes(await connectionSpecification(ctx))) {
            if (!Array.isArray(node.type)) continue;
            const ok = node.type.length === 1 || (node.type.length === 2 && node.type[1] === "null");
            if (!ok) problems.add(`${path}.type is ${short(node.type)}`);
          }
          problems.throwIfAny("bad type lists");
        },
      },
      {
        name: `${label}: objects have properties, arrays have one typed items schema`,
        async run(ctx) {
          const problems = new Problems();
          for (const { node, path } of schemaNodes(await connectionSpecification(ctx))) {
            const types = typesOf(node);
            if (path !== "(root)" && types.includes("object")) {
              const hasProperties =
                typeof node.properties === "object" && Object.keys(node.properties ?? {}).length > 0;
              if (!hasProperties && !Array.isArray(node.oneOf))
                problems.add(`${path} is an object without properties or oneOf`);
            }
            if (types.includes("array")) {
              const items = node.items;
              if (Array.isArray(items)) problems.add(`${path}.items is a list; use one schema`);
              else if (typeof items !== "object" || items === null)
                problems.add(`${path} has no items schema`);
              else if (
                !typesOf(items).some((t) => ["object", "string", "number", "integer"].includes(t)) &&
                !Array.isArray(items.enum)
              )
                problems.add(`${path}.items must be of type object/string/number/integer or have an enum`);
            }
          }
          problems.throwIfAny("object/array problems");
        },
      },
      {
        name: `${label}: no forbidden keywords (${FORBIDDEN_SPEC_KEYWORDS.join(", ")})`,
        async run(ctx) {
          const problems = new Problems();
          for (const { node, path } of schemaNodes(await connectionSpecification(ctx))) {
            for (const keyword of FORBIDDEN_SPEC_KEYWORDS) {
              if (node[keyword] !== undefined) problems.add(`${path} uses '${keyword}'`);
            }
          }
          problems.throwIfAny("forbidden keywords in connectionSpecification");
        },
      },
      {
        name: `${label}: order/group/display_type are used correctly`,
        async run(ctx) {
          const problems = new Problems();
          for (const { node, path, depth } of schemaNodes(await connectionSpecification(ctx))) {
            if (node.group !== undefined && depth !== 1)
              problems.add(`${path} has 'group' but is not a top-level property`);
            if (node.display_type !== undefined) {
              if (!Array.isArray(node.oneOf)) problems.add(`${path} has display_type without oneOf`);
              if (!["dropdown", "radio"].includes(node.display_type))
                problems.add(`${path}.display_type is ${short(node.display_type)} (dropdown or radio)`);
            }
            if (typeof node.properties === "object" && node.properties !== null) {
              const seen = new Map<string, string>();
              for (const [name, child] of Object.entries<Schema>(node.properties)) {
                if (child?.order === undefined) continue;
                const key = `${child.group ?? ""}\u0000${child.order}`;
                const other = seen.get(key);
                if (other)
                  problems.add(`${path || "(root)"}: '${other}' and '${name}' share order ${child.order}`);
                seen.set(key, name);
              }
            }
          }
          problems.throwIfAny("order/group/display_type problems");
        },
      },
      {
        name: `${label}: no $ref in the spec`,
        async run(ctx) {
          const refs = findKeyPaths(await ctx.theSpec(), "$ref");
          ensure(refs.length === 0, () => `the spec uses $ref (inline every definition): ${refs.join(", ")}`);
        },
      },
      {
        name: `${label}: advanced_auth paths exist and OAuth is the default method`,
        async run(ctx) {
          const spec = await ctx.theSpec();
          const auth = spec.advanced_auth;
          if (!auth) throw new SkipCheck("no advanced_auth");
          const schema = spec.connectionSpecification;
          const problems = new Problems();
          if (auth.predicate_key !== undefined) {
            if (resolvePropertyPath(schema, auth.predicate_key).length === 0)
              problems.add(`predicate_key ${short(auth.predicate_key)} is not in connectionSpecification`);
          }
          for (const [specName, oauthSpec] of Object.entries<Schema>(auth.oauth_config_specification ?? {})) {
            for (const [field, property] of Object.entries<Schema>(oauthSpec?.properties ?? {})) {
              const path = property?.path_in_connector_config;
              if (Array.isArray(path) && resolvePropertyPath(schema, path).length === 0)
                problems.add(
                  `${specName}.${field}.path_in_connector_config ${short(path)} is not in connectionSpecification`,
                );
            }
          }
          const bypass = test.auth_default_method;
          if (
            Array.isArray(auth.predicate_key) &&
            auth.predicate_key.length > 0 &&
            !(bypass?.oauth === false && bypass.bypass_reason)
          ) {
            const parent = resolvePropertyPath(schema, auth.predicate_key.slice(0, -1))[0];
            const discriminator = auth.predicate_key.at(-1);
            if (Array.isArray(parent?.oneOf)) {
              const first = parent.oneOf[0]?.properties?.[discriminator];
              if (first?.const !== auth.predicate_value)
                problems.add(
                  `the OAuth option (${discriminator} = ${short(auth.predicate_value)}) must be the first oneOf entry; the first is ${short(first?.const)}`,
                );
            }
          }
          problems.throwIfAny("advanced_auth problems");
        },
      },
      {
        name: `${label}: additionalProperties is true wherever present`,
        async run(ctx) {
          const problems = new Problems();
          for (const { node, path } of schemaNodes(await connectionSpecification(ctx))) {
            if (node.additionalProperties !== undefined && node.additionalProperties !== true)
              problems.add(`${path}.additionalProperties is ${short(node.additionalProperties)}`);
          }
          problems.throwIfAny("additionalProperties must be true");
        },
      },
      {
        name: `${label}: backward compatible with the previous spec (${PREVIOUS_SPEC_PATH})`,
        async run(ctx) {
          if (!ctx.exists(PREVIOUS_SPEC_PATH))
            throw new SkipCheck(`no ${PREVIOUS_SPEC_PATH} (no released version yet)`);
          const disabled = test.backward_compatibility_tests_config?.disable_for_version;
          if (disabled) throw new SkipCheck(`disabled for version ${disabled}`);
          const previous = ctx.readJson(PREVIOUS_SPEC_PATH);
          ensure(previous?.connectionSpecification, `${PREVIOUS_SPEC_PATH} has no connectionSpecification`);
          const problems = new Problems();
          specBreakingChanges(previous.connectionSpecification, await connectionSpecification(ctx), problems);
          problems.throwIfAny(`breaking changes against ${PREVIOUS_SPEC_PATH}`);
        },
      },
    );
  });
  return checks;
}

function checkOneOf(node: Schema, keyword: string, path: string, problems: Problems): void {
  const variants = node[keyword];
  if (!Array.isArray(variants) || variants.length === 0) {
    problems.add(`${path}.${keyword} must be a non-empty list`);
    return;
  }
  if (!typesOf(node).includes("object")) problems.add(`${path} has ${keyword} but is not type: object`);
  const propertySets = variants.map((v: Schema, i: number) => {
    if (typeof v?.properties !== "object" || v.properties === null) {
      problems.add(`${path}.${keyword}[${i}] has no properties`);
      return new Set<string>();
    }
    return new Set(Object.keys(v.properties));
  });
  const common = [...(propertySets[0] ?? [])].filter((name) =>
    propertySets.every((set: Set<string>) => set.has(name)),
  );
  if (common.length === 0) {
    problems.add(`${path}.${keyword} variants share no property (one must be a const discriminator)`);
    return;
  }
  const withConst = common.filter((name) =>
    variants.every((v: Schema) => v.properties[name]?.const !== undefined),
  );
  if (withConst.length !== 1) {
    problems.add(
      `${path}.${keyword}: exactly one common property must have const in every variant; found ${withConst.length} (${withConst.join(", ") || "none"})`,
    );
    return;
  }
  const name = withConst[0] as string;
  variants.forEach((v: Schema, i: number) => {
    const prop = v.properties[name];
    if (prop.default !== undefined && prop.default !== prop.const)
      problems.add(
        `${path}.${keyword}[${i}].properties.${name}.default (${short(prop.default)}) != const (${short(prop.const)})`,
      );
    if (prop.enum !== undefined && !isDeepStrictEqual(prop.enum, [prop.const]))
      problems.add(`${path}.${keyword}[${i}].properties.${name}.enum must be [const]`);
  });
}

/**
 * Changes that break existing configs (CAT SpecDiffChecker's spirit): a property removed or
 * renamed, a type narrowed or changed, a new required field, enum values or oneOf options removed,
 * a const changed.
 */
export function specBreakingChanges(
  previous: Schema,
  current: Schema,
  problems: Problems,
  path = "(root)",
): void {
  const prevTypes = typesOf(previous);
  const curTypes = typesOf(current);
  if (prevTypes.length > 0 && curTypes.length > 0) {
    const lost = prevTypes.filter(
      (t) => !curTypes.includes(t) && !(t === "integer" && curTypes.includes("number")),
    );
    if (lost.length > 0)
      problems.add(`${path}: type changed from ${short(previous.type)} to ${short(current.type)}`);
  }
  if (previous.const !== undefined && !isDeepStrictEqual(previous.const, current.const))
    problems.add(`${path}: const changed from ${short(previous.const)} to ${short(current.const)}`);
  if (Array.isArray(previous.enum)) {
    const removed = Array.isArray(current.enum)
      ? previous.enum.filter((v: unknown) => !current.enum.some((c: unknown) => isDeepStrictEqual(c, v)))
      : [];
    if (removed.length > 0) problems.add(`${path}: enum values removed: ${short(removed)}`);
  }
  const prevProps: Record<string, Schema> = previous.properties ?? {};
  const curProps: Record<string, Schema> = current.properties ?? {};
  for (const [name, prevChild] of Object.entries(prevProps)) {
    const here = path === "(root)" ? name : `${path}.${name}`;
    if (!(name in curProps)) problems.add(`${here}: property removed or renamed`);
    else specBreakingChanges(prevChild, curProps[name], problems, here);
  }
  const prevRequired: string[] = Array.isArray(previous.required) ? previous.required : [];
  const curRequired: string[] = Array.isArray(current.required) ? current.required : [];
  for (const name of curRequired) {
    if (!prevRequired.includes(name)) problems.add(`${path}: '${name}' is newly required`);
  }
  for (const keyword of ["oneOf", "anyOf"]) {
    const prevVariants: Schema[] = Array.isArray(previous[keyword]) ? previous[keyword] : [];
    if (prevVariants.length === 0) continue;
    const curVariants: Schema[] = Array.isArray(current[keyword]) ? current[keyword] : [];
    prevVariants.forEach((variant, i) => {
      const match = matchVariant(variant, curVariants);
      const label = `${path}.${keyword}[${i}]${variant.title ? ` (${variant.title})` : ""}`;
      if (!match) problems.add(`${label}: option removed`);
      else specBreakingChanges(variant, match, problems, label);
    });
  }
}

function discriminator(variant: Schema): string | undefined {
  for (const [name, prop] of Object.entries<Schema>(variant?.properties ?? {})) {
    if (prop?.const !== undefined) return `${name}=${JSON.stringify(prop.const)}`;
  }
  return undefined;
}

function matchVariant(variant: Schema, candidates: Schema[]): Schema | undefined {
  const key = discriminator(variant);
  if (key) return candidates.find((c) => discriminator(c) === key);
  return candidates.find((c) => c.title === variant.title);
}

/** A short description of the first place two JSON values differ. */
export function firstDifference(expected: unknown, actual: unknown, path = ""): string {
  if (isDeepStrictEqual(expected, actual)) return "no difference";
  if (typeof expected === "object" && expected !== null && typeof actual === "object" && actual !== null) {
    if (Array.isArray(expected) !== Array.isArray(actual)) return `${path || "/"}: array vs object`;
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of keys) {
      const e = (expected as Record<string, unknown>)[key];
      const a = (actual as Record<string, unknown>)[key];
      if (!isDeepStrictEqual(e, a)) {
        if (e === undefined) return `${path}/${key}: unexpected ${short(a, 120)}`;
        if (a === undefined) return `${path}/${key}: missing (expected ${short(e, 120)})`;
        return firstDifference(e, a, `${path}/${key}`);
      }
    }
  }
  return `${path || "/"}: expected ${short(expected, 120)}, got ${short(actual, 120)}`;
}

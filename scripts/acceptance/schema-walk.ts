// Walking JSON Schemas the way CAT's spec/discovery tests do: every subschema, with a readable path,
// never mistaking a property *name* (a key of `properties`) for a keyword.

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema nodes.
export type Schema = any;

export interface SchemaNode {
  node: Schema;
  /** e.g. `properties.credentials.oneOf[0].properties.access_token` */
  path: string;
  /** The property name when this node is a value of `properties`. */
  propertyName?: string;
  /** The schema holding this node in its `properties`. */
  parent?: Schema;
  /** Depth in properties (root = 0, its properties = 1, …); oneOf/items do not add depth. */
  depth: number;
}

const SCHEMA_ARRAYS = ["oneOf", "anyOf", "allOf", "prefixItems"];
const SCHEMA_SINGLE = [
  "not",
  "if",
  "then",
  "else",
  "additionalProperties",
  "additionalItems",
  "contains",
  "propertyNames",
];
const SCHEMA_MAPS = ["definitions", "$defs", "patternProperties", "dependentSchemas"];

export function schemaNodes(root: Schema, rootPath = ""): SchemaNode[] {
  const out: SchemaNode[] = [];
  const join = (base: string, key: string) => (base ? `${base}.${key}` : key);
  const visit = (node: Schema, path: string, depth: number, propertyName?: string, parent?: Schema) => {
    if (typeof node !== "object" || node === null || Array.isArray(node)) return;
    out.push({ node, path: path || "(root)", propertyName, parent, depth });
    if (typeof node.properties === "object" && node.properties !== null) {
      for (const [name, child] of Object.entries(node.properties))
        visit(child, join(path, `properties.${name}`), depth + 1, name, node);
    }
    if (Array.isArray(node.items)) {
      node.items.forEach((child: Schema, i: number) => {
        visit(child, join(path, `items[${i}]`), depth);
      });
    } else if (node.items !== undefined) visit(node.items, join(path, "items"), depth);
    for (const key of SCHEMA_ARRAYS) {
      if (!Array.isArray(node[key])) continue;
      node[key].forEach((child: Schema, i: number) => {
        visit(child, join(path, `${key}[${i}]`), depth);
      });
    }
    for (const key of SCHEMA_SINGLE) if (node[key] !== undefined) visit(node[key], join(path, key), depth);
    for (const key of SCHEMA_MAPS) {
      if (typeof node[key] === "object" && node[key] !== null) {
        for (const [name, child] of Object.entries(node[key]))
          visit(child, join(path, `${key}.${name}`), depth);
      }
    }
  };
  visit(root, rootPath, 0);
  return out;
}

export function typesOf(node: Schema): string[] {
  if (typeof node?.type === "string") return [node.type];
  if (Array.isArray(node?.type)) return node.type.filter((t: unknown) => typeof t === "string");
  return [];
}

/** Every occurrence of `key` anywhere in a JSON value (any depth, property names included). */
export function findKeyPaths(value: unknown, key: string, path = ""): string[] {
  const out: string[] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push(...findKeyPaths(v, key, `${path}[${i}]`));
    });
  } else if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const here = path ? `${path}.${k}` : k;
      if (k === key) out.push(here);
      out.push(...findKeyPaths(v, key, here));
    }
  }
  return out;
}

/** Walks a property path (e.g. ["credentials", "access_token"]) through properties and oneOf variants. */
export function resolvePropertyPath(root: Schema, path: readonly string[]): Schema[] {
  let nodes: Schema[] = [root];
  for (const key of path) {
    const next: Schema[] = [];
    const expand = (node: Schema) => {
      if (node?.properties?.[key] !== undefined) next.push(node.properties[key]);
      for (const variant of [...(node?.oneOf ?? []), ...(node?.anyOf ?? [])]) expand(variant);
    };
    nodes.forEach(expand);
    nodes = next;
    if (nodes.length === 0) return [];
  }
  return nodes;
}

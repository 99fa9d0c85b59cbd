/**
 * JSON.parse turns `1.0` into `1`, which then passes an `integer` check. CAT validates records with a
 * strict integer type (a Python float is not an int), so the raw text matters: this scanner walks one
 * JSON text and returns the JSON pointers (ajv `instancePath` form) of every number written with a
 * fraction or an exponent. Assumes the text is valid JSON (parse it first).
 */
export function nonIntegerLiteralPaths(text: string): Set<string> {
  const paths = new Set<string>();
  let i = 0;

  const skipWs = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r"))
      i += 1;
  };

  const readString = (): string => {
    const start = i;
    i += 1; // opening quote
    while (i < text.length) {
      const c = text[i];
      if (c === "\\") i += 2;
      else if (c === '"') {
        i += 1;
        return JSON.parse(text.slice(start, i)) as string;
      } else i += 1;
    }
    throw new Error("unterminated string");
  };

  const value = (path: string): void => {
    skipWs();
    const c = text[i];
    if (c === "{") {
      i += 1;
      skipWs();
      if (text[i] === "}") {
        i += 1;
        return;
      }
      for (;;) {
        skipWs();
        const key = readString();
        skipWs();
        i += 1; // colon
        value(`${path}/${escapePointer(key)}`);
        skipWs();
        if (text[i] === ",") {
          i += 1;
          continue;
        }
        i += 1; // closing brace
        return;
      }
    }
    if (c === "[") {
      i += 1;
      skipWs();
      if (text[i] === "]") {
        i += 1;
        return;
      }
      for (let index = 0; ; index += 1) {
        value(`${path}/${index}`);
        skipWs();
        if (text[i] === ",") {
          i += 1;
          continue;
        }
        i += 1;
        return;
      }
    }
    if (c === '"') {
      readString();
      return;
    }
    const start = i;
    while (i < text.length && /[-+0-9.eEa-z]/.test(text[i] as string)) i += 1;
    const literal = text.slice(start, i);
    if (/^-?\d/.test(literal) && /[.eE]/.test(literal)) paths.add(path);
  };

  value("");
  return paths;
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The paths under `prefix` (e.g. "/record/data"), re-rooted at it. */
export function pathsUnder(paths: Set<string>, prefix: string): Set<string> {
  const out = new Set<string>();
  for (const path of paths) {
    if (path === prefix) out.add("");
    else if (path.startsWith(`${prefix}/`)) out.add(path.slice(prefix.length));
  }
  return out;
}

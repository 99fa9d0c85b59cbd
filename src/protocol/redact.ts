// Every secret the connector knows is registered here, and every text that leaves the process
// (LOG and TRACE messages, stderr) passes through `redact`, so a secret echoed back in an API error
// body or a stack trace can never reach the output.

const secrets = new Set<string>();

export function registerSecret(value: unknown): void {
  // Very short values would redact ordinary words; real tokens are long.
  if (typeof value !== "string") return;
  // The trimmed form too: the connector uses a pasted token without its stray spaces or newline.
  for (const form of new Set([value, value.trim()])) if (form.length >= 4) secrets.add(form);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join("****");
  }
  return out;
}

/** Test hook: forget registered secrets between in-process unit tests. */
export function clearSecrets(): void {
  secrets.clear();
}

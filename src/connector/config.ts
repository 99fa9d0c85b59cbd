import { z } from "zod";
import { requestsPerMinute } from "../engine/config-fields.js";
import { ConfigError } from "../protocol/errors.js";
import { type ChatCredentials, chatCredentialsSchema, chatSecrets } from "../zendesk-chat/config.js";
import {
  type SupportConfig,
  supportConfigSchema,
  supportSecrets,
  toSupportConfig,
} from "../zendesk-support/config.js";

// The connector's config: one Zendesk account (its subdomain and start date), Chat's credentials and
// budget, and the optional `support` block. Each API package owns its credentials' schema.
// The zod schema is what the connector enforces; spec.json is what Airbyte shows users. A test feeds
// both the same table of configs so they cannot drift apart.

const START_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const SUBDOMAIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;
export const DEFAULT_REQUESTS_PER_MINUTE = 200;

const subdomain = z
  .string({ error: "subdomain is required: the 'mycompany' of mycompany.zendesk.com" })
  .superRefine((value, ctx) => {
    if (SUBDOMAIN.test(value)) return;
    let hint = "use only letters, digits and hyphens, e.g. 'mycompany'";
    if (/^[a-z]+:\/\//i.test(value))
      hint = "give only the subdomain, not a URL (for https://mycompany.zendesk.com use 'mycompany')";
    else if (value.includes("."))
      hint = "give only the subdomain, without '.zendesk.com' or other dots (e.g. 'mycompany')";
    else if (/\s/.test(value)) hint = "remove the spaces";
    else if (value === "") hint = "it must not be empty";
    ctx.addIssue({ code: "custom", message: `subdomain '${value}' is invalid: ${hint}` });
  });

const startDate = z
  .string({ error: "start_date must be a string like 2024-01-01T00:00:00Z" })
  .regex(START_DATE, { error: "start_date must look like 2024-01-01T00:00:00Z (UTC, no milliseconds)" })
  .refine(
    (value) =>
      !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().slice(0, 19) === value.slice(0, 19),
    {
      error: "start_date is not a real calendar date",
    },
  );

export const configSchema = z.looseObject({
  subdomain,
  start_date: startDate.optional(),
  credentials: chatCredentialsSchema,
  requests_per_minute: requestsPerMinute("requests_per_minute", 10_000).optional(),
  support: supportConfigSchema.optional(),
});

export type RawConfig = z.infer<typeof configSchema>;

export interface ConnectorConfig {
  raw: RawConfig;
  subdomain: string;
  /** Epoch milliseconds. */
  startDate: number;
  requestsPerMinute: number;
  credentials: ChatCredentials;
  /** The Zendesk Support tables, when the config has a `support` block. */
  support?: SupportConfig;
}

/** Validates a parsed config file; throws a one-line ConfigError naming the field and the fix. */
export function parseConfig(input: unknown, now = Date.now()): ConnectorConfig {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new ConfigError("The config must be a JSON object with subdomain and credentials.");
  }
  // A plain date, as people write it by hand, is midnight UTC. (spec.json keeps Airbyte's date-time
  // pattern: its form always sends the full form.)
  const given = (input as { start_date?: unknown }).start_date;
  if (typeof given === "string" && /^\d{4}-\d{2}-\d{2}$/.test(given.trim()))
    input = { ...input, start_date: `${given.trim()}T00:00:00Z` };
  const result = configSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "config";
    const message = issue?.message ?? "invalid";
    throw new ConfigError(
      `Invalid config: ${message.startsWith(where.split(".")[0] ?? "") ? message : `${where}: ${message}`}.`,
    );
  }
  const raw = result.data;
  const startDate = raw.start_date ? Date.parse(raw.start_date) : defaultStartDate(now);
  if (startDate > now) {
    throw new ConfigError(
      `Invalid config: start_date ${raw.start_date} is in the future; use a date in the past.`,
    );
  }
  return {
    raw,
    subdomain: raw.subdomain,
    startDate,
    requestsPerMinute: raw.requests_per_minute ?? DEFAULT_REQUESTS_PER_MINUTE,
    credentials: raw.credentials,
    ...(raw.support ? { support: toSupportConfig(raw.support) } : {}),
  };
}

/** Two years before `now`, at midnight UTC (a stable value across the runs of one day). */
export function defaultStartDate(now: number): number {
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear() - 2, date.getUTCMonth(), date.getUTCDate());
}

/** The top-level keys the connector reads; anything else in a config is ignored. */
export const KNOWN_CONFIG_KEYS = [
  "subdomain",
  "start_date",
  "credentials",
  "requests_per_minute",
  "support",
] as const;

/**
 * One warning per unknown top-level key, naming the closest known key when there is one close
 * enough (`startDate` → `start_date`): an ignored key silently changes a sync (no start_date means
 * two years of history). Keys starting with `_` are comments (Airbyte's tests drop them) and pass.
 */
export function unknownConfigKeyWarnings(input: unknown): string[] {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return [];
  const known: readonly string[] = KNOWN_CONFIG_KEYS;
  return Object.keys(input)
    .filter((key) => !known.includes(key) && !key.startsWith("_"))
    .map((key) => {
      const closest = closestKey(key, known);
      return closest
        ? `Unknown config key '${key}' is ignored; did you mean '${closest}'?`
        : `Unknown config key '${key}' is ignored; the known keys are ${known.join(", ")}.`;
    });
}

function closestKey(key: string, known: readonly string[]): string | undefined {
  // Case, '_' and '-' are the usual slips (startDate, start-date, StartDate): compare without them.
  const normalize = (value: string) => value.toLowerCase().replace(/[_\-\s]/g, "");
  const target = normalize(key);
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(target, normalize(candidate));
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  if (!best) return undefined;
  return best.distance <= Math.max(2, Math.floor(normalize(best.key).length / 3)) ? best.key : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The values of a raw config's credentials (Chat's and Support's), registered as secrets before the config is validated. */
export function configSecrets(raw: unknown): unknown[] {
  if (typeof raw !== "object" || raw === null) return [];
  const { credentials, support } = raw as { credentials?: unknown; support?: unknown };
  return [...chatSecrets(credentials), ...supportSecrets(support)];
}

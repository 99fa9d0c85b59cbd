import { z } from "zod";
import { requestsPerMinute, secret } from "../engine/config-fields.js";

/**
 * The optional `support` block of the config: the Zendesk Support tables of the same account
 * (same subdomain), with their own credentials and budget. Support credentials do not authenticate
 * Chat requests and Chat's do not authenticate Support's, so they are separate.
 */

/** Team plan's budget; Growth/Professional 400, Enterprise 700, High Volume add-on 2500. */
export const DEFAULT_SUPPORT_REQUESTS_PER_MINUTE = 200;
/** The incremental exports' own limit (30 with the High Volume add-on). */
export const DEFAULT_EXPORT_REQUESTS_PER_MINUTE = 10;

const apiTokenCredentials = z.looseObject({
  credentials: z.literal("api_token"),
  email: z
    .string({ error: "support.credentials.email must be a string" })
    .trim()
    .regex(/^[^\s@]+@[^\s@]+$/, {
      error: "support.credentials.email must be the email address of the Zendesk user who owns the token",
    }),
  api_token: secret("support.credentials.api_token"),
});

const oauthCredentials = z
  .looseObject({
    credentials: z.literal("oauth2.0"),
    access_token: secret("support.credentials.access_token"),
    refresh_token: secret("support.credentials.refresh_token").optional(),
    client_id: secret("support.credentials.client_id").optional(),
    client_secret: secret("support.credentials.client_secret").optional(),
  })
  .refine((value) => !value.refresh_token || (value.client_id && value.client_secret), {
    error:
      "support.credentials: a refresh_token needs client_id and client_secret (the OAuth client's) to be used",
  });

export const supportConfigSchema = z.looseObject({
  credentials: z.discriminatedUnion("credentials", [apiTokenCredentials, oauthCredentials], {
    error: (issue) =>
      issue.code === "invalid_union"
        ? "support.credentials.credentials must be 'api_token' or 'oauth2.0'"
        : "support.credentials is required: an object with credentials 'api_token' (with email and api_token) or 'oauth2.0' (with access_token)",
  }),
  requests_per_minute: requestsPerMinute("support.requests_per_minute", 10_000).optional(),
  export_requests_per_minute: requestsPerMinute("support.export_requests_per_minute", 1000).optional(),
  chat_counts_against_budget: z
    .boolean({ error: "support.chat_counts_against_budget must be true or false" })
    .optional(),
});

export type RawSupportConfig = z.infer<typeof supportConfigSchema>;

export interface SupportConfig {
  raw: RawSupportConfig;
  credentials: RawSupportConfig["credentials"];
  requestsPerMinute: number;
  exportRequestsPerMinute: number;
  /** Chat requests also wait for the Support budget (default true). */
  chatCountsAgainstBudget: boolean;
}

export function toSupportConfig(raw: RawSupportConfig): SupportConfig {
  return {
    raw,
    credentials: raw.credentials,
    requestsPerMinute: raw.requests_per_minute ?? DEFAULT_SUPPORT_REQUESTS_PER_MINUTE,
    exportRequestsPerMinute: raw.export_requests_per_minute ?? DEFAULT_EXPORT_REQUESTS_PER_MINUTE,
    chatCountsAgainstBudget: raw.chat_counts_against_budget ?? true,
  };
}

/** The values of a raw `support` block's credentials, registered as secrets before validation. */
export function supportSecrets(rawSupport: unknown): unknown[] {
  if (typeof rawSupport !== "object" || rawSupport === null) return [];
  const credentials = (rawSupport as { credentials?: unknown }).credentials;
  if (typeof credentials !== "object" || credentials === null) return [];
  return ["api_token", "access_token", "refresh_token", "client_secret", "client_id"].map(
    (key) => (credentials as Record<string, unknown>)[key],
  );
}

import { z } from "zod";
import { secret } from "../engine/config-fields.js";

/**
 * The Chat part of the connector's config: Chat's own credentials (an access token, or OAuth with
 * rotating refresh tokens). The connector (src/connector/config.ts) composes it with the account's
 * subdomain, the start date and the Support block.
 */

const accessTokenCredentials = z.looseObject({
  credentials: z.literal("access_token"),
  access_token: secret("credentials.access_token"),
});

const oauthCredentials = z.looseObject({
  credentials: z.literal("oauth2.0"),
  client_id: secret("credentials.client_id"),
  client_secret: secret("credentials.client_secret"),
  access_token: secret("credentials.access_token"),
  refresh_token: secret("credentials.refresh_token").optional(),
});

export const chatCredentialsSchema = z.discriminatedUnion(
  "credentials",
  [oauthCredentials, accessTokenCredentials],
  {
    error: (issue) =>
      issue.code === "invalid_union"
        ? "credentials.credentials must be 'access_token' or 'oauth2.0'"
        : "credentials is required: an object with credentials 'access_token' (and access_token) or 'oauth2.0'",
  },
);

export type ChatCredentials = z.infer<typeof chatCredentialsSchema>;

/** What the Chat client needs of a config: where the account is, how to sign in, its budget. */
export interface ChatAccount {
  subdomain: string;
  credentials: ChatCredentials;
  requestsPerMinute: number;
}

/** The values of a raw config's Chat credentials, registered as secrets before validation. */
export function chatSecrets(credentials: unknown): unknown[] {
  if (typeof credentials !== "object" || credentials === null) return [];
  return ["access_token", "refresh_token", "client_secret", "client_id"].map(
    (key) => (credentials as Record<string, unknown>)[key],
  );
}

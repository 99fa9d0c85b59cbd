import type { ConfigUpdates } from "../engine/config-updates.js";
import {
  type Authenticator,
  BasicAuthenticator,
  OAuthAuthenticator,
  StaticTokenAuthenticator,
} from "../http/auth.js";
import { HttpClient } from "../http/client.js";
import { tuningFromEnv } from "../http/tuning.js";
import type { FailureType, JsonObject } from "../protocol/messages.js";
import type { MessageWriter } from "../protocol/writer.js";
import { zendeskClientOptions } from "../zendesk/client-options.js";
import type { SupportConfig } from "./config.js";

/** The same variables as the Chat client (one set of tuning for the whole connector). */
const TUNING_ENV_PREFIX = "ZENDESK_CHAT";

/** Set to the emulator (or a proxy) to point the Support client somewhere other than Zendesk. */
export const SUPPORT_BASE_URL_ENV = "ZENDESK_SUPPORT_BASE_URL";
export const SUPPORT_TOKEN_URL_ENV = "ZENDESK_SUPPORT_OAUTH_TOKEN_URL";
/** The name of the Support API in stream definitions (`api`) and the read context's clients. */
export const SUPPORT_API = "support";
/** Paths (relative to the base URL) of the incremental exports, which have a budget of their own. */
export const EXPORT_PATH_PREFIX = "incremental/";

export interface SupportAccount {
  subdomain: string;
  support: SupportConfig;
}

export function supportBaseUrl(subdomain: string): string {
  return process.env[SUPPORT_BASE_URL_ENV] || `https://${subdomain}.zendesk.com/api/v2`;
}

/** `https://{subdomain}.zendesk.com/oauth/tokens` (the emulator's origin when the base URL is overridden). */
function tokenUrl(subdomain: string): string {
  const explicit = process.env[SUPPORT_TOKEN_URL_ENV];
  if (explicit) return explicit;
  return `${new URL(supportBaseUrl(subdomain)).origin}/oauth/tokens`;
}

const API_TOKEN_HELP =
  "Create one in Admin Center > Apps and integrations > APIs > Zendesk API (token access enabled) and set support.credentials.email to the email of the admin it belongs to";

export function describeSupportError(account: SupportAccount) {
  const oauth = account.support.credentials.credentials === "oauth2.0";
  return (status: number, path: string, body: string): { message: string; failureType: FailureType } => {
    switch (status) {
      case 401:
        return {
          failureType: "config_error",
          message: oauth
            ? "Zendesk Support rejected the OAuth access token (401 Unauthorized) and it could not be refreshed. Re-authenticate the Support credentials to get new tokens."
            : `Zendesk Support rejected the email and API token (401 Unauthorized): the email is not the token owner's, the token is wrong or revoked, or token access is disabled. ${API_TOKEN_HELP}.`,
        };
      case 403:
        return {
          failureType: "config_error",
          message: `Zendesk Support refused access (403 Forbidden) to ${path}. The incremental exports and ticket audits need an admin's token (an agent's token reads only the other tables); the plan must include API access.`,
        };
      case 404:
        return {
          failureType: "config_error",
          message: `Zendesk Support answered 404 Not Found for ${path}. Check the subdomain '${account.subdomain}' (the 'mycompany' of mycompany.zendesk.com).`,
        };
      default:
        return {
          failureType: "system_error",
          message: `Zendesk Support rejected the request with HTTP ${status} on ${path}: ${body || "(empty body)"}`,
        };
    }
  };
}

function createAuthenticator(
  account: SupportAccount,
  writer: MessageWriter,
  updates: ConfigUpdates,
): Authenticator {
  const credentials = account.support.credentials;
  if (credentials.credentials === "api_token")
    return new BasicAuthenticator(`${credentials.email}/token`, credentials.api_token);
  if (!credentials.refresh_token || !credentials.client_id || !credentials.client_secret)
    return new StaticTokenAuthenticator(credentials.access_token);
  const tuned = tuningFromEnv(TUNING_ENV_PREFIX);
  return new OAuthAuthenticator(
    tokenUrl(account.subdomain),
    credentials.client_id,
    credentials.client_secret,
    { accessToken: credentials.access_token, refreshToken: credentials.refresh_token },
    async (tokens) => {
      // Zendesk Support rotates the refresh token on every refresh and deletes the old pair: the new
      // one must reach Airbyte now, or the next sync is locked out.
      await updates.send((current) => {
        const support = (current.support ?? {}) as JsonObject;
        const previous = (support.credentials ?? {}) as JsonObject;
        return {
          ...current,
          support: {
            ...support,
            credentials: {
              ...previous,
              access_token: tokens.accessToken,
              refresh_token: tokens.refreshToken,
            },
          },
        };
      });
      await writer.log(
        "INFO",
        "Refreshed the Zendesk Support OAuth token; sent the updated config to Airbyte.",
      );
    },
    tuned.timeoutMs ?? 30_000,
    {
      maxAttempts: tuned.maxAttempts ?? 5,
      backoffBaseMs: tuned.backoffBaseMs ?? 1000,
      backoffCapMs: tuned.backoffCapMs ?? 60_000,
    },
    "Zendesk Support OAuth",
    "json",
    "Zendesk Support credentials (support.credentials) in Airbyte",
  );
}

export function createSupportClient(
  account: SupportAccount,
  writer: MessageWriter,
  updates: ConfigUpdates,
  debug = false,
): HttpClient {
  return new HttpClient({
    baseUrl: supportBaseUrl(account.subdomain),
    authenticator: createAuthenticator(account, writer, updates),
    requestsPerMinute: account.support.requestsPerMinute,
    endpointBudgets: [
      { pathPrefix: EXPORT_PATH_PREFIX, requestsPerMinute: account.support.exportRequestsPerMinute },
    ],
    ...tuningFromEnv(TUNING_ENV_PREFIX),
    ...zendeskClientOptions(writer, debug),
    apiName: "Zendesk Support",
    describeError: describeSupportError(account),
  });
}

/**
 * The connection check's requests: first one that needs an agent or admin (bad credentials get a 401
 * there, so an expired OAuth token is refreshed and a wrong one named), then `users/me`, which
 * answers 200 with an anonymous user (id null) to bad credentials, to see who answered: a real user,
 * and an admin (the exports and audits are admin-only).
 */
export const CHECK_PATHS = { authenticated: "groups", whoAmI: "users/me" } as const;

/** Why the user behind `users/me` cannot read the Support tables, or undefined when they can. */
export function describeCheckedUser(body: unknown): string | undefined {
  const user = (typeof body === "object" && body !== null ? (body as JsonObject).user : undefined) as
    | JsonObject
    | undefined;
  if (!user || user.id === null || user.id === undefined) {
    return `Zendesk Support did not accept the credentials (users/me answered as an anonymous user). ${API_TOKEN_HELP}.`;
  }
  if (user.role !== "admin") {
    return `The Zendesk Support credentials belong to a user with role '${String(user.role)}'; the incremental exports and ticket audits need an admin. Use an admin's API token or OAuth grant.`;
  }
  return undefined;
}

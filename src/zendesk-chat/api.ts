import type { ConfigUpdates } from "../engine/config-updates.js";
import { type Authenticator, OAuthAuthenticator, StaticTokenAuthenticator } from "../http/auth.js";
import { HttpClient } from "../http/client.js";
import { tuningFromEnv } from "../http/tuning.js";
import type { FailureType } from "../protocol/messages.js";
import type { MessageWriter } from "../protocol/writer.js";
import { zendeskClientOptions } from "../zendesk/client-options.js";
import type { ChatAccount } from "./config.js";

/** Set to the emulator (or a proxy) to point the connector somewhere other than Zendesk. */
export const BASE_URL_ENV = "ZENDESK_CHAT_BASE_URL";
export const TOKEN_URL_ENV = "ZENDESK_CHAT_OAUTH_TOKEN_URL";
const ZENDESK_TOKEN_URL = "https://www.zopim.com/oauth2/token";

export function apiBaseUrl(config: ChatAccount): string {
  return process.env[BASE_URL_ENV] || `https://${config.subdomain}.zendesk.com/api/v2/chat`;
}

function tokenUrl(): string {
  const explicit = process.env[TOKEN_URL_ENV];
  if (explicit) return explicit;
  const base = process.env[BASE_URL_ENV];
  return base ? `${new URL(base).origin}/oauth2/token` : ZENDESK_TOKEN_URL;
}

/** Retry/timeout tuning from the environment (the same variables tune the Support client). */
export const TUNING_ENV_PREFIX = "ZENDESK_CHAT";
const tuning = () => tuningFromEnv(TUNING_ENV_PREFIX);

export function describeHttpError(config: ChatAccount) {
  return (status: number, path: string, body: string): { message: string; failureType: FailureType } => {
    switch (status) {
      case 401:
        return {
          failureType: "config_error",
          message:
            config.credentials.credentials === "oauth2.0"
              ? "Zendesk Chat rejected the OAuth access token (401 Unauthorized) and it could not be refreshed. Re-authenticate the source to get new tokens."
              : "Zendesk Chat rejected the access token (401 Unauthorized): it is wrong, expired or revoked. Create a new Chat API access token and update the source.",
        };
      case 403:
        return {
          failureType: "config_error",
          message: `Zendesk Chat refused access (403 Forbidden) to ${path}. The Chat API needs a plan with API access (Chat Advanced/Premium or a Suite plan that includes it) and a token of an owner or administrator.`,
        };
      case 404:
        return {
          failureType: "config_error",
          message: `Zendesk Chat answered 404 Not Found for ${path}. Check the subdomain '${config.subdomain}' (the 'mycompany' of mycompany.zendesk.com) and that Chat is enabled on that account.`,
        };
      default:
        return {
          failureType: "system_error",
          message: `Zendesk Chat rejected the request with HTTP ${status} on ${path}: ${body || "(empty body)"}`,
        };
    }
  };
}

export function createAuthenticator(
  config: ChatAccount,
  writer: MessageWriter,
  updates: ConfigUpdates,
): Authenticator {
  const credentials = config.credentials;
  const tuned = tuning();
  if (credentials.credentials === "access_token")
    return new StaticTokenAuthenticator(credentials.access_token);
  return new OAuthAuthenticator(
    tokenUrl(),
    credentials.client_id,
    credentials.client_secret,
    { accessToken: credentials.access_token, refreshToken: credentials.refresh_token },
    async (tokens) => {
      // Airbyte persists a config sent in a CONTROL message; without it a rotated refresh token is lost.
      await updates.send((current) => ({
        ...current,
        credentials: { ...credentials, access_token: tokens.accessToken, refresh_token: tokens.refreshToken },
      }));
      await writer.log("INFO", "Refreshed the OAuth access token; sent the updated config to Airbyte.");
    },
    tuned.timeoutMs ?? 30_000,
    {
      maxAttempts: tuned.maxAttempts ?? 5,
      backoffBaseMs: tuned.backoffBaseMs ?? 1000,
      backoffCapMs: tuned.backoffCapMs ?? 60_000,
    },
    "Zendesk Chat OAuth",
  );
}

export function createClient(
  config: ChatAccount,
  writer: MessageWriter,
  updates: ConfigUpdates,
  debug = false,
  /** The Support client when Chat requests count against the Support budget too. */
  sharedBudget?: HttpClient,
): HttpClient {
  return new HttpClient({
    baseUrl: apiBaseUrl(config),
    ...(sharedBudget ? { sharedBudget } : {}),
    authenticator: createAuthenticator(config, writer, updates),
    requestsPerMinute: config.requestsPerMinute,
    ...tuning(),
    ...zendeskClientOptions(writer, debug),
    apiName: "Zendesk Chat",
    describeError: describeHttpError(config),
  });
}

import { request } from "undici";
import { AuthError, TransientError } from "../protocol/errors.js";
import { registerSecret } from "../protocol/redact.js";
import { excerpt } from "./http-error.js";

/** Supplies the Authorization header, and renews the token when the API says it expired. */
export interface Authenticator {
  authorizationHeader(): string;
  canRefresh(): boolean;
  /** Obtains a new access token; resolves once `authorizationHeader()` returns the new one. */
  refresh(): Promise<void>;
}

export class StaticTokenAuthenticator implements Authenticator {
  constructor(private readonly token: string) {
    registerSecret(token);
  }
  authorizationHeader(): string {
    return `Bearer ${this.token}`;
  }
  canRefresh(): boolean {
    return false;
  }
  async refresh(): Promise<void> {
    throw new AuthError("The access token cannot be refreshed.");
  }
}

export interface OAuthTokens {
  accessToken: string;
  refreshToken?: string;
}

/**
 * OAuth2 refresh-token grant. Concurrent 401s share one refresh; the new tokens are handed to
 * `onTokens` so the connector can ask Airbyte to persist them (a rotated refresh token that is not
 * saved would lock the next sync out).
 */
export class OAuthAuthenticator implements Authenticator {
  private tokens: OAuthTokens;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly tokenUrl: string,
    private readonly clientId: string,
    private readonly clientSecret: string,
    tokens: OAuthTokens,
    private readonly onTokens: (tokens: OAuthTokens) => Promise<void>,
    private readonly timeoutMs = 30_000,
  ) {
    this.tokens = tokens;
    for (const secret of [clientId, clientSecret, tokens.accessToken, tokens.refreshToken])
      registerSecret(secret);
  }

  authorizationHeader(): string {
    return `Bearer ${this.tokens.accessToken}`;
  }

  canRefresh(): boolean {
    return Boolean(this.tokens.refreshToken);
  }

  refresh(): Promise<void> {
    this.inFlight ??= this.doRefresh().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async doRefresh(): Promise<void> {
    const refreshToken = this.tokens.refreshToken;
    if (!refreshToken) throw new AuthError("The access token expired and no refresh token is configured.");
    const form = new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: refreshToken,
      client_id: this.clientId,
      client_secret: this.clientSecret,
    });
    let status: number;
    let text: string;
    try {
      const response = await request(this.tokenUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: form.toString(),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      throw new TransientError(
        "Could not reach the Zendesk OAuth token endpoint to refresh the access token; try again later.",
        error instanceof Error ? error.message : String(error),
      );
    }
    if (status >= 500) {
      throw new TransientError(`The Zendesk OAuth token endpoint failed (HTTP ${status}); try again later.`);
    }
    let body: { access_token?: unknown; refresh_token?: unknown } = {};
    try {
      body = JSON.parse(text);
    } catch {
      // handled below: no access_token
    }
    if (status !== 200 || typeof body.access_token !== "string") {
      throw new AuthError(
        `Refreshing the OAuth access token failed (HTTP ${status}). Re-authenticate the source in Airbyte to get new tokens.`,
        excerpt(text),
      );
    }
    const next: OAuthTokens = {
      accessToken: body.access_token,
      refreshToken: typeof body.refresh_token === "string" ? body.refresh_token : refreshToken,
    };
    registerSecret(next.accessToken);
    registerSecret(next.refreshToken);
    this.tokens = next;
    await this.onTokens(next);
  }
}

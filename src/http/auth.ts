import { request } from "undici";
import { AuthError, TransientError } from "../protocol/errors.js";
import { registerSecret } from "../protocol/redact.js";
import { critical } from "../protocol/shutdown.js";
import { excerpt } from "./http-error.js";
import { backoffDelay, parseRetryAfter, sleep } from "./retry-timing.js";

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

/** HTTP Basic credentials (Zendesk Support's API token: user `{email}/token`, the token as password). */
export class BasicAuthenticator implements Authenticator {
  private readonly header: string;
  constructor(user: string, password: string) {
    registerSecret(password);
    this.header = `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
    // The encoded pair is as good as the token: never printed either.
    registerSecret(this.header.slice("Basic ".length));
  }
  authorizationHeader(): string {
    return this.header;
  }
  canRefresh(): boolean {
    return false;
  }
  async refresh(): Promise<void> {
    throw new AuthError("API token credentials cannot be refreshed.");
  }
}

export interface RetryPolicy {
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
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
    private readonly retry: RetryPolicy = { maxAttempts: 5, backoffBaseMs: 1000, backoffCapMs: 60_000 },
    /** The token endpoint as messages name it, e.g. "Zendesk OAuth". */
    private readonly provider = "OAuth",
    /** How the token request is encoded: a form (RFC 6749) or JSON (Zendesk Support's `/oauth/tokens`). */
    private readonly bodyFormat: "form" | "json" = "form",
    /** What the user re-authenticates when a refresh is refused ("source in Airbyte", "Support credentials"). */
    private readonly reauthenticate = "source in Airbyte",
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
    this.inFlight ??= critical(
      this.doRefresh().finally(() => {
        this.inFlight = undefined;
      }),
    );
    return this.inFlight;
  }

  private async doRefresh(): Promise<void> {
    const refreshToken = this.tokens.refreshToken;
    if (!refreshToken) throw new AuthError("The access token expired and no refresh token is configured.");
    const grant = {
      grant_type: "refresh_token",
      refresh_token: refreshToken,
      client_id: this.clientId,
      client_secret: this.clientSecret,
    };
    const { status, text } = await this.postWithRetries(
      this.bodyFormat === "json" ? JSON.stringify(grant) : new URLSearchParams(grant).toString(),
    );
    let body: { access_token?: unknown; refresh_token?: unknown } = {};
    try {
      body = JSON.parse(text);
    } catch {
      // handled below: no access_token
    }
    // 200, or 201 (Zendesk Support answers a refresh with 201 Created).
    if (status < 200 || status > 299 || typeof body.access_token !== "string") {
      throw new AuthError(
        `Refreshing the ${this.provider} access token failed (HTTP ${status}). Re-authenticate the ${this.reauthenticate} to get new tokens.`,
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

  /**
   * The token endpoint is an HTTP API like any other: a 429, a 5xx or a network error is retried with
   * backoff (Retry-After honoured), not reported as a credentials problem. Other answers are final.
   */
  private async postWithRetries(payload: string): Promise<{ status: number; text: string }> {
    const { maxAttempts, backoffBaseMs, backoffCapMs } = this.retry;
    for (let attempt = 1; ; attempt++) {
      let reason: string;
      let waitMs: number | undefined;
      try {
        const response = await request(this.tokenUrl, {
          method: "POST",
          headers: {
            "content-type":
              this.bodyFormat === "json" ? "application/json" : "application/x-www-form-urlencoded",
            accept: "application/json",
          },
          body: payload,
          headersTimeout: this.timeoutMs,
          bodyTimeout: this.timeoutMs,
        });
        const text = await response.body.text();
        const status = response.statusCode;
        if (status !== 429 && status < 500) return { status, text };
        reason = `HTTP ${status}`;
        if (status === 429) waitMs = parseRetryAfter(response.headers["retry-after"]);
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
      }
      if (attempt >= maxAttempts) {
        throw new TransientError(
          `The ${this.provider} token endpoint could not be used to refresh the access token (${reason}, ${attempt} attempts); try again later.`,
        );
      }
      await sleep(waitMs ?? backoffDelay(attempt, backoffBaseMs, backoffCapMs));
    }
  }
}

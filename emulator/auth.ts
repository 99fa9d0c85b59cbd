/**
 * Bearer-token auth and the OAuth2 refresh-token grant (POST /oauth2/token).
 *
 * Two kinds of access token are valid side by side, because one emulator often serves an
 * access-token client and an OAuth client at once (as one Zendesk account would): the
 * configured static token, valid until revoke(); and the latest token issued by a refresh
 * (each refresh rotates it and the refresh token, so the previous refreshed token stops
 * working). revoke() revokes both; only a refresh brings a valid token back.
 */
import { type ApiResponse, ok, unauthorized } from "./errors.js";
import { hash } from "./random.js";
import type { OAuthClient } from "./types.js";

export class TokenStore {
  private staticRevoked = false;
  /** The latest refreshed access token; null before the first refresh or once revoked. */
  private refreshed: string | null = null;
  /** What current() reports: the latest token handed out, even when revoked. */
  private latest: string;
  private refresh: string;
  private refreshes = 0;

  constructor(
    private readonly staticToken: string,
    private readonly client: OAuthClient,
  ) {
    this.latest = staticToken;
    this.refresh = client.refreshToken;
  }

  current(): string {
    return this.latest;
  }

  refreshCount(): number {
    return this.refreshes;
  }

  revoke(): void {
    this.staticRevoked = true;
    this.refreshed = null;
  }

  /** null when authorised, else the 401 to send. */
  check(authorization: string | undefined): ApiResponse | null {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
    if (token !== undefined && token === this.refreshed) return null;
    if (token !== undefined && token === this.staticToken && !this.staticRevoked) return null;
    return unauthorized();
  }

  /** Handle a token request; params come from the form body (client creds may also be in Basic auth). */
  grant(params: URLSearchParams, authorization: string | undefined): ApiResponse {
    let clientId = params.get("client_id");
    let clientSecret = params.get("client_secret");
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? "");
    if (basic?.[1] && !clientId) {
      const [id, secret] = Buffer.from(basic[1], "base64").toString("utf8").split(":");
      clientId = id ?? null;
      clientSecret = secret ?? null;
    }
    const grantType = params.get("grant_type");
    if (grantType !== "refresh_token") {
      return {
        status: 400,
        body: {
          error: "unsupported_grant_type",
          error_description: "Only grant_type=refresh_token is supported",
        },
      };
    }
    if (clientId !== this.client.clientId || clientSecret !== this.client.clientSecret) {
      return {
        status: 401,
        body: { error: "invalid_client", error_description: "Client authentication failed." },
      };
    }
    if (params.get("refresh_token") !== this.refresh) {
      return {
        status: 400,
        body: {
          error: "invalid_grant",
          error_description:
            "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.",
        },
      };
    }
    this.refreshes++;
    // Deterministic but distinct tokens: tests can reason about them, old ones stop working.
    const tag = hash(this.refreshes, this.latest.length, 0x70c).toString(36);
    this.refreshed = `emulator-access-${this.refreshes}-${tag}`;
    this.latest = this.refreshed;
    this.refresh = `emulator-refresh-${this.refreshes}-${tag}`;
    return ok({
      access_token: this.refreshed,
      refresh_token: this.refresh,
      scope: "read write chat",
      token_type: "Bearer",
    });
  }
}

/**
 * Bearer-token auth and the OAuth2 refresh-token grant (POST /oauth2/token).
 * One access token is valid at a time; a refresh rotates both tokens.
 */
import { type ApiResponse, ok, unauthorized } from "./errors.js";
import { hash } from "./random.js";
import type { OAuthClient } from "./types.js";

export class TokenStore {
  private access: string;
  private refresh: string;
  private revoked = false;
  private refreshes = 0;

  constructor(
    accessToken: string,
    private readonly client: OAuthClient,
  ) {
    this.access = accessToken;
    this.refresh = client.refreshToken;
  }

  current(): string {
    return this.access;
  }

  refreshCount(): number {
    return this.refreshes;
  }

  revoke(): void {
    this.revoked = true;
  }

  /** null when authorised, else the 401 to send. */
  check(authorization: string | undefined): ApiResponse | null {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
    if (!match || this.revoked || match[1] !== this.access) return unauthorized();
    return null;
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
    const tag = hash(this.refreshes, this.access.length, 0x70c).toString(36);
    this.access = `emulator-access-${this.refreshes}-${tag}`;
    this.refresh = `emulator-refresh-${this.refreshes}-${tag}`;
    this.revoked = false;
    return ok({
      access_token: this.access,
      refresh_token: this.refresh,
      scope: "read write chat",
      token_type: "Bearer",
    });
  }
}

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
import { basicCredentials, bearerToken, RotatingTokens } from "./rotating-tokens.js";
import type { OAuthClient } from "./types.js";

export class TokenStore extends RotatingTokens {
  constructor(
    staticToken: string,
    private readonly client: OAuthClient,
  ) {
    super(staticToken, client.refreshToken, "emulator", (latest) => latest.length);
  }

  /** null when authorised, else the 401 to send. */
  check(authorization: string | undefined): ApiResponse | null {
    return this.accepts(bearerToken(authorization)) ? null : unauthorized();
  }

  /** Handle a token request; params come from the form body (client creds may also be in Basic auth). */
  grant(params: URLSearchParams, authorization: string | undefined): ApiResponse {
    let clientId = params.get("client_id");
    let clientSecret = params.get("client_secret");
    const basic = basicCredentials(authorization);
    if (basic && !clientId) {
      const [id, secret] = basic.split(":");
      clientId = id ?? null;
      clientSecret = secret ?? null;
    }
    return this.refreshGrant(
      params,
      { id: clientId, secret: clientSecret },
      { id: this.client.clientId, secret: this.client.clientSecret },
      {
        unsupportedGrant: () => ({
          status: 400,
          body: {
            error: "unsupported_grant_type",
            error_description: "Only grant_type=refresh_token is supported",
          },
        }),
        invalidClient: {
          status: 401,
          body: { error: "invalid_client", error_description: "Client authentication failed." },
        },
        issued: (pair) =>
          ok({
            access_token: pair.accessToken,
            refresh_token: pair.refreshToken,
            scope: "read write chat",
            token_type: "Bearer",
          }),
      },
    );
  }
}

/**
 * Support API auth, separate from the Chat API's (TokenStore): Support credentials never
 * authenticate Chat requests and Chat tokens never authenticate Support requests.
 *
 * - API token: `Authorization: Basic base64("{email}/token:{api_token}")`.
 * - OAuth: `Authorization: Bearer <access token>`: the configured access token (until revoked) or
 *   the latest one issued by `POST /oauth/tokens` (grant_type=refresh_token, JSON or form body).
 *   A refresh returns a new access token AND a new refresh token and deletes the previous pair
 *   (rotation): the old refresh token then gets 400 invalid_grant, the old refreshed access token 401.
 * - Wrong or missing credentials: 401 `{"error":"Couldn't authenticate you"}` (API token or none)
 *   or 401 invalid_token (a Bearer token). `users/me` is "Allowed For: Anonymous users": with bad
 *   credentials it answers 200 with an anonymous user (id null) — the trap a connector check must
 *   not fall into.
 * - `role: "agent"` makes the credentials a non-admin agent's: 403 on the admin-only endpoints.
 */
import type { ApiResponse } from "../errors.js";
import { basicCredentials, bearerToken, RotatingTokens } from "../rotating-tokens.js";
import { ADMIN_ONLY } from "./endpoints.js";

export interface SupportCredentials {
  email: string;
  apiToken: string;
  accessToken: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export const SUPPORT_DEFAULTS: Readonly<SupportCredentials> = Object.freeze({
  email: "admin@example.com",
  apiToken: "emulator-support-token",
  accessToken: "emulator-support-access-token",
  clientId: "emulator-support-client",
  clientSecret: "emulator-support-secret",
  refreshToken: "emulator-support-refresh-token",
});

export function supportUnauthorized(bearer: boolean): ApiResponse {
  if (bearer) {
    return {
      status: 401,
      body: {
        error: "invalid_token",
        error_description:
          "The access token provided is expired, revoked, malformed or invalid for other reasons.",
      },
      headers: { "WWW-Authenticate": 'Bearer realm="Web API", error="invalid_token"' },
    };
  }
  return {
    status: 401,
    body: { error: "Couldn't authenticate you" },
    headers: { "WWW-Authenticate": 'Basic realm="Web Password"' },
  };
}

export function supportForbidden(): ApiResponse {
  return {
    status: 403,
    body: {
      error: "Forbidden",
      description:
        "You do not have access to this page. Please contact the account owner of this help desk for further help.",
    },
  };
}

export type AuthResult = { ok: true } | { ok: false; bearer: boolean };

export class SupportAuth extends RotatingTokens {
  role: "admin" | "agent";

  constructor(
    private readonly creds: SupportCredentials,
    role: "admin" | "agent",
  ) {
    super(creds.accessToken, creds.refreshToken, "emulator-support", () => 0x5e7);
    this.role = role;
  }

  authenticate(authorization: string | undefined): AuthResult {
    const bearer = bearerToken(authorization);
    if (bearer !== undefined) return this.accepts(bearer) ? { ok: true } : { ok: false, bearer: true };
    const basic = basicCredentials(authorization);
    return basic === `${this.creds.email}/token:${this.creds.apiToken}`
      ? { ok: true }
      : { ok: false, bearer: false };
  }

  /** null when the request may go on, else the 401/403 to send. */
  check(authorization: string | undefined, endpoint: string): ApiResponse | null {
    const r = this.authenticate(authorization);
    if (!r.ok) return supportUnauthorized(r.bearer);
    if (this.role !== "admin" && ADMIN_ONLY.has(endpoint)) return supportForbidden();
    return null;
  }

  /** POST /oauth/tokens. Success is 201 Created, as the reference documents. */
  grant(params: URLSearchParams): ApiResponse {
    return this.refreshGrant(
      params,
      { id: params.get("client_id"), secret: params.get("client_secret") },
      { id: this.creds.clientId, secret: this.creds.clientSecret },
      {
        unsupportedGrant: (grantType) => ({
          status: 400,
          body: {
            error: "unsupported_grant_type",
            error_description: "The authorization grant type is not supported by the authorization server.",
          },
          unexpected: `oauth/tokens: grant_type ${grantType ?? "(none)"} (the emulator serves refresh_token only)`,
        }),
        invalidClient: {
          status: 401,
          body: {
            error: "invalid_client",
            error_description:
              "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
          },
        },
        // Rotation: the previous access token (refreshed one) and refresh token stop working.
        issued: (pair) => {
          const body: Record<string, unknown> = {
            access_token: pair.accessToken,
            refresh_token: pair.refreshToken,
            scope: params.get("scope") ?? "read",
            token_type: "bearer",
          };
          // Zendesk omits the lifetimes unless they were asked for.
          const expiresIn = params.get("expires_in");
          if (expiresIn !== null && /^\d+$/.test(expiresIn)) body.expires_in = Number(expiresIn);
          const refreshIn = params.get("refresh_token_expires_in");
          if (refreshIn !== null && /^\d+$/.test(refreshIn))
            body.refresh_token_expires_in = Number(refreshIn);
          return { status: 201, body };
        },
      },
    );
  }
}

import type { ApiResponse } from "./errors.js";
import { hash } from "./random.js";

/**
 * The OAuth token state both emulated APIs share: a configured access token, valid until revoked,
 * and the pair a refresh issues. A refresh needs the current refresh token, and rotates: it issues a
 * new access token AND a new refresh token, and the previous pair stops working. revoke() revokes
 * both access tokens; only a refresh brings a valid one back. Each API's auth extends this with its
 * own wire format (where the token is checked, the bodies of its answers): emulator/auth.ts (Chat),
 * emulator/support/auth.ts.
 */
export class RotatingTokens {
  private staticRevoked = false;
  /** The latest refreshed access token; null before the first refresh or once revoked. */
  private refreshed: string | null = null;
  /** What current() reports: the latest token handed out, even when revoked. */
  private latest: string;
  private refresh: string;
  private refreshes = 0;

  constructor(
    private readonly staticToken: string,
    refreshToken: string,
    /** Issued tokens are `<prefix>-access-<n>-<tag>` and `<prefix>-refresh-<n>-<tag>`. */
    private readonly prefix: string,
    /** Mixed into the tag of each refresh (tokens are deterministic, so tests can reason about them). */
    private readonly tagSalt: (latest: string) => number,
  ) {
    this.latest = staticToken;
    this.refresh = refreshToken;
  }

  current(): string {
    return this.latest;
  }

  currentRefreshToken(): string {
    return this.refresh;
  }

  refreshCount(): number {
    return this.refreshes;
  }

  revoke(): void {
    this.staticRevoked = true;
    this.refreshed = null;
  }

  /** True for a bearer token that authenticates now. */
  accepts(token: string | undefined): boolean {
    if (token === undefined) return false;
    return token === this.refreshed || (token === this.staticToken && !this.staticRevoked);
  }

  /**
   * A refresh-token grant (the same steps in both APIs, each answering in its own words): refused
   * for another grant type, then for a client other than the configured one, then (400
   * invalid_grant) for a refresh token that is not the current one; else the pair rotates.
   */
  refreshGrant(
    params: URLSearchParams,
    client: { id: string | null; secret: string | null },
    expected: { id: string; secret: string },
    answers: GrantAnswers,
  ): ApiResponse {
    const grantType = params.get("grant_type");
    if (grantType !== "refresh_token") return answers.unsupportedGrant(grantType);
    if (client.id !== expected.id || client.secret !== expected.secret) return answers.invalidClient;
    const pair = this.rotate(params.get("refresh_token"));
    return pair ? answers.issued(pair) : INVALID_GRANT;
  }

  /** The new pair, or undefined when `refreshToken` is not the current one (revoked or rotated). */
  rotate(refreshToken: string | null): { accessToken: string; refreshToken: string } | undefined {
    if (refreshToken !== this.refresh) return undefined;
    this.refreshes++;
    const tag = hash(this.refreshes, this.tagSalt(this.latest), 0x70c).toString(36);
    this.refreshed = `${this.prefix}-access-${this.refreshes}-${tag}`;
    this.latest = this.refreshed;
    this.refresh = `${this.prefix}-refresh-${this.refreshes}-${tag}`;
    return { accessToken: this.refreshed, refreshToken: this.refresh };
  }
}

/** How an API answers a refresh-token grant (see RotatingTokens.refreshGrant). */
export interface GrantAnswers {
  unsupportedGrant(grantType: string | null): ApiResponse;
  invalidClient: ApiResponse;
  issued(pair: { accessToken: string; refreshToken: string }): ApiResponse;
}

/** The answer to a refresh token that is not the current one (both APIs word it so). */
export const INVALID_GRANT = {
  status: 400,
  body: {
    error: "invalid_grant",
    error_description:
      "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.",
  },
};

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
}

/** The text of an `Authorization: Basic <base64>` header, decoded, or undefined. */
export function basicCredentials(authorization: string | undefined): string | undefined {
  const encoded = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  return encoded === undefined ? undefined : Buffer.from(encoded, "base64").toString("utf8");
}

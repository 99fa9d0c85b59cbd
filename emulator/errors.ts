/**
 * Response values and the error bodies of the real API. The Chat API (a Flask/Werkzeug app)
 * answers errors as {"error": "<HTTP reason>", "description": "..."}; the OAuth layer uses
 * RFC 6749 style {"error": "invalid_token", "error_description": "..."}.
 */

export interface ApiResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Why the request is recorded as unexpected (never sent to the client). */
  unexpected?: string;
}

export function ok(body: unknown): ApiResponse {
  return { status: 200, body };
}

/** Every 400 marks its request as unexpected: a correct client never gets one. */
export function badRequest(description: string): ApiResponse {
  return { status: 400, body: { error: "Bad Request", description }, unexpected: description };
}

export function unauthorized(): ApiResponse {
  const description =
    "The access token provided is expired, revoked, malformed, or invalid for other reasons.";
  return {
    status: 401,
    // Both spellings of the description: OAuth clients read error_description, others description.
    body: { error: "invalid_token", error_description: description, description },
    headers: { "WWW-Authenticate": 'Bearer realm="Zendesk Chat", error="invalid_token"' },
  };
}

export function forbidden(): ApiResponse {
  return {
    status: 403,
    body: {
      error: "Forbidden",
      description: "API access is not available on your current plan. Please upgrade to use the Chat API.",
    },
  };
}

export function notFound(): ApiResponse {
  return {
    status: 404,
    body: {
      error: "Not Found",
      description:
        "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.",
    },
  };
}

export function methodNotAllowed(): ApiResponse {
  return {
    status: 405,
    body: { error: "Method Not Allowed", description: "The method is not allowed for the requested URL." },
  };
}

export function tooManyRequests(retryAfterSec: number): ApiResponse {
  return {
    status: 429,
    body: {
      error: "Too Many Requests",
      description: `Rate limit exceeded. Retry after ${retryAfterSec} seconds.`,
    },
    headers: { "Retry-After": String(retryAfterSec) },
  };
}

export function serverError(status: 500 | 502 | 503): ApiResponse {
  const reasons = {
    500: [
      "Internal Server Error",
      "The server encountered an internal error and was unable to complete your request.",
    ],
    502: ["Bad Gateway", "The proxy server received an invalid response from an upstream server."],
    503: [
      "Service Unavailable",
      "The server is temporarily unable to service your request. Please try again later.",
    ],
  } as const;
  const [error, description] = reasons[status];
  return { status, body: { error, description } };
}

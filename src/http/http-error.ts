import { ConnectorError } from "../protocol/errors.js";
import type { FailureType } from "../protocol/messages.js";

/** A non-retriable (or no longer retried) HTTP answer, with what is needed to explain it to a user. */
export class HttpError extends ConnectorError {
  constructor(
    message: string,
    failureType: FailureType,
    readonly status: number,
    readonly path: string,
    readonly bodyExcerpt: string,
    /** The server's clock (from the Date header) when it answered, if it sent one. */
    readonly serverDate: number | undefined,
  ) {
    super(message, failureType, `HTTP ${status} on ${path}: ${bodyExcerpt}`);
    this.name = "HttpError";
  }
}

export function excerpt(body: string, max = 300): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** Path and query of a URL with any parameter that could carry a secret removed. */
export function safePath(url: URL): string {
  const params = new URLSearchParams(url.search);
  for (const key of [...params.keys()]) {
    if (/token|secret|password|key|code/i.test(key)) params.set(key, "****");
  }
  const query = params.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}

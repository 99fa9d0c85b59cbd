import type { FailureType } from "./messages.js";

/**
 * An error the user can act on. `message` is shown in the Airbyte UI (one line, no secrets);
 * `failureType` tells the platform whether to retry (transient), ask the user (config) or page us (system).
 */
export class ConnectorError extends Error {
  constructor(
    message: string,
    readonly failureType: FailureType,
    readonly internalMessage?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ConnectorError";
  }
}

export class ConfigError extends ConnectorError {
  constructor(message: string, internalMessage?: string) {
    super(message, "config_error", internalMessage);
    this.name = "ConfigError";
  }
}

export class TransientError extends ConnectorError {
  constructor(message: string, internalMessage?: string, options?: { cause?: unknown }) {
    super(message, "transient_error", internalMessage, options);
    this.name = "TransientError";
  }
}

export class SystemError extends ConnectorError {
  constructor(message: string, internalMessage?: string, options?: { cause?: unknown }) {
    super(message, "system_error", internalMessage, options);
    this.name = "SystemError";
  }
}

/** Auth and permission failures: every later request would fail the same way, so the sync stops. */
export class AuthError extends ConfigError {
  override name = "AuthError";
}

export function asConnectorError(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SystemError(`Unexpected error: ${message}`, error instanceof Error ? error.stack : undefined, {
    cause: error,
  });
}

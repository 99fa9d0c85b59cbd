import type { JsonObject } from "../protocol/messages.js";
import type { MessageWriter } from "../protocol/writer.js";

/**
 * The config as last sent to Airbyte. Each OAuth client of a sync that rotates its tokens changes
 * its own part and sends the whole config in a CONTROL message (Airbyte persists it); building each
 * message from this one copy keeps one API's rotation from undoing another's sent a moment before.
 */
export class ConfigUpdates {
  private current: JsonObject;

  constructor(
    initial: JsonObject,
    private readonly writer: MessageWriter,
  ) {
    this.current = initial;
  }

  /** Applies `change` to the latest config and sends the result. */
  async send(change: (config: JsonObject) => JsonObject): Promise<void> {
    this.current = change(this.current);
    await this.writer.controlConfig(this.current);
  }
}

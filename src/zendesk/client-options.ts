import type { HttpClientOptions } from "../http/client.js";
import type { MessageWriter } from "../protocol/writer.js";

/**
 * What every Zendesk API client (Chat, Support) sets alike: the user agent, the message for a host
 * that does not resolve, and the log (DEBUG lines only with --debug).
 */
export function zendeskClientOptions(
  writer: MessageWriter,
  debug: boolean,
): Pick<HttpClientOptions, "userAgent" | "describeUnknownHost" | "debug" | "log"> {
  return {
    userAgent: "source-zendesk-chat (Airbyte)",
    // A host that does not resolve is a wrong subdomain far more often than a DNS outage.
    describeUnknownHost: (hostname) =>
      `The host ${hostname} could not be resolved (DNS): check the subdomain (the 'mycompany' of mycompany.zendesk.com), and that this machine is online (no network or DNS gives the same answer).`,
    debug,
    log: (level, message) => {
      if (level === "DEBUG" && !debug) return;
      void writer.log(level, message);
    },
  };
}

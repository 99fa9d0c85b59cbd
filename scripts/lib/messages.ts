// biome-ignore lint/suspicious/noExplicitAny: Airbyte messages, read by type.
type AirbyteMessage = any;

/**
 * The views of a run's Airbyte messages both the tests (test/helpers/cli.ts) and the acceptance
 * runner (scripts/acceptance/connector.ts) read: states, traces, logs and stream statuses.
 */
export function messageViews(messages: readonly AirbyteMessage[]) {
  return {
    states: (stream?: string): AirbyteMessage[] =>
      messages
        .filter((m) => m.type === "STATE" && (!stream || m.state.stream?.stream_descriptor?.name === stream))
        .map((m) => m.state),
    traces: (type?: string): AirbyteMessage[] =>
      messages.filter((m) => m.type === "TRACE" && (!type || m.trace.type === type)).map((m) => m.trace),
    logs: (level?: string): AirbyteMessage[] =>
      messages.filter((m) => m.type === "LOG" && (!level || m.log.level === level)).map((m) => m.log),
    statuses: (stream: string): string[] =>
      messages
        .filter(
          (m) =>
            m.type === "TRACE" &&
            m.trace.type === "STREAM_STATUS" &&
            m.trace.stream_status?.stream_descriptor?.name === stream,
        )
        .map((m) => m.trace.stream_status.status),
  };
}

// Typed Airbyte protocol v0 messages: the subset a source emits, named as in airbyte_protocol.yaml.

export type FailureType = "system_error" | "config_error" | "transient_error";
export type StreamStatus = "STARTED" | "RUNNING" | "COMPLETE" | "INCOMPLETE";
export type LogLevel = "FATAL" | "ERROR" | "WARN" | "INFO" | "DEBUG" | "TRACE";
export type SyncMode = "full_refresh" | "incremental";
export type DestinationSyncMode = "append" | "overwrite" | "append_dedup" | "update" | "soft_delete";

export type JsonObject = Record<string, unknown>;

export interface StreamDescriptor {
  name: string;
  namespace?: string;
}

export interface AirbyteRecord {
  stream: string;
  data: JsonObject;
  emitted_at: number;
  namespace?: string;
}

export interface AirbyteStreamState {
  stream_descriptor: StreamDescriptor;
  stream_state?: JsonObject;
}

export interface AirbyteStateMessage {
  type?: "STREAM" | "GLOBAL" | "LEGACY";
  stream?: AirbyteStreamState;
  data?: JsonObject;
  sourceStats?: { recordCount: number };
}

export interface AirbyteLog {
  level: LogLevel;
  message: string;
  stack_trace?: string;
}

export interface AirbyteStream {
  name: string;
  json_schema: JsonObject;
  supported_sync_modes: SyncMode[];
  source_defined_cursor?: boolean;
  default_cursor_field?: string[];
  source_defined_primary_key?: string[][];
  is_resumable?: boolean;
  namespace?: string;
}

export interface ConfiguredAirbyteStream {
  stream: AirbyteStream;
  sync_mode: SyncMode;
  destination_sync_mode: DestinationSyncMode;
  cursor_field?: string[];
  primary_key?: string[][];
}

export interface ConfiguredAirbyteCatalog {
  streams: ConfiguredAirbyteStream[];
}

export interface RateLimitedReason {
  type: "RATE_LIMITED";
  rate_limited?: { quota_reset?: number };
}

export interface AirbyteTrace {
  type: "ERROR" | "ESTIMATE" | "STREAM_STATUS" | "ANALYTICS";
  emitted_at: number;
  error?: {
    message: string;
    internal_message?: string;
    stack_trace?: string;
    failure_type?: FailureType;
    stream_descriptor?: StreamDescriptor;
  };
  estimate?: { name: string; type: "STREAM" | "SYNC"; namespace?: string; row_estimate?: number };
  stream_status?: {
    stream_descriptor: StreamDescriptor;
    status: StreamStatus;
    reasons?: RateLimitedReason[];
  };
}

export interface AirbyteControl {
  type: "CONNECTOR_CONFIG";
  emitted_at: number;
  connectorConfig: { config: JsonObject };
}

export interface ConnectorSpecification {
  documentationUrl?: string;
  changelogUrl?: string;
  connectionSpecification: JsonObject;
  supportsIncremental?: boolean;
  supported_destination_sync_modes?: DestinationSyncMode[];
  advanced_auth?: JsonObject;
  protocol_version?: string;
}

export type AirbyteMessage =
  | { type: "RECORD"; record: AirbyteRecord }
  | { type: "STATE"; state: AirbyteStateMessage }
  | { type: "LOG"; log: AirbyteLog }
  | { type: "SPEC"; spec: ConnectorSpecification }
  | { type: "CONNECTION_STATUS"; connectionStatus: { status: "SUCCEEDED" | "FAILED"; message?: string } }
  | { type: "CATALOG"; catalog: { streams: AirbyteStream[] } }
  | { type: "TRACE"; trace: AirbyteTrace }
  | { type: "CONTROL"; control: AirbyteControl };

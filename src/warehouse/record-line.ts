const RECORD_START = '{"type":"RECORD","record":{"stream":"';
const RECORD_END = /,"emitted_at":(\d+)\}\}$/;

/**
 * A RECORD line in the shape the connector's writer prints it (`src/protocol/writer.ts`: the envelope
 * around the data, `emitted_at` last), split without parsing the data: the data goes to the spool as
 * the text it is, and DuckDB parses it once. Any other line (or a line cut short) → undefined, and
 * it is parsed whole.
 */
export function recordLine(line: string): { stream: string; data: string; emittedAt: number } | undefined {
  if (!line.startsWith(RECORD_START)) return undefined;
  const nameEnd = line.indexOf('"', RECORD_START.length);
  if (nameEnd < 0 || !line.startsWith(',"data":{', nameEnd + 1)) return undefined;
  const end = RECORD_END.exec(line.slice(-40));
  if (!end?.[1]) return undefined;
  const stream = line.slice(RECORD_START.length, nameEnd);
  if (stream.includes("\\")) return undefined;
  const data = line.slice(nameEnd + 9, line.length - end[0].length);
  if (!data.endsWith("}")) return undefined;
  return { stream, data, emittedAt: Number(end[1]) };
}

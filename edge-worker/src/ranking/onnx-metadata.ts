// Reads the metadata of an ONNX ModelProto (metadata_props: the exporter's
// feature_schema_hash, heads, ranker_version) straight from the protobuf
// bytes, because onnxruntime-web does not expose it. Walks only the top level
// of the message and skips the graph (the weights) by its length, so it costs
// microseconds; any malformed byte is an OnnxFormatError naming its offset.

/** ModelProto.metadata_props (repeated StringStringEntryProto). */
const METADATA_PROPS = 14;
const ENTRY_KEY = 1;
const ENTRY_VALUE = 2;

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

export class OnnxFormatError extends Error {
  override readonly name = 'OnnxFormatError';
}

interface Cursor {
  readonly bytes: Uint8Array;
  at: number;
  readonly end: number;
}

function readVarint(c: Cursor): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (c.at >= c.end) throw new OnnxFormatError(`truncated varint at byte ${c.at}`);
    const byte = c.bytes[c.at++]!;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return value;
    scale *= 128;
  }
  throw new OnnxFormatError(`varint longer than 10 bytes ending at byte ${c.at}`);
}

/** Skips one field's payload (wire types 0, 1, 2, 5); returns [start, end) of a length-delimited payload. */
function skipField(c: Cursor, wireType: number, field: number): [number, number] | undefined {
  const start = c.at;
  switch (wireType) {
    case VARINT:
      readVarint(c);
      return undefined;
    case FIXED64:
    case FIXED32: {
      const size = wireType === FIXED64 ? 8 : 4;
      if (c.at + size > c.end) throw new OnnxFormatError(`field ${field} at byte ${start} needs ${size} bytes, ${c.end - c.at} remain`);
      c.at += size;
      return undefined;
    }
    case LENGTH_DELIMITED: {
      const length = readVarint(c);
      if (length > c.end - c.at) throw new OnnxFormatError(`field ${field} at byte ${start} declares ${length} bytes, ${c.end - c.at} remain`);
      const payload: [number, number] = [c.at, c.at + length];
      c.at += length;
      return payload;
    }
    default:
      throw new OnnxFormatError(`field ${field} at byte ${start} has wire type ${wireType}, which ONNX never uses`);
  }
}

function readEntry(bytes: Uint8Array, start: number, end: number): [string, string] {
  const c: Cursor = { bytes, at: start, end };
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let key = '';
  let value = '';
  while (c.at < c.end) {
    const tag = readVarint(c);
    const field = Math.floor(tag / 8);
    const payload = skipField(c, tag % 8, field);
    if (payload === undefined || (field !== ENTRY_KEY && field !== ENTRY_VALUE)) continue;
    let text: string;
    try {
      text = decoder.decode(bytes.subarray(payload[0], payload[1]));
    } catch {
      throw new OnnxFormatError(`metadata entry at byte ${start} holds a string that is not UTF-8`);
    }
    if (field === ENTRY_KEY) key = text;
    else value = text;
  }
  return [key, value];
}

/**
 * The model's metadata_props as a map (a repeated key keeps its last value).
 * Throws OnnxFormatError when the bytes are not a well-formed protobuf message.
 */
export function readOnnxMetadata(bytes: Uint8Array): Map<string, string> {
  if (bytes.length === 0) throw new OnnxFormatError('the model is empty (0 bytes)');
  const c: Cursor = { bytes, at: 0, end: bytes.length };
  const metadata = new Map<string, string>();
  while (c.at < c.end) {
    const tagAt = c.at;
    const tag = readVarint(c);
    const field = Math.floor(tag / 8);
    if (field === 0) throw new OnnxFormatError(`field number 0 at byte ${tagAt}`);
    const payload = skipField(c, tag % 8, field);
    if (field === METADATA_PROPS) {
      if (payload === undefined) throw new OnnxFormatError(`metadata_props at byte ${tagAt} is not length-delimited`);
      const [key, value] = readEntry(bytes, payload[0], payload[1]);
      metadata.set(key, value);
    }
  }
  return metadata;
}

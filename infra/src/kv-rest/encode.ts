// Turns raw Redis replies (Buffers, integers, nulls, nested arrays) into the
// JSON values Upstash's REST API returns, plain or base64.
export type JsonReply = string | number | null | JsonReply[];

const OK = Buffer.from('OK');

/**
 * Encodes one command's reply. With `base64`, every string is base64 except a
 * top-level "OK": Upstash documents that exception and @upstash/redis relies on
 * it (it decodes every other top-level string). Without it, strings are
 * decoded as UTF-8, which is lossy for binary values; that is why the client
 * asks for base64 by default.
 */
export function encodeReply(reply: unknown, base64: boolean): JsonReply {
  if (base64 && Buffer.isBuffer(reply) && reply.equals(OK)) return 'OK';
  return encodeValue(reply, base64);
}

function encodeValue(value: unknown, base64: boolean): JsonReply {
  if (Buffer.isBuffer(value)) return value.toString(base64 ? 'base64' : 'utf8');
  if (typeof value === 'number') return value;
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return base64 ? Buffer.from(value, 'utf8').toString('base64') : value;
  if (Array.isArray(value)) {
    const out: JsonReply[] = new Array<JsonReply>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = encodeValue(value[i], base64);
    return out;
  }
  // An error nested in an array (e.g. a Lua table holding {err=...}) is a value
  // of that array, not a failure of the command: keep its text.
  if (value instanceof Error) return encodeValue(value.message, base64);
  throw new TypeError(`kv-rest: cannot encode a Redis reply of type ${typeof value}`);
}

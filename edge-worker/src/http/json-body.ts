// Reading a JSON request body safely: the content type must be JSON (415),
// the body at most maxBytes whatever Content-Length claims (413, read as a
// stream and abandoned once over), valid UTF-8 and valid JSON (400).
import { errorResponse, invalidRequest } from './problems.js';

export type JsonBody = { ok: true; value: unknown } | { ok: false; response: Response };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function isJsonContentType(header: string | null): boolean {
  if (header === null) return false;
  const type = header.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

const tooLarge = (maxBytes: number) => errorResponse(413, 'payload_too_large', `the request body must be at most ${maxBytes} bytes`);

async function readBounded(request: Request, maxBytes: number): Promise<Uint8Array | 'too_large'> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) return 'too_large';
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return 'too_large';
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

export async function readJsonBody(request: Request, maxBytes: number): Promise<JsonBody> {
  if (!isJsonContentType(request.headers.get('content-type'))) {
    return {
      ok: false,
      response: errorResponse(415, 'unsupported_media_type', 'the request body must be JSON with Content-Type: application/json', {
        'accept-post': 'application/json',
      }),
    };
  }
  const bytes = await readBounded(request, maxBytes);
  if (bytes === 'too_large') return { ok: false, response: tooLarge(maxBytes) };
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, response: invalidRequest([{ field: '', message: 'the request body is not valid UTF-8' }]) };
  }
  if (text.trim() === '') return { ok: false, response: invalidRequest([{ field: '', message: 'the request body is empty' }]) };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, response: invalidRequest([{ field: '', message: `the request body is not valid JSON: ${(e as Error).message}` }]) };
  }
}

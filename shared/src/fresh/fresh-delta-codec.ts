// The fresh-item delta as bytes: what the fresh-item job writes to the
// regional KV store (base64, one key per embedding version) and the edge reads.
// Vectors travel as int8 with one scale per row (≈ 4× smaller than float32).
//
// Layout: "FRD1" | u32 header length | header JSON (UTF-8) | padding to 4
//         | float32 scale × count | int8 × count × dim
import type { FreshDelta, FreshFacts, FreshItem } from './fresh-items.js';

export class FreshDeltaFormatError extends Error {
  override name = 'FreshDeltaFormatError';
}

interface Header {
  version: string;
  dim: number;
  indexedUntil: number;
  builtAt: number;
  ids: string[];
  publishTimes: number[];
  embeddedAt: number[];
  /** Catalog facts per item (null when unknown); absent in deltas written before facts were carried. */
  facts?: (FreshFacts | null)[];
}

const MAGIC = [0x46, 0x52, 0x44, 0x31]; // "FRD1"
const pad4 = (n: number) => (n + 3) & ~3;

export function encodeFreshDelta(delta: FreshDelta): Uint8Array {
  const { dim } = delta.space;
  const header: Header = {
    version: delta.space.version,
    dim,
    indexedUntil: delta.indexedUntil,
    builtAt: delta.builtAt,
    ids: delta.items.map((i) => i.itemId),
    publishTimes: delta.items.map((i) => i.publishTime),
    embeddedAt: delta.items.map((i) => i.embeddedAt),
    facts: delta.items.map((i) => i.facts ?? null),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const scalesAt = pad4(8 + json.length);
  const rowsAt = scalesAt + 4 * delta.items.length;
  const bytes = new Uint8Array(rowsAt + dim * delta.items.length);
  bytes.set(MAGIC, 0);
  new DataView(bytes.buffer).setUint32(4, json.length, true);
  bytes.set(json, 8);
  const scales = new Float32Array(bytes.buffer, scalesAt, delta.items.length);
  const rows = new Int8Array(bytes.buffer, rowsAt, dim * delta.items.length);
  delta.items.forEach((item, n) => {
    if (item.vector.length !== dim) throw new RangeError(`${item.itemId}: ${item.vector.length} dimensions, expected ${dim}`);
    let max = 0;
    for (const x of item.vector) max = Math.max(max, Math.abs(x));
    const scale = max > 0 ? max / 127 : 1;
    scales[n] = scale;
    for (let i = 0; i < dim; i++) rows[n * dim + i] = Math.round(item.vector[i]! / scale);
  });
  return bytes;
}

export function decodeFreshDelta(bytes: Uint8Array): FreshDelta {
  if (bytes.length < 8 || MAGIC.some((m, i) => bytes[i] !== m)) throw new FreshDeltaFormatError('not a fresh-item delta (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.length) throw new FreshDeltaFormatError('truncated fresh-item delta (header)');
  const header = parseHeader(bytes.subarray(8, 8 + headerLength));
  const count = header.ids.length;
  const scalesAt = pad4(8 + headerLength);
  const rowsAt = scalesAt + 4 * count;
  if (rowsAt + header.dim * count !== bytes.length) {
    throw new FreshDeltaFormatError(`fresh-item delta has ${bytes.length} bytes, its header describes ${rowsAt + header.dim * count}`);
  }
  // Copy: the input's offset may not be 4-aligned for a Float32Array view.
  const body = bytes.slice(scalesAt);
  const scales = new Float32Array(body.buffer, 0, count);
  const rows = new Int8Array(body.buffer, 4 * count, header.dim * count);
  const items: FreshItem[] = header.ids.map((itemId, n) => {
    const vector = new Float32Array(header.dim);
    for (let i = 0; i < header.dim; i++) vector[i] = rows[n * header.dim + i]! * scales[n]!;
    const facts = header.facts?.[n];
    return { itemId, publishTime: header.publishTimes[n]!, embeddedAt: header.embeddedAt[n]!, vector, ...(facts && { facts }) };
  });
  return { space: { version: header.version, dim: header.dim }, indexedUntil: header.indexedUntil, builtAt: header.builtAt, items };
}

function parseHeader(json: Uint8Array): Header {
  let h: unknown;
  try {
    h = JSON.parse(new TextDecoder().decode(json));
  } catch {
    throw new FreshDeltaFormatError('fresh-item delta header is not JSON');
  }
  const header = h as Partial<Header>;
  const isNumbers = (a: unknown): a is number[] => Array.isArray(a) && a.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (typeof header.version !== 'string' || header.version === '') throw new FreshDeltaFormatError('fresh-item delta header: version missing');
  if (!Number.isInteger(header.dim) || header.dim! < 1) throw new FreshDeltaFormatError('fresh-item delta header: dim must be a positive integer');
  if (!Array.isArray(header.ids) || !header.ids.every((id) => typeof id === 'string')) throw new FreshDeltaFormatError('fresh-item delta header: ids must be strings');
  for (const field of ['publishTimes', 'embeddedAt'] as const) {
    if (!isNumbers(header[field]) || header[field].length !== header.ids.length) {
      throw new FreshDeltaFormatError(`fresh-item delta header: ${field} must hold one number per id`);
    }
  }
  if (typeof header.indexedUntil !== 'number' || typeof header.builtAt !== 'number') throw new FreshDeltaFormatError('fresh-item delta header: indexedUntil and builtAt must be numbers');
  if (header.facts !== undefined) {
    if (!Array.isArray(header.facts) || header.facts.length !== header.ids.length) throw new FreshDeltaFormatError('fresh-item delta header: facts must hold one entry per id');
    header.facts.forEach((f, n) => {
      if (f !== null && !isFacts(f)) throw new FreshDeltaFormatError(`fresh-item delta header: facts[${n}] (${header.ids![n]}) is not a facts record`);
    });
  }
  return header as Header;
}

const isStrings = (a: unknown): a is string[] => Array.isArray(a) && a.every((x) => typeof x === 'string');
const isTimeOrNull = (x: unknown) => x === null || (typeof x === 'number' && Number.isFinite(x));

function isFacts(f: unknown): f is FreshFacts {
  if (typeof f !== 'object' || f === null) return false;
  const r = f as Record<string, unknown>;
  return (
    typeof r.creatorId === 'string' && isStrings(r.categories) && typeof r.language === 'string' && typeof r.contentType === 'string' &&
    typeof r.maturity === 'string' && typeof r.durationMs === 'number' && isTimeOrNull(r.availableFrom) && isTimeOrNull(r.availableUntil) &&
    (r.countries === null || isStrings(r.countries)) && isTimeOrNull(r.releaseYear)
  );
}

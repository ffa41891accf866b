// A compact binary form of the ranker's weights, for the edge's TypeScript
// fallback (no ONNX runtime needed) and for bundles: the ONNX file is what
// the runtime loads, this is what a person or a fallback path reads.
//
// Layout: "FRRK", format byte (1), 3 zero bytes, u32 LE header length,
// header JSON (UTF-8: schemaHash, featureCount, heads, layer shapes) padded
// with spaces to a multiple of 4, then float32 LE: each trunk layer's
// weights then bias, then the output layer's weights then bias.
import { assertRankerModel, RankerModelError, type DenseLayer, type RankerModel } from './model.js';

const MAGIC = [0x46, 0x52, 0x52, 0x4b]; // "FRRK"
const FORMAT = 1;

interface Header {
  readonly schemaHash: string;
  readonly featureCount: number;
  readonly heads: readonly string[];
  /** [inputs, outputs] per layer, trunk first, output last. */
  readonly layers: readonly (readonly [number, number])[];
}

export function encodeRankerModel(model: RankerModel): Uint8Array {
  assertRankerModel(model);
  const layers = [...model.trunk, model.output];
  const header: Header = {
    schemaHash: model.schemaHash, featureCount: model.featureCount, heads: model.heads, layers: layers.map((l) => [l.inputs, l.outputs]),
  };
  let json = JSON.stringify(header);
  while (json.length % 4 !== 0) json += ' ';
  const headerBytes = new TextEncoder().encode(json);
  const padded = headerBytes.length + ((4 - (headerBytes.length % 4)) % 4);
  const floats = layers.reduce((n, l) => n + l.weights.length + l.bias.length, 0);
  const bytes = new Uint8Array(12 + padded + floats * 4);
  bytes.set(MAGIC, 0);
  bytes[4] = FORMAT;
  const view = new DataView(bytes.buffer);
  view.setUint32(8, padded, true);
  bytes.set(headerBytes, 12);
  bytes.fill(0x20, 12 + headerBytes.length, 12 + padded);
  let at = 12 + padded;
  for (const layer of layers) {
    for (const array of [layer.weights, layer.bias]) {
      for (const w of array) {
        view.setFloat32(at, w, true);
        at += 4;
      }
    }
  }
  return bytes;
}

const fail = (message: string): never => {
  throw new RankerModelError(`cannot decode ranker weights: ${message}`);
};

function parseHeader(bytes: Uint8Array, length: number): Header {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes.subarray(12, 12 + length)));
  } catch (error) {
    return fail(`header is not JSON (${(error as Error).message})`);
  }
  const h = value as Partial<Header> | null;
  if (h === null || typeof h !== 'object') return fail('header must be an object');
  if (typeof h.schemaHash !== 'string') fail('header.schemaHash must be a string');
  if (!Number.isInteger(h.featureCount)) fail('header.featureCount must be an integer');
  if (!Array.isArray(h.heads) || !h.heads.every((x) => typeof x === 'string')) fail('header.heads must be an array of strings');
  if (!Array.isArray(h.layers) || h.layers.length < 1) fail('header.layers must be a non-empty array');
  for (const shape of h.layers!) {
    if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((n) => Number.isInteger(n) && n > 0 && n <= 65_536)) {
      fail(`header.layers entries must be [inputs, outputs] positive integers (got ${JSON.stringify(shape)})`);
    }
  }
  return h as Header;
}

export function decodeRankerModel(bytes: Uint8Array): RankerModel {
  if (bytes.length < 12) fail(`${bytes.length} bytes is shorter than the 12-byte preamble`);
  if (MAGIC.some((b, i) => bytes[i] !== b)) fail('not a ranker weights file (bad magic)');
  if (bytes[4] !== FORMAT) fail(`unsupported format ${bytes[4]} (this reader knows ${FORMAT})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (headerLength % 4 !== 0 || 12 + headerLength > bytes.length) fail(`header length ${headerLength} is not a multiple of 4 within the file`);
  const header = parseHeader(bytes, headerLength);
  const floats = header.layers.reduce((n, [i, o]) => n + i * o + o, 0);
  const expected = 12 + headerLength + floats * 4;
  if (bytes.length !== expected) fail(`expected ${expected} bytes for the layer shapes, got ${bytes.length} (truncated or padded)`);
  let at = 12 + headerLength;
  const read = (n: number): Float32Array => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++, at += 4) out[i] = view.getFloat32(at, true);
    return out;
  };
  const layers: DenseLayer[] = header.layers.map(([inputs, outputs]) => ({ inputs, outputs, weights: read(inputs * outputs), bias: read(outputs) }));
  const model: RankerModel = {
    schemaHash: header.schemaHash, featureCount: header.featureCount, heads: [...header.heads], trunk: layers.slice(0, -1), output: layers.at(-1)!,
  };
  assertRankerModel(model);
  return model;
}

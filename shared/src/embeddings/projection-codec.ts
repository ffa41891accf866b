// Binary form of a content projection, as the artifact bundle ships it.
// Lossless (float32 weights) and self-checking: a truncated, corrupted or
// foreign file is refused with a ProjectionFormatError saying what is wrong,
// never decoded into a projection that embeds items somewhere else.
//
// Layout, little-endian:
//   0  magic "FPRJ"          4  format version u16    6  features version u16
//   8  feature bits u8        9  reserved (0) ×3      12  dim u32
//   16 row count u32          20 confidence f32       24 version byte length u16,
//   26 UTF-8 version bytes, zero padding to a multiple of 4, rows i32 × rowCount,
//   weights f32 × rowCount × (dim − 1),
//   and last a u32 FNV-1a checksum of every byte before it.
import { CONTENT_FEATURES_VERSION } from './content-features.js';
import { type ContentProjection, checkProjection, confidenceOf } from './content-projection.js';

const MAGIC = 0x4a525046; // "FPRJ" read as a little-endian u32
export const PROJECTION_FORMAT_VERSION = 1;
const HEADER_BYTES = 26;

export class ProjectionFormatError extends Error {
  override readonly name = 'ProjectionFormatError';
}

function fnv1a(bytes: Uint8Array, end: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

const align4 = (n: number) => (n + 3) & ~3;

export function encodeProjection(projection: ContentProjection): Uint8Array {
  checkProjection(projection);
  const version = new TextEncoder().encode(projection.version);
  if (version.length > 0xffff) throw new RangeError('projection version is longer than 65535 bytes');
  const rowsAt = align4(HEADER_BYTES + version.length);
  const weightsAt = rowsAt + 4 * projection.rows.length;
  const checksumAt = weightsAt + 4 * projection.weights.length;
  const bytes = new Uint8Array(checksumAt + 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint16(4, PROJECTION_FORMAT_VERSION, true);
  view.setUint16(6, projection.featuresVersion, true);
  view.setUint8(8, projection.featureBits);
  view.setUint32(12, projection.dim, true);
  view.setUint32(16, projection.rows.length, true);
  view.setFloat32(20, confidenceOf(projection), true);
  view.setUint16(24, version.length, true);
  bytes.set(version, HEADER_BYTES);
  for (let r = 0; r < projection.rows.length; r++) view.setInt32(rowsAt + 4 * r, projection.rows[r]!, true);
  for (let i = 0; i < projection.weights.length; i++) view.setFloat32(weightsAt + 4 * i, projection.weights[i]!, true);
  view.setUint32(checksumAt, fnv1a(bytes, checksumAt), true);
  return bytes;
}

export interface DecodeExpectations {
  /** Refuse a projection for another embedding version. */
  readonly version?: string;
  /**
   * Refuse a projection fitted on another definition of the content features
   * (default: CONTENT_FEATURES_VERSION, the one this code computes).
   */
  readonly featuresVersion?: number;
}

export function decodeProjection(bytes: Uint8Array, expect: DecodeExpectations = {}): ContentProjection {
  const fail = (why: string): never => {
    throw new ProjectionFormatError(`content projection: ${why}`);
  };
  if (bytes.length < HEADER_BYTES + 4) fail(`${bytes.length} bytes is shorter than the ${HEADER_BYTES + 4}-byte minimum`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) fail('not a projection file (bad magic)');
  const format = view.getUint16(4, true);
  if (format !== PROJECTION_FORMAT_VERSION) fail(`format version ${format} is not supported (expected ${PROJECTION_FORMAT_VERSION})`);
  const featuresVersion = view.getUint16(6, true);
  const featureBits = view.getUint8(8);
  const dim = view.getUint32(12, true);
  const rowCount = view.getUint32(16, true);
  const confidence = view.getFloat32(20, true);
  const versionBytes = view.getUint16(24, true);
  if (dim < 2) fail(`dim ${dim} is below 2 (taste coordinates + the confidence slack)`);
  const width = dim - 1;
  const rowsAt = align4(HEADER_BYTES + versionBytes);
  const weightsAt = rowsAt + 4 * rowCount;
  const checksumAt = weightsAt + 4 * rowCount * width;
  if (bytes.length !== checksumAt + 4) fail(`expected ${checksumAt + 4} bytes for ${rowCount} rows of ${width}, got ${bytes.length} (truncated or padded)`);
  const stored = view.getUint32(checksumAt, true);
  const actual = fnv1a(bytes, checksumAt);
  if (stored !== actual) fail(`checksum mismatch (stored ${stored.toString(16)}, computed ${actual.toString(16)}): the file is corrupt`);

  let version = '';
  try {
    version = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + versionBytes));
  } catch {
    fail('version is not valid UTF-8');
  }
  if (expect.version !== undefined && version !== expect.version) fail(`embedding version is ${version}, expected ${expect.version}`);
  const expectedFeatures = expect.featuresVersion ?? CONTENT_FEATURES_VERSION;
  if (featuresVersion !== expectedFeatures) {
    fail(`fitted on content features v${featuresVersion}, this code computes v${expectedFeatures}`);
  }
  const rows = new Int32Array(rowCount);
  for (let r = 0; r < rowCount; r++) rows[r] = view.getInt32(rowsAt + 4 * r, true);
  const weights = new Float32Array(rowCount * width);
  for (let i = 0; i < weights.length; i++) weights[i] = view.getFloat32(weightsAt + 4 * i, true);
  const projection: ContentProjection = { version, dim, featureBits, featuresVersion, confidence, rows, weights };
  try {
    checkProjection(projection);
  } catch (error) {
    fail((error as Error).message);
  }
  return projection;
}

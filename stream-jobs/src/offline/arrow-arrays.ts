// JS arrays ⇄ Arrow column data for the offline store's column kinds, done
// on the raw buffers. apache-arrow's generic builders and per-value getters
// cost ~1 µs a value; the feature job writes every event it applies, so the
// writer builds buffers directly (and readers decode them in one pass).
// Types outside the fast paths (files written by other tools) fall back to
// apache-arrow's own getters.
import { Bool, DataType, Field, Float64, Int32, Int64, List, TimeUnit, Timestamp, Utf8, makeData, type Data, type Vector } from 'apache-arrow';
import type { ColumnKind } from './schema.js';

const TWO_32 = 2 ** 32;

export function arrowType(kind: ColumnKind): DataType {
  switch (kind) {
    case 'utf8':
      return new Utf8();
    case 'int32':
      return new Int32();
    case 'int64':
    case 'offset':
      return new Int64();
    case 'float64':
      return new Float64();
    case 'bool':
      return new Bool();
    case 'timestamp':
      return new Timestamp(TimeUnit.MILLISECOND, 'UTC');
    case 'utf8list':
      return new List(new Field('element', new Utf8(), false));
  }
}

/** Validity bitmap (bit set = value present), or null when nothing is missing. */
function validityOf(values: readonly unknown[]): { bitmap: Uint8Array | null; nulls: number } {
  let nulls = 0;
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  for (let i = 0; i < values.length; i++) {
    if (values[i] === null || values[i] === undefined) nulls++;
    else bitmap[i >> 3]! |= 1 << (i & 7);
  }
  return { bitmap: nulls > 0 ? bitmap : null, nulls };
}

function utf8Data(values: readonly (string | null | undefined)[]): Data<Utf8> {
  const { bitmap, nulls } = validityOf(values);
  const offsets = new Int32Array(values.length + 1);
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) total += Buffer.byteLength(v, 'utf8');
    offsets[i + 1] = total;
  }
  const bytes = Buffer.allocUnsafe(total);
  let at = 0;
  for (const v of values) if (v !== null && v !== undefined) at += bytes.write(v, at, 'utf8');
  return makeData({ type: new Utf8(), length: values.length, nullCount: nulls, nullBitmap: bitmap, valueOffsets: offsets, data: bytes });
}

/** int64 from safe integers (numbers) or decimal strings (offsets beyond 2^53). */
function int64Words(values: readonly unknown[]): BigInt64Array {
  const out = new BigInt64Array(values.length);
  const words = new Int32Array(out.buffer);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    if (typeof v === 'string') out[i] = BigInt(v);
    else {
      // Two little-endian 32-bit words: no BigInt allocation per value.
      const n = v as number;
      const high = Math.floor(n / TWO_32);
      words[2 * i] = (n - high * TWO_32) | 0;
      words[2 * i + 1] = high | 0;
    }
  }
  return out;
}

export function columnData(kind: ColumnKind, values: readonly unknown[]): Data {
  const length = values.length;
  switch (kind) {
    case 'utf8':
      return utf8Data(values as (string | null)[]);
    case 'utf8list': {
      const { bitmap, nulls } = validityOf(values);
      const offsets = new Int32Array(length + 1);
      const flat: string[] = [];
      for (let i = 0; i < length; i++) {
        const list = values[i] as readonly string[] | null | undefined;
        if (list) for (const s of list) flat.push(s);
        offsets[i + 1] = flat.length;
      }
      const type = new List<Utf8>(new Field('element', new Utf8(), false));
      return makeData({ type, length, nullCount: nulls, nullBitmap: bitmap, valueOffsets: offsets, child: utf8Data(flat) });
    }
    case 'bool': {
      const { bitmap, nulls } = validityOf(values);
      const bits = new Uint8Array((length + 7) >> 3);
      for (let i = 0; i < length; i++) if (values[i] === true) bits[i >> 3]! |= 1 << (i & 7);
      return makeData({ type: new Bool(), length, nullCount: nulls, nullBitmap: bitmap, data: bits });
    }
    case 'int32': {
      const { bitmap, nulls } = validityOf(values);
      return makeData({ type: new Int32(), length, nullCount: nulls, nullBitmap: bitmap, data: Int32Array.from(values, (v) => (v as number | null) ?? 0) });
    }
    case 'float64': {
      const { bitmap, nulls } = validityOf(values);
      return makeData({ type: new Float64(), length, nullCount: nulls, nullBitmap: bitmap, data: Float64Array.from(values, (v) => (v as number | null) ?? 0) });
    }
    case 'int64':
    case 'offset': {
      const { bitmap, nulls } = validityOf(values);
      return makeData({ type: new Int64(), length, nullCount: nulls, nullBitmap: bitmap, data: int64Words(values) });
    }
    case 'timestamp': {
      const { bitmap, nulls } = validityOf(values);
      return makeData({ type: new Timestamp(TimeUnit.MILLISECOND, 'UTC'), length, nullCount: nulls, nullBitmap: bitmap, data: int64Words(values) });
    }
  }
}

// --- reading -------------------------------------------------------------------------------

const valid = (data: Data, i: number) => data.nullCount === 0 || data.getValid(i);
/** The slow, general path: apache-arrow's getter, by index in the whole column. */
const vectorValue = (vector: Vector, index: number): unknown => vector.get(index);

function utf8Strings(data: Data, out: (string | null)[]): void {
  const offsets = data.valueOffsets as Int32Array;
  const bytes = data.values as Uint8Array;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < data.length; i++) out.push(valid(data, i) ? buffer.toString('utf8', offsets[i]!, offsets[i + 1]!) : null);
}

/** Values of a string column, null where missing. */
export function readStrings(vector: Vector): (string | null)[] {
  const out: (string | null)[] = [];
  for (const data of vector.data) {
    if (DataType.isUtf8(data.type)) utf8Strings(data, out);
    else for (let i = 0; i < data.length; i++) out.push(valid(data, i) ? String(vectorValue(vector, out.length)) : null);
  }
  return out;
}

/** Values of a numeric or timestamp column as numbers (int64 beyond 2^53 loses precision: use readInt64Text). */
export function readNumbers(vector: Vector): (number | null)[] {
  const out: (number | null)[] = [];
  for (const data of vector.data) {
    const type = data.type as DataType;
    const wide = (DataType.isInt(type) && type.bitWidth === 64) || (DataType.isTimestamp(type) && type.unit === TimeUnit.MILLISECOND);
    if (wide) {
      const values = data.values as BigInt64Array;
      const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2);
      for (let i = 0; i < data.length; i++) out.push(valid(data, i) ? words[2 * i + 1]! * TWO_32 + (words[2 * i]! >>> 0) : null);
    } else if (DataType.isFloat(type) || DataType.isInt(type)) {
      const values = data.values as ArrayLike<number | bigint>;
      for (let i = 0; i < data.length; i++) out.push(valid(data, i) ? Number(values[i]) : null);
    } else {
      for (let i = 0; i < data.length; i++) out.push(valid(data, i) ? Number(vectorValue(vector, out.length)) : null);
    }
  }
  return out;
}

/** An int64 column as exact decimal strings. */
export function readInt64Text(vector: Vector): (string | null)[] {
  const out: (string | null)[] = [];
  for (let i = 0; i < vector.length; i++) {
    const value = vector.get(i) as bigint | number | null;
    out.push(value === null ? null : String(value));
  }
  return out;
}

export function readBools(vector: Vector): (boolean | null)[] {
  const out: (boolean | null)[] = [];
  for (let i = 0; i < vector.length; i++) out.push((vector.get(i) as boolean | null) ?? null);
  return out;
}

export function readStringLists(vector: Vector): (string[] | null)[] {
  const out: (string[] | null)[] = [];
  for (const data of vector.data) {
    const child = data.children[0];
    if (!DataType.isList(data.type) || !child || !DataType.isUtf8(child.type)) {
      for (let i = 0; i < data.length; i++) {
        const items = vectorValue(vector, out.length) as Vector | null;
        out.push(items === null ? null : (items.toArray() as string[]));
      }
      continue;
    }
    const offsets = data.valueOffsets as Int32Array;
    const strings: (string | null)[] = [];
    utf8Strings(child, strings);
    for (let i = 0; i < data.length; i++) out.push(valid(data, i) ? (strings.slice(offsets[i]!, offsets[i + 1]!) as string[]) : null);
  }
  return out;
}


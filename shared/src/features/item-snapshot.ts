// The item snapshot: every active item's dynamic features (counts, rates,
// trending, and its creator's subscriber count) and the trending lists per
// scope, computed at one time t and published to the regional KV store every
// few seconds. The edge caches it, so ranking ~500 candidates needs no
// per-candidate round trip. The edge maps every column by name into the item's
// feature values, so a column here is a feature the ranker sees at serving
// exactly as the training-set builder computes it (train/serve parity).
//
// Binary layout (then base64, because KV clients decode replies as text):
//   "FSN1" | u32 header length | header JSON (UTF-8) | padding to 4 bytes
//   | per item: u16 id length, id bytes | padding to 4 bytes
//   | per column: float32 × count (NaN = null)
// The header names the columns, so readers find them by name: a snapshot
// written before a column existed reads null for it.
import { SnapshotIdIndex } from './snapshot-id-index.js';
import type { EntityState } from './state/entity-state.js';
import {
  creatorSubscriberCount, itemCompletionRate7d, itemCtr24h, itemImpressions24h, itemLikeRatio7d, itemPlays1h, itemPlays24h, itemPlays28d, itemSkipRate7d,
  itemTrendingByCohort, itemTrendingByGeo, itemTrendingScore,
} from './item-features.js';
import type { MemoryFeatureStore } from './memory-store.js';

/**
 * Item columns are computed from the item's state, creator columns from the state of the item's
 * creator (per the catalog). The trending score stays the last column: the edge's retrieval test
 * fixtures write it by position.
 */
export const SNAPSHOT_COLUMNS = [
  itemPlays1h, itemPlays24h, itemPlays28d, itemImpressions24h, itemCtr24h, itemLikeRatio7d, itemCompletionRate7d, itemSkipRate7d,
  creatorSubscriberCount, itemTrendingScore,
] as const;
export type SnapshotColumn = (typeof SNAPSHOT_COLUMNS)[number]['name'];

const TRENDING_COLUMN = SNAPSHOT_COLUMNS.indexOf(itemTrendingScore);

/**
 * One item to put in a snapshot: its id, its state, and its creator's state — null (or absent)
 * when the catalog does not know the item or names no creator, which makes the creator columns
 * null, as the training-set builder's creator features are in that case.
 */
export type SnapshotInput = readonly [itemId: string, item: EntityState, creator?: EntityState | null];

export interface TrendingLists {
  readonly global: readonly string[];
  readonly byGeo: Readonly<Record<string, readonly string[]>>;
  readonly byCohort: Readonly<Record<string, readonly string[]>>;
}

export interface SnapshotHeader {
  /** Event time the features were computed at. */
  readonly t: number;
  /** Wall-clock time the snapshot was built (for the edge to advance t while it caches). */
  readonly builtAt: number;
  readonly count: number;
  readonly columns: readonly string[];
  readonly trending: TrendingLists;
}

export interface ItemSnapshot {
  readonly header: SnapshotHeader;
  /** Item id → row index. */
  readonly index: Pick<SnapshotIdIndex, 'get' | 'has' | 'keys' | 'size'>;
  /** A feature of one item; null when unknown or absent. */
  value(itemId: string, column: SnapshotColumn): number | null;
  /** Every column of one item by name (null where missing), or null when the snapshot does not hold it: one lookup, not one per column. */
  row(itemId: string): Record<string, number | null> | null;
}

const MAGIC = [0x46, 0x53, 0x4e, 0x31]; // "FSN1"
const pad4 = (n: number) => (n + 3) & ~3;

function topBy(scores: ReadonlyMap<string, number>, k: number): string[] {
  return [...scores]
    .filter(([, s]) => s > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, k)
    .map(([id]) => id);
}

/** One item's snapshot row at t: every column, and its trending score per geography and cohort. */
export interface SnapshotRow {
  readonly values: readonly number[];
  readonly byGeo: Readonly<Record<string, number>>;
  readonly byCohort: Readonly<Record<string, number>>;
}

export function snapshotRow(state: EntityState, t: number, creator: EntityState | null = null): SnapshotRow {
  return {
    values: SNAPSHOT_COLUMNS.map((feature) => {
      const of = feature.entity === 'creator' ? creator : state;
      return of === null ? Number.NaN : ((feature.value(of, t) as number | null) ?? Number.NaN);
    }),
    byGeo: itemTrendingByGeo.value(state, t),
    byCohort: itemTrendingByCohort.value(state, t),
  };
}

/** Computes every column and the trending lists (top k per scope) at time t. */
export function buildSnapshot(items: Iterable<SnapshotInput>, t: number, builtAt: number, k = 500): Uint8Array {
  const rows: [string, SnapshotRow][] = [];
  for (const [id, state, creator] of items) rows.push([id, snapshotRow(state, t, creator ?? null)]);
  return encodeSnapshot(rows, t, builtAt, k);
}

/**
 * Snapshot inputs for items of an in-memory store: each item's state and its creator's (per the
 * store's catalog, the way the training-set builder finds it; decoded once per creator).
 */
export function snapshotInputsOf(store: MemoryFeatureStore, itemIds: Iterable<string>): SnapshotInput[] {
  const creators = new Map<string, EntityState>();
  const out: SnapshotInput[] = [];
  for (const id of itemIds) {
    const creatorId = store.catalogRecord(id)?.creatorId;
    let creator: EntityState | null = null;
    if (creatorId !== undefined) {
      creator = creators.get(creatorId) ?? store.creatorState(creatorId);
      creators.set(creatorId, creator);
    }
    out.push([id, store.itemState(id), creator]);
  }
  return out;
}

/** Encodes rows computed at t (see snapshotRow) with the trending lists (top k per scope). */
export function encodeSnapshot(rows: Iterable<readonly [string, SnapshotRow]>, t: number, builtAt: number, k = 500): Uint8Array {
  const ids: string[] = [];
  const columns = SNAPSHOT_COLUMNS.map(() => [] as number[]);
  const global = new Map<string, number>();
  const byGeo = new Map<string, Map<string, number>>();
  const byCohort = new Map<string, Map<string, number>>();
  const add = (scopes: Map<string, Map<string, number>>, values: Readonly<Record<string, number>>, id: string) => {
    for (const [scope, score] of Object.entries(values)) {
      let m = scopes.get(scope);
      if (!m) scopes.set(scope, (m = new Map()));
      m.set(id, score);
    }
  };
  for (const [id, row] of rows) {
    ids.push(id);
    row.values.forEach((v, c) => columns[c]!.push(v));
    const trending = row.values[TRENDING_COLUMN]!;
    if (trending > 0) global.set(id, trending);
    add(byGeo, row.byGeo, id);
    add(byCohort, row.byCohort, id);
  }
  const lists = (scopes: Map<string, Map<string, number>>) =>
    Object.fromEntries([...scopes].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([scope, scores]) => [scope, topBy(scores, k)]));
  const header: SnapshotHeader = {
    t,
    builtAt,
    count: ids.length,
    columns: SNAPSHOT_COLUMNS.map((f) => f.name),
    trending: { global: topBy(global, k), byGeo: lists(byGeo), byCohort: lists(byCohort) },
  };
  return encode(header, ids, columns);
}

function encode(header: SnapshotHeader, ids: readonly string[], columns: readonly number[][]): Uint8Array {
  const encoder = new TextEncoder();
  const headerBytes = encoder.encode(JSON.stringify(header));
  const idBytes = ids.map((id) => encoder.encode(id));
  const idsStart = pad4(8 + headerBytes.length);
  const idsLength = idBytes.reduce((sum, b) => sum + 2 + b.length, 0);
  const columnsStart = pad4(idsStart + idsLength);
  const out = new Uint8Array(columnsStart + columns.length * ids.length * 4);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  let at = idsStart;
  for (const b of idBytes) {
    view.setUint16(at, b.length, true);
    out.set(b, at + 2);
    at += 2 + b.length;
  }
  columns.forEach((values, c) => {
    const column = new Float32Array(out.buffer, columnsStart + c * ids.length * 4, ids.length);
    column.set(values);
  });
  return out;
}

export class SnapshotFormatError extends Error {
  override readonly name = 'SnapshotFormatError';
}

export function decodeSnapshot(bytes: Uint8Array): ItemSnapshot {
  if (bytes.length < 8 || MAGIC.some((m, i) => bytes[i] !== m)) throw new SnapshotFormatError('not an item snapshot (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(4, true);
  if (8 + headerLength > bytes.length) throw new SnapshotFormatError('truncated item snapshot (header)');
  const decoder = new TextDecoder();
  let header: SnapshotHeader;
  try {
    header = JSON.parse(decoder.decode(bytes.subarray(8, 8 + headerLength))) as SnapshotHeader;
  } catch {
    throw new SnapshotFormatError('item snapshot header is not JSON');
  }
  const starts = new Uint32Array(header.count);
  const lengths = new Uint16Array(header.count);
  let at = pad4(8 + headerLength);
  for (let i = 0; i < header.count; i++) {
    if (at + 2 > bytes.length) throw new SnapshotFormatError('truncated item snapshot (ids)');
    const length = view.getUint16(at, true);
    if (at + 2 + length > bytes.length) throw new SnapshotFormatError('truncated item snapshot (ids)');
    starts[i] = at + 2;
    lengths[i] = length;
    at += 2 + length;
  }
  const index = new SnapshotIdIndex(bytes, starts, lengths);
  const columnsStart = pad4(at);
  if (columnsStart + header.columns.length * header.count * 4 > bytes.length) throw new SnapshotFormatError('truncated item snapshot (columns)');
  // Copy so the columns are aligned whatever the offset of `bytes` in its buffer.
  const floats = new Float32Array(bytes.slice(columnsStart, columnsStart + header.columns.length * header.count * 4).buffer);
  const columnIndex = new Map(header.columns.map((name, c) => [name, c]));
  return {
    header,
    index,
    value(itemId, column) {
      const row = index.get(itemId);
      const c = columnIndex.get(column);
      if (row === undefined || c === undefined) return null;
      const v = floats[c * header.count + row]!;
      return Number.isNaN(v) ? null : v;
    },
    row(itemId) {
      const row = index.get(itemId);
      if (row === undefined) return null;
      const out: Record<string, number | null> = {};
      header.columns.forEach((name, c) => {
        const v = floats[c * header.count + row]!;
        out[name] = Number.isNaN(v) ? null : v;
      });
      return out;
    },
  };
}

/** base64 without Node's Buffer (the edge has no Buffer). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Native where the runtime has it (Uint8Array.fromBase64: recent V8, workerd), else atob. */
const nativeFromBase64 = (Uint8Array as unknown as { fromBase64?: (text: string) => Uint8Array }).fromBase64;

export function fromBase64(text: string): Uint8Array {
  if (nativeFromBase64 !== undefined) return nativeFromBase64(text);
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

import { describe, expect, it } from 'vitest';
import { fileKey, manifestKey, parseFileKey } from './keys.js';
import { decodePointer, encodePointer, resolveIndexVersion, type ActivePointer } from './pointer.js';

const V1 = 'idx-20261122T120000Z-aaaaaa';
const V2 = 'idx-20261123T120000Z-bbbbbb';
const pointer: ActivePointer = { format: 1, version: V2, previous: V1, promoted_at: '2026-11-23T12:05:00.000Z', reason: 'nightly build', forced: false };

describe('active pointer', () => {
  it('round-trips', () => {
    expect(decodePointer(encodePointer(pointer))).toEqual({ ok: true, value: pointer });
  });

  it('rejects a pointer whose previous equals its version, and non-version ids', () => {
    const same = decodePointer(JSON.stringify({ ...pointer, previous: V2 }));
    expect(!same.ok && same.error.map((e) => e.field)).toEqual(['previous']);
    const bad = decodePointer(JSON.stringify({ ...pointer, version: 'latest' }));
    expect(!bad.ok && bad.error.map((e) => e.field)).toEqual(['version']);
  });

  it('resolves a pinned INDEX_VERSION before the pointer', () => {
    expect(resolveIndexVersion(V1, encodePointer(pointer))).toEqual({ ok: true, version: V1, source: 'pinned' });
    expect(resolveIndexVersion(undefined, encodePointer(pointer))).toEqual({ ok: true, version: V2, source: 'pointer' });
    expect(resolveIndexVersion('', encodePointer(pointer))).toEqual({ ok: true, version: V2, source: 'pointer' });
  });

  it('explains why no version can be resolved', () => {
    expect(resolveIndexVersion('latest', null)).toMatchObject({ ok: false, reason: expect.stringContaining('not a version id') });
    expect(resolveIndexVersion(undefined, null)).toMatchObject({ ok: false, reason: expect.stringContaining('nothing has been promoted') });
    expect(resolveIndexVersion(undefined, '{')).toMatchObject({ ok: false, reason: expect.stringContaining('active.json is invalid') });
  });
});

describe('store keys', () => {
  it('lays out files under indexes/<version>/ and parses them back', () => {
    expect(fileKey(V1, 'vectors.i8')).toBe(`indexes/${V1}/vectors.i8`);
    expect(parseFileKey(manifestKey(V1))).toEqual({ version: V1, name: 'manifest.json' });
    expect(parseFileKey('active.json')).toBeUndefined();
    expect(parseFileKey('indexes/not-a-version/x')).toBeUndefined();
    expect(parseFileKey(`indexes/${V1}/`)).toBeUndefined();
    expect(parseFileKey(`indexes/${V1}/a/b`)).toBeUndefined();
  });
});

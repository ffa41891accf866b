import { describe, expect, it } from 'vitest';
import { FEATURES } from '../features/catalog.js';
import {
  CANDIDATE_SLOTS, FEATURE_COUNT, FEATURE_SCHEMA_HASH, FEATURE_SLOTS, USER_SLOTS, featureSchemaHash, slotIndex,
} from './feature-schema.js';

describe('feature schema', () => {
  it('has unique slot names, user slots first', () => {
    expect(new Set(FEATURE_SLOTS.map((s) => s.name)).size).toBe(FEATURE_COUNT);
    expect(FEATURE_SLOTS.slice(0, USER_SLOTS.length)).toEqual(USER_SLOTS);
    expect(FEATURE_COUNT).toBe(USER_SLOTS.length + CANDIDATE_SLOTS.length);
  });

  it('names only features that exist in the catalog where a source is a feature name', () => {
    const known = new Set(FEATURES.map((f) => f.name));
    const mentioned = FEATURE_SLOTS.flatMap((s) => s.source.match(/\b(user|item|creator)_[a-z0-9_]+/g) ?? []);
    const unknown = mentioned.filter((m) => !known.has(m) && !known.has(m.replace(/\.[a-z_]+$/, '')));
    expect(unknown).toEqual([]);
  });

  it('pins the hash: a schema change must be deliberate (update this value and retrain)', () => {
    expect(FEATURE_SCHEMA_HASH).toBe(featureSchemaHash());
    expect(FEATURE_SCHEMA_HASH).toMatch(/^fs1-[0-9a-f]{16}$/);
    expect(FEATURE_SCHEMA_HASH).toMatchInlineSnapshot(`"fs1-f2571ae4a6127d35"`);
  });

  it('changes the hash on reorder, rename, a changed transform, an added slot or a new revision', () => {
    const [a, b, ...rest] = FEATURE_SLOTS;
    const variants = [
      [b!, a!, ...rest],
      [{ ...a!, name: `${a!.name}_x` }, b!, ...rest],
      [{ ...a!, transform: 'clip01' as const }, b!, ...rest],
      [...FEATURE_SLOTS, { name: 'extra', transform: 'indicator' as const, source: 'x' }],
    ];
    const hashes = new Set([FEATURE_SCHEMA_HASH, ...variants.map((v) => featureSchemaHash(v)), featureSchemaHash(FEATURE_SLOTS, 99)]);
    expect(hashes.size).toBe(6);
    // Descriptions are documentation: editing one does not invalidate models.
    expect(featureSchemaHash([{ ...a!, source: 'reworded' }, b!, ...rest])).toBe(FEATURE_SCHEMA_HASH);
  });

  it('throws for an unknown slot name', () => {
    expect(() => slotIndex('no_such_slot')).toThrow('unknown feature slot "no_such_slot"');
  });
});

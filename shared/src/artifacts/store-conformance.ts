// The one behaviour suite every ArtifactStore implementation must pass (the
// in-memory store here, the R2/Miniflare store in index-builder). Import it
// from a test file and call it with a factory for fresh, empty stores.
import { afterEach, describe, expect, it } from 'vitest';
import type { ArtifactStore } from './store.js';

export interface StoreUnderTest {
  readonly store: ArtifactStore;
  readonly close?: () => Promise<void>;
}

const bytes = (text: string) => new TextEncoder().encode(text);
const textOf = (body: Uint8Array | null) => (body === null ? null : new TextDecoder().decode(body));

export function describeArtifactStoreConformance(label: string, open: () => Promise<StoreUnderTest>): void {
  describe(`ArtifactStore conformance: ${label}`, () => {
    let current: StoreUnderTest | undefined;
    const fresh = async () => (current = await open()).store;
    afterEach(async () => {
      await current?.close?.();
      current = undefined;
    });

    it('returns null for a key that was never written', async () => {
      const store = await fresh();
      expect(await store.get('indexes/nothing/here')).toBeNull();
    });

    it('round-trips every byte value and the empty body exactly', async () => {
      const store = await fresh();
      const all = Uint8Array.from({ length: 256 * 3 }, (_, i) => i % 256);
      await store.put('a/all-bytes.bin', all);
      await store.put('a/empty', new Uint8Array(0));
      expect(await store.get('a/all-bytes.bin')).toEqual(all);
      expect(await store.get('a/empty')).toEqual(new Uint8Array(0));
    });

    it('replaces an object on a second put', async () => {
      const store = await fresh();
      await store.put('active.json', bytes('one'));
      await store.put('active.json', bytes('two, longer'));
      expect(textOf(await store.get('active.json'))).toBe('two, longer');
      expect((await store.list('active.json')).map((o) => o.size)).toEqual([11]);
    });

    it('hands out copies: mutating a returned body does not change the stored object', async () => {
      const store = await fresh();
      const body = bytes('immutable');
      await store.put('k', body);
      body[0] = 0;
      const read = (await store.get('k'))!;
      read[1] = 0;
      expect(textOf(await store.get('k'))).toBe('immutable');
    });

    it('lists by prefix, sorted by key, with sizes and upload times', async () => {
      const store = await fresh();
      await store.put('indexes/v2/b.bin', bytes('bb'));
      await store.put('indexes/v1/manifest.json', bytes('{}'));
      await store.put('indexes/v2/a.bin', bytes('a'));
      await store.put('active.json', bytes('{}'));
      const listed = await store.list('indexes/v2/');
      expect(listed.map((o) => [o.key, o.size])).toEqual([['indexes/v2/a.bin', 1], ['indexes/v2/b.bin', 2]]);
      expect(listed.every((o) => o.uploaded instanceof Date && !Number.isNaN(o.uploaded.getTime()))).toBe(true);
      expect((await store.list('')).map((o) => o.key)).toEqual(['active.json', 'indexes/v1/manifest.json', 'indexes/v2/a.bin', 'indexes/v2/b.bin']);
      expect(await store.list('nope/')).toEqual([]);
    });

    it('lists and deletes more objects than one backend page (1000) holds', async () => {
      const store = await fresh();
      const keys = Array.from({ length: 1005 }, (_, i) => `many/${String(i).padStart(4, '0')}`);
      await Promise.all(keys.map((key) => store.put(key, bytes('x'))));
      expect((await store.list('many/')).map((o) => o.key)).toEqual(keys);
      await store.delete(keys);
      expect(await store.list('many/')).toEqual([]);
    }, 120_000);

    it('deletes several keys at once and ignores keys that do not exist', async () => {
      const store = await fresh();
      await store.put('x/1', bytes('1'));
      await store.put('x/2', bytes('2'));
      await store.put('x/3', bytes('3'));
      await store.delete(['x/1', 'x/3', 'x/missing']);
      expect((await store.list('x/')).map((o) => o.key)).toEqual(['x/2']);
      await store.delete([]);
      expect(textOf(await store.get('x/2'))).toBe('2');
    });
  });
}

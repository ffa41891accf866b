// What the Miniflare runtime reads from wrangler.toml and from the deploy bundle's directory.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compatibilityDateOf, modulesOf } from './miniflare-edge.js';

describe('compatibilityDateOf', () => {
  it('reads the top-level date, ignoring comments and other keys', () => {
    expect(compatibilityDateOf('# x\nname = "a"\ncompatibility_date = "2026-04-01"\n[vars]\nREGION = "local"\n')).toBe('2026-04-01');
  });
  it.each([
    ['no such line', 'name = "a"\n'],
    ['a date that is not YYYY-MM-DD', 'compatibility_date = "2026-4-1"\n'],
    ['an unquoted date', 'compatibility_date = 2026-04-01\n'],
    ['a commented-out line', '# compatibility_date = "2026-04-01"\n'],
  ])('throws a message naming the key for %s', (_what, toml) => {
    expect(() => compatibilityDateOf(toml)).toThrow('wrangler.toml has no compatibility_date = "YYYY-MM-DD" line');
  });
});

describe('modulesOf', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  it('lists index.js first as the ES module entry, then every .wasm (sorted) as a compiled module, and nothing else', () => {
    dir = mkdtempSync(join(tmpdir(), 'modules-of-'));
    for (const f of ['index.js', 'index.js.map', 'README.md', 'b-ort.wasm', 'a-kernel.wasm']) writeFileSync(join(dir, f), '');
    expect(modulesOf(dir)).toEqual([
      { type: 'ESModule', path: join(dir, 'index.js') },
      { type: 'CompiledWasm', path: join(dir, 'a-kernel.wasm') },
      { type: 'CompiledWasm', path: join(dir, 'b-ort.wasm') },
    ]);
  });
});

// The two offline CLIs, run as the npm scripts run them (node --import tsx).
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { FEATURES } from '@freshet/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { statesAsOf, valueAsOf } from './as-of-features.js';
import type { LabelledExample } from './examples.js';
import type { ParityReport } from './parity-monitor.js';
import type { ServedSnapshot } from './snapshots.js';
import { recordingWriter, storeAsOf, syntheticStore, tempDirs } from './test-fixtures.js';
import { buildTrainingSet } from './training-set.js';
import { createOfflineWriter } from './writer.js';

const newDir = tempDirs();
const ROOT = resolve(import.meta.dirname, '../../..');
const { events, catalog } = syntheticStore(1500, 51);

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(cli: 'training-set-cli.ts' | 'parity-cli.ts', args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', `stream-jobs/src/offline/${cli}`, ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

let dir = '';
let work = '';
beforeAll(async () => {
  dir = await newDir();
  work = await newDir();
  const writer = createOfflineWriter({ dir });
  await writer.appendEvents(events);
  await writer.appendCatalog(catalog);
});

// Each run starts a Node process that compiles TypeScript: seconds, not milliseconds.
describe('npm run training-set', { timeout: 30_000 }, () => {
  const valid: LabelledExample[] = events
    .filter((_, i) => i % 150 === 3)
    .filter((e) => e.enriched.event.item_id !== undefined)
    .map((e, i) => ({ user_id: e.enriched.event.user_id, item_id: e.enriched.event.item_id!, t: e.enriched.event.event_time + 1000, label: i % 2, note: `n${i}` }));
  const lines = [
    JSON.stringify(valid[0]),
    JSON.stringify(valid[1]),
    '{"user_id": "u1", "item_id": ',
    '',
    JSON.stringify({ user_id: 'u1', item_id: 'i1', label: 1 }),
    JSON.stringify({ user_id: 'u1', item_id: 'i1', t: 1_767_600_000, label: 1 }),
    JSON.stringify({ user_id: 'u1', item_id: 'i1', t: 1_767_600_000_000, label: 'yes' }),
    '[1, 2]',
    ...valid.slice(2).map((v) => JSON.stringify(v)),
  ];

  it('writes every valid example with its features, in input order, and reports each bad line by number and field', async () => {
    const examples = join(work, 'examples.jsonl');
    const out = join(work, 'set.jsonl');
    await writeFile(examples, lines.join('\n') + '\n');
    const result = await run('training-set-cli.ts', ['--offline-dir', dir, '--examples', examples, '--out', out, '--no-progress']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`${examples}:3: skipped: not valid JSON`);
    expect(result.stderr).toContain(`${examples}:5: skipped: t: t is required`);
    expect(result.stderr).toMatch(new RegExp(`${examples}:6: skipped: t: .*looks like seconds`));
    expect(result.stderr).toContain(`${examples}:7: skipped: label: label must be a number or true/false`);
    expect(result.stderr).toContain(`${examples}:8: skipped: line must be a JSON object`);
    expect(result.stderr).toContain('5 bad example lines skipped');
    expect(result.stderr).not.toMatch(/:4:/);
    expect(result.stderr).toMatch(new RegExp(`^${valid.length} examples → ${out} \\(JSONL\\); replayed \\d+ events`, 'm'));
    const written = (await readFile(out, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const expected = (await buildTrainingSet(dir, valid)).rows.map((r) => ({ ...r.example, features: r.features }));
    expect(written).toEqual(expected);
  });

  it('writes Parquet when the output name ends in .parquet, with progress lines on a pipe', async () => {
    const examples = join(work, 'examples-pq.jsonl');
    const out = join(work, 'set.parquet');
    await writeFile(examples, valid.map((v) => JSON.stringify(v)).join('\n'));
    const result = await run('training-set-cli.ts', ['--offline-dir', dir, '--examples', examples, '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^replay: [\d.]+\/[\d.]+ MiB, \d+ events/m);
    const bytes = await readFile(out);
    expect(bytes.subarray(0, 4).toString()).toBe('PAR1');
  });

  it('explains itself with --help', async () => {
    const result = await run('training-set-cli.ts', ['--help']);
    expect(result.code).toBe(0);
    for (const flag of ['--offline-dir', '--examples', '--out', '--no-progress']) expect(result.stdout).toContain(flag);
  });

  it('fails in one line on a missing store or a corrupt file', async () => {
    const examples = join(work, 'one.jsonl');
    await writeFile(examples, JSON.stringify(valid[0]));
    const missing = await run('training-set-cli.ts', ['--offline-dir', join(work, 'nope'), '--examples', examples, '--out', join(work, 'x.jsonl')]);
    expect({ code: missing.code, stderr: missing.stderr.trim() }).toEqual({ code: 1, stderr: `freshet-training-set: ${join(work, 'nope')}: offline store folder does not exist` });
    const broken = await newDir();
    const writer = recordingWriter({ dir: broken });
    await writer.appendEvents(events.slice(0, 10));
    const file = writer.files[0];
    await writeFile(file!.path, 'garbage');
    const corrupt = await run('training-set-cli.ts', ['--offline-dir', broken, '--examples', examples, '--out', join(work, 'x.jsonl'), '--no-progress']);
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr.trim()).toMatch(new RegExp(`^freshet-training-set: ${file!.path}: not a readable Parquet file \\(.*\\)$`));
  });
});

describe('npm run parity', { timeout: 30_000 }, () => {
  function snapshot(i: number): ServedSnapshot {
    const e = events[i]!.enriched.event;
    const t = e.event_time + 2000;
    const states = statesAsOf(storeAsOf(events, catalog, t));
    const values = (entity: string, itemId?: string) =>
      Object.fromEntries(FEATURES.filter((f) => (entity === 'user' ? f.entity === 'user' : f.entity !== 'user')).map((f) => [f.name, valueAsOf(f, states, { userId: e.user_id, ...(itemId ? { itemId } : {}) }, t)]));
    return { request_id: `r${i}`, user_id: e.user_id, t, features: { user: values('user'), ...(e.item_id ? { items: { [e.item_id]: values('item', e.item_id) } } : {}) } };
  }
  const snapshots = Array.from({ length: 20 }, (_, k) => snapshot(40 + k * 70));

  async function snapshotFile(name: string, list: readonly unknown[], extra: string[] = []): Promise<string> {
    const file = join(work, name);
    await writeFile(file, [...list.map((s) => JSON.stringify(s)), ...extra].join('\n'));
    return file;
  }

  it('exits 0 and prints the table when served and offline agree', async () => {
    const file = await snapshotFile('clean.jsonl', snapshots, ['{"request_id": "r-bad", "user_id": "u1", "t": 1767600000000}']);
    const result = await run('parity-cli.ts', ['--offline-dir', dir, '--snapshots', file, '--no-progress']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^user_interaction_count\s+20\s+0\s+0\.00%\s+ok$/m);
    expect(result.stdout).toContain('no alarm');
    expect(result.stderr).toContain(`${file}:${snapshots.length + 1}: skipped: features: features is required`);
  });

  it('exits 2 when a feature diverges above --max-divergence, and reports it as JSON', async () => {
    const tampered = structuredClone(snapshots);
    (tampered[2]!.features.user as Record<string, unknown>).user_completion_rate_7d = 0.123;
    const file = await snapshotFile('tampered.jsonl', tampered);
    const result = await run('parity-cli.ts', ['--offline-dir', dir, '--snapshots', file, '--json']);
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as ParityReport;
    expect(report.ok).toBe(false);
    expect(report.features.filter((f) => f.diverged > 0)).toEqual([
      {
        feature: 'user_completion_rate_7d', compared: 20, diverged: 1, divergenceRate: 0.05,
        examples: [{ request_id: 'r180', entity_id: snapshots[2]!.user_id, served: 0.123, offline: snapshots[2]!.features.user.user_completion_rate_7d ?? null }],
      },
    ]);
    const tolerant = await run('parity-cli.ts', ['--offline-dir', dir, '--snapshots', file, '--max-divergence', '0.05', '--no-progress']);
    expect(tolerant.code).toBe(0);
  });

  it('rejects a threshold that is not a rate', async () => {
    const result = await run('parity-cli.ts', ['--offline-dir', dir, '--snapshots', 'x', '--max-divergence', '5']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--max-divergence must be a number between 0 and 1, got "5"');
  });
});

// The ONNX ranker inside workerd: onnxruntime-web's output equals the
// TypeScript reference forward pass on the bundle's own weights, and every
// kind of bad model, bad input and bad output is a precise RankerError —
// after which the isolate still scores normally.
import { FEATURE_COUNT } from '@freshet/shared/ranking/feature-schema';
import { forwardRanker } from '@freshet/shared/ranking/model';
import { describe, expect, it } from 'vitest';
import { loadEdgeRanker, type EdgeRanker } from './edge-ranker.js';
import { RankerInputError, RankerLoadError, RankerOutputError, RankerReleasedError } from './errors.js';
import { MODEL_A, MODEL_B, NAN_TRAP, maxAbsDiff, randomRows, type RankerFixture } from './test-fixtures.js';

const load = (f: RankerFixture): Promise<EdgeRanker> => loadEdgeRanker(f.version, f.onnx, f.model.heads);

async function loadError(promise: Promise<unknown>): Promise<RankerLoadError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(RankerLoadError);
  return error as RankerLoadError;
}

/** A ModelProto holding only metadata_props entries: readable protobuf, but no graph. */
function metadataOnly(entries: Record<string, string>): Uint8Array {
  const text = (field: number, s: string) => {
    const b = new TextEncoder().encode(s);
    return [field * 8 + 2, b.length, ...b];
  };
  const out: number[] = [];
  for (const [k, v] of Object.entries(entries)) {
    const entry = [...text(1, k), ...text(2, v)];
    out.push(14 * 8 + 2, entry.length, ...entry);
  }
  return Uint8Array.from(out);
}

describe('EdgeRanker: onnxruntime-web in workerd', () => {
  it.each([MODEL_A, MODEL_B])('scores 500 rows in one run like the TypeScript reference ($version)', async (fixture) => {
    const ranker = await load(fixture);
    expect(ranker.heads).toEqual(['click', 'completion', 'like']);
    expect(ranker.featureCount).toBe(FEATURE_COUNT);
    const rows = randomRows(500, FEATURE_COUNT);
    const got = await ranker.score(rows, 500);
    const want = forwardRanker(fixture.model, rows, 500);
    expect(got.length).toBe(500 * 3);
    const diff = maxAbsDiff(got, want);
    console.log(`${fixture.version}: max |ORT − reference| over 500 × 3 = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThanOrEqual(1e-4);
    // A second batch on the same session: no state leaks between runs.
    const again = randomRows(17, FEATURE_COUNT, 99);
    expect(maxAbsDiff(await ranker.score(again, 17), forwardRanker(fixture.model, again, 17))).toBeLessThanOrEqual(1e-4);
    await ranker.release();
  });

  it('leaves WebAssembly.instantiate as it found it, also when creations overlap', async () => {
    const before = WebAssembly.instantiate;
    const rankers = await Promise.all([load(MODEL_A), load(MODEL_B), loadEdgeRanker('rk-x', Uint8Array.of(0x08), MODEL_A.model.heads).catch(() => undefined)]);
    expect(WebAssembly.instantiate).toBe(before);
    await Promise.all(rankers.flatMap((r) => (r ? [r.release()] : [])));
  });

  it('rejects bytes that are not a model, naming what is wrong', async () => {
    const empty = await loadError(loadEdgeRanker('rk-x', new Uint8Array(0), MODEL_A.model.heads));
    expect(empty.problem).toBe('model_unreadable');
    expect(empty.message).toBe('ranker rk-x: the bytes are not an ONNX model: the model is empty (0 bytes)');

    const truncated = await loadError(loadEdgeRanker('rk-x', MODEL_A.onnx.subarray(0, 5000), MODEL_A.model.heads));
    expect(truncated.problem).toBe('model_unreadable');
    expect(truncated.message).toMatch(/^ranker rk-x: the bytes are not an ONNX model: field 7 at byte \d+ declares \d+ bytes, \d+ remain$/);
    expect(truncated.retriable).toBe(false);

    const text = await loadError(loadEdgeRanker('rk-x', new TextEncoder().encode('<html>503 Service Unavailable</html>'), MODEL_A.model.heads));
    expect(text.problem).toBe('model_unreadable');
    expect(text.message).toContain('the bytes are not an ONNX model');
  });

  it('rejects well-formed protobuf without a graph through onnxruntime, as unreadable', async () => {
    const bytes = metadataOnly({ heads: 'click,completion,like', feature_schema_hash: MODEL_A.model.schemaHash });
    const error = await loadError(loadEdgeRanker('rk-x', bytes, MODEL_A.model.heads));
    expect(error.problem).toBe('model_unreadable');
    expect(error.message).toMatch(/^ranker rk-x: onnxruntime cannot load it: .+/);
  });

  it('rejects a model for another layout: heads, feature schema, input width', async () => {
    const reordered = await loadError(loadEdgeRanker('rk-a', MODEL_A.onnx, ['like', 'click', 'completion']));
    expect(reordered.problem).toBe('contract_mismatch');
    expect(reordered.message).toBe("ranker rk-a: the model's heads are [click,completion,like], the caller expects [like,click,completion]");

    const schema = await loadError(loadEdgeRanker('rk-a', MODEL_A.onnx, MODEL_A.model.heads, { schemaHash: 'fs1-0000000000000000' }));
    expect(schema.message).toBe(`ranker rk-a: the model was trained for feature schema ${MODEL_A.model.schemaHash}, the edge assembles fs1-0000000000000000`);

    const width = await loadError(loadEdgeRanker('rk-a', MODEL_A.onnx, MODEL_A.model.heads, { featureCount: FEATURE_COUNT + 1 }));
    expect(width.problem).toBe('contract_mismatch');
    expect(width.message).toBe(`ranker rk-a: input "features" has shape [N, ${FEATURE_COUNT}], the edge assembles rows of ${FEATURE_COUNT + 1} features`);

    // The nan-trap model has 2 features and its own schema: refused under the defaults.
    const other = await loadError(load(NAN_TRAP));
    expect(other.message).toContain(`the model was trained for feature schema fs1-nan-trap, the edge assembles ${MODEL_A.model.schemaHash}`);

    const noHeads = await loadError(loadEdgeRanker('rk-a', MODEL_A.onnx, []));
    expect(noHeads.message).toBe('ranker rk-a: heads must be a non-empty list of distinct names (got [])');
  });

  it('rejects unusable input rows precisely and still scores afterwards', async () => {
    const ranker = await load(MODEL_A);
    const rows = randomRows(500, FEATURE_COUNT);
    await expect(ranker.score(rows.subarray(1), 500)).rejects.toThrow(
      new RankerInputError(`inputs hold ${500 * FEATURE_COUNT - 1} floats; 500 rows of ${FEATURE_COUNT} features need exactly ${500 * FEATURE_COUNT}`),
    );
    await expect(ranker.score(rows, 499)).rejects.toThrow(RankerInputError);
    await expect(ranker.score(rows, -1)).rejects.toThrow('rows must be a non-negative integer (got -1)');
    await expect(ranker.score(rows, 2.5)).rejects.toThrow('rows must be a non-negative integer (got 2.5)');
    const poisoned = rows.slice();
    poisoned[3 * FEATURE_COUNT + 0] = Number.NaN;
    await expect(ranker.score(poisoned, 500)).rejects.toThrow('row 3, feature 0 (user_interactions) is NaN (features must be finite)');
    poisoned[3 * FEATURE_COUNT + 0] = 0;
    poisoned[FEATURE_COUNT - 1] = Number.POSITIVE_INFINITY;
    await expect(ranker.score(poisoned, 500)).rejects.toThrow(`row 0, feature ${FEATURE_COUNT - 1} (cf_co_visitation_missing) is Infinity`);
    expect(await ranker.score(new Float32Array(0), 0)).toEqual(new Float32Array(0));
    expect(maxAbsDiff(await ranker.score(rows, 500), forwardRanker(MODEL_A.model, rows, 500))).toBeLessThanOrEqual(1e-4);
    await ranker.release();
  });

  it('turns NaN outputs into a RankerOutputError naming the row and head', async () => {
    const ranker = await loadEdgeRanker(NAN_TRAP.version, NAN_TRAP.onnx, NAN_TRAP.model.heads, { featureCount: 2, schemaHash: 'fs1-nan-trap' });
    expect(Array.from(await ranker.score(Float32Array.of(0, 0), 1))).toEqual([0.5, 0.5, 0.5]);
    const error = await ranker.score(Float32Array.of(0, 0, 1, 1), 2).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(RankerOutputError);
    expect((error as Error).message).toBe('ranker rk-fixture-nan gave NaN for row 1, head click (probabilities must be in [0, 1])');
    await ranker.release();
  });

  it('finishes runs in flight before releasing; afterwards score rejects with RankerReleasedError', async () => {
    const ranker = await load(MODEL_B);
    const rows = randomRows(500, FEATURE_COUNT);
    const inFlight = ranker.score(rows, 500);
    const released = ranker.release();
    expect(ranker.released).toBe(true);
    expect(maxAbsDiff(await inFlight, forwardRanker(MODEL_B.model, rows, 500))).toBeLessThanOrEqual(1e-4);
    await released;
    await expect(ranker.score(rows, 500)).rejects.toThrow(new RankerReleasedError('ranker rk-fixture-b was released (a newer version replaced it)'));
    expect(ranker.release()).toBe(released); // idempotent
  });

  it('scores overlapping calls on one session correctly (runs are serialised)', async () => {
    const ranker = await load(MODEL_A);
    const batches = [1, 7, 500, 64].map((n, i) => randomRows(n, FEATURE_COUNT, 100 + i));
    const results = await Promise.all(batches.map((b) => ranker.score(b, b.length / FEATURE_COUNT)));
    results.forEach((got, i) => {
      const b = batches[i]!;
      expect(maxAbsDiff(got, forwardRanker(MODEL_A.model, b, b.length / FEATURE_COUNT))).toBeLessThanOrEqual(1e-4);
    });
    await ranker.release();
  });
});

// A quick measurement inside workerd, logged and never asserted (timings on
// shared machines vary): session creation, and scoring 500 candidates with
// the bundle-shaped model (FEATURE_COUNT → 64 → 3), next to the TypeScript
// reference forward pass the edge can fall back to.
// Timing: performance.now() in local workerd advances during CPU work but in
// whole milliseconds, so a sample is a block of back-to-back calls lasting
// ≥ 20 ms, divided by its calls; mean and p99 are over 60 such blocks.
import { FEATURE_COUNT } from '@freshet/shared/ranking/feature-schema';
import { forwardRanker } from '@freshet/shared/ranking/model';
import { describe, expect, it } from 'vitest';
import { loadEdgeRanker } from './edge-ranker.js';
import { MODEL_A, MODEL_B, randomRows } from './test-fixtures.js';

async function blocks(samples: number, call: () => unknown): Promise<{ mean: number; p99: number; calls: number }> {
  const perCall: number[] = [];
  let calls = 0;
  for (let s = 0; s < samples; s++) {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < 20) {
      await call();
      n++;
    }
    perCall.push((performance.now() - start) / n);
    calls += n;
  }
  perCall.sort((a, b) => a - b);
  const mean = perCall.reduce((a, b) => a + b, 0) / perCall.length;
  return { mean, p99: perCall[Math.min(perCall.length - 1, Math.ceil(0.99 * perCall.length) - 1)]!, calls };
}

const ms = (x: number) => `${x.toFixed(3)} ms`;

describe('ranking timing (logged, not asserted)', () => {
  it('session creation and scoring 500 candidates', async () => {
    let t = performance.now();
    const a = await loadEdgeRanker(MODEL_A.version, MODEL_A.onnx, MODEL_A.model.heads);
    const firstCreate = performance.now() - t;
    t = performance.now();
    const b = await loadEdgeRanker(MODEL_B.version, MODEL_B.onnx, MODEL_B.model.heads);
    const secondCreate = performance.now() - t;

    const rows = randomRows(500, FEATURE_COUNT);
    await a.score(rows, 500); // warm-up
    const ort = await blocks(60, () => a.score(rows, 500));
    const reference = await blocks(60, () => forwardRanker(MODEL_A.model, rows, 500));
    console.log(
      [
        `session creation: first in this isolate ${ms(firstCreate)} (includes starting the runtime if no earlier test file did), next ${ms(secondCreate)}`,
        `score 500 × ${FEATURE_COUNT} → 64 → 3 with onnxruntime-web: mean ${ms(ort.mean)}, p99 ${ms(ort.p99)} (${ort.calls} calls)`,
        `TypeScript reference forwardRanker, same rows: mean ${ms(reference.mean)}, p99 ${ms(reference.p99)} (${reference.calls} calls)`,
      ].join('\n'),
    );
    expect(ort.calls).toBeGreaterThan(0);
    await Promise.all([a.release(), b.release()]);
  });
});

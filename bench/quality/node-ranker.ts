// The edge's ranker in Node: the bundle's ranker.onnx run by onnxruntime-web
// (the same package and WASM backend the worker uses), behind the EdgeRanker
// interface the request pipeline calls. What differs from the worker: the
// runtime's WASM is loaded by onnxruntime's own Node loader instead of the
// worker's precompiled-module import (edge-worker/src/ranking/ort-runtime.ts,
// which only workerd can import), and the worker's contract checks on load
// are reduced to the ones that matter for scores (input/output names, heads).
import * as ort from 'onnxruntime-web';
import type { EdgeRanker } from '../../edge-worker/src/ranking/edge-ranker.js';

export async function loadNodeRanker(version: string, model: Uint8Array, heads: readonly string[], featureCount: number): Promise<EdgeRanker> {
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.logLevel = 'error';
  const session = await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  if (!session.inputNames.includes('features') || !session.outputNames.includes('probabilities')) {
    throw new Error(`ranker ${version}: expected input "features" and output "probabilities", got [${session.inputNames.join(', ')}] → [${session.outputNames.join(', ')}]`);
  }
  let released = false;
  return {
    version,
    heads: [...heads],
    featureCount,
    get released() {
      return released;
    },
    async score(inputs, rows) {
      if (inputs.length !== rows * featureCount) throw new Error(`ranker ${version}: ${inputs.length} floats for ${rows} rows of ${featureCount}`);
      if (rows === 0) return new Float32Array(0);
      const result = await session.run({ features: new ort.Tensor('float32', inputs, [rows, featureCount]) });
      const out = result.probabilities;
      if (out === undefined || out.type !== 'float32') throw new Error(`ranker ${version}: no float32 "probabilities" output`);
      return out.data as Float32Array;
    },
    async release() {
      released = true;
      await session.release();
    },
  };
}

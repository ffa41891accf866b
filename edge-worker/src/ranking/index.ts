// The edge ranking stage (issue 5, item 4): onnxruntime-web sessions per model
// version (one per isolate, shared by all requests), batch scoring of every
// candidate, and the combination of heads with weights from config or the
// experiment variant. The request path imports from here only.
import type { EdgeRanker } from './edge-ranker.js';
import { createRankerRegistry } from './ranker-registry.js';

export { createRankerRegistry, type RankerRegistry, type RankerRegistryOptions, type RankerRegistryStatus } from './ranker-registry.js';
export { loadEdgeRanker, ONNX_INPUT, ONNX_OUTPUT, type EdgeRanker, type RankerExpectations } from './edge-ranker.js';
export { RankerError, RankerInputError, RankerLoadError, RankerOutputError, RankerReleasedError, type RankerLoadProblem } from './errors.js';
export { combineHeads, headWeightProblems, headWeightsFor, orderByScore } from './head-weights.js';

/**
 * This isolate's rankers. Module state on purpose: a session costs ~¼ s to create and must
 * outlive the request that created it; it is named so nobody mistakes it for request state.
 */
export const isolateRankers = createRankerRegistry();

/** The ranker for a model version, from this isolate's registry (see RankerRegistry.get). */
export function getRanker(version: string, modelBytes: () => Promise<Uint8Array>, heads: readonly string[]): Promise<EdgeRanker> {
  return isolateRankers.get(version, modelBytes, heads);
}

// The ranking stage's one error taxonomy. Every failure of the ONNX ranker is
// one of these, never an isolate crash: the request path catches RankerError
// and serves the retrieval order (or the TypeScript reference) instead.
// `retriable` says whether asking again later can succeed (the registry reads it).

export type RankerLoadProblem =
  /** The model bytes could not be fetched (artifact store down, object missing). */
  | 'bytes_unavailable'
  /** onnxruntime rejected the bytes: not an ONNX model, truncated or corrupt. */
  | 'model_unreadable'
  /** The model loads but is not the ranker this edge feeds: names, widths, heads or schema differ. */
  | 'contract_mismatch'
  /** The ONNX runtime itself failed to start in this isolate. */
  | 'runtime_unavailable';

export abstract class RankerError extends Error {
  abstract readonly retriable: boolean;
}

/** A model version could not be turned into a scoring session. */
export class RankerLoadError extends RankerError {
  override readonly name = 'RankerLoadError';
  readonly retriable: boolean;
  constructor(
    readonly version: string,
    readonly problem: RankerLoadProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`ranker ${version}: ${message}`, options);
    // Only fetching can heal by itself; bad bytes stay bad until a new version ships.
    this.retriable = problem === 'bytes_unavailable';
  }
}

/** The caller's feature rows are unusable: wrong length, a bad row count, a non-finite value. */
export class RankerInputError extends RankerError {
  override readonly name = 'RankerInputError';
  readonly retriable = false;
}

/** The session ran but its output cannot be trusted (NaN, outside [0, 1], wrong size) or the run failed. */
export class RankerOutputError extends RankerError {
  override readonly name = 'RankerOutputError';
  readonly retriable = false;
}

/** score() on a session released because a newer version replaced it. */
export class RankerReleasedError extends RankerError {
  override readonly name = 'RankerReleasedError';
  readonly retriable = true;
}

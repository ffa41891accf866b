// The one error type of bundling and shipping. `code` says what went wrong in
// a way callers can branch on (the CLI maps it to an exit status); `problems`
// lists every individual finding, so one run reports all of a bundle's faults.

export type ProblemCode =
  | 'bundle_missing'
  | 'manifest_missing'
  | 'manifest_invalid'
  | 'missing_file'
  | 'extra_file'
  | 'size_mismatch'
  | 'checksum_mismatch'
  | 'dimension_mismatch'
  | 'non_finite'
  | 'file_check_failed'
  | 'incompatible';

export interface Problem {
  readonly code: ProblemCode;
  /** The bundle file the problem is in, when there is one. */
  readonly file?: string;
  readonly message: string;
}

export type ArtifactErrorCode =
  | 'bad_input'
  | 'bundle_exists'
  | 'bundle_invalid'
  | 'version_conflict'
  | 'upload_verify_failed'
  | 'smoke_failed'
  | 'drift_failed'
  | 'drift_not_configured'
  | 'catalog_shrank'
  | 'unknown_version'
  | 'incomplete_version'
  | 'no_previous'
  | 'pointer_invalid';

export class ArtifactError extends Error {
  override readonly name = 'ArtifactError';
  constructor(
    readonly code: ArtifactErrorCode,
    message: string,
    readonly problems: readonly Problem[] = [],
  ) {
    super(problems.length === 0 ? message : `${message}:\n${problems.map((p) => `  - ${p.file ? `${p.file}: ` : ''}${p.message}`).join('\n')}`);
  }
}

// The one error type of the offline store and its tools: it names the file
// (and the row or line) at fault, so a corrupt or foreign file is reported as
// such instead of as a stack trace from the Parquet decoder.

export class OfflineStoreError extends Error {
  override readonly name = 'OfflineStoreError';

  constructor(
    /** The file (or folder) at fault. */
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
  }
}

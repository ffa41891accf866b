// What the offline CLIs share: reporting skipped input lines, the
// --offline-dir check, and turning failures into one line and exit status 1.
import { stat } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import { OfflineStoreError } from './errors.js';
import type { RejectedLine } from './jsonl.js';

/** Shown one by one; beyond this, only counted. */
const MAX_REPORTED_LINES = 20;

export function reportRejected(file: string, rejected: readonly RejectedLine[], what: string): void {
  for (const r of rejected.slice(0, MAX_REPORTED_LINES)) console.error(`${file}:${r.line}: skipped: ${r.reason}`);
  if (rejected.length > MAX_REPORTED_LINES) console.error(`… and ${rejected.length - MAX_REPORTED_LINES} more bad lines`);
  if (rejected.length > 0) console.error(`${rejected.length} bad ${what} line${rejected.length === 1 ? '' : 's'} skipped`);
}

export async function requireFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new OfflineStoreError(dir, 'offline store folder does not exist');
}

/** Runs a CLI's main: its result is the exit status; a failure is one line on stderr and status 1. */
export async function runCli(name: string, main: () => Promise<number>, usageError: (message: string) => never): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (error) {
    if (error instanceof InvalidArgumentError) usageError(`error: ${error.message}`);
    // Expected failures (a bad file, a missing folder, a full disk) are one line; anything else is a bug: show where.
    const expected = error instanceof OfflineStoreError || (error instanceof Error && 'code' in error);
    console.error(`${name}: ${error instanceof Error ? (expected ? error.message : (error.stack ?? error.message)) : String(error)}`);
    process.exitCode = 1;
  }
}

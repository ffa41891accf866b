// Writing a file so that readers see either nothing or all of it: the bytes
// go to a hidden temp file in the same folder (same filesystem, so the rename
// is atomic), optionally fsynced, then renamed into place.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function writeAtomically(path: string, chunks: Iterable<string | Uint8Array>, options: { fsync?: boolean } = {}): Promise<void> {
  // A leading dot hides it from our readers and from Hive-style globs (DuckDB, Spark).
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      // writeFile writes every byte (write() may stop short) and continues from the current position.
      for (const chunk of chunks) await handle.writeFile(chunk);
      if (options.fsync) await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Makes a folder's entries (a rename, a new subfolder) durable. */
export async function fsyncFolder(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

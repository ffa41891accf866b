// Generic checks of the fixed-layout arrays a manifest describes: float
// tensors must hold finite values only (one NaN in a vector file poisons every
// dot product it takes part in). Streams the file, so size does not matter.
import { createReadStream } from 'node:fs';
import type { TensorSpec } from '@freshet/shared/artifacts/index';

export interface NonFiniteReport {
  readonly count: number;
  /** Element index (row-major, after the header) of the first NaN or ±Infinity. */
  readonly firstIndex: number;
}

/** Counts NaN/±Infinity in a float32/float64 tensor; undefined for integer tensors (always finite). */
export async function scanNonFinite(path: string, tensor: TensorSpec): Promise<NonFiniteReport | undefined> {
  if (tensor.dtype !== 'float32' && tensor.dtype !== 'float64') return undefined;
  const size = tensor.dtype === 'float32' ? 4 : 8;
  let carry: Buffer = Buffer.alloc(0);
  let index = 0;
  let count = 0;
  let firstIndex = -1;
  for await (const chunk of createReadStream(path, { start: tensor.offset })) {
    const buf = carry.length === 0 ? (chunk as Buffer) : Buffer.concat([carry, chunk as Buffer]);
    const whole = buf.length - (buf.length % size);
    for (let at = 0; at < whole; at += size, index++) {
      const value = size === 4 ? buf.readFloatLE(at) : buf.readDoubleLE(at);
      if (!Number.isFinite(value)) {
        if (firstIndex < 0) firstIndex = index;
        count++;
      }
    }
    carry = buf.subarray(whole);
  }
  return count === 0 ? undefined : { count, firstIndex };
}

import { describe, expect, it } from 'vitest';
import { chooseNprobe, RecallGateError } from './recall-gate.js';

// Curves indexed by nprobe − 1: recall rises with the partitions probed, and so do the rows scanned.
const recall = Float64Array.of(0.5, 0.8, 0.93, 0.97, 0.99);
const scanned = Float64Array.of(100, 200, 300, 400, 500);

describe('chooseNprobe', () => {
  it('takes the smallest nprobe reaching the target plus the tuning margin, checked on held-out queries', () => {
    expect(chooseNprobe({ recall, scanned }, { recall, scanned }, 0.95, 'test')).toEqual({ nprobe: 4, tuningRecall: 0.97, heldOutRecall: 0.97, meanScannedRows: 400 });
  });

  it('raises nprobe while the held-out queries fall short', () => {
    const heldOut = Float64Array.of(0.5, 0.8, 0.9, 0.94, 0.96);
    expect(chooseNprobe({ recall, scanned }, { recall: heldOut, scanned }, 0.95, 'test').nprobe).toBe(5);
  });

  it('never scans more rows on average than the budget: a recall only reached beyond it rejects the build', () => {
    expect(() => chooseNprobe({ recall, scanned }, { recall, scanned }, 0.95, 'budget 350 rows', 350)).toThrow(RecallGateError);
    expect(() => chooseNprobe({ recall, scanned }, { recall, scanned }, 0.95, 'budget 350 rows', 350)).toThrow(/recall@100 0\.9300 is below 0\.95 \(held-out queries at nprobe 3, budget 350 rows\)/);
    expect(chooseNprobe({ recall, scanned }, { recall, scanned }, 0.95, 'budget 400 rows', 400).nprobe).toBe(4);
  });
});

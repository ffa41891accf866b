// A diagnostic around the served ranker: for every candidate it scores, it
// also scores the same row with the item's publish age set to ten years, and
// keeps the mean click probability of young (published < 1 year before the
// request) and old candidates. The served scores are the ranker's own,
// unchanged. It measures how much of a young item's score is its age — on
// MovieLens a movie is "published" at its first rating, so age is an artefact
// of the dataset mapping there.
import { FEATURE_COUNT, FEATURE_SLOTS } from '@freshet/shared/ranking/feature-schema';
import type { EdgeRanker } from '../../edge-worker/src/ranking/edge-ranker.js';

const AGE_COLUMN = FEATURE_SLOTS.findIndex((s) => s.name === 'item_publish_age_hours');
const YEAR_HOURS = 24 * 365;

export interface AgeProbe {
  readonly youngCandidates: number;
  readonly oldCandidates: number;
  /** Mean click probability of young candidates as scored, and with their age set to ten years. */
  readonly youngClick: number;
  readonly youngClickAgedTenYears: number;
  readonly oldClick: number;
}

export function probeRankerAge(ranker: EdgeRanker): { ranker: EdgeRanker; result: () => AgeProbe } {
  if (AGE_COLUMN < 0) throw new Error('the feature schema has no item_publish_age_hours slot');
  const click = ranker.heads.indexOf('click');
  let young = 0;
  let old = 0;
  let youngSum = 0;
  let agedSum = 0;
  let oldSum = 0;
  const wrapped: EdgeRanker = {
    version: ranker.version,
    heads: ranker.heads,
    featureCount: ranker.featureCount,
    get released() {
      return ranker.released;
    },
    release: () => ranker.release(),
    async score(inputs, rows) {
      const p = await ranker.score(inputs, rows);
      const aged = Float32Array.from(inputs);
      const isYoung: boolean[] = [];
      for (let r = 0; r < rows; r++) {
        // The row holds min(20, log1p(hours)) (shared/src/ranking/assemble.ts).
        isYoung.push(Math.expm1(inputs[r * FEATURE_COUNT + AGE_COLUMN]!) < YEAR_HOURS);
        aged[r * FEATURE_COUNT + AGE_COLUMN] = Math.log1p(10 * YEAR_HOURS);
      }
      const q = await ranker.score(aged, rows);
      const h = ranker.heads.length;
      for (let r = 0; r < rows; r++) {
        if (isYoung[r]) {
          young++;
          youngSum += p[r * h + click]!;
          agedSum += q[r * h + click]!;
        } else {
          old++;
          oldSum += p[r * h + click]!;
        }
      }
      return p;
    },
  };
  return {
    ranker: wrapped,
    result: () => ({
      youngCandidates: young,
      oldCandidates: old,
      youngClick: young === 0 ? Number.NaN : youngSum / young,
      youngClickAgedTenYears: young === 0 ? Number.NaN : agedSum / young,
      oldClick: old === 0 ? Number.NaN : oldSum / old,
    }),
  };
}

// Item-kNN baseline (Sarwar et al. 2001; Deshpande & Karypis 2004): cosine
// similarity between items' binary user vectors from the training period,
// each item keeping its k most similar neighbours; a user's score for item j
// is the sum of j's similarities to the items in their history as of t.

export interface ItemNeighbours {
  readonly k: number;
  readonly itemCount: number;
  /** itemCount × k neighbour indexes, best first; −1 pads items with fewer neighbours. */
  readonly neighbours: Int32Array;
  readonly similarities: Float32Array;
}

/**
 * `userItems[u]` lists the items user u interacted with positively in training (duplicates are
 * ignored). cos(i, j) = |U(i) ∩ U(j)| / √(|U(i)|·|U(j)|). Pairs with fewer than `minCommonUsers`
 * users in common are not neighbours (the baseline keeps every pair: 1).
 */
export function buildItemNeighbours(userItems: readonly (readonly number[])[], itemCount: number, k: number, minCommonUsers = 1): ItemNeighbours {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer (got ${k})`);
  if (!Number.isInteger(minCommonUsers) || minCommonUsers < 1) throw new RangeError(`minCommonUsers must be a positive integer (got ${minCommonUsers})`);
  const users = userItems.map((items) => {
    const unique = [...new Set(items)];
    for (const i of unique) if (!Number.isInteger(i) || i < 0 || i >= itemCount) throw new RangeError(`item index ${i} is outside 0..${itemCount - 1}`);
    return unique;
  });
  const count = new Float64Array(itemCount);
  const usersOf: number[][] = Array.from({ length: itemCount }, () => []);
  users.forEach((items, u) => {
    for (const i of items) {
      count[i]!++;
      usersOf[i]!.push(u);
    }
  });
  const neighbours = new Int32Array(itemCount * k).fill(-1);
  const similarities = new Float32Array(itemCount * k);
  const co = new Float64Array(itemCount);
  const touched: number[] = [];
  for (let i = 0; i < itemCount; i++) {
    for (const u of usersOf[i]!) {
      for (const j of users[u]!) {
        if (j === i) continue;
        if (co[j] === 0) touched.push(j);
        co[j]!++;
      }
    }
    const scored = touched.filter((j) => co[j]! >= minCommonUsers).map((j) => ({ j, s: co[j]! / Math.sqrt(count[i]! * count[j]!) }));
    scored.sort((a, b) => b.s - a.s || a.j - b.j);
    for (let n = 0; n < Math.min(k, scored.length); n++) {
      neighbours[i * k + n] = scored[n]!.j;
      similarities[i * k + n] = scored[n]!.s;
    }
    for (const j of touched) co[j] = 0;
    touched.length = 0;
  }
  return { k, itemCount, neighbours, similarities };
}

/** Adds each history item's neighbour similarities into `out` (length itemCount, zeroed by the caller). */
export function scoreItemKnn(model: ItemNeighbours, history: Iterable<number>, out: Float64Array): Float64Array {
  const { k, neighbours, similarities } = model;
  for (const i of history) {
    for (let n = 0; n < k; n++) {
      const j = neighbours[i * k + n]!;
      if (j < 0) break;
      out[j]! += similarities[i * k + n]!;
    }
  }
  return out;
}

// Tallies rejected records by reason, keeping a few examples of each, so a
// summary can say exactly what was wrong without printing a million lines.

export interface RejectionGroup {
  readonly reason: string;
  count: number;
  readonly examples: string[];
}

export interface RejectionTally {
  add(reason: string, origin: string): void;
  readonly total: number;
  groups(): RejectionGroup[];
}

const EXAMPLES_PER_REASON = 3;

/**
 * Reasons that embed record-specific detail (a JSON parser's position, the
 * offending value) are grouped under their general form; the examples keep
 * the full text.
 */
export function reasonKey(reason: string): string {
  return reason
    .replace(/(not valid JSON):.*$/s, '$1')
    .replace(/\(got [^)]*\)/g, '(got …)')
    .replace(/\(-?\d+ looks like seconds/, '(the value looks like seconds')
    .replace(/record is \d+ bytes; the limit is (\d+)/, 'record is over the limit of $1 bytes');
}

export function createRejectionTally(): RejectionTally {
  const byReason = new Map<string, RejectionGroup>();
  let total = 0;
  return {
    add(reason, origin) {
      total++;
      const key = reasonKey(reason);
      let group = byReason.get(key);
      if (!group) {
        group = { reason: key, count: 0, examples: [] };
        byReason.set(key, group);
      }
      group.count++;
      if (group.examples.length < EXAMPLES_PER_REASON) group.examples.push(key === reason ? origin : `${origin}: ${reason}`);
    },
    get total() {
      return total;
    },
    groups: () => [...byReason.values()].sort((a, b) => b.count - a.count),
  };
}

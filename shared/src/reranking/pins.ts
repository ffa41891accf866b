// Editorial pins (R14): an item fixed at a position of the final list. Pins
// are placed after the hard filters, so a pinned item the user may not see is
// dropped (and reported), never shown. Earlier pins win conflicts.
import type { Scored } from './scored.js';
import type { DroppedPin, EditorialPin, RuleName } from './types.js';

export interface PinOutcome {
  readonly pinned: Set<Scored>;
  readonly dropped: DroppedPin[];
  /** Pins whose position lay past the end of a short list, placed at the last free position. */
  readonly shifted: { itemId: string; position: number; placedAt: number }[];
}

/**
 * Places pins into `slots` (length = final list length) and marks `fixed`.
 * `passed` maps every candidate that passed the hard filters; `filteredBy`
 * names the rule that removed the others.
 */
export function placePins(
  pins: readonly EditorialPin[],
  slots: (Scored | undefined)[],
  fixed: boolean[],
  passed: ReadonlyMap<string, Scored>,
  filteredBy: ReadonlyMap<string, RuleName>,
  limit: number,
): PinOutcome {
  const pinned = new Set<Scored>();
  const dropped: DroppedPin[] = [];
  const shifted: PinOutcome['shifted'] = [];
  const seen = new Set<string>();
  for (const pin of pins) {
    const drop = (reason: DroppedPin['reason']) => dropped.push({ itemId: pin.itemId, position: pin.position, reason });
    if (!Number.isInteger(pin.position) || pin.position < 0) { drop('bad-position'); continue; }
    if (seen.has(pin.itemId)) { drop('duplicate-item'); continue; }
    seen.add(pin.itemId);
    const item = passed.get(pin.itemId);
    if (item === undefined) {
      const rule = filteredBy.get(pin.itemId);
      drop(rule === undefined ? 'not-a-candidate' : `filtered:${rule}`);
      continue;
    }
    if (pin.position >= limit) { drop('beyond-limit'); continue; }
    let at = pin.position;
    if (at >= slots.length) {
      // Fewer items passed than the pin's position: the list ends earlier, keep the pin in it.
      at = slots.length - 1;
      while (at >= 0 && fixed[at]) at--;
      if (at < 0) { drop('position-taken'); continue; }
      shifted.push({ itemId: pin.itemId, position: pin.position, placedAt: at });
    } else if (fixed[at]) { drop('position-taken'); continue; }
    slots[at] = item;
    fixed[at] = true;
    pinned.add(item);
  }
  return { pinned, dropped, shifted };
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventArb } from '../testing/arbitraries.js';
import { engagementEventSchema } from './engagement-event.js';
import { fastValidateEvent } from './fast-validate.js';

// The fast path must never accept what the schema rejects, and must return
// exactly what the schema returns when it accepts.
function agrees(input: unknown): void {
  const fast = fastValidateEvent(input);
  const slow = engagementEventSchema.safeParse(input);
  if (fast !== undefined) {
    expect(slow.success).toBe(true);
    expect(fast).toEqual(slow.data);
  }
}

const fieldValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string({ maxLength: 5 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(''),
  fc.constant('has space'),
  fc.constant(1_700_000_000),
  fc.constant(Date.UTC(2150, 0, 1)),
  fc.constant({ local_hour: 25 }),
  fc.constant({ device: 'toaster' }),
  fc.constant('x'.repeat(129)),
);
const fields = ['event_id', 'type', 'user_id', 'item_id', 'creator_id', 'event_time', 'progress', 'watch_time_ms', 'context', 'request_id', 'position', 'surface', 'schema_version', 'extra'];

describe('fast event validation', () => {
  it('returns what the schema returns for every valid event', () => {
    fc.assert(
      fc.property(eventArb, (event) => {
        expect(fastValidateEvent(event)).toEqual(engagementEventSchema.parse(event));
      }),
      { numRuns: 1000 },
    );
  });

  it('never accepts what the schema rejects', () => {
    fc.assert(
      fc.property(eventArb, fc.constantFrom(...fields), fieldValue, (event, field, value) => {
        agrees({ ...event, [field]: value });
      }),
      { numRuns: 5000 },
    );
    fc.assert(fc.property(fc.jsonValue(), (value) => agrees(value)), { numRuns: 2000 });
  });

  it('enforces the cross-field rules', () => {
    const base = { event_id: 'e', user_id: 'u', event_time: Date.UTC(2024, 0, 1) };
    for (const bad of [
      { ...base, type: 'media_started' },
      { ...base, type: 'subscription_to_creator', item_id: 'i' },
      { ...base, type: 'media_completed', item_id: 'i', progress: 0.5 },
      { ...base, type: 'media_paused_early', item_id: 'i', progress: 0.3 },
      { ...base, type: 'impression', item_id: 'i', request_id: 'r' },
      { ...base, type: 'media_liked', item_id: 'i', position: 1 },
    ]) {
      expect(fastValidateEvent(bad)).toBeUndefined();
      expect(engagementEventSchema.safeParse(bad).success).toBe(false);
    }
  });
});

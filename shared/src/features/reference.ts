// The feature reference as Markdown tables, rendered from the definitions
// themselves: docs/features.md embeds them and a test keeps the two equal, so
// the documentation cannot drift from the code.
import { TTL_MS } from '../keys.js';
import { FEATURES } from './catalog.js';
import { STATE_SPECS, type StateSpec } from './state/specs.js';
import { DAY, HOUR, MINUTE, WEEK } from './time.js';

function duration(ms: number): string {
  for (const [unit, size] of [['w', WEEK], ['d', DAY], ['h', HOUR], ['m', MINUTE]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

const stateName = (spec: StateSpec) => `\`${spec.name}\``;

export function renderFeatureTable(): string {
  const rows = FEATURES.map(
    (f) => `| \`${f.name}\` | ${f.entity} | ${f.windows.join(', ') || '—'} | ${f.reads.map(stateName).join(', ') || 'catalog'} | ${f.description} |`,
  );
  return ['| feature | entity | windows | reads | value at t |', '|---|---|---|---|---|', ...rows].join('\n');
}

export function renderStateTable(): string {
  const rows = STATE_SPECS.map((spec) =>
    spec.kind === 'log'
      ? `| ${stateName(spec)} | user | log (sorted set) | — | newest ${spec.cap} within ${duration(spec.retentionMs)} | ${duration(spec.ttlMs)} |`
      : `| ${stateName(spec)} | ${spec.entity} | \`${spec.code}\` in ${spec.keyGroup} | ${spec.bucketMs >= 365 * DAY ? 'one bucket' : duration(spec.bucketMs)} | ${spec.retention} buckets | ${duration(TTL_MS[spec.keyGroup])} |`,
  );
  return ['| state | entity | stored as | bucket | kept | TTL |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

// Test support: synthetic engagement events enriched from the synthetic
// catalog, as the feature job would enrich them.
import { itemInfoOf, type CatalogItem, type EnrichedEvent } from '@freshet/shared';
import { createCatalogModel, resolveSyntheticConfig, syntheticEvents, syntheticItem, type SyntheticConfigInput } from '@freshet/shared/synthetic';

export function syntheticEnriched(input: SyntheticConfigInput): { events: EnrichedEvent[]; catalog: CatalogItem[] } {
  const resolved = resolveSyntheticConfig({ lateRate: 0, duplicateRate: 0, malformedRate: 0, ...input });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.error));
  const model = createCatalogModel(resolved.value);
  const catalog = new Map<number, CatalogItem>();
  const events: EnrichedEvent[] = [];
  for (const r of syntheticEvents(resolved.value, model)) {
    if (r.kind !== 'event') continue;
    const index = r.event.item_id ? Number(r.event.item_id.slice('syn-i'.length)) : -1;
    if (index >= 0 && !catalog.has(index)) catalog.set(index, syntheticItem(model, index));
    events.push({ event: r.event, item: index >= 0 ? itemInfoOf(catalog.get(index)!) : null });
  }
  return { events, catalog: [...catalog.values()] };
}

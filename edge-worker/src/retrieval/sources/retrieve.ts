// Multi-source retrieval (issue 5 item 3, R13): run the sources the user's
// class calls for, merge their proposals into at most `limit` candidates with
// attribution (shared/candidates/merge.ts), and attach the facts ranking and
// re-ranking need. Everything is in memory by now, so the sources run one
// after the other on this isolate's thread; a source that throws is reported
// and contributes nothing, the others go on (a request must never fail
// because one source did).
//
// Candidates are items of the index's table or of the fresh delta (of the
// index's embedding version). Ids in neither — trending ids of unlisted
// items, pins of unknown items — are excluded, as are the request's
// `exclude` set (earlier pages, consumed items) and recent items the user
// scored negatively (skipped, paused early, disliked): retrieval does not
// propose again what the user just turned down. Exclusion happens before the
// quotas, so an excluded item costs its source no slot.
import { mergeProposals, type SourceProposals } from '@freshet/shared/candidates/merge';
import { SOURCES, type SourceName } from '@freshet/shared/candidates/sources';
import { activeSources, userClassOf } from '@freshet/shared/candidates/user-class';
import { interactionCountOf, userItemsOf } from '@freshet/shared/candidates/user-signals';
import type { ItemFacts } from '@freshet/shared/catalog-table/item-table';
import type { Device } from '@freshet/shared/events/primitives';
import { cohortOf, geoOf } from '@freshet/shared/features/cohorts';
import { queryVector, type QueryVector } from '@freshet/shared/embeddings/space';
import { collaborativeSignals, prepareCollaborative, type CollaborativeSignals } from '@freshet/shared/ranking/collaborative';
import type { FreshItem } from '@freshet/shared/fresh/fresh-items';
import type { CandidateFacts } from '@freshet/shared/ranking/assemble';
import { coVisitationSource } from './co-visitation-source.js';
import { bundleCoVisitation, bundleVectors, contentQueryOf, type Source, type SourceContext } from './context.js';
import { prepareFresh } from './fresh-search.js';
import { freshSource } from './fresh-source.js';
import { annSource, contentSource, similarSource } from './index-sources.js';
import { continueSource, editorialSource, popularSource, trendingCohortSource, trendingGeoSource, trendingSource } from './list-sources.js';
import type { RetrievalInput, RetrievalResult, RetrievedCandidate, SourceReport } from './types.js';

const SOURCE_FUNCTIONS: Readonly<Record<SourceName, Source>> = {
  editorial: editorialSource,
  continue: continueSource,
  ann: annSource,
  similar: similarSource,
  co_visitation: coVisitationSource,
  content: contentSource,
  fresh: freshSource,
  trending_cohort: trendingCohortSource,
  trending_geo: trendingGeoSource,
  trending: trendingSource,
  popular: popularSource,
};

const errorText = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** What ranking assembles a candidate's row from: its facts and its collaborative signals for this user. */
export function rankingFactsOf(facts: ItemFacts, collaborative?: CollaborativeSignals): CandidateFacts {
  return {
    ...(collaborative !== undefined && { collaborative }),
    categories: facts.categories,
    contentType: facts.contentType,
    language: facts.language,
    durationMs: facts.durationMs,
    publishTime: facts.publishTime,
    creatorId: facts.creatorId,
  };
}

export function retrieveCandidates(input: RetrievalInput): RetrievalResult {
  const clock = input.clock ?? (() => performance.now());
  const started = clock();
  const { bundle, config } = input;
  const { index, items: table } = bundle;

  const userItems = userItemsOf(input.user);
  const { recent } = userItems;
  const userClass = input.userClass ?? userClassOf(interactionCountOf(input.user), config.warmThreshold);
  const active = activeSources(userClass, config.coldSources, config.quotas);
  // The pooled query serves both the warm user's searches and every candidate's collaborative slots.
  const collaborative = prepareCollaborative(bundleVectors(input), userItems.seeds, { maxItems: config.pooledItems, negativeWeight: config.negativeWeight }, bundleCoVisitation(input));
  const searches = userClass === 'warm' && (active.includes('ann') || active.includes('fresh') || active.includes('content'));
  const userQuery = searches && collaborative.query !== null ? queryVector(index.space, collaborative.query) : null;
  let contentQuery: QueryVector | null | undefined;
  const turnedDown = new Set(recent.filter((r) => r.score < 0).map((r) => r.item_id));
  const exclude = input.exclude;
  const context: SourceContext = {
    input,
    userClass,
    geo: geoOf(input.country),
    cohort: cohortOf(input.country, input.device as Device | undefined),
    recent,
    seen: new Set([...recent.map((r) => r.item_id), ...userItems.history.map((h) => h.item_id)]),
    excludable: turnedDown.size + (exclude?.size ?? 0),
    userQuery,
    collaborative,
    contentQuery: () => (contentQuery === undefined ? (contentQuery = contentQueryOf(input)) : contentQuery),
  };
  const queried = clock();

  const reports: Partial<Record<SourceName, SourceReport>> = {};
  const lists: SourceProposals[] = [];
  for (const source of SOURCES) {
    if (!active.includes(source)) {
      reports[source] = { skipped: config.quotas[source] === 0 ? 'quota 0' : `not a source for ${userClass} users`, ms: 0 };
      continue;
    }
    const t = clock();
    try {
      const outcome = SOURCE_FUNCTIONS[source](context, config.quotas[source]);
      if (Array.isArray(outcome)) lists.push({ source, items: outcome });
      else reports[source] = { skipped: (outcome as { skipped: string }).skipped, ms: clock() - t };
    } catch (error) {
      reports[source] = { error: errorText(error), ms: clock() - t };
    }
    reports[source] ??= { ms: clock() - t };
  }
  const sourced = clock();

  // Only a delta of the index's own version resolves ids (never mix versions).
  const freshById: ReadonlyMap<string, FreshItem> = input.fresh && input.fresh.space.version === index.space.version ? prepareFresh(input.fresh).byId : new Map();
  const merged = mergeProposals(lists, {
    limit: config.limit,
    quotas: config.quotas,
    priority: config.priority,
    known: (itemId) => !turnedDown.has(itemId) && !exclude?.has(itemId) && (table.rowOf(itemId) !== undefined || freshById.has(itemId)),
  });
  for (const [source, counts] of Object.entries(merged.counts) as [SourceName, NonNullable<(typeof merged.counts)[SourceName]>][]) {
    reports[source] = { ...reports[source]!, counts };
  }
  const mergedAt = clock();

  const candidates = merged.candidates.map((c): RetrievedCandidate => {
    const row = table.rowOf(c.itemId);
    const base = { itemId: c.itemId, sources: c.sources, retrievalScore: c.retrievalScore, ...(c.because !== undefined && { because: c.because }) };
    if (row !== undefined) {
      const facts = table.facts(row);
      return { ...base, row, facts, rankingFacts: rankingFactsOf(facts, collaborativeSignals(collaborative, index.vector(row), c.itemId)) };
    }
    const fresh = freshById.get(c.itemId)!;
    const freshInfo = { publishTime: fresh.publishTime, embeddedAt: fresh.embeddedAt };
    // No item id: a fresh item is in no co-visitation list yet, so its cf_co_visitation slot says
    // missing rather than 0 ("in no list", which the ranker learned as a sign against an item).
    const signals = collaborativeSignals(collaborative, fresh.vector);
    if (fresh.facts === undefined) return { ...base, row: -1, facts: null, fresh: freshInfo, rankingFacts: { categories: [], publishTime: fresh.publishTime, ...(signals && { collaborative: signals }) } };
    // The delta carries the catalog's facts: the item is ranked and ruled like an indexed one.
    const facts: ItemFacts = { itemId: c.itemId, publishTime: fresh.publishTime, ...fresh.facts };
    return { ...base, row: -1, facts, fresh: freshInfo, rankingFacts: rankingFactsOf(facts, signals) };
  });
  const done = clock();

  return {
    userClass,
    seedsFromHistory: userItems.seedsFromHistory,
    embeddingVersion: index.space.version,
    candidates,
    sources: reports,
    timings: { queryMs: queried - started, sourcesMs: sourced - queried, mergeMs: mergedAt - sourced, factsMs: done - mergedAt, totalMs: done - started },
  };
}

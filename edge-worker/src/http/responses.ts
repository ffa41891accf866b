// The response bodies of the API as zod schemas: the OpenAPI document is
// generated from them, and tests (or a debug mode) can check a handler's
// output against them. Field names are the wire names (snake_case).
import { SOURCES } from '@freshet/shared/candidates/sources';
import { z } from 'zod';

export const recommendedItemSchema = z.object({
  item_id: z.string(),
  score: z.number().meta({ description: 'Combined ranker score (or retrieval order when the ranker was skipped); higher first.' }),
  sources: z.array(z.string()).meta({
    description: `Retrieval sources that proposed the item, highest priority first: ${SOURCES.join(', ')}; "fallback" for the bundled last-resort list.`,
  }),
  explanation: z.string().meta({ description: 'Why the item is here, from its attribution ("Because you watched …").' }),
  position: z.number().int().min(0).meta({ description: 'Position in the full list across pages (0-based).' }),
  explore: z.object({ propensity: z.number().min(0).max(1) }).optional().meta({ description: 'Present on exploration slots, with the probability the slot had of showing this item.' }),
  pinned: z.literal(true).optional().meta({ description: 'Present on editorial pins.' }),
});

export const recommendationsResponseSchema = z.object({
  request_id: z.string().meta({ description: 'Send it back with impressions and interactions (attribution).' }),
  items: z.array(recommendedItemSchema),
  next_cursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null when there is none. Pages never repeat items.' }),
  index_version: z.string().nullable().meta({ description: 'Index bundle used; null when only the bundled last-resort list was available.' }),
  model_version: z.string().nullable().meta({ description: 'Ranker used; null when ranking was skipped.' }),
  variant: z.string().meta({ description: 'Experiment variant the user is assigned to.' }),
  degraded: z.array(z.string()).meta({
    description: 'Fallbacks taken for this request, e.g. "features_timeout_cached_profile", "features_error_cold_path", "ranker_timeout", "retrieval_error", "index_unavailable"; empty when none.',
  }),
  debug: z.record(z.string(), z.unknown()).optional().meta({ description: 'Only with debug=true and the admin token: what each stage and rule did.' }),
});

export const similarItemsResponseSchema = z.object({
  item_id: z.string(),
  items: z.array(z.object({ item_id: z.string(), score: z.number(), explanation: z.string() })),
  index_version: z.string().nullable(),
  degraded: z.array(z.string()),
});

export const acceptedSchema = z.object({ accepted: z.number().int().min(1) });

export const invalidRequestSchema = z.object({
  error: z.literal('invalid_request'),
  problems: z.array(
    z.object({
      field: z.string().meta({ description: 'Dotted path of the parameter or body field ("3.item_id"); "" for the request as a whole.' }),
      message: z.string(),
    }),
  ),
});

export const errorSchema = z.object({
  error: z.string().meta({ description: 'Machine-readable code: unauthorized, forbidden, rate_limited, payload_too_large, unsupported_media_type, ingestion_unavailable, misconfigured, not_found.' }),
  problem: z.string().meta({ description: 'One sentence for humans saying what to change.' }),
});

export const healthSchema = z.object({ status: z.literal('ok'), region: z.string() });

export const versionSchema = z
  .object({
    region: z.string(),
    index_version: z.string().nullable(),
    model_version: z.string().nullable(),
  })
  .catchall(z.unknown())
  .meta({ description: 'Active versions in this region; more detail (per-stage state) may follow.' });

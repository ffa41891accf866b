// The shipper's smoke query: a tiny worker that loads a version's index from
// the region's artifact store exactly as the edge does (streamed into the WASM
// kernel) and answers one search. GET /smoke-query?version=<v> → 200 with the
// top items, or 500 naming what is wrong (the shipper then refuses to promote).
import { manifestKey, fileKey } from '@freshet/shared/artifacts/keys';
import { normalize, queryVector } from '@freshet/shared/embeddings/space';
import { loadIndexFromStream } from './load.js';

interface SmokeEnv {
  ARTIFACTS: R2Bucket;
}

const fail = (status: number, problem: string) => Response.json({ ok: false, problem }, { status });

export default {
  async fetch(request: Request, env: SmokeEnv): Promise<Response> {
    const version = new URL(request.url).searchParams.get('version');
    if (!version) return fail(400, 'version is required');
    const manifestObject = await env.ARTIFACTS.get(manifestKey(version));
    if (!manifestObject) return fail(500, `${version} has no manifest`);
    const manifest = (await manifestObject.json()) as { embedding_version: string; dim: number; item_count: number };
    const indexObject = await env.ARTIFACTS.get(fileKey(version, 'index.bin'));
    if (!indexObject) return fail(500, `${version} has no index.bin`);
    let index;
    try {
      index = await loadIndexFromStream(indexObject.body, indexObject.size);
    } catch (error) {
      return fail(500, `index.bin does not load: ${(error as Error).message}`);
    }
    if (index.space.version !== manifest.embedding_version || index.space.dim !== manifest.dim || index.count !== manifest.item_count) {
      return fail(500, `index.bin is ${index.space.version}/${index.space.dim}d/${index.count} items, the manifest says ${manifest.embedding_version}/${manifest.dim}d/${manifest.item_count}`);
    }
    // A fixed query: the answer must be k distinct items, best first, with finite scores.
    const values = normalize(Float32Array.from({ length: index.space.dim }, (_, d) => Math.sin(d + 1)));
    const k = Math.min(10, index.count);
    const hits = index.search(queryVector(index.space, values), k);
    const ids = Array.from(hits.rows, (row) => index.itemId(row));
    const scores = Array.from(hits.scores);
    if (ids.length !== k || new Set(ids).size !== k) return fail(500, `the search returned ${ids.length} items (${new Set(ids).size} distinct), expected ${k}`);
    if (scores.some((s, i) => !Number.isFinite(s) || (i > 0 && s > scores[i - 1]!))) return fail(500, 'the search returned non-finite or unordered scores');
    // A query from another embedding version must be refused (R8).
    try {
      index.search(queryVector({ version: `${index.space.version}-other`, dim: index.space.dim }, values), 1);
      return fail(500, 'a query from another embedding version was answered');
    } catch {
      // expected
    }
    return Response.json({ ok: true, version, items: index.count, layout: index.layout, top: ids.slice(0, 3) });
  },
};

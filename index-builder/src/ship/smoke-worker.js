// The smoke-check worker, run in workerd by Miniflare next to a region's R2
// bucket (binding ARTIFACTS). GET /smoke?version=<v>[&query=<path>] loads the
// version's manifest exactly as the edge would, re-hashes every file with
// crypto.subtle, and, when a QUERY worker is bound (e.g. the real edge
// worker), asks it `<path>` and reports its answer. Plain JS: workerd runs it
// as is, with no build step.
/* global crypto, Response, URL */

const hex = (buffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

async function smoke(env, version, queryPath) {
  const problems = [];
  const manifestObject = await env.ARTIFACTS.get(`indexes/${version}/manifest.json`);
  if (manifestObject === null) return { ok: false, version, problems: [`indexes/${version}/manifest.json not found`] };
  let manifest;
  try {
    manifest = JSON.parse(await manifestObject.text());
  } catch (e) {
    return { ok: false, version, problems: [`manifest is not JSON: ${e.message}`] };
  }
  if (manifest.version !== version) problems.push(`manifest names version ${manifest.version}`);
  let files = 0;
  let bytes = 0;
  for (const [name, entry] of Object.entries(manifest.files ?? {})) {
    const object = await env.ARTIFACTS.get(`indexes/${version}/${name}`);
    if (object === null) {
      problems.push(`${name}: missing`);
      continue;
    }
    const body = await object.arrayBuffer();
    files++;
    bytes += body.byteLength;
    if (body.byteLength !== entry.bytes) problems.push(`${name}: ${body.byteLength} bytes, manifest says ${entry.bytes}`);
    else {
      const sha = hex(await crypto.subtle.digest('SHA-256', body));
      if (sha !== entry.sha256) problems.push(`${name}: sha256 ${sha}, manifest says ${entry.sha256}`);
    }
  }
  const report = { ok: problems.length === 0, version, files, bytes, item_count: manifest.item_count, problems };
  if (report.ok && queryPath) {
    if (!env.QUERY) return { ...report, ok: false, problems: ['a smoke query was asked for but no QUERY worker is bound'] };
    const answer = await env.QUERY.fetch(new URL(queryPath, 'http://smoke.local').href);
    const text = await answer.text();
    report.query = { status: answer.status, body: text.slice(0, 2000) };
    if (!answer.ok) {
      report.ok = false;
      report.problems.push(`smoke query ${queryPath} answered ${answer.status}`);
    }
  }
  return report;
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const version = url.searchParams.get('version');
    if (url.pathname !== '/smoke' || !version) return new Response('GET /smoke?version=<v>', { status: 404 });
    try {
      const report = await smoke(env, version, url.searchParams.get('query'));
      return Response.json(report);
    } catch (e) {
      return Response.json({ ok: false, version, problems: [`smoke worker failed: ${e && e.message}`] });
    }
  },
};

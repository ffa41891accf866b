// `npm run docs`: regenerates the generated sections of the docs from the code.
import { readFileSync, writeFileSync } from 'node:fs';
import { renderFeatureTable, renderStateTable } from '@freshet/shared';

const file = new URL('../docs/features.md', import.meta.url);
let doc = readFileSync(file, 'utf8');
for (const [name, content] of [['features', renderFeatureTable()], ['state', renderStateTable()]] as const) {
  const pattern = new RegExp(`(<!-- ${name}:start -->\\n)[\\s\\S]*?(\\n<!-- ${name}:end -->)`);
  if (!pattern.test(doc)) throw new Error(`docs/features.md has no ${name} section markers`);
  doc = doc.replace(pattern, `$1${content}$2`);
}
writeFileSync(file, doc);
console.log('docs/features.md regenerated');

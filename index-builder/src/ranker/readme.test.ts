import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { FEATURE_SCHEMA_HASH, featureSchemaMarkdown } from '@freshet/shared/ranking/index';

describe('ranker README', () => {
  it('shows the feature schema and hash exactly as the code defines them', async () => {
    const readme = await readFile(new URL('./README.md', import.meta.url), 'utf8');
    expect(readme).toContain(`Hash: \`${FEATURE_SCHEMA_HASH}\``);
    expect(readme).toContain(featureSchemaMarkdown());
  });
});

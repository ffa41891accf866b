// Writes <state>/stack.json for infra/bin/up, then reads it back through loadStack so the file
// can never drift from the shape that tests and dev CLIs validate.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadStack, type Stack } from './stack.js';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    'state-dir': { type: 'string' },
    broker: { type: 'string', multiple: true },
    // "name,redisUrl,restUrl"; the REST token comes from $KV_REST_TOKEN, not argv.
    region: { type: 'string', multiple: true },
  },
});

const out = values.out;
const stateDir = values['state-dir'];
const token = process.env.KV_REST_TOKEN;
if (!out || !stateDir || !token || !values.broker?.length || !values.region?.length) {
  console.error('usage: KV_REST_TOKEN=… write-stack.ts --out F --state-dir D --broker H:P… --region name,redisUrl,restUrl…');
  process.exit(2);
}

const stack: Stack = {
  stateDir,
  kafka: { brokers: values.broker },
  regions: values.region.map((spec) => {
    const [name = '', redisUrl = '', restUrl = ''] = spec.split(',');
    return { name, redisUrl, restUrl, restToken: token };
  }),
};

mkdirSync(dirname(out), { recursive: true });
// Write then rename: a reader never sees half a file.
writeFileSync(`${out}.tmp`, `${JSON.stringify(stack, null, 2)}\n`);
renameSync(`${out}.tmp`, out);
loadStack({ FRESHET_STACK_FILE: out });

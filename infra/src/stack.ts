// Where the running local stack lives. `infra/bin/up` writes .state/stack.json;
// tests and dev CLIs read it here instead of guessing ports.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const RegionSchema = z.object({
  name: z.string().min(1),
  redisUrl: z.string().url(),
  restUrl: z.string().url(),
  restToken: z.string().min(1),
});

const StackSchema = z.object({
  stateDir: z.string(),
  kafka: z.object({ brokers: z.array(z.string().min(1)).min(1) }),
  regions: z.array(RegionSchema).min(1),
});

export type Stack = z.infer<typeof StackSchema>;
export type StackRegion = z.infer<typeof RegionSchema>;

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Path of the stack description: $FRESHET_STACK_FILE, else <state dir>/stack.json. */
export function stackFilePath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FRESHET_STACK_FILE) return resolve(env.FRESHET_STACK_FILE);
  const stateDir = env.FRESHET_STATE_DIR ? resolve(env.FRESHET_STATE_DIR) : resolve(REPO_ROOT, '.state');
  return resolve(stateDir, 'stack.json');
}

export class StackNotRunningError extends Error {
  override readonly name = 'StackNotRunningError';
}

/** Reads and validates the running stack's description; throws a message that says what to do. */
export function loadStack(env: NodeJS.ProcessEnv = process.env): Stack {
  const file = stackFilePath(env);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new StackNotRunningError(
      `The local stack is not running: ${file} does not exist. Start it with \`npm run infra:up\`.`,
    );
  }
  const parsed = StackSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new StackNotRunningError(`${file} is not a valid stack description: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}

// Running the repo's own commands (infra/bin scripts, npm run index/replay) from the edge
// benchmark: with their output shown as progress, or captured when the bench reads it.
import { spawn } from 'node:child_process';
import { REPO_ROOT } from '@freshet/infra/stack';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
}

/** Runs a command in the repo root; `show` streams its output to stderr (progress), else it is captured. */
export function run(command: string, args: readonly string[], options: { show?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', options.show ? 'inherit' : 'pipe', options.show ? 'inherit' : 'pipe'],
    });
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => resolveRun({ code: code ?? (signal ? 128 : 1), stdout }));
  });
}

/** Like run, but a non-zero exit is an error naming the command (and its output when captured). */
export async function runOrThrow(command: string, args: readonly string[], options: { show?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    const tail = result.stdout.trim().split('\n').slice(-15).join('\n');
    throw new Error(`\`${[command, ...args].join(' ')}\` exited with ${result.code}${tail ? `:\n${tail}` : ''}`);
  }
  return result.stdout;
}

/** `npm run --silent <script> -- <args>` in the repo root. */
export const npmScript = (script: string, args: readonly string[], options: { show?: boolean } = {}) =>
  runOrThrow('npm', ['run', '--silent', script, '--', ...args], options);

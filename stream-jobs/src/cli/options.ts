// Flag parsers and defaults shared by the stream-jobs CLIs, so every CLI
// rejects a bad flag with the same precise message.
import { InvalidArgumentError } from 'commander';
import { loadStack } from '@freshet/infra/stack';

export function positiveInt(flag: string) {
  return (raw: string): number => {
    const value = Number(raw.replace(/_/g, ''));
    if (!Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError(`${flag} must be a positive integer, got "${raw}"`);
    return value;
  };
}

export function nonNegativeInt(flag: string) {
  return (raw: string): number => {
    const value = Number(raw.replace(/_/g, ''));
    if (!Number.isSafeInteger(value) || value < 0) throw new InvalidArgumentError(`${flag} must be an integer ≥ 0, got "${raw}"`);
    return value;
  };
}

export function positiveNumber(flag: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError(`${flag} must be a positive number, got "${raw}"`);
    return value;
  };
}

export function fraction(flag: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0 || value > 1) throw new InvalidArgumentError(`${flag} must be a number between 0 and 1, got "${raw}"`);
    return value;
  };
}

/** "a:1,b:2" → ["a:1", "b:2"], each checked to be host:port. */
export function brokerList(raw: string): string[] {
  const brokers = raw.split(',').map((b) => b.trim()).filter(Boolean);
  if (brokers.length === 0) throw new InvalidArgumentError('--brokers needs at least one host:port');
  for (const broker of brokers) {
    const port = Number(/:(\d+)$/.exec(broker)?.[1]);
    if (!(port > 0 && port < 65536)) throw new InvalidArgumentError(`--brokers: "${broker}" is not host:port`);
  }
  return brokers;
}

/** --brokers default: $KAFKA_BROKERS, else the running local stack, else the stack's default port. */
export function defaultBrokers(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KAFKA_BROKERS) return env.KAFKA_BROKERS;
  try {
    return loadStack(env).kafka.brokers.join(',');
  } catch {
    return `127.0.0.1:${env.KAFKA_PORT ?? '19092'}`;
  }
}

// CLI for the dev Upstash-REST endpoint; `infra/bin/up` starts one per region:
//   node --import tsx infra/src/kv-rest/main.ts --port 18079 --redis-url redis://127.0.0.1:16379 --token <t>
import { Command, InvalidArgumentError, Option } from 'commander';
import { pino } from 'pino';
import { DEFAULT_MAX_BODY_BYTES, createKvRestServer } from './server.js';

function integer(min: number, max: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    }
    return parsed;
  };
}

function redisUrl(value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new InvalidArgumentError('expected a URL like redis://127.0.0.1:6379');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new InvalidArgumentError('expected a redis:// or rediss:// URL');
  }
  return value;
}

interface CliOptions {
  port: number;
  host: string;
  redisUrl: string;
  token?: string;
  maxBodyBytes: number;
  logLevel: string;
}

const program = new Command()
  .name('kv-rest')
  .description(
    'Dev-only Upstash-REST-compatible endpoint in front of a local redis-server, for @upstash/redis clients.',
  )
  .option('--port <port>', 'TCP port to listen on (0 picks a free one)', integer(0, 65535), 18079)
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .option('--redis-url <url>', 'Redis to serve', redisUrl, 'redis://127.0.0.1:6379')
  .addOption(
    new Option('--token <token>', 'bearer token clients must send').env('KV_REST_TOKEN').makeOptionMandatory(),
  )
  .option('--max-body-bytes <bytes>', 'larger request bodies get HTTP 413', integer(1, 2 ** 31), DEFAULT_MAX_BODY_BYTES)
  .addOption(
    new Option('--log-level <level>', 'pino log level (debug logs one line per request)')
      .choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .env('LOG_LEVEL')
      .default('info'),
  )
  .showHelpAfterError();

async function main(): Promise<void> {
  const options = program.parse().opts<CliOptions>();
  const logger = pino({ level: options.logLevel, base: { service: 'kv-rest' } });
  const server = createKvRestServer({
    redisUrl: options.redisUrl,
    token: options.token ?? '',
    logger,
    maxBodyBytes: options.maxBodyBytes,
  });
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  try {
    await server.listen(options.port, options.host);
  } catch (error) {
    logger.fatal({ err: error, port: options.port, host: options.host }, 'cannot listen');
    await server.close();
    process.exit(1);
  }
}

await main();

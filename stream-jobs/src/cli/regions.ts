// The --regions flag: "eu-west=redis://127.0.0.1:16379,us-east=redis://…",
// defaulting to every region of the running local stack.
import { InvalidArgumentError } from 'commander';
import { loadStack } from '@freshet/infra/stack';
import type { RegionConfig } from '../features/redis-region.js';

export function regionList(raw: string): RegionConfig[] {
  const regions = raw.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
    const eq = part.indexOf('=');
    const name = part.slice(0, eq);
    const redisUrl = part.slice(eq + 1);
    if (eq <= 0 || !/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new InvalidArgumentError(`--regions: "${part}" is not name=redis://host:port`);
    try {
      const url = new URL(redisUrl);
      if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error('scheme');
    } catch {
      throw new InvalidArgumentError(`--regions: "${redisUrl}" is not a redis:// or rediss:// URL`);
    }
    return { name, redisUrl };
  });
  if (regions.length === 0) throw new InvalidArgumentError('--regions needs at least one name=redis://host:port');
  if (new Set(regions.map((r) => r.name)).size !== regions.length) throw new InvalidArgumentError('--regions: region names must be unique');
  return regions;
}

export function defaultRegions(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.FRESHET_REGIONS_REDIS) return env.FRESHET_REGIONS_REDIS;
  try {
    return loadStack(env).regions.map((r) => `${r.name}=${r.redisUrl}`).join(',');
  } catch {
    return undefined;
  }
}

// Defaults taken from the running local stack: the --regions flag
// ("eu-west=redis://127.0.0.1:16379,us-east=redis://…") and the offline store's folder.
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

/** The offline store of the local stack: <state dir>/offline (see infra/src/stack.ts). */
export function defaultOfflineDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FRESHET_OFFLINE_DIR) return env.FRESHET_OFFLINE_DIR;
  try {
    return `${loadStack(env).stateDir}/offline`;
  } catch {
    return '.state/offline';
  }
}

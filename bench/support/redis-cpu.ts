import { Redis } from 'ioredis';

/**
 * CPU time the Redis server has used so far (`INFO cpu`: used_cpu_user + used_cpu_sys, all its
 * threads), in ms. The machine's Redis is shared: read it around a run while nothing else uses it.
 */
export async function redisCpuMs(redisUrl: string): Promise<number | undefined> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    const info = await redis.info('cpu');
    const seconds = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
    const total = seconds('used_cpu_user') + seconds('used_cpu_sys');
    return Number.isFinite(total) ? total * 1000 : undefined;
  } catch {
    return undefined;
  } finally {
    redis.disconnect();
  }
}

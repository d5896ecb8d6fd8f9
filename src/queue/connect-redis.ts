import type Redis from 'ioredis';
import { StartupError } from '../config/startup-error';

/** How long start-up waits for Redis before it stops with what to fix. */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * Connects `redis` (created with `lazyConnect`) at start-up, or stops with one message that names
 * REDIS_URL, the address tried (password masked) and the fix. Until it answers, its errors are
 * collected here: no "[ioredis] Unhandled error event", no reconnect attempts left running.
 * `fromEnv`: the URL is the operator's REDIS_URL (false: the private redis-server's).
 */
export async function connectRedis(
  redis: Redis,
  url: string,
  options: { fromEnv: boolean; timeoutMs?: number },
): Promise<void> {
  let lastError: (Error & { code?: string }) | undefined;
  const collect = (error: Error) => (lastError = error);
  redis.on('error', collect);
  let timer: NodeJS.Timeout | undefined;
  const timeoutMs = options.timeoutMs ?? CONNECT_TIMEOUT_MS;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    await Promise.race([redis.connect(), timeout]);
  } catch (error) {
    // Closing may still report the failed socket: nothing of it is unhandled.
    redis.on('error', () => undefined);
    redis.disconnect();
    const why = lastError?.code ?? lastError?.message ?? (error as Error).message;
    throw new StartupError(
      'ERR_REDIS_UNREACHABLE',
      options.fromEnv
        ? `cannot reach Redis at REDIS_URL=${maskedUrl(url)} (${why}): start Redis there, correct REDIS_URL, ` +
            'or unset REDIS_URL to let Tawasul start its own redis-server'
        : `the private redis-server at ${maskedUrl(url)} does not answer (${why}): ` +
            'check REDIS_SERVER_BIN, or set REDIS_URL to an existing Redis',
      { cause: lastError ?? error },
    );
  } finally {
    clearTimeout(timer);
    redis.removeListener('error', collect);
  }
}

/** The URL with its password replaced by `***` (a URL that does not parse is not shown at all). */
export function maskedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(not a valid URL)';
  }
}

import type { Redis } from 'ioredis';

/** The pino method the check uses; a pino logger fits. */
export interface PolicyLogger {
  warn(obj: object, msg: string): void;
}

/** A Redis `maxmemory-policy`; `'unknown'` when the server does not let us read it. */
export type EvictionPolicy = 'noeviction' | 'unknown' | (string & Record<never, never>);

const FIX =
  'set maxmemory-policy to noeviction: `redis-cli CONFIG SET maxmemory-policy noeviction` and the same ' +
  'line in redis.conf, or the maxmemory-policy parameter of a managed Redis';

/**
 * Reads the server's `maxmemory-policy` and warns loudly unless it is `noeviction`: a Redis that evicts
 * keys under memory pressure silently drops BullMQ jobs (outgoing messages, reminders, escalations).
 * Managed Redis services often forbid CONFIG: that is warned about and reported as `'unknown'`, not
 * thrown. Connection errors are thrown.
 */
export async function checkEvictionPolicy(redis: Redis, logger: PolicyLogger): Promise<EvictionPolicy> {
  let reply: unknown;
  try {
    reply = await redis.config('GET', 'maxmemory-policy');
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'ReplyError') throw error;
    logger.warn(
      { err: error.message, fix: `make sure of it by hand: ${FIX}` },
      'cannot read the Redis maxmemory-policy (CONFIG is not allowed); BullMQ loses jobs unless it is noeviction',
    );
    return 'unknown';
  }

  const policy = policyFrom(reply);
  if (policy === undefined) {
    logger.warn(
      { reply, fix: `make sure of it by hand: ${FIX}` },
      'Redis did not report its maxmemory-policy; BullMQ loses jobs unless it is noeviction',
    );
    return 'unknown';
  }
  if (policy !== 'noeviction') {
    logger.warn(
      { policy, fix: FIX },
      `Redis maxmemory-policy is ${policy}, not noeviction: when Redis fills up it will evict BullMQ keys ` +
        'and queued messages, reminders and escalations will be lost without a trace',
    );
  }
  return policy;
}

/** RESP2 answers `['maxmemory-policy', 'noeviction']`, RESP3 a map. */
function policyFrom(reply: unknown): string | undefined {
  if (Array.isArray(reply)) {
    const index = reply.findIndex((item) => String(item).toLowerCase() === 'maxmemory-policy');
    const value: unknown = index >= 0 ? reply[index + 1] : undefined;
    return typeof value === 'string' || Buffer.isBuffer(value) ? value.toString() : undefined;
  }
  if (reply instanceof Map) {
    const value: unknown = reply.get('maxmemory-policy');
    return typeof value === 'string' || Buffer.isBuffer(value) ? value.toString() : undefined;
  }
  if (typeof reply === 'object' && reply !== null && 'maxmemory-policy' in reply) {
    return String((reply as Record<string, unknown>)['maxmemory-policy']);
  }
  return undefined;
}

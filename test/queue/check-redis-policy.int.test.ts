import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import { checkEvictionPolicy } from '../../src/queue/check-redis-policy';
import { startPrivateRedis, type PrivateRedis } from '../../src/queue/redis-server-launcher';

jest.setTimeout(60_000);

// The machine's shared Redis: read only, never reconfigured (other suites use it).
const MACHINE_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

let privateRedis: PrivateRedis;
let dataDir: string;
const clients: Redis[] = [];

function connect(url: string, options: RedisOptions = {}): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1, ...options });
  client.on('error', () => undefined); // surfaced by the rejected command instead
  clients.push(client);
  return client;
}

function recordingLogger() {
  const warnings: { obj: Record<string, unknown>; msg: string }[] = [];
  return {
    warnings,
    logger: { warn: (obj: object, msg: string) => warnings.push({ obj: { ...obj }, msg }) },
  };
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'tawasul-policy-'));
  privateRedis = await startPrivateRedis({ dataDir });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.quit().catch(() => client.disconnect())));
});

afterAll(async () => {
  await privateRedis.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('checkEvictionPolicy', () => {
  it("reports the machine Redis's policy and warns only if it is not noeviction", async () => {
    const client = connect(MACHINE_REDIS_URL);
    const [, actual] = (await client.config('GET', 'maxmemory-policy')) as [string, string];
    const { logger, warnings } = recordingLogger();

    await expect(checkEvictionPolicy(client, logger)).resolves.toBe(actual);
    expect(warnings).toHaveLength(actual === 'noeviction' ? 0 : 1);
  });

  it('finds noeviction on a private Redis and stays quiet', async () => {
    const { logger, warnings } = recordingLogger();
    await expect(checkEvictionPolicy(connect(privateRedis.url), logger)).resolves.toBe('noeviction');
    expect(warnings).toEqual([]);
  });

  it('warns loudly, with the fix, when Redis may evict keys', async () => {
    const client = connect(privateRedis.url);
    await client.config('SET', 'maxmemory-policy', 'allkeys-lru');
    const { logger, warnings } = recordingLogger();
    try {
      await expect(checkEvictionPolicy(client, logger)).resolves.toBe('allkeys-lru');
    } finally {
      await client.config('SET', 'maxmemory-policy', 'noeviction');
    }
    expect(warnings).toEqual([
      {
        obj: {
          policy: 'allkeys-lru',
          fix: expect.stringContaining('CONFIG SET maxmemory-policy noeviction'),
        },
        msg: expect.stringMatching(/maxmemory-policy is allkeys-lru, not noeviction.*will be lost/),
      },
    ]);
  });

  it('returns unknown and warns when the server forbids CONFIG, as managed Redis services do', async () => {
    const admin = connect(privateRedis.url);
    const user = `limited_${process.pid}_${Date.now()}`;
    await admin.call('ACL', 'SETUSER', user, 'on', '>pw', '~*', '&*', '+@all', '-config');
    const { logger, warnings } = recordingLogger();
    try {
      const limited = connect(`redis://${user}:pw@127.0.0.1:${privateRedis.port}`);
      await expect(checkEvictionPolicy(limited, logger)).resolves.toBe('unknown');
    } finally {
      await admin.call('ACL', 'DELUSER', user);
    }
    expect(warnings).toEqual([
      {
        obj: { err: expect.stringMatching(/NOPERM/), fix: expect.stringContaining('noeviction') },
        msg: expect.stringContaining('cannot read the Redis maxmemory-policy'),
      },
    ]);
  });

  it('throws when Redis cannot be reached at all', async () => {
    const down = await startPrivateRedis({ dataDir: path.join(dataDir, 'down') });
    const client = connect(down.url, { retryStrategy: () => null });
    await client.ping();
    await down.stop();
    await expect(checkEvictionPolicy(client, recordingLogger().logger)).rejects.toThrow();
  });
});

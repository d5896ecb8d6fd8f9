import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { ConfigError } from '../../src/config/config-error';
import {
  startPrivateRedis,
  type LauncherLogger,
  type PrivateRedis,
} from '../../src/queue/redis-server-launcher';

jest.setTimeout(60_000);

const started: PrivateRedis[] = [];
const clients: Redis[] = [];
const dirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tawasul-redis-'));
  dirs.push(dir);
  return dir;
}

async function start(dataDir: string, extra: Partial<Parameters<typeof startPrivateRedis>[0]> = {}) {
  const redis = await startPrivateRedis({ dataDir, ...extra });
  started.push(redis);
  return redis;
}

function connect(url: string): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  client.on('error', () => undefined); // surfaced by the rejected command instead
  clients.push(client);
  return client;
}

function recordingLogger() {
  const lines: { level: 'info' | 'warn'; obj: object; msg: string }[] = [];
  const logger: LauncherLogger = {
    info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
  };
  return { logger, lines };
}

/** Running, not merely a zombie waiting for its new parent to reap it. */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
};

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts a private Redis from a separate Node process, writes a key, then runs `then` in that process. */
async function startInAnotherProcess(dataDir: string, then: string) {
  const launcher = path.join(__dirname, '../../src/queue/redis-server-launcher.ts');
  const script = `
    const { startPrivateRedis } = require(${JSON.stringify(launcher)});
    const { Redis } = require('ioredis');
    startPrivateRedis({ dataDir: ${JSON.stringify(dataDir)} }).then(async (redis) => {
      const client = new Redis(redis.url);
      await client.set('left-behind', 'still here');
      await client.quit();
      console.log('ready ' + redis.pid);
      ${then}
    });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const redisPid = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    void exited.then(() => reject(new Error(`helper exited before it was ready: ${out}`)));
  });
  return { child, exited, redisPid };
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.quit().catch(() => client.disconnect())));
  await Promise.all(started.splice(0).map((redis) => redis.stop()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('startPrivateRedis', () => {
  it('serves on 127.0.0.1 with a password, noeviction and persistence on', async () => {
    const dataDir = await tempDir();
    const redis = await start(dataDir);
    expect(redis.url).toMatch(new RegExp(`^redis://:[0-9a-f]{48}@127\\.0\\.0\\.1:${redis.port}$`));

    const client = connect(redis.url);
    await expect(client.ping()).resolves.toBe('PONG');
    expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
    expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
    expect(await client.config('GET', 'save')).toEqual(['save', '60 1000']);
    expect(await client.config('GET', 'dir')).toEqual(['dir', path.join(dataDir, 'redis')]);

    const anonymous = connect(`redis://127.0.0.1:${redis.port}`);
    await expect(anonymous.ping()).rejects.toThrow(/NOAUTH/);
  });

  it('keeps data across a stop and a restart on the same folder (append-only log)', async () => {
    const dataDir = await tempDir();
    const first = await start(dataDir);
    const writer = connect(first.url);
    await writer.set('tawasul:test:kept', 'مرحبا');
    await writer.quit();
    await first.stop();
    await first.stop(); // idempotent
    expect(alive(first.pid)).toBe(false);
    expect(existsSync(path.join(dataDir, 'redis', 'appendonlydir'))).toBe(true);

    const second = await start(dataDir);
    const reader = connect(second.url);
    await expect(reader.get('tawasul:test:kept')).resolves.toBe('مرحبا');
  });

  it('runs two at once on different ports', async () => {
    const [a, b] = await Promise.all([start(await tempDir()), start(await tempDir())]);
    expect(a.port).not.toBe(b.port);
    await connect(a.url).set('which', 'a');
    await expect(connect(b.url).get('which')).resolves.toBeNull();
  });

  it('tries another port when the one it picked is taken', async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const taken = (squatter.address() as net.AddressInfo).port;
    const ports = [taken];
    const { logger, lines } = recordingLogger();
    try {
      const redis = await start(await tempDir(), {
        logger,
        pickPort: async () => ports.shift() ?? freePort(),
      });
      expect(redis.port).not.toBe(taken);
      await expect(connect(redis.url).ping()).resolves.toBe('PONG');
      expect(lines).toContainEqual(
        expect.objectContaining({ level: 'warn', obj: { port: taken, attempt: 1 } }),
      );
    } finally {
      squatter.close();
    }
  });

  it('throws a ConfigError with the install hint when the binary is missing', async () => {
    const attempt = startPrivateRedis({ dataDir: await tempDir(), bin: 'redis-server-that-does-not-exist' });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toMatchObject({
      code: 'ERR_CONFIG',
      message: expect.stringMatching(
        /redis-server was not found \(REDIS_SERVER_BIN="redis-server-that-does-not-exist"\).*apt-get install redis-server.*brew install redis.*REDIS_URL/,
      ),
    });
  });

  it('dies with the Node process that started it, flushing its data', async () => {
    const dataDir = await tempDir();
    const { exited, redisPid } = await startInAnotherProcess(dataDir, 'process.exit(0)');
    await exited;
    const deadline = Date.now() + 10_000;
    while (alive(redisPid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive(redisPid)).toBe(false);

    const redis = await start(dataDir);
    await expect(connect(redis.url).get('left-behind')).resolves.toBe('still here');
  });

  it('stops a redis-server left behind by a process that was killed, and keeps its data', async () => {
    const dataDir = await tempDir();
    // SIGKILL: no exit hook runs, the redis-server is orphaned.
    const { child, exited, redisPid } = await startInAnotherProcess(dataDir, '');
    child.kill('SIGKILL');
    await exited;
    expect(alive(redisPid)).toBe(true);

    const { logger, lines } = recordingLogger();
    const redis = await start(dataDir, { logger });
    expect(alive(redisPid)).toBe(false);
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 'warn', obj: { redisPid, dir: path.join(dataDir, 'redis') } }),
    );
    await expect(connect(redis.url).get('left-behind')).resolves.toBe('still here');
  });

  it('refuses a folder whose redis-server belongs to a live process', async () => {
    const dataDir = await tempDir();
    const redis = await start(dataDir);
    await expect(startPrivateRedis({ dataDir })).rejects.toThrow(
      new RegExp(
        `is in use by another running Tawasul \\(process ${process.pid}, its redis-server is process ${redis.pid}\\)`,
      ),
    );
    await expect(connect(redis.url).ping()).resolves.toBe('PONG');
    expect(readFileSync(path.join(dataDir, 'redis', 'owner.pid'), 'utf8').trim()).toBe(String(process.pid));
  });
  it('runs in a process group of its own: Ctrl+C in a terminal reaches Tawasul, which stops it', async () => {
    const redis = await start(await tempDir());
    const group = (pid: number) => {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    };
    expect(group(redis.pid)).toBe(redis.pid);
    expect(group(redis.pid)).not.toBe(group(process.pid));
  });

  it('a clean exit followed by the stop Tawasul asked for is quiet: no "exited unexpectedly", no restart', async () => {
    const { logger, lines } = recordingLogger();
    const redis = await start(await tempDir(), { logger });
    const pid = redis.pid;
    // A service manager stopping the whole service signals Redis and Tawasul at once.
    process.kill(pid, 'SIGTERM');
    while (alive(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await redis.stop();
    expect(lines.map((line) => line.msg)).toEqual([
      'private redis-server started',
      'private redis-server stopped',
    ]);
    expect(redis.restarts).toBe(0);
  });
});

describe('a stop that takes longer than the grace', () => {
  it('is still quiet once Tawasul said it is stopping: no "exited unexpectedly", no restart', async () => {
    const { logger, lines } = recordingLogger();
    const redis = await startPrivateRedis({ dataDir: await tempDir(), logger });
    started.push(redis);
    const pid = redis.pid;
    // Tawasul's stop begins, the service manager signals Redis too, and the queues take their time.
    redis.expectStop();
    process.kill(pid, 'SIGTERM');
    while (alive(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    await redis.stop();
    expect(lines.map((line) => line.msg)).toEqual([
      'private redis-server started',
      'private redis-server stopped',
    ]);
    expect(redis.restarts).toBe(0);
  });
});

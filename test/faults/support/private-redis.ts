import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { freePort } from '../../support/app-process';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A redis-server of the test's own, on a free port with its own data folder, configured like
 * production (docker-compose.yml: AOF on, `noeviction`). The fault suites restart it at will; the
 * machine's shared Redis (6379), which other test runs use, is never touched.
 */
export class PrivateRedis {
  private child: ChildProcess | undefined;
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-faults-redis-'));
  port = 0;
  restarts = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.port === 0) this.port = await freePort();
    const child = spawn(
      process.env.REDIS_SERVER_BIN ?? 'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
        '--daemonize',
        'no',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    child.stderr.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`redis-server exited: ${output}`);
      const probe = new Redis(this.port, '127.0.0.1', {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        // Until the AOF is loaded Redis answers LOADING: wait for a real PONG.
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        // not up yet
      } finally {
        probe.disconnect();
      }
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${this.port}: ${output}`);
      await sleep(50);
    }
  }

  /** kill -9: what a crash or an OOM kill does. With AOF, what Redis acknowledged is in the OS cache. */
  async kill(): Promise<void> {
    await this.exit(() => this.child?.kill('SIGKILL'));
  }

  /** `SHUTDOWN NOSAVE`: a stop without an RDB snapshot (the AOF is still flushed). */
  async shutdownNoSave(): Promise<void> {
    await this.exit(async () => {
      const client = new Redis(this.port, '127.0.0.1', {
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      client.on('error', () => undefined);
      await client.call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
      client.disconnect();
    });
  }

  /** Stops it one way or the other and starts it again on the same port and folder. */
  async restart(how: 'kill' | 'shutdown-nosave'): Promise<void> {
    if (how === 'kill') await this.kill();
    else await this.shutdownNoSave();
    this.restarts++;
    await this.start();
  }

  async stop(): Promise<void> {
    await this.shutdownNoSave();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async exit(how: () => unknown): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await how();
    await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
    await exited;
  }
}

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTawasul } from '../../src/app/start-tawasul';
import { freePort } from '../support/app-process';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { captureLogs, type LogEntry } from '../support/log-capture';
import { freshQueuePrefix } from '../support/spine-harness';

const INFO = 30;

/**
 * A first start as a new user makes it, on the embedded database and a private redis-server, with the
 * app's own logger: every step says what it did and how long it took, in order; a health probe adds no
 * info line; a normal stop does not report the private redis-server as crashed.
 */
describe('start-up progress and a quiet stop', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-progress-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('logs each start-up step with ms, probes at debug, and stops without "exited unexpectedly"', async () => {
    const { logger, entries } = captureLogs('debug');
    const port = await freePort();
    const tawasul = await startTawasul({
      profile: DEMO_PROFILE_PATH,
      dataDir,
      database: '',
      queuePrefix: freshQueuePrefix(),
      encryption: 'off',
      channels: { inprocess: true },
      http: { host: '127.0.0.1', port },
      logger,
    });
    const started = entries().length;
    expect((await fetch(`${tawasul.address}/healthz`)).status).toBe(200);
    expect((await fetch(`${tawasul.address}/readyz`)).status).toBe(200);
    const probes = entries().slice(started);
    await tawasul.stop();

    const info = (list: LogEntry[]) => list.filter((e) => e.level >= INFO);
    const steps = info(entries().slice(0, started)).filter((e) => typeof e.ms === 'number');
    const order = [
      'private redis-server started',
      'connected to Redis',
      'embedded database opened',
      'migration 1/',
      'migrations: ',
      'channel ready',
      'HTTP listening',
    ];
    const seen = order.map((prefix) => steps.findIndex((e) => e.msg.startsWith(prefix)));
    expect(seen.every((index) => index >= 0)).toBe(true);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(entries()[0]?.msg).toBe('starting Tawasul');
    // Migrations count up to their total, each with its time, and then say so.
    const migrations = steps.filter((e) => /^migration \d+\/\d+ applied$/.test(e.msg));
    const total = Number(/\/(\d+)/.exec(migrations[0]!.msg)![1]);
    expect(migrations).toHaveLength(total);
    expect(migrations.at(-1)!.msg).toBe(`migration ${total}/${total} applied`);
    expect(steps.find((e) => e.msg.startsWith('migrations: '))!.msg).toBe(
      `migrations: ${total} applied, ${total}/${total}`,
    );
    expect(steps.find((e) => e.msg === 'channel ready')).toMatchObject({ channel: 'inprocess' });

    // Two probes: debug lines only.
    expect(probes.filter((e) => e.msg === 'request completed')).toHaveLength(2);
    expect(info(probes)).toEqual([]);

    const messages = entries().map((e) => e.msg);
    expect(messages).toContain('private redis-server stopped');
    expect(messages.filter((m) => m.includes('exited unexpectedly'))).toEqual([]);
  }, 120_000);
});

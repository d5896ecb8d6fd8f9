/*
 * Replays issue 17, M6 "losing the private Redis is an outage until a restart": with REDIS_URL unset the
 * app runs its own redis-server; the attack killed it (kill -9). Nothing started it again, a person's
 * message was accepted and never answered, `[ioredis] Unhandled error event` filled the log on every
 * reconnect attempt, and stopping then needed the 20-s hard limit. Now the launcher starts it again on
 * the same port, the reply written during the outage is sent once it is back, the loss is logged once
 * (not per retry) with no unhandled error event, and a stop with Redis gone does not wait for it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { startTestTawasul, textOf } from '../support/spine-harness';
import { describeEachDatabase } from '../support/databases';

/** A logger whose lines the test reads. */
function capturedLogger() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lines.push(JSON.parse(line) as { level: number; msg: string });
      }
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether process `pid` still exists (signal 0 only asks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describeEachDatabase(
  'the private Redis is killed while the app runs',
  (getDb) => {
    it('is started again; what was written meanwhile is answered; no unhandled error; stop does not wait', async () => {
      const printed: string[] = [];
      const consoleError = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
        printed.push(args.map(String).join(' '));
      });
      const { logger, lines } = capturedLogger();
      // REDIS_URL unset: the embedded default, a private redis-server in the data folder.
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-redis-loss-'));
      const app = await startTestTawasul(getDb(), {
        dataDir,
        redisUrl: undefined,
        channels: { inprocess: true },
        logger,
      });
      let stopped = false;
      let squatter: net.Server | undefined;
      const sockets: net.Socket[] = [];
      try {
        const chat = app.channels.inprocess!;
        await chat.say('redis-loss-sara', 'السلام عليكم');
        expect(textOf(await chat.nextReply('redis-loss-sara'))).not.toBe('');

        const pidFile = path.join(dataDir, 'redis', 'redis-server.pid');
        const pid = Number(readFileSync(pidFile, 'utf8').trim());
        process.kill(pid, 'SIGKILL');
        // During the outage: the message is accepted, its step committed and its reply sent, since replies
        // on a channel that deduplicates go out without Redis.
        await chat.say('redis-loss-sara', '١');
        expect(textOf(await chat.nextReply('redis-loss-sara', 30_000))).not.toBe('');
        for (
          let waited = 0;
          waited < 30_000 && !lines.some((l) => l.msg === 'private redis-server restarted');
        ) {
          await sleep(100);
          waited += 100;
        }
        // Another after the restart goes through as usual.
        await chat.say('redis-loss-sara', 'القائمة');
        expect(textOf(await chat.nextReply('redis-loss-sara', 30_000))).not.toBe('');

        const messages = lines.map((l) => l.msg);
        expect(printed.join('\n')).not.toMatch(/Unhandled error event/);
        expect(messages.filter((m) => m.startsWith('private redis-server exited unexpectedly'))).toHaveLength(
          1,
        );
        expect(messages.filter((m) => m === 'private redis-server restarted')).toHaveLength(1);
        // Each connection logs the loss once, whatever the number of reconnect attempts.
        const lost = lines.filter((l) => l.msg === 'Redis connection lost; retrying until it is back');
        expect(lost.length).toBeLessThanOrEqual(5);

        // Redis gone for good: killed, and its port taken by a program that never answers, so it cannot
        // come back while the app stops. The stop must not wait for it (before: the 20-s hard limit).
        const port = (
          lines.find((l) => l.msg === 'private redis-server started') as { port?: number } | undefined
        )?.port;
        expect(port).toBeGreaterThan(0);
        const again = Number(readFileSync(pidFile, 'utf8').trim());
        expect(again).not.toBe(pid);
        process.kill(again, 'SIGKILL');
        // The port is free once the process is gone (the launcher waits 0.2 s before starting it again).
        while (alive(again)) await sleep(5);
        squatter = await new Promise<net.Server>((resolve, reject) => {
          const server = net.createServer((socket) => sockets.push(socket));
          server.once('error', reject);
          server.listen(port, '127.0.0.1', () => resolve(server));
        });
        await chat.say('redis-loss-sara', '٠'); // its reply cannot be queued now: it waits for the next start
        await sleep(200);
        await app.stop();
        stopped = true;
        const all = lines.map((l) => l.msg);
        expect(all).toContain('stop: Redis does not answer; closing the queues without waiting for it');
        // The bounded wait for replies, whose timeout led into the hard limit, was not taken.
        expect(all).not.toContain('stopping with replies not yet sent: the next start sends them');
        expect(printed.join('\n')).not.toMatch(/Unhandled error event/);
      } finally {
        if (!stopped) await app.stop();
        for (const socket of sockets) socket.destroy();
        squatter?.close();
        consoleError.mockRestore();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }, 90_000);
  },
  { migrate: true },
);

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/app-process';

jest.setTimeout(90_000);

const ROOT = path.join(__dirname, '../..');
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function dataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-startup-'));
  dirs.push(dir);
  return dir;
}

interface Run {
  code: number | null;
  output: string;
}

/**
 * `src/main.ts` as `npm start` runs it, in a process group of its own (as a terminal's foreground job);
 * `then` runs once it says it is running (a start that fails never gets there).
 */
function runMain(env: NodeJS.ProcessEnv, then?: (pid: number) => void): Promise<Run> {
  // The tsx launcher, as `npm start` runs it: a terminal's Ctrl+C reaches it, the app and its children.
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_OPTIONS: '', HTTP_PORT: '0', DATA_DIR: dataDir(), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (then && output.includes('Tawasul is running')) {
      then(child.pid!);
      then = undefined;
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}

const STACK_LINE = /^\s+at /m;

describe('start-up errors name the setting and the fix', () => {
  it('REDIS_URL to a closed port: one message with the masked address, no unhandled error', async () => {
    const port = await freePort();
    const run = await runMain({ REDIS_URL: `redis://:s3cret-pass@127.0.0.1:${port}` });
    expect(run.code).toBe(1);
    expect(run.output).toContain(
      `Tawasul cannot start (ERR_REDIS_UNREACHABLE): cannot reach Redis at REDIS_URL=redis://:***@127.0.0.1:${port} ` +
        '(ECONNREFUSED): start Redis there, correct REDIS_URL, or unset REDIS_URL to let Tawasul start its own redis-server',
    );
    expect(run.output).not.toContain('s3cret-pass');
    expect(run.output).not.toMatch(/Unhandled error event|Connection is closed|Redis connection lost/);
    expect(run.output).not.toMatch(STACK_LINE);
  });

  it('HTTP_PORT taken: says so before starting anything else', async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const { port } = squatter.address() as net.AddressInfo;
    try {
      const run = await runMain({ HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port) });
      expect(run.code).toBe(1);
      expect(run.output).toContain(
        `Tawasul cannot start (ERR_PORT_IN_USE): 127.0.0.1:${port} (HTTP_HOST=127.0.0.1, HTTP_PORT=${port}) is ` +
          'already in use (EADDRINUSE): is another Tawasul running? Stop it, or choose another port with HTTP_PORT',
      );
      // Checked first: neither Redis nor the database was started for nothing (that took 19 s).
      expect(run.output).not.toContain('private redis-server started');
      expect(run.output).not.toMatch(STACK_LINE);
    } finally {
      squatter.close();
    }
  });

  it('DATABASE_URL to a closed port: the message and its fix, a stack trace only with LOG_LEVEL=debug', async () => {
    const port = await freePort();
    const env = { DATABASE_URL: `postgres://tawasul:s3cret@127.0.0.1:${port}/tawasul` };
    const message =
      `Tawasul cannot start (ERR_DATABASE_UNREACHABLE): cannot reach PostgreSQL at 127.0.0.1:${port} ` +
      '(ECONNREFUSED): check DATABASE_URL or unset it to use the embedded database';
    const [plain, debug] = await Promise.all([runMain(env), runMain({ ...env, LOG_LEVEL: 'debug' })]);
    expect(plain.code).toBe(1);
    expect(plain.output).toContain(message);
    expect(plain.output).not.toMatch(STACK_LINE);

    expect(debug.code).toBe(1);
    expect(debug.output).toContain(message);
    expect(debug.output).toMatch(/StartupError: cannot reach PostgreSQL[^\n]*\n\s+at /);
    expect(debug.output).toMatch(/Caused by: Error: connect ECONNREFUSED/);
    for (const run of [plain, debug]) expect(run.output).not.toContain('s3cret');
  });
});

describe('a normal stop', () => {
  it('Ctrl+C (SIGINT to the whole process group) stops quietly with its private redis-server', async () => {
    const run = await runMain({}, (pid) => setTimeout(() => process.kill(-pid, 'SIGINT'), 200));
    expect(run.output).toContain('private redis-server stopped');
    expect(run.output).not.toContain('exited unexpectedly');
    expect(run.code).toBe(0);
  });
});

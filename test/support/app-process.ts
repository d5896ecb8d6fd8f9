import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.join(__dirname, '../..');

/** A fixed test key: app processes sharing a database server must share their encryption key. */
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');

/**
 * Load tests play many visitors from one address (127.0.0.1): the web chat's limits per address, meant
 * for real clients, would hold them back. Spread into the app's environment.
 */
export const LOAD_TEST_WEBCHAT_LIMITS = {
  WEBCHAT_POSTS_PER_ADDRESS_PER_MINUTE: '100000',
  WEBCHAT_POSTS_PER_MINUTE: '1000000',
  WEBCHAT_SESSIONS_PER_ADDRESS_PER_HOUR: '100000',
} as const;

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * The real app (`src/main.ts`) as a child process, started with `env`; `kill()` is SIGKILL, `stop()`
 * is SIGTERM and resolves with the exit code. Start resolves when the app logs that it is running.
 */
export class AppProcess {
  private child: ChildProcess | undefined;
  private readonly captured: Buffer[] = [];
  /** `captureOutput`: keep all the app writes (its logs), across restarts, for tests that read them. */
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly options: { captureOutput?: boolean } = {},
  ) {}

  /** Everything the app wrote to stdout and stderr so far (with `captureOutput`), decoded as UTF-8. */
  get output(): string {
    return Buffer.concat(this.captured).toString('utf8');
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, NODE_OPTIONS: '', ...this.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    let errors = '';
    child.stderr.on('data', (d: Buffer) => (errors += d.toString()));
    if (this.options.captureOutput) {
      // Kept as bytes: a chunk may end in the middle of a multi-byte character (an Arabic digit).
      child.stdout.on('data', (d: Buffer) => this.captured.push(d));
      child.stderr.on('data', (d: Buffer) => this.captured.push(d));
    }
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`app did not start: ${errors}`)), 60_000);
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('Tawasul is running')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`app exited with ${code}: ${errors}`)));
    });
  }

  kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async stop(): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null) return child?.exitCode ?? null;
    return new Promise((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { ConfigError } from '../config/config-error';
import { processInfo, readPid, signal } from './process-info';

/** The two pino methods the launcher uses; a pino logger fits. */
export interface LauncherLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface PrivateRedisOptions {
  /** The app's DATA_DIR; Redis keeps its files (append-only log, snapshot, pid file) in `<dataDir>/redis`. */
  dataDir: string;
  /** The redis-server binary (REDIS_SERVER_BIN). Default `redis-server`, found on the PATH. */
  bin?: string;
  logger?: LauncherLogger;
  /** How long to wait for the first PONG; loading a large append-only log takes a while. Default 30 s. */
  readyTimeoutMs?: number;
  /** Chooses the TCP port to try. Default: a port the OS reports free. Tests pass a taken one. */
  pickPort?: () => Promise<number>;
}

export interface PrivateRedis {
  /** `redis://:<password>@127.0.0.1:<port>`: it carries a password, so log `port`, not `url`. */
  readonly url: string;
  readonly port: number;
  /** The running redis-server's pid (a new one after a restart). */
  readonly pid: number;
  /** How often it was started again after dying. */
  readonly restarts: number;
  /**
   * Tells it that Tawasul is stopping: from now on Redis exiting (a service manager signals the whole
   * service at once) is the stop, not a crash to report and restart. `stop()` still comes last.
   */
  expectStop(): void;
  /** Shuts Redis down gracefully (it flushes its append-only log) and waits for it to exit. Idempotent. */
  stop(): Promise<void>;
}

const PORT_ATTEMPTS = 5;
const STOP_TIMEOUT_MS = 15_000;
const PID_FILE = 'redis-server.pid';
// The pid of the Node process that started the Redis in this folder: tells a live owner from a dead one.
const OWNER_FILE = 'owner.pid';

const silent: LauncherLogger = { info: () => undefined, warn: () => undefined };
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** True when `promise` settles within `ms`; the timer never outlives it (it would hold the process open). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts a private `redis-server` for this process, for when REDIS_URL is unset: listening on 127.0.0.1
 * only, on a free port, with a random password, persistence on (append-only log + snapshots) and
 * `maxmemory-policy noeviction` (BullMQ loses jobs when Redis evicts keys). It dies with this process:
 * `stop()` on shutdown, a SIGTERM from an `exit` hook otherwise; one left behind by a process that was
 * killed outright is stopped on the next start over the same folder.
 *
 * Throws a {@link ConfigError} when the binary is missing or the folder is in use by another live process.
 */
export async function startPrivateRedis(options: PrivateRedisOptions): Promise<PrivateRedis> {
  const started = performance.now();
  const bin = options.bin ?? 'redis-server';
  const logger = options.logger ?? silent;
  const dir = path.resolve(options.dataDir, 'redis');
  const pickPort = options.pickPort ?? freePort;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await stopLeftover(dir, logger);

  const password = randomBytes(24).toString('hex');
  for (let attempt = 1; attempt <= PORT_ATTEMPTS; attempt += 1) {
    const port = await pickPort();
    const launched = await launch(bin, dir, port, password, options.readyTimeoutMs ?? 30_000);
    if (launched === 'port-taken') {
      logger.warn({ port, attempt }, 'port taken before redis-server could bind it; trying another');
      continue;
    }
    const { child, ended } = launched;
    const pid = child.pid ?? 0;
    await writeFile(path.join(dir, OWNER_FILE), `${process.pid}\n`, { mode: 0o600 });
    logger.info(
      { port, redisPid: pid, dir, ms: Math.round(performance.now() - started) },
      'private redis-server started',
    );
    const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
    return supervise({ child, ended, pid, port, password, dir, bin, readyTimeoutMs, logger });
  }
  throw new Error(`redis-server could not bind a free port on 127.0.0.1 after ${PORT_ATTEMPTS} attempts`);
}

interface Exit {
  code?: number | null;
  signal?: NodeJS.Signals | null;
  error?: NodeJS.ErrnoException;
}
interface Launched {
  child: ChildProcess;
  ended: Promise<Exit>;
}

/** Waits between restart attempts of a private redis-server that died: 0.2 s, doubling, at most 5 s. */
const RESTART_BACKOFF_MS = { first: 200, max: 5_000 };
/** How long a redis-server that exited cleanly waits for Tawasul's own stop before it counts as a crash. */
const CLEAN_EXIT_GRACE_MS = 3_000;

/**
 * Keeps the private redis-server running: when it dies (kill -9, OOM killer) it is started again on the
 * same port with the same password, so every client (ioredis reconnects by itself) finds it where it was,
 * with what its append-only log kept. Retries with back-off; logs once when it went and once when it is
 * back, not per attempt (issue 17, M6).
 */
function supervise(
  run: Launched & {
    pid: number;
    port: number;
    password: string;
    dir: string;
    bin: string;
    readyTimeoutMs: number;
    logger: LauncherLogger;
  },
) {
  const { port, password, dir, logger } = run;
  let current: Launched = { child: run.child, ended: run.ended };
  let pid = run.pid;
  let restarts = 0;
  let stopping: Promise<void> | undefined;
  let stopExpected = false;
  let wake: (() => void) | undefined;
  // 'exit' listeners run synchronously: a signal is all that can be sent. SIGTERM makes Redis flush
  // its append-only log before it exits.
  const killOnExit = () => current.child.kill('SIGTERM');
  process.on('exit', killOnExit);

  // Stopping, or about to: no restart.
  const halted = () => stopping !== undefined || stopExpected;
  const restart = async (exit: Exit) => {
    logger.warn(
      { port, redisPid: pid, code: exit.code, signal: exit.signal },
      'private redis-server exited unexpectedly; restarting it on the same port',
    );
    let delay = RESTART_BACKOFF_MS.first;
    let lastError: string | undefined;
    for (let attempt = 1; !halted(); attempt += 1) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
      if (halted()) return;
      try {
        const launched = await launch(run.bin, dir, port, password, run.readyTimeoutMs);
        if (launched !== 'port-taken') {
          if (halted()) {
            launched.child.kill('SIGTERM');
            await launched.ended;
            return;
          }
          current = launched;
          pid = launched.child.pid ?? 0;
          restarts += 1;
          logger.info({ port, redisPid: pid, attempts: attempt }, 'private redis-server restarted');
          watch();
          return;
        }
        lastError = `port ${port} is taken`;
      } catch (error) {
        lastError = (error as Error).message;
      }
      // Once per outage, on the attempt that makes it long: not a line per retry.
      if (delay < RESTART_BACKOFF_MS.max && delay * 2 >= RESTART_BACKOFF_MS.max) {
        logger.warn(
          { port, error: lastError },
          'private redis-server does not start again yet; still trying',
        );
      }
      delay = Math.min(delay * 2, RESTART_BACKOFF_MS.max);
    }
  };
  const watch = () => {
    const { ended } = current;
    void ended.then(async (exit) => {
      // A clean exit (code 0) is Redis obeying a SIGTERM or SIGINT, which a service manager stopping the
      // whole service (systemd, a container runtime) sends to it and to Tawasul at once: a stop that
      // follows within a moment was requested, not a crash to report and restart.
      // Tawasul's own stop may take longer than the grace (its queues wait for the Redis that left): once
      // it has begun, any exit is part of it.
      if (exit.code === 0 && !halted()) await stopRequestedWithin(CLEAN_EXIT_GRACE_MS);
      if (!halted()) void restart(exit);
    });
  };
  let stopRequested: (() => void) | undefined;
  const stopRequestedWithin = (ms: number) =>
    settlesWithin(new Promise<void>((resolve) => (stopRequested = resolve)), ms);
  watch();
  const expectStop = () => {
    stopExpected = true;
    stopRequested?.();
    wake?.();
  };

  const stop = () => {
    stopping ??= (async () => {
      stopRequested?.();
      process.removeListener('exit', killOnExit);
      wake?.();
      const { child, ended } = current;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const exited = await settlesWithin(ended, STOP_TIMEOUT_MS);
        if (!exited) {
          logger.warn({ port, redisPid: pid }, 'private redis-server ignored SIGTERM; killing it');
          child.kill('SIGKILL');
          await ended;
        }
      }
      await rm(path.join(dir, OWNER_FILE), { force: true });
      logger.info({ port, redisPid: pid }, 'private redis-server stopped');
    })();
    return stopping;
  };
  return {
    url: `redis://:${password}@127.0.0.1:${port}`,
    port,
    get pid() {
      return pid;
    },
    get restarts() {
      return restarts;
    },
    expectStop,
    stop,
  } satisfies PrivateRedis;
}

/** The configuration goes through stdin (`redis-server -`) so that the password is never in a command line. */
function redisConfig(dir: string, port: number, password: string): string {
  const quote = (value: string) => JSON.stringify(value);
  return [
    `port ${port}`,
    'bind 127.0.0.1',
    'protected-mode yes',
    'daemonize no',
    `dir ${quote(dir)}`,
    `pidfile ${quote(path.join(dir, PID_FILE))}`,
    'logfile ""',
    'appendonly yes',
    'appendfsync everysec',
    'save 60 1000',
    'maxmemory-policy noeviction',
    `requirepass ${password}`,
    '',
  ].join('\n');
}

async function launch(
  bin: string,
  dir: string,
  port: number,
  password: string,
  readyTimeoutMs: number,
): Promise<Launched | 'port-taken'> {
  // Its own process group: Ctrl+C in a terminal signals the whole foreground group, and Redis would shut
  // down on its own while Tawasul is still stopping (it is stopped by `stop()`, last, instead).
  const child = spawn(bin, ['-'], { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exit: Exit | undefined;
  const ended = new Promise<Exit>((resolve) => {
    child.once('error', (error: NodeJS.ErrnoException) => resolve({ error }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  }).then((result) => (exit = result));
  child.stdin?.on('error', () => undefined); // EPIPE when the binary is missing or died at once
  child.stdin?.end(redisConfig(dir, port, password));

  const deadline = Date.now() + readyTimeoutMs;
  while (exit === undefined) {
    // Racing the exit: a port squatted by another program may accept the connection and never answer.
    if (await Promise.race([answersPing(port, password), ended.then(() => false)])) return { child, ended };
    if (exit !== undefined) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await ended;
      throw new Error(
        `redis-server did not answer PING within ${readyTimeoutMs} ms on 127.0.0.1:${port}; its output:\n${tail(output)}`,
      );
    }
    await sleep(50);
  }

  const { error, code, signal } = exit;
  if (error?.code === 'ENOENT') {
    throw new ConfigError(
      `redis-server was not found (REDIS_SERVER_BIN=${JSON.stringify(bin)}). Tawasul starts a private Redis ` +
        'when REDIS_URL is unset: install it (apt-get install redis-server on Debian/Ubuntu, brew install redis ' +
        'on macOS) or set REDIS_URL to an existing Redis, e.g. redis://127.0.0.1:6379',
      { cause: error },
    );
  }
  if (error?.code === 'EACCES') {
    throw new ConfigError(
      `REDIS_SERVER_BIN=${JSON.stringify(bin)} is not executable: point it at the redis-server binary ` +
        '(e.g. /usr/bin/redis-server) or set REDIS_URL to an existing Redis',
      { cause: error },
    );
  }
  if (error) throw error;
  if (/Address already in use|Failed listening on port/i.test(output)) return 'port-taken';
  throw new Error(
    `redis-server exited (${signal ?? `code ${String(code)}`}) before answering PING; its output:\n${tail(output)}`,
  );
}

const tail = (output: string) => output.trim().split('\n').slice(-15).join('\n');
/** True when our Redis answers on `port`: our password works and PING returns PONG (not LOADING). */
function answersPing(port: number, password: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let reply = '';
    let settled = false;
    const done = (ok: boolean) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write(`AUTH ${password}\r\nPING\r\n`));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.split('\r\n').length > 2) done(reply.startsWith('+OK\r\n+PONG\r\n'));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A Redis still running over `dir` from an earlier start. Two servers on one append-only log would
 * corrupt it, so: if its owner is alive, refuse; if its owner died (killed without a chance to stop
 * it), stop it and take over.
 */
async function stopLeftover(dir: string, logger: LauncherLogger): Promise<void> {
  const pid = readPid(path.join(dir, PID_FILE));
  const redis = pid === undefined ? undefined : processInfo(pid);
  if (pid === undefined || redis === undefined || !/redis/.test(redis.command)) return;

  const owner = readPid(path.join(dir, OWNER_FILE));
  if (owner !== undefined && redis.ppid === owner && processInfo(owner) !== undefined) {
    throw new ConfigError(
      `${dir} is in use by another running Tawasul (process ${owner}, its redis-server is process ${pid}). ` +
        'Give each instance its own DATA_DIR, or point them all at one Redis with REDIS_URL',
    );
  }
  logger.warn(
    { redisPid: pid, dir },
    'stopping a private redis-server left behind by a process that ended without stopping it',
  );
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  let killed = false;
  while (processInfo(pid) !== undefined) {
    if (!killed && Date.now() > deadline) killed = signal(pid, 'SIGKILL');
    await sleep(50);
  }
}

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadProfile } from '../../src/config/load-profile';
import { AppProcess, freePort, LOAD_TEST_WEBCHAT_LIMITS } from '../support/app-process';
import { DEMO_PROFILE_PATH } from '../support/flow-driver';
import { freshQueuePrefix } from '../support/spine-harness';
import { LoadClient, type Delivery, type LoadStats } from './support/load-client';
import { PrivateRedis } from './support/private-redis';
import { TcpProxy } from './support/tcp-proxy';
import { headline, verifyDelivery, type DeliveryFigures, type SessionLog } from './support/verify-delivery';

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** How hard the run is. The short form runs in CI; the full form is `npm run faults`. */
export interface FaultOptions {
  users: number;
  /** App processes behind the (client-side) load balancer. */
  apps: number;
  /** kill -9 of an app process at random points of the load, each followed by a restart. */
  kills: number;
  /** Private Redis restarts: by SIGKILL or by SHUTDOWN NOSAVE, then started on the same port and folder. */
  redisRestarts: ('kill' | 'shutdown-nosave')[];
  /** Connection cuts (every connection reset, new ones refused) between the apps and Redis / PostgreSQL. */
  redisCuts: number;
  pgCuts: number;
  /** `pg_terminate_backend` of every connection to the run's own database (the shared server is not restarted). */
  pgTerminates: number;
  cutMs: number;
  /** A visitor's pause between messages, in ms (random in this range): stretches the load over the faults. */
  thinkMs: [number, number];
  /** Share of messages the visitor's browser sends twice (same client id). */
  resendRate: number;
  seed: number;
  settleMs: number;
  log?: (line: string) => void;
}

export const SHORT_FORM: Omit<FaultOptions, 'log'> = {
  users: 50,
  apps: 2,
  kills: 5,
  redisRestarts: ['kill'],
  redisCuts: 1,
  pgCuts: 1,
  pgTerminates: 1,
  cutMs: 3_000,
  thinkMs: [1_500, 3_500],
  resendRate: 0.03,
  seed: 9,
  settleMs: 90_000,
};

export const FULL_FORM: Omit<FaultOptions, 'log'> = {
  users: 500,
  apps: 2,
  kills: 8,
  redisRestarts: ['kill', 'shutdown-nosave'],
  redisCuts: 2,
  pgCuts: 2,
  pgTerminates: 2,
  cutMs: 4_000,
  thinkMs: [2_000, 6_000],
  resendRate: 0.03,
  seed: 2026,
  settleMs: 180_000,
};

/** One visitor's conversation: a food-basket request with two documents, then its status. 20 messages. */
type Line = string | { file: string };
export const SCRIPT: Line[] = [
  'hi',
  '2',
  '1',
  '2',
  '1',
  '1',
  'Ahmed Saleh',
  '1234567897',
  '0551234567',
  '1',
  '5',
  { file: 'id.jpg' },
  '1',
  { file: 'income.jpg' },
  '1',
  '1',
  'menu',
  '3',
  '1',
  'menu',
];
/** A small JPEG as the server sniffs it (SOI marker, JFIF header), padded to a few kB. */
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]),
  Buffer.alloc(4096, 7),
  Buffer.from([0xff, 0xd9]),
]);

export interface FaultFigures {
  options: Omit<FaultOptions, 'log'>;
  messages: number;
  load: LoadStats;
  chaos: {
    kills: number;
    redisRestarts: number;
    redisCuts: number;
    pgCuts: number;
    pgTerminated: number;
    /** Fault events that happened while visitors were still sending. */
    duringLoad: number;
    events: string[];
  };
  delivery: DeliveryFigures;
  headline: { lost: number; duplicated: number; outOfOrder: number };
  /** Exit codes of the final SIGTERM of each app process, and the longest stop. */
  stopExitCodes: (number | null)[];
  longestStopMs: number;
  settledMs: number;
  durationMs: number;
}

/** mulberry32: a small seeded generator, so a run's fault points and pauses replay. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Web-chat visitors talk to real app processes (`src/main.ts`) on the PostgreSQL server and a
 * private Redis, through TCP relays the run can cut, while the run kills apps with SIGKILL, restarts
 * Redis, cuts connections and terminates database sessions at random points. Afterwards it checks
 * that every confirmed message was processed once and answered once, in order, and that every timer
 * is still set; then it stops the apps with SIGTERM and expects exit 0.
 */
export async function runFaults(options: FaultOptions): Promise<FaultFigures> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const random = rng(options.seed);
  const dbName = `tawasul_faults_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName} TEMPLATE template0`);
  const server = new URL(ADMIN_URL);
  const redis = new PrivateRedis();
  const pgProxy = new TcpProxy({ host: server.hostname, port: Number(server.port || 5432) }, 'postgres');
  const redisProxy = new TcpProxy({ host: '127.0.0.1', port: 0 }, 'redis');
  const dirs: string[] = [];
  const apps: AppProcess[] = [];
  const bases: string[] = [];
  const queuePrefix = freshQueuePrefix();
  try {
    await redis.start();
    redisProxy.target = { host: '127.0.0.1', port: redis.port };
    await Promise.all([pgProxy.listen(), redisProxy.listen()]);
    const appDbUrl = new URL(ADMIN_URL);
    appDbUrl.host = `127.0.0.1:${pgProxy.port}`;
    appDbUrl.pathname = `/${dbName}`;
    const encryptionKey = randomBytes(32).toString('base64');
    for (let i = 0; i < options.apps; i++) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-faults-app-'));
      dirs.push(dir);
      const port = await freePort();
      bases.push(`http://127.0.0.1:${port}`);
      apps.push(
        new AppProcess({
          DATA_DIR: dir,
          DATABASE_URL: appDbUrl.toString(),
          REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`,
          QUEUE_PREFIX: queuePrefix,
          HTTP_PORT: String(port),
          // info: AppProcess waits for the "Tawasul is running" line.
          LOG_LEVEL: 'info',
          TERMINAL_CHAT: 'false',
          WEBCHAT_ENABLED: 'true',
          ...LOAD_TEST_WEBCHAT_LIMITS,
          // Every process must read what another sealed.
          ENCRYPTION_KEY: encryptionKey,
        }),
      );
    }
    await Promise.all(apps.map((a) => a.start()));
    log(
      `apps up on ${bases.join(', ')}; database ${dbName} via relay :${pgProxy.port}; redis :${redis.port} via relay :${redisProxy.port}`,
    );

    // --- load -------------------------------------------------------------------------------------
    const client = new LoadClient(bases);
    const total = options.users * SCRIPT.length;
    let done = 0;
    let loadOver = false;
    const loadDeadline = Date.now() + 15 * 60_000;
    const sessions: SessionLog[] = [];
    const think = () => options.thinkMs[0] + random() * (options.thinkMs[1] - options.thinkMs[0]);
    const visitor = async (v: number) => {
      const session: SessionLog = { sessionId: client.newSession(), confirmed: [] };
      sessions.push(session);
      const prefer = v % bases.length;
      await sleep(random() * 2_000);
      for (const [n, line] of SCRIPT.entries()) {
        const id = `m${n}`;
        const send = () =>
          typeof line === 'string'
            ? client.send(session.sessionId, id, line, prefer, loadDeadline)
            : client.upload(session.sessionId, id, JPEG, line.file, prefer, loadDeadline);
        await send();
        session.confirmed.push(id);
        if (random() < options.resendRate) await send(); // the browser resends: must be a duplicate
        done++;
        await sleep(think());
      }
    };

    // --- faults at random points of the load ------------------------------------------------------
    const events: { at: number; name: string; run: () => Promise<string> }[] = [];
    const at = () => 0.05 + random() * 0.8;
    for (let k = 0; k < options.kills; k++) {
      events.push({
        at: at(),
        name: 'kill -9 app',
        run: async () => {
          const i = Math.floor(random() * apps.length);
          await apps[i]!.kill();
          await apps[i]!.start();
          return `killed and restarted app ${i}`;
        },
      });
    }
    for (const how of options.redisRestarts) {
      events.push({
        at: at(),
        name: `redis restart (${how})`,
        run: async () => {
          await redis.restart(how);
          return `redis restarted (${how})`;
        },
      });
    }
    for (let k = 0; k < options.redisCuts; k++) {
      events.push({
        at: at(),
        name: 'cut redis',
        run: async () => (await redisProxy.cut(options.cutMs), `redis cut ${options.cutMs} ms`),
      });
    }
    for (let k = 0; k < options.pgCuts; k++) {
      events.push({
        at: at(),
        name: 'cut postgres',
        run: async () => (await pgProxy.cut(options.cutMs), `postgres cut ${options.cutMs} ms`),
      });
    }
    for (let k = 0; k < options.pgTerminates; k++) {
      events.push({
        at: at(),
        name: 'pg_terminate_backend',
        run: async () => {
          const ended = await admin.query(
            `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
             WHERE datname = $1 AND pid <> pg_backend_pid()`,
            [dbName],
          );
          return `terminated ${ended.rows[0]?.n ?? 0} database sessions`;
        },
      });
    }
    events.sort((a, b) => a.at - b.at);
    const chaos: FaultFigures['chaos'] = {
      kills: 0,
      redisRestarts: 0,
      redisCuts: 0,
      pgCuts: 0,
      pgTerminated: 0,
      duringLoad: 0,
      events: [],
    };
    const chaosLoop = (async () => {
      for (const event of events) {
        while (done / total < event.at && !loadOver) await sleep(50);
        const during = !loadOver;
        const what = await event.run();
        if (during) chaos.duringLoad++;
        chaos.events.push(`${(done / total).toFixed(2)} ${what}${during ? '' : ' (after the load)'}`);
        log(`  fault at ${Math.round((100 * done) / total)}%: ${what}`);
        if (event.name === 'kill -9 app') chaos.kills++;
        else if (event.name.startsWith('redis restart')) chaos.redisRestarts++;
        else if (event.name === 'cut redis') chaos.redisCuts++;
        else if (event.name === 'cut postgres') chaos.pgCuts++;
        else chaos.pgTerminated += Number(/\d+/.exec(what)?.[0] ?? 0);
      }
    })();
    const progress = setInterval(() => log(`  load ${done}/${total}`), 10_000);
    try {
      await Promise.all(Array.from({ length: options.users }, (_, v) => visitor(v)));
    } finally {
      loadOver = true;
      clearInterval(progress);
    }
    await chaosLoop;
    log(`load done: ${done} messages confirmed; settling`);

    // --- settle: everything processed and sent, every timer handed to Redis -----------------------
    const settleStart = Date.now();
    const check = new Client({
      connectionString: appDbUrl.toString().replace(`:${pgProxy.port}`, `:${server.port || 5432}`),
    });
    await check.connect();
    try {
      let quiet = 0;
      while (Date.now() - settleStart < options.settleMs && quiet < 2) {
        const open = await check.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM inbound_messages WHERE processed_at IS NULL)
                + (SELECT count(*) FROM outbox WHERE status IN ('pending', 'queued', 'sending'))
                + (SELECT count(*) FROM timer_requests) AS n`,
        );
        quiet = Number(open.rows[0]?.n) === 0 ? quiet + 1 : 0;
        await sleep(500);
      }
      const settledMs = Date.now() - settleStart;
      const seen = new Map<string, Delivery[]>();
      for (const s of sessions) seen.set(s.sessionId, await client.replies(s.sessionId, Date.now() + 60_000));

      // --- graceful stop of every process, then the checks ------------------------------------------
      const stops = await Promise.all(
        apps.map(async (app) => {
          const t = Date.now();
          const code = await app.stop();
          return { code, ms: Date.now() - t };
        }),
      );
      const profile = loadProfile(DEMO_PROFILE_PATH);
      const delivery = await verifyDelivery({
        db: check,
        sessions,
        seen,
        redis: { host: '127.0.0.1', port: redis.port },
        queuePrefix,
        reminders: profile.deadlines.reminderWorkingDaysBefore,
      });
      return {
        options: { ...options, log: undefined } as Omit<FaultOptions, 'log'>,
        messages: total,
        load: client.stats,
        chaos,
        delivery,
        headline: headline(delivery),
        stopExitCodes: stops.map((s) => s.code),
        longestStopMs: Math.max(...stops.map((s) => s.ms)),
        settledMs,
        durationMs: Date.now() - started,
      };
    } finally {
      await check.end();
    }
  } finally {
    await Promise.all(apps.map((a) => a.kill()));
    await pgProxy.close();
    await redisProxy.close();
    await redis.stop().catch(() => undefined);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

/** The figures as the run prints them (and docs/RELIABILITY.md records them). */
export function formatFaultFigures(f: FaultFigures): string {
  const d = f.delivery;
  const o = f.options;
  return [
    `fault run: ${o.users} web-chat visitors × ${SCRIPT.length} messages = ${f.messages} messages over ${o.apps} app processes (seed ${o.seed})`,
    `faults: ${f.chaos.kills} × kill -9 app (+ restart), ${f.chaos.redisRestarts} × Redis restart (${o.redisRestarts.join(', ')}), ` +
      `${f.chaos.redisCuts} × Redis connection cut, ${f.chaos.pgCuts} × PostgreSQL connection cut (${o.cutMs} ms), ` +
      `${f.chaos.pgTerminated} PostgreSQL sessions terminated; ${f.chaos.duringLoad} of ${f.chaos.events.length} during the load`,
    `client: ${f.load.posts} posts, ${f.load.accepted} accepted, ${f.load.duplicates} duplicates answered as such, ` +
      `${f.load.retries} retried (app down / 5xx / timeout), ${f.load.rateLimited} rate-limited`,
    `inbound: ${d.accepted} confirmed, ${d.processedOnce} processed exactly once, ${d.failedSteps} failed steps`,
    `replies: ${d.replies} written, ${d.repliesSent} delivered once (${Object.entries(d.replyStatus)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ')})`,
    `timers: ${d.timers.expected} expected, ${d.timers.pending} pending, ${d.timers.firedOnce} fired once, ` +
      `${d.timers.missing} missing, ${d.timers.leftInOutbox} never scheduled`,
    `lost ${f.headline.lost} / duplicated ${f.headline.duplicated} / out of order ${f.headline.outOfOrder}` +
      `  (lost ${JSON.stringify(d.lost)}, duplicated ${JSON.stringify(d.duplicated)}, out of order ${JSON.stringify(d.outOfOrder)})`,
    `SIGTERM: exit codes ${f.stopExitCodes.join(', ')}, longest stop ${(f.longestStopMs / 1000).toFixed(1)} s; ` +
      `settled ${(f.settledMs / 1000).toFixed(1)} s after the load; run ${(f.durationMs / 1000).toFixed(0)} s`,
    ...d.replyProblems.map((p) => `  ${p}`),
  ].join('\n');
}

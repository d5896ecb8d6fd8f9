/**
 * Workload 5 — many associations on one platform process, one of them flooding (issue 23). Every
 * association runs as the platform runs it (`startTawasul` with its own view of the shared database,
 * its own queues and key), each with an in-process channel, all in this process on one PostgreSQL
 * server and one Redis.
 *
 * Three runs of the same paced traffic (people filling the bench form, thinking `BENCH_THINK_MS` between
 * messages), and the latency of its replies:
 *   1. one association serving all those people alone: the single-association figure;
 *   2. the same people spread over `BENCH_ASSOCIATIONS - 1` associations of a platform;
 *   3. the same, while one more association floods: `BENCH_FLOOD_USERS` people answering as fast as
 *      replies come, batch after batch, for as long as the paced people talk.
 *
 * `npx tsx bench/tenants.ts [postgres|pglite]` (postgres by default). Environment: BENCH_ASSOCIATIONS (50),
 * BENCH_QUIET_USERS (people per quiet association, 4), BENCH_FLOOD_USERS (300), BENCH_THINK_MS (2000),
 * BENCH_STEPS_PER_SECOND (each association's budget, the platform's default 50), BENCH_FAIR=0 (no turns
 * shared round the associations, no budgets, no pool shares: to compare), BENCH_QUICK=1,
 * TEST_DATABASE_URL, TEST_REDIS_URL.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import pino from 'pino';
import { startTawasul, type Tawasul } from '../src/app/start-tawasul';
import { FairTurns } from '../src/store/fair-turns';
import { DEFAULT_STEPS_PER_SECOND } from '../src/config/platform-defaults';
import { InProcessChannel } from '../src/channels/inprocess/inprocess-channel';
import { loadProfile } from '../src/config/load-profile';
import { FieldCipher } from '../src/security/field-cipher';
import type { Database } from '../src/store/database';
import { createTestDatabase, type Backend } from '../test/support/databases';
import { TEST_REDIS_URL } from '../test/support/spine-harness';
import { BENCH_PROFILE_PATH } from './support/bench-profile';
import { driveUsers, type DriveOutcome } from './support/drive-users';
import { buildScripts } from './support/form-script';
import { latencySummary, mb, PhaseMeter, round } from './support/measure';
import { deleteKeysWithPrefix } from './support/redis-cleanup';
import { envInt, QUICK, runAsMain, type Figure, type WorkloadResult } from './support/workload-result';

interface Tenant {
  id: string;
  chat: InProcessChannel;
  runtime: Tawasul;
}

interface Sizes {
  associations: number;
  quietUsers: number;
  floodUsers: number;
  thinkMs: number;
  /** Turns shared round the associations, as the platform does (false: each runs batches as they come). */
  fair: boolean;
  /** Each association's budget of messages stepped a second, as the platform gives it. */
  stepsPerSecond: number;
}

const profile = loadProfile(BENCH_PROFILE_PATH);
const associationId = (i: number) => `a${String(i).padStart(3, '0')}`;

/** Starts `count` associations as the platform does, on the shared database `root`. */
async function startTenants(
  root: Database,
  prefix: string,
  dataDir: string,
  ids: string[],
  platform: { turns: FairTurns; stepsPerSecond: number } | undefined,
): Promise<Tenant[]> {
  await root.query(
    `INSERT INTO associations (id, name) SELECT id, id FROM unnest($1::text[]) AS id ON CONFLICT DO NOTHING`,
    [ids],
  );
  const tenants: Tenant[] = [];
  for (const id of ids) {
    const chat = new InProcessChannel();
    const runtime = await startTawasul({
      profile,
      dataDir: path.join(dataDir, id),
      database: root,
      association: id,
      redisUrl: TEST_REDIS_URL,
      queuePrefix: `${prefix}-${id}`,
      encryption: new FieldCipher(randomBytes(32)),
      channels: { extra: [chat] },
      ...(platform
        ? { turns: platform.turns.lane(id), maxTransactions: 3, stepsPerSecond: platform.stepsPerSecond }
        : {}),
      logger: pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }),
    });
    tenants.push({ id, chat, runtime });
  }
  return tenants;
}

/** The paced people of every tenant in `quiet`, `perTenant` each, onboarded first (not measured). */
async function pacedRun(
  quiet: Tenant[],
  perTenant: number,
  thinkMs: number,
  round: string,
  during?: (done: () => boolean) => Promise<FloodOutcome>,
): Promise<{
  outcome: DriveOutcome;
  flood: FloodOutcome;
  meter: ReturnType<PhaseMeter['stop']>;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}> {
  const scripts = quiet.map((tenant) =>
    buildScripts(perTenant, tenant.runtime.translator, { seed: 3, idPrefix: `${round}-${tenant.id}-` }),
  );
  await Promise.all(quiet.map((tenant, i) => driveUsers(tenant.chat, scripts[i]!, { part: 'onboarding' })));
  const meter = new PhaseMeter();
  // How long ready work waited for the one thread: what every association shares in this process.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  let finished = false;
  const flooding = during?.(() => finished) ?? Promise.resolve({ sent: 0, latenciesMs: [] });
  const outcomes = await Promise.all(
    quiet.map((tenant, i) =>
      driveUsers(tenant.chat, scripts[i]!, { part: 'form', thinkMs, startSpreadMs: thinkMs }),
    ),
  );
  finished = true;
  const flood = await flooding;
  return {
    outcome: {
      sent: outcomes.reduce((sum, o) => sum + o.sent, 0),
      latenciesMs: outcomes.flatMap((o) => o.latenciesMs),
      lastReply: new Map(),
      problems: outcomes.flatMap((o) => o.problems),
      wallMs: Math.max(...outcomes.map((o) => o.wallMs)),
    },
    flood,
    meter: meter.stop(),
    loopDelayP99Ms: (loopDelay.disable(), loopDelay.percentile(99) / 1e6),
    loopDelayMaxMs: loopDelay.max / 1e6,
  };
}

interface FloodOutcome {
  sent: number;
  /** The flooding association's own replies: its backlog waits within its budget. */
  latenciesMs: number[];
}

/** One association's people answering as fast as replies come, batch after batch, until `done`. */
async function flood(tenant: Tenant, users: number, done: () => boolean): Promise<FloodOutcome> {
  let sent = 0;
  const latenciesMs: number[] = [];
  for (let batch = 0; !done(); batch++) {
    const scripts = buildScripts(users, tenant.runtime.translator, {
      seed: 5 + batch,
      idPrefix: `flood${batch}-`,
    });
    for (const part of ['onboarding', 'form'] as const) {
      // Within its budget the flood's people wait for replies in turn: they stop when the paced run does.
      const outcome = await driveUsers(tenant.chat, scripts, { part, until: done });
      sent += outcome.sent;
      latenciesMs.push(...outcome.latenciesMs);
      if (done()) break;
    }
  }
  return { sent, latenciesMs };
}

export async function runTenants(backend: Backend, sizes: Sizes): Promise<WorkloadResult> {
  const database = await createTestDatabase(backend, { migrate: true });
  const prefix = `bench${randomBytes(4).toString('hex')}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-tenants-'));
  const quietCount = sizes.associations - 1;
  const tenants: Tenant[] = [];
  try {
    // 1. The single-association figure: the same people, all in one association.
    const [alone] = await startTenants(database.db, prefix, dataDir, ['alone'], undefined);
    tenants.push(alone!);
    const single = await pacedRun([alone!], sizes.quietUsers * quietCount, sizes.thinkMs, 's');
    await alone!.runtime.stop();
    tenants.length = 0;

    // 2 and 3. The platform: the people spread over the quiet associations, then one floods.
    const started = performance.now();
    const ids = Array.from({ length: sizes.associations }, (_, i) => associationId(i));
    tenants.push(
      ...(await startTenants(
        database.db,
        prefix,
        dataDir,
        ids,
        sizes.fair ? { turns: new FairTurns(4), stepsPerSecond: sizes.stepsPerSecond } : undefined,
      )),
    );
    const startSeconds = (performance.now() - started) / 1000;
    const [flooder, ...quiet] = tenants;
    const spread = await pacedRun(quiet, sizes.quietUsers, sizes.thinkMs, 'p');
    const flooded = await pacedRun(quiet, sizes.quietUsers, sizes.thinkMs, 'f', (done) =>
      flood(flooder!, sizes.floodUsers, done),
    );

    const problems = [single, spread, flooded].flatMap((run) => run.outcome.problems);
    const latency = (run: typeof single) => latencySummary(run.outcome.latenciesMs);
    const figures: Figure[] = [
      { name: 'associations', value: sizes.associations },
      { name: 'paced people', value: sizes.quietUsers * quietCount },
      { name: 'replies p50, one association alone', value: round(latency(single).p50, 1), unit: 'ms' },
      { name: 'replies p99, one association alone', value: round(latency(single).p99, 1), unit: 'ms' },
      { name: `replies p50, spread over ${quietCount}`, value: round(latency(spread).p50, 1), unit: 'ms' },
      { name: `replies p99, spread over ${quietCount}`, value: round(latency(spread).p99, 1), unit: 'ms' },
      { name: 'replies p50, while one floods', value: round(latency(flooded).p50, 1), unit: 'ms' },
      { name: 'replies p99, while one floods', value: round(latency(flooded).p99, 1), unit: 'ms' },
      { name: 'event loop delay p99, alone', value: round(single.loopDelayP99Ms, 1), unit: 'ms' },
      { name: 'event loop delay p99, while one floods', value: round(flooded.loopDelayP99Ms, 1), unit: 'ms' },
      {
        name: 'event loop delay max: alone / spread / flooding',
        value: [single, spread, flooded].map((run) => round(run.loopDelayMaxMs, 0)).join(' / '),
        unit: 'ms',
      },
      {
        name: 'flood served',
        value: round(flooded.flood.sent / (flooded.meter.wallMs / 1000), 0),
        unit: 'msg/s',
      },
      {
        name: 'the flooding association’s own replies p50',
        value: round(latencySummary(flooded.flood.latenciesMs).p50, 0),
        unit: 'ms',
      },
      { name: `start of ${sizes.associations} associations`, value: round(startSeconds, 1), unit: 's' },
      { name: 'peak RSS (app)', value: mb(flooded.meter.peakRss), unit: 'MB' },
    ];
    return {
      workload: '5 associations',
      variant: `${backend}, ${sizes.associations} associations, one flooding with ${sizes.floodUsers} people${sizes.fair ? `, ${sizes.stepsPerSecond} steps/s each` : ', no fair turns, budgets or shares'}`,
      figures,
      verified: problems.length === 0,
      problems: problems.slice(0, 10),
      parameters: { backend, ...sizes },
      details: {
        pacedMessages: flooded.outcome.sent,
        floodMessages: flooded.flood.sent,
        latencyMaxWhileFloodMs: round(latency(flooded).max, 1),
      },
    };
  } finally {
    for (const tenant of tenants) await tenant.runtime.stop().catch(() => undefined);
    // Each association's queues have a prefix of their own.
    for (const id of ['alone', ...Array.from({ length: sizes.associations }, (_, i) => associationId(i))]) {
      await deleteKeysWithPrefix(TEST_REDIS_URL, `${prefix}-${id}`);
    }
    await database.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const backend = process.argv.includes('pglite') ? 'pglite' : 'postgres';
  runAsMain(async () => [
    await runTenants(backend, {
      associations: envInt('BENCH_ASSOCIATIONS', QUICK ? 10 : 50),
      quietUsers: envInt('BENCH_QUIET_USERS', QUICK ? 2 : 4),
      floodUsers: envInt('BENCH_FLOOD_USERS', QUICK ? 50 : 300),
      thinkMs: envInt('BENCH_THINK_MS', QUICK ? 1000 : 2000),
      fair: process.env.BENCH_FAIR !== '0',
      stepsPerSecond: envInt('BENCH_STEPS_PER_SECOND', DEFAULT_STEPS_PER_SECOND),
    }),
  ]);
}

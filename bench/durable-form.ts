/**
 * Workload 2 — the same form, durable: every message through the whole spine (`startTawasul`): the
 * inbound recorded in its own transaction, the step under the conversation's row lock in one
 * transaction with its outbox rows, BullMQ to the outbound worker, the in-process channel. On PGlite
 * and on the PostgreSQL server, each on a fresh database; Redis with a fresh queue prefix, deleted after.
 *
 * Saturated: every person at once, each answering as soon as the reply arrives. Paced: people think
 * 10 s before each answer (fewer people, so the run stays short) — the latency a person feels.
 *
 * `npx tsx bench/durable-form.ts [pglite|postgres] [saturated|paced]` (both of each by default).
 * Environment: BENCH_USERS, BENCH_PACED_USERS, BENCH_THINK_MS, BENCH_QUICK=1, TEST_DATABASE_URL,
 * TEST_REDIS_URL.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { InProcessChannel } from '../src/channels/inprocess/inprocess-channel';
import { loadProfile } from '../src/config/load-profile';
import { startTawasul } from '../src/app/start-tawasul';
import { FieldCipher } from '../src/security/field-cipher';
import { createTestDatabase, type Backend } from '../test/support/databases';
import { TEST_REDIS_URL } from '../test/support/spine-harness';
import { BENCH_PROFILE_PATH } from './support/bench-profile';
import { countMismatches, driveUsers } from './support/drive-users';
import { buildScripts, REFERENCE_PATTERN, type UserScript } from './support/form-script';
import { latencySummary, mb, PhaseMeter, round, sleep } from './support/measure';
import { CountingDatabase, roundTripCeiling } from './support/counting-database';
import { deleteKeysWithPrefix } from './support/redis-cleanup';
import { serverCpuBetween, serverCpuMs } from './support/server-cpu';
import { redisCpuMs } from './support/redis-cpu';
import {
  atLeast,
  below,
  envInt,
  QUICK,
  runAsMain,
  type Figure,
  type WorkloadResult,
} from './support/workload-result';

export type Mode = 'saturated' | 'paced';

export interface DurableOptions {
  backend: Backend;
  mode: Mode;
  users: number;
  /** Paced runs: time between a reply and the person's next message. */
  thinkMs: number;
}

export async function runDurableForm(options: DurableOptions): Promise<WorkloadResult> {
  const { backend, mode, users, thinkMs } = options;
  const database = await createTestDatabase(backend, { migrate: true });
  const db = new CountingDatabase(database.db);
  const prefix = `bench${randomBytes(5).toString('hex')}`;
  const chat = new InProcessChannel();
  const profile = loadProfile(BENCH_PROFILE_PATH);
  let stopped = false;
  // Sealed at rest as in production, where a key is always configured (texts, ID answers, forms in progress).
  const cipher = new FieldCipher(randomBytes(32));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tawasul-bench-'));
  const runtime = await startTawasul({
    profile,
    dataDir,
    database: db,
    redisUrl: TEST_REDIS_URL,
    queuePrefix: prefix,
    encryption: cipher,
    channels: { extra: [chat] },
    logger: pino({ level: process.env.BENCH_LOG_LEVEL ?? 'silent' }),
  });
  try {
    const scripts = buildScripts(users, runtime.translator);
    // Warm the code paths and the database's caches with other people first (not measured).
    const warmup = buildScripts(Math.min(users, 100), runtime.translator, { seed: 1, idPrefix: 'w' });
    const warm = [
      await driveUsers(chat, warmup, { part: 'onboarding' }),
      await driveUsers(chat, warmup, { part: 'form' }),
    ];
    // First contact (greeting, language, consent) happens before the clock starts, all at once.
    const onboarding = await driveUsers(chat, scripts, { part: 'onboarding' });

    const paced = mode === 'paced';
    const statementsBefore = db.statements;
    const commitsBefore = db.commits;
    const serverBefore = await serverCpuMs(database.db);
    const redisBefore = await redisCpuMs(TEST_REDIS_URL);
    const meter = new PhaseMeter();
    const form = await driveUsers(chat, scripts, {
      part: 'form',
      thinkMs: paced ? thinkMs : 0,
      startSpreadMs: paced ? thinkMs : 0,
    });
    const measured = meter.stop();
    const serverMs = serverCpuBetween(serverBefore, await serverCpuMs(database.db));
    const redisAfter = await redisCpuMs(TEST_REDIS_URL);
    const redisMs =
      redisBefore === undefined || redisAfter === undefined ? undefined : redisAfter - redisBefore;
    await sleep(500); // a doubled reply would arrive now
    const statementsPerMessage = (db.statements - statementsBefore) / form.sent;

    const problems = [
      ...warm.flatMap((w) => w.problems),
      ...onboarding.problems,
      ...form.problems,
      ...countMismatches(chat, [...warmup, ...scripts]),
      ...(await checkStore(database.db, cipher, scripts, form.lastReply)),
    ];
    await runtime.stop();
    stopped = true;
    // What the database can do at best on this machine: the spine's statements must fit under it.
    const ceiling = paced ? undefined : await roundTripCeiling(database.db, backend === 'postgres' ? 10 : 1);

    const latency = latencySummary(form.latenciesMs);
    const rate = form.sent / (measured.wallMs / 1000);
    const figures: Figure[] = [{ name: 'messages sent (form)', value: form.sent }];
    if (paced) {
      figures.push({ name: 'throughput', value: round(rate, 1), unit: 'msg/s' });
      figures.push(
        backend === 'postgres'
          ? below('latency p99', round(latency.p99, 1), 'ms', 50)
          : { name: 'latency p99', value: round(latency.p99, 1), unit: 'ms' },
      );
      figures.splice(2, 0, { name: 'latency p50', value: round(latency.p50, 1), unit: 'ms' });
    } else {
      figures.push(atLeast('throughput', round(rate, 0), 'msg/s', backend === 'postgres' ? 2500 : 1000));
      figures.push({ name: 'latency p50', value: round(latency.p50, 1), unit: 'ms' });
      figures.push({ name: 'latency p99', value: round(latency.p99, 1), unit: 'ms' });
    }
    figures.push({ name: 'CPU per message (app)', value: round(measured.cpuMs / form.sent, 3), unit: 'ms' });
    if (serverMs !== undefined)
      figures.push({
        name: 'CPU per message (PostgreSQL)',
        value: round(serverMs / form.sent, 3),
        unit: 'ms',
      });
    if (redisMs !== undefined)
      figures.push({ name: 'CPU per message (Redis)', value: round(redisMs / form.sent, 3), unit: 'ms' });
    figures.push({ name: 'DB statements per message', value: round(statementsPerMessage, 1) });
    figures.push({
      name: 'DB commits per message',
      value: round((db.commits - commitsBefore) / form.sent, 2),
    });
    if (ceiling !== undefined) {
      figures.push({ name: 'DB round trips/s (SELECT $1)', value: round(ceiling, 0), unit: 'q/s' });
      figures.push({ name: '→ ceiling', value: round(ceiling / statementsPerMessage, 0), unit: 'msg/s' });
    }
    figures.push({ name: 'peak RSS (app)', value: mb(measured.peakRss), unit: 'MB' });
    return {
      workload: '2 durable form',
      variant: `${backend}, ${mode}, ${users} users${paced ? `, ${thinkMs / 1000} s think time` : ''}`,
      figures,
      verified: problems.length === 0,
      problems: problems.slice(0, 10),
      parameters: {
        backend,
        mode,
        users,
        thinkMs: paced ? thinkMs : 0,
        warmupUsers: warmup.length,
        onboardingMessages: onboarding.sent,
      },
      details: {
        wallMs: round(measured.wallMs, 1),
        cpuMs: round(measured.cpuMs, 1),
        latencyMaxMs: round(latency.max, 1),
        problemCount: problems.length,
      },
    };
  } finally {
    if (!stopped) await runtime.stop().catch(() => undefined);
    await deleteKeysWithPrefix(TEST_REDIS_URL, prefix);
    await database.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * What the store must hold afterwards: every inbound processed (none failed), every reply sent, and
 * one submitted request per person with the ID they typed, under the reference they were shown.
 */
async function checkStore(
  db: Awaited<ReturnType<typeof createTestDatabase>>['db'],
  cipher: FieldCipher,
  scripts: readonly UserScript[],
  lastReply: Map<string, { kind: string; text?: string }>,
): Promise<string[]> {
  const problems: string[] = [];
  const inbound = await db.query<{ pending: number; failed: number }>(
    `SELECT count(*) FILTER (WHERE processed_at IS NULL)::int AS pending,
            count(*) FILTER (WHERE outcome = 'failed')::int AS failed FROM inbound_messages`,
  );
  const { pending, failed } = inbound.rows[0] ?? { pending: -1, failed: -1 };
  if (pending !== 0 || failed !== 0) problems.push(`inbound: ${pending} unprocessed, ${failed} failed`);
  const outbox = await db.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM outbox GROUP BY status',
  );
  const notSent = outbox.rows.filter((r) => r.status !== 'sent');
  if (notSent.length > 0) problems.push(`outbox rows not sent: ${JSON.stringify(notSent)}`);

  const requests = await db.query<{ user_id: string; reference: string; national_id: string }>(
    `SELECT ci.channel_user_id AS user_id, sr.reference, sr.fields->>'national-id' AS national_id
       FROM service_requests sr JOIN channel_identities ci ON ci.beneficiary_id = sr.beneficiary_id`,
  );
  const byUser = new Map<string, { reference: string; national_id: string }[]>();
  for (const row of requests.rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row]);
  for (const script of scripts) {
    const stored = byUser.get(script.userId) ?? [];
    const shown = REFERENCE_PATTERN.exec(lastReply.get(script.userId)?.text ?? '')?.[0];
    if (stored.length !== 1) problems.push(`${script.userId}: ${stored.length} requests stored`);
    else if (cipher.open(stored[0]?.national_id ?? '') !== script.nationalId)
      problems.push(`${script.userId}: the stored request holds another national ID`);
    else if (stored[0]?.reference !== shown)
      problems.push(`${script.userId}: shown reference ${shown}, stored ${stored[0]?.reference}`);
  }
  return problems;
}

/** The variants `npm run bench` runs, at full or quick size. */
export function durableVariants(backends: Backend[], modes: Mode[]): DurableOptions[] {
  const users = envInt('BENCH_USERS', QUICK ? 100 : 1000);
  // Paced people mostly think: 1,000 of them (issue 22's target) take as long as 200 (~100 s).
  const pacedUsers = envInt('BENCH_PACED_USERS', QUICK ? 50 : 1000);
  const thinkMs = envInt('BENCH_THINK_MS', QUICK ? 1000 : 10_000);
  return modes.flatMap((mode) =>
    backends.map((backend) => ({ backend, mode, users: mode === 'paced' ? pacedUsers : users, thinkMs })),
  );
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const backends = (['pglite', 'postgres'] as const).filter((b) => args.length === 0 || args.includes(b));
  const modes = (['saturated', 'paced'] as const).filter(
    (m) => !args.some((a) => a === 'saturated' || a === 'paced') || args.includes(m),
  );
  runAsMain(async () => {
    const results: WorkloadResult[] = [];
    for (const variant of durableVariants([...backends], [...modes]))
      results.push(await runDurableForm(variant));
    return results;
  });
}

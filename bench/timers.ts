/**
 * Workload 4 — reminders at scale: 1,000,000 timers over 100,000 cases, as the app's timers are:
 * BullMQ delayed jobs on the `timers` queue with the TimerScheduler's job options and deterministic
 * ids (`request-<ref>-due`, `request-<ref>-reminder-5`…). Scheduled with `addBulk` in batches on a
 * private redis-server (started for the run, deleted after: a million keys stay off the shared Redis).
 *
 * Measured: the scheduling rate, Redis memory (`used_memory`) for the pending timers, this process's
 * RSS while they wait (it must stay flat), and the firing lag of a slice of 2,000 timers set to fire
 * during the run: `Date.now() - (job.timestamp + job.opts.delay)` in a Worker.
 *
 * `npx tsx bench/timers.ts` (BENCH_TIMER_CASES, BENCH_QUICK=1 for 10,000 cases).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { makeReference } from '../src/cases/rules/reference';
import { TIMERS_QUEUE, timerJobId, type TimerJob } from '../src/cases/rules/timer-job';
import { redisOptionsFromUrl } from '../src/queue/redis-options';
import { startPrivateRedis } from '../src/queue/redis-server-launcher';
import { TimerScheduler } from '../src/queue/timer-scheduler';
import { seededRandom } from './support/form-script';
import { latencySummary, mb, round, sleep } from './support/measure';
import { below, envInt, QUICK, runAsMain, type WorkloadResult } from './support/workload-result';

const TIMERS_PER_CASE = 10;
const DAY_MS = 24 * 3600 * 1000;

/** The ten clocks of one request: four reminders, the due date, three escalations, survey, deletion. */
function timersOf(reference: string): TimerJob[] {
  return [
    ...[10, 5, 3, 1].map((days) => ({
      kind: 'deadlineReminder' as const,
      reference,
      workingDaysBefore: days,
    })),
    { kind: 'deadlineDue', reference },
    ...[1, 2, 3].map((level) => ({
      kind: 'escalate' as const,
      subject: 'request' as const,
      reference,
      level,
    })),
    { kind: 'surveyAfterClose', reference },
    { kind: 'dataDeletionDue', reference },
  ];
}

export interface TimersOptions {
  cases: number;
  /** Timers set to fire during the run (spread over the batches). */
  slice: number;
  batchSize: number;
  /** addBulk calls under way at once. */
  batchesInFlight: number;
}

export async function runTimers(options: TimersOptions): Promise<WorkloadResult> {
  const { cases, slice, batchSize } = options;
  const total = cases * TIMERS_PER_CASE;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tawasul-bench-redis-'));
  const redis = await startPrivateRedis({ dataDir });
  const connection = redisOptionsFromUrl(redis.url);
  const admin = new Redis(redis.url);
  const scheduler = new TimerScheduler({ connection, prefix: 'bench' });
  const problems: string[] = [];
  // Timers that fired while the million were still being written, and after.
  const lagsDuring: number[] = [];
  const lagsAfter: number[] = [];
  let schedulingDone = false;
  const fired = new Map<string, number>();
  let worker: Worker | undefined;
  try {
    const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await admin.info('memory'))?.[1] ?? NaN);
    const memoryBefore = await usedMemory();
    worker = new Worker(
      TIMERS_QUEUE,
      async (job: Job) => {
        const lag = Date.now() - (job.timestamp + (job.opts.delay ?? 0));
        (schedulingDone ? lagsAfter : lagsDuring).push(lag);
        fired.set(job.id ?? '?', (fired.get(job.id ?? '?') ?? 0) + 1);
      },
      { connection, prefix: 'bench', concurrency: 4 },
    );
    await worker.waitUntilReady();

    // One timer in every `sliceEvery` fires 5–25 s after it is added: during the scheduling and after.
    const sliceEvery = Math.floor(total / slice);
    const random = seededRandom(4);
    const sliceIds = new Set<string>();
    const refs = Array.from({ length: cases }, (_, i) =>
      makeReference('REQ', 6, () => (i + 0.5) / (9 * 100_000)),
    );
    if (new Set(refs).size !== cases) throw new Error('case references are not distinct');

    const started = performance.now();
    const rssWhileScheduling: number[] = [];
    let index = 0;
    const inFlight = new Set<Promise<unknown>>();
    let firstBatch: Parameters<typeof scheduler.queue.addBulk>[0] = [];
    for (let c = 0; c < cases; c += batchSize / TIMERS_PER_CASE) {
      const now = Date.now();
      const batch = refs.slice(c, c + batchSize / TIMERS_PER_CASE).flatMap((reference) =>
        timersOf(reference).map((job) => {
          const inSlice = index++ % sliceEvery === 0 && sliceIds.size < slice;
          const delay = inSlice
            ? 5_000 + Math.floor(random() * 20_000)
            : DAY_MS + Math.floor(random() * 30 * DAY_MS);
          const jobId = timerJobId(job);
          if (inSlice) sliceIds.add(jobId);
          return { name: job.kind, data: job, opts: { jobId, delay, timestamp: now } };
        }),
      );
      if (firstBatch.length === 0) firstBatch = batch;
      // A few batches in flight keep Redis busy while the next one is built.
      const adding: Promise<unknown> = scheduler.queue.addBulk(batch).then(() => inFlight.delete(adding));
      inFlight.add(adding);
      if (inFlight.size >= options.batchesInFlight) await Promise.race(inFlight);
      if (c % (50 * batchSize) === 0) rssWhileScheduling.push(process.memoryUsage.rss());
    }
    await Promise.all(inFlight);
    const schedulingMs = performance.now() - started;
    schedulingDone = true;
    const memoryAfter = await usedMemory();
    const info = async (section: string, field: string) =>
      Number(new RegExp(`${field}:(\\d+)`).exec(await admin.info(section))?.[1] ?? NaN);

    // The pending period: this process's memory, once a second for at least 20 s and until the whole
    // slice has fired (at most a minute).
    const rss: number[] = [];
    const pendingFrom = Date.now();
    while (Date.now() - pendingFrom < 60_000) {
      rss.push(process.memoryUsage.rss());
      const sliceDone = [...sliceIds].every((id) => fired.has(id));
      if (sliceDone && Date.now() - pendingFrom >= 20_000) break;
      await sleep(1000);
    }

    // Deterministic ids: scheduling a batch again adds nothing.
    const counts = await scheduler.queue.getJobCounts('delayed', 'completed', 'failed', 'active', 'wait');
    await scheduler.queue.addBulk(firstBatch.filter((j) => !sliceIds.has(j.opts?.jobId ?? '')));
    const again = await scheduler.queue.getJobCounts('delayed');
    if (again.delayed !== counts.delayed) problems.push(`re-adding a batch changed the delayed count`);

    const missing = [...sliceIds].filter((id) => !fired.has(id));
    const twice = [...fired].filter(([, n]) => n > 1);
    const early = [...fired.keys()].filter((id) => !sliceIds.has(id));
    if (missing.length > 0) problems.push(`${missing.length} of the ${slice} slice timers never fired`);
    if (twice.length > 0) problems.push(`${twice.length} timers fired twice`);
    if (early.length > 0) problems.push(`${early.length} far-future timers fired`);
    const pending = (counts.delayed ?? 0) + (counts.wait ?? 0) + (counts.active ?? 0);
    if (pending + (counts.completed ?? 0) !== total)
      problems.push(`${pending} pending + ${counts.completed} fired ≠ ${total} scheduled`);
    if ((counts.failed ?? 0) > 0) problems.push(`${counts.failed} timers failed`);

    const lag = latencySummary([...lagsDuring, ...lagsAfter]);
    const during = latencySummary(lagsDuring);
    const after = latencySummary(lagsAfter);
    const rssStart = rss[0] ?? NaN;
    const rssEnd = rss.at(-1) ?? NaN;
    const growth = (rssEnd - rssStart) / rssStart;
    return {
      workload: '4 timers',
      variant: `${total.toLocaleString('en')} timers, ${cases.toLocaleString('en')} cases`,
      figures: [
        { name: 'scheduling rate', value: round(total / (schedulingMs / 1000), 0), unit: 'timers/s' },
        { name: 'Redis memory (pending timers)', value: mb(memoryAfter - memoryBefore), unit: 'MB' },
        { name: 'Redis memory per timer', value: round((memoryAfter - memoryBefore) / total, 0), unit: 'B' },
        { name: 'app RSS while pending', value: `${mb(rssStart)} → ${mb(rssEnd)}`, unit: 'MB' },
        {
          name: 'app RSS growth while pending',
          value: round(growth * 100, 1),
          unit: '%',
          target: '< 10 (flat)',
          met: growth < 0.1,
        },
        { name: 'firing lag p50', value: round(lag.p50, 0), unit: 'ms' },
        below('firing lag p99', round(lag.p99, 0), 'ms', 1000),
        {
          name: 'lag p50/p99 while scheduling',
          value: `${round(during.p50, 0)} / ${round(during.p99, 0)} (${lagsDuring.length} timers)`,
          unit: 'ms',
        },
        {
          name: 'lag p50/p99 after scheduling',
          value: `${round(after.p50, 0)} / ${round(after.p99, 0)} (${lagsAfter.length} timers)`,
          unit: 'ms',
        },
      ],
      verified: problems.length === 0,
      problems,
      parameters: {
        cases,
        timers: total,
        slice,
        batchSize,
        batchesInFlight: options.batchesInFlight,
        workerConcurrency: 4,
      },
      details: {
        schedulingMs: round(schedulingMs, 0),
        redisUsedMemoryBefore: memoryBefore,
        redisUsedMemoryAfter: memoryAfter,
        rssWhileSchedulingMb: rssWhileScheduling.map(mb),
        rssWhilePendingMb: rss.map(mb),
        lagMaxMs: round(lag.max, 0),
        // Persistence stalls show up as firing lag: forks for snapshots and log rewrites, slow fsyncs.
        redisForks: await info('stats', 'total_forks'),
        redisLatestForkUsec: await info('stats', 'latest_fork_usec'),
        redisAofDelayedFsync: await info('persistence', 'aof_delayed_fsync'),
        counts,
      },
    };
  } finally {
    await worker?.close();
    await scheduler.close();
    admin.disconnect();
    await redis.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runAsMain(async () => [
    await runTimers({
      cases: envInt('BENCH_TIMER_CASES', QUICK ? 10_000 : 100_000),
      slice: QUICK ? 500 : 2_000,
      batchSize: 1_000,
      batchesInFlight: envInt('BENCH_TIMER_BATCHES_IN_FLIGHT', 1),
    }),
  ]);
}

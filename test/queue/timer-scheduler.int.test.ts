import { TimerScheduler } from '../../src/queue/timer-scheduler';
import { freshQueuePrefix, TEST_REDIS_URL } from '../support/spine-harness';
import { Clock } from '../support/test-clock';

const HOUR = 3600_000;
const job = { kind: 'deadlineDue', reference: 'REQ-1234-56' } as const;

/**
 * The scheduler's clock is the only clock of its timers: whether the test's "now" is years before or
 * after the real date, a timer due in an hour of that clock neither fires at once nor fires by itself
 * later than the clock says; it fires when the clock reaches it.
 */
describe.each([
  ['years before the real date', '2019-03-10T10:00:00+03:00'],
  ['years after the real date', '2041-03-10T10:00:00+03:00'],
])('TimerScheduler under a clock set %s', (_label, start) => {
  let scheduler: TimerScheduler;
  let clock: Clock;

  beforeEach(() => {
    clock = new Clock(new Date(start));
    const url = new URL(TEST_REDIS_URL);
    scheduler = new TimerScheduler({
      connection: { host: url.hostname, port: Number(url.port || 6379) },
      prefix: freshQueuePrefix(),
      now: clock.now,
    });
  });
  afterEach(async () => {
    await scheduler.queue.obliterate({ force: true });
    await scheduler.close();
  });

  it('keeps a timer delayed by its distance from the clock, counted from the real time', async () => {
    const due = new Date(clock.now().getTime() + HOUR);
    const before = Date.now();
    await scheduler.schedule(job, due);

    expect((await scheduler.firesAt(job))?.toISOString()).toBe(due.toISOString());
    const [stored] = await scheduler.queue.getDelayed();
    const realFireTime = stored!.timestamp + (stored!.opts.delay ?? 0);
    expect(realFireTime).toBeGreaterThanOrEqual(before + HOUR);
    expect(realFireTime).toBeLessThanOrEqual(Date.now() + HOUR);
  });

  it('fires (promoteDue) only once the clock reaches the due time', async () => {
    await scheduler.schedule(job, new Date(clock.now().getTime() + HOUR));
    clock.set(new Date(clock.now().getTime() + HOUR - 1).toISOString());
    expect(await scheduler.promoteDue()).toBe(0);
    clock.set(new Date(clock.now().getTime() + 1).toISOString());
    expect(await scheduler.promoteDue()).toBe(1);
    expect(await scheduler.firesAt(job)).toBeUndefined();
  });

  it('leaves a timer scheduled again for the same time as it is, and moves it for a new time', async () => {
    const due = new Date(clock.now().getTime() + HOUR);
    await scheduler.schedule(job, due);
    const first = (await scheduler.queue.getDelayed())[0]!.timestamp;
    clock.set(new Date(clock.now().getTime() + 60_000).toISOString());
    await scheduler.schedule(job, due);
    expect((await scheduler.queue.getDelayed())[0]!.timestamp).toBe(first);

    const later = new Date(due.getTime() + 2 * HOUR);
    await scheduler.schedule(job, later);
    expect(await scheduler.queue.getDelayed()).toHaveLength(1);
    expect((await scheduler.firesAt(job))?.toISOString()).toBe(later.toISOString());
  });
});

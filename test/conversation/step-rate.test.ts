import { StepRate } from '../../src/conversation/step-rate';

/** A clock that moves only when the rate sleeps, and a log of those sleeps. */
function pacedClock() {
  let now = 1_000;
  const slept: number[] = [];
  return {
    now: () => now,
    advance: (ms: number) => (now += ms),
    slept,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
  };
}

describe('StepRate', () => {
  it('lets a burst within the budget run at once', async () => {
    const clock = pacedClock();
    const rate = new StepRate(10, { burst: 10, ...clock });
    await rate.take(4);
    await rate.take(6);
    expect(clock.slept).toEqual([]);
  });

  it('paces what goes beyond it to the rate, batch by batch', async () => {
    const clock = pacedClock();
    const rate = new StepRate(10, { burst: 10, ...clock });
    await rate.take(10); // the burst: 1 s of budget reserved, at once
    await rate.take(5); // reserved before it: 1 s ahead of now, not more than the burst
    await rate.take(5); // 1.5 s ahead: waits until 1 s ahead
    await rate.take(5);
    expect(clock.slept).toEqual([expect.closeTo(500, 6), expect.closeTo(500, 6)]);
    expect(clock.now() - 1_000).toBeCloseTo(1_000, 6);
  });

  it('refills while the association is quiet, up to the burst only', async () => {
    const clock = pacedClock();
    const rate = new StepRate(10, { burst: 10, ...clock });
    await rate.take(10);
    clock.advance(60_000); // a quiet minute does not save up a minute of steps
    await rate.take(10);
    await rate.take(10);
    expect(clock.slept).toEqual([]);
    await rate.take(10);
    expect(clock.slept).toEqual([expect.closeTo(1_000, 6)]);
  });

  it('queues concurrent takers in order, each behind the ones before', async () => {
    const clock = pacedClock();
    const sleeps: number[] = [];
    const rate = new StepRate(100, {
      burst: 1,
      now: clock.now,
      // Nobody's sleep has ended yet when the next one asks: the clock stands still.
      sleep: async (ms) => void sleeps.push(ms),
    });
    await Promise.all([rate.take(1), rate.take(1), rate.take(1), rate.take(1)]);
    expect(sleeps.map((ms) => Math.round(ms))).toEqual([10, 20]);
  });

  it('refuses a rate that is not a positive number', () => {
    expect(() => new StepRate(0)).toThrow('perSecond');
    expect(() => new StepRate(Number.NaN)).toThrow('perSecond');
  });
});

import { InboundBudget } from '../../src/conversation/inbound-budget';

describe('InboundBudget', () => {
  let now = 0;
  const budget = () => new InboundBudget({ burst: 3, perMinute: 60 }, () => now);
  beforeEach(() => (now = 1_000_000));

  it('lets a burst through, then refuses, saying so once per flood', () => {
    const b = budget();
    expect([b.take('a'), b.take('a'), b.take('a')]).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(b.take('a')).toEqual({ ok: false, retryAfterMs: 1000, first: true });
    expect(b.take('a')).toEqual({ ok: false, retryAfterMs: 1000, first: false });
    now += 500;
    expect(b.take('a')).toEqual({ ok: false, retryAfterMs: 500, first: false });
  });

  it('refills at the rate; a token trickling in mid-flood is no new flood, a full bucket is', () => {
    const b = budget();
    for (let i = 0; i < 4; i++) b.take('a');
    now += 1000;
    expect(b.take('a')).toEqual({ ok: true });
    // Still the same flood (one notice per flood, however long it lasts).
    expect(b.take('a')).toMatchObject({ ok: false, first: false });
    now += 60_000;
    const again = [b.take('a'), b.take('a'), b.take('a'), b.take('a')];
    expect(again.map((t) => t.ok)).toEqual([true, true, true, false]);
    // Quiet until the bucket was full: a new flood, told again.
    expect(again[3]).toMatchObject({ first: true });
  });

  it('counts each sender apart: one flooding leaves the others their whole budget', () => {
    const b = budget();
    for (let i = 0; i < 100; i++) b.take('flood');
    expect([b.take('calm'), b.take('calm'), b.take('calm')].every((t) => t.ok)).toBe(true);
  });

  it('forgets senders whose bucket is full again, so memory follows the active senders', () => {
    const b = budget();
    for (let i = 0; i < 999; i++) b.take(`s${i}`);
    now += 10 * 60_000;
    b.take('last'); // the 1,000th take sweeps
    expect((b as unknown as { buckets: Map<string, unknown> }).buckets.size).toBe(1);
  });

  it('refuses a configuration that would refuse everything', () => {
    expect(() => new InboundBudget({ burst: 0, perMinute: 60 })).toThrow(/burst >= 1/);
    expect(() => new InboundBudget({ burst: 5, perMinute: 0 })).toThrow(/perMinute > 0/);
  });
});

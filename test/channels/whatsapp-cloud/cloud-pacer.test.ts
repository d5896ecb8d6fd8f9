import { CloudPacer } from '../../../src/channels/whatsapp-cloud/cloud-pacer';

describe('CloudPacer', () => {
  it('spaces sends to the number throughput and says when to come back past the longest wait', () => {
    let now = 1_000_000;
    const pacer = new CloudPacer(4, () => now);
    expect(pacer.reserve(1_000)).toEqual({ at: now });
    expect(pacer.reserve(1_000)).toEqual({ at: now + 250 });
    expect(pacer.reserve(1_000)).toEqual({ at: now + 500 });
    expect(pacer.reserve(100)).toEqual({ retryAfterMs: 750 });
    now += 10_000;
    expect(pacer.reserve(0)).toEqual({ at: now });
  });

  it('sends nothing while paused after a rate-limit answer', () => {
    const now = 5_000;
    const pacer = new CloudPacer(80, () => now);
    pacer.pause(30_000);
    expect(pacer.reserve(1_000)).toEqual({ retryAfterMs: 30_000 });
    expect(pacer.reserve(60_000)).toEqual({ at: now + 30_000 });
  });
});

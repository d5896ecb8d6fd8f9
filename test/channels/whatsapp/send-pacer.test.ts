import { SendPacer } from '../../../src/channels/whatsapp/send-pacer';

/** A pacer on a hand-moved clock; `random` at its top makes the jitter show in full. */
function pacer(options: ConstructorParameters<typeof SendPacer>[0], random = 0) {
  const clock = { now: 1_000_000 };
  return {
    clock,
    pacer: new SendPacer(
      options,
      () => clock.now,
      () => random,
    ),
  };
}

describe('SendPacer', () => {
  it('spaces messages to one chat by the gap plus jitter, and leaves other chats free', () => {
    const { pacer: p, clock } = pacer({ chatGapMs: 2_000, jitterMs: 1_000, perMinute: 100 }, 0.5);
    const t0 = clock.now;
    expect(p.reserve('a@lid', 60_000)).toEqual({ ok: true, at: t0 });
    expect(p.reserve('a@lid', 60_000)).toEqual({ ok: true, at: t0 + 2_500 });
    expect(p.reserve('a@lid', 60_000)).toEqual({ ok: true, at: t0 + 5_000 });
    expect(p.reserve('b@lid', 60_000)).toEqual({ ok: true, at: t0 });
    clock.now += 10_000;
    expect(p.reserve('a@lid', 60_000)).toEqual({ ok: true, at: clock.now });
  });

  it('allows perMinute messages in any sliding minute, then the next when the first leaves it', () => {
    const { pacer: p, clock } = pacer({ chatGapMs: 0, jitterMs: 0, perMinute: 3 });
    const t0 = clock.now;
    for (const chat of ['a', 'b', 'c']) expect(p.reserve(chat, 0)).toEqual({ ok: true, at: t0 });
    expect(p.reserve('d', 120_000)).toEqual({ ok: true, at: t0 + 60_000 });
    clock.now += 30_000;
    // The t0 minute is full, so two more join d at t0+60s; the one after waits another minute.
    expect(p.reserve('e', 120_000)).toEqual({ ok: true, at: t0 + 60_000 });
    expect(p.reserve('f', 120_000)).toEqual({ ok: true, at: t0 + 60_000 });
    expect(p.reserve('g', 120_000)).toEqual({ ok: true, at: t0 + 120_000 });
  });

  it('never lets a reservation break a minute that later reservations already fill', () => {
    const { pacer: p, clock } = pacer({ chatGapMs: 50_000, jitterMs: 0, perMinute: 2 });
    const t0 = clock.now;
    expect(p.reserve('a', 0)).toEqual({ ok: true, at: t0 });
    expect(p.reserve('a', 60_000)).toEqual({ ok: true, at: t0 + 50_000 });
    // t0 and t0+50s are two sends within a minute: a third anywhere before t0+60s would make three.
    expect(p.reserve('b', 120_000)).toEqual({ ok: true, at: t0 + 60_000 });
  });

  it('reserves nothing when the slot is further than the caller will wait', () => {
    const { pacer: p, clock } = pacer({ chatGapMs: 0, jitterMs: 0, perMinute: 1 });
    const t0 = clock.now;
    expect(p.reserve('a', 0)).toEqual({ ok: true, at: t0 });
    expect(p.reserve('b', 1_000)).toEqual({ ok: false, retryAfterMs: 60_000 });
    expect(p.reserve('b', 1_000)).toEqual({ ok: false, retryAfterMs: 60_000 });
    clock.now += 60_000;
    expect(p.reserve('b', 0)).toEqual({ ok: true, at: clock.now });
  });
});

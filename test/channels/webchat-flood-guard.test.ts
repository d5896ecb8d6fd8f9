import {
  DEFAULT_WEBCHAT_FLOOD_LIMITS,
  WebChatFloodGuard,
} from '../../src/channels/webchat/webchat-flood-guard';

describe('WebChatFloodGuard', () => {
  const limits = {
    perSession: { max: 3, windowMs: 1_000 },
    perAddress: { max: 5, windowMs: 1_000 },
    global: { max: 8, windowMs: 1_000 },
    newSessionsPerAddress: { max: 2, windowMs: 10_000 },
  };

  it('refuses by session, then by address, then in all, with the wait until one more passes', () => {
    let now = 0;
    const guard = new WebChatFloodGuard(limits, () => now);
    for (let i = 0; i < 3; i++) expect(guard.post('a', 's1')).toEqual({ ok: true });
    expect(guard.post('a', 's1')).toEqual({ ok: false, limit: 'session', retryAfterMs: 1_000 });
    now = 100;
    expect(guard.post('a', 's2')).toEqual({ ok: true });
    expect(guard.post('a', 's2')).toEqual({ ok: true });
    expect(guard.post('a', 's2')).toEqual({ ok: false, limit: 'address', retryAfterMs: 900 });
    for (let i = 0; i < 3; i++) expect(guard.post(`b${i}`, `t${i}`)).toEqual({ ok: true });
    expect(guard.post('c', 'u1')).toEqual({ ok: false, limit: 'global', retryAfterMs: 900 });
    now = 1_001;
    expect(guard.post('c', 'u1')).toEqual({ ok: true });
  });

  it('counts the sessions an address uses; a known one always passes, a new one waits for the window', () => {
    let now = 0;
    const guard = new WebChatFloodGuard(limits, () => now);
    expect(guard.useSession('a', 's1').ok).toBe(true);
    now = 2_000;
    expect(guard.useSession('a', 's2').ok).toBe(true);
    expect(guard.useSession('a', 's3')).toEqual({ ok: false, limit: 'sessions', retryAfterMs: 8_000 });
    expect(guard.useSession('a', 's1').ok).toBe(true);
    expect(guard.useSession('b', 's3').ok).toBe(true);
    now = 12_001;
    expect(guard.useSession('a', 's3').ok).toBe(true);
  });

  it('refuses limits that could never pass at startup', () => {
    expect(
      () =>
        new WebChatFloodGuard({ ...DEFAULT_WEBCHAT_FLOOD_LIMITS, perAddress: { max: 0, windowMs: 60_000 } }),
    ).toThrow(/perAddress needs max >= 1/);
  });
});

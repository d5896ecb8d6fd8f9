import { PacerClosedError, TelegramPacer } from '../../src/telegram/telegram-pacer';

/** Runs `count` calls on `chat`, each recording when it started and finished. */
function burst(
  pacer: TelegramPacer,
  chat: string,
  count: number,
  log: { chat: string; start: number; end: number }[],
) {
  return Array.from({ length: count }, (_, i) =>
    pacer.run(chat, async () => {
      const start = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push({ chat, start, end: Date.now() });
      return i;
    }),
  );
}

describe('TelegramPacer', () => {
  it('runs one chat’s calls in order, each at least the interval after the previous one finished', async () => {
    const pacer = new TelegramPacer({ perChatIntervalMs: 100 });
    const log: { chat: string; start: number; end: number }[] = [];
    expect(await Promise.all(burst(pacer, '1', 5, log))).toEqual([0, 1, 2, 3, 4]);
    for (let i = 1; i < log.length; i++) {
      expect(log[i]!.start - log[i - 1]!.end).toBeGreaterThanOrEqual(99);
    }
  });

  it('gives groups their own, longer interval', async () => {
    const pacer = new TelegramPacer({ perChatIntervalMs: 10, groupIntervalMs: 150 });
    const log: { chat: string; start: number; end: number }[] = [];
    await Promise.all(burst(pacer, '-100', 2, log));
    expect(log[1]!.start - log[0]!.end).toBeGreaterThanOrEqual(149);
  });

  it('keeps every one-second window within the bot-wide limit over many chats', async () => {
    const pacer = new TelegramPacer({ globalPerSecond: 5 });
    const log: { chat: string; start: number; end: number }[] = [];
    const started = Date.now();
    await Promise.all(Array.from({ length: 12 }, (_, i) => burst(pacer, String(i), 1, log)).flat());
    const starts = log.map((l) => l.start).sort((a, b) => a - b);
    for (let i = 5; i < starts.length; i++) expect(starts[i]! - starts[i - 5]!).toBeGreaterThanOrEqual(1000);
    // Not slower than it must be: 12 calls at 5 per second take a little over 2 s.
    expect(Date.now() - started).toBeLessThan(2600);
  });

  it('keeps a chat quiet for the time Telegram asked (retry_after), other chats unaffected', async () => {
    const pacer = new TelegramPacer({ perChatIntervalMs: 10 });
    pacer.hold('1', 300);
    const held = Date.now();
    const log: { chat: string; start: number; end: number }[] = [];
    await Promise.all([...burst(pacer, '1', 1, log), ...burst(pacer, '2', 1, log)]);
    expect(log.find((l) => l.chat === '1')!.start - held).toBeGreaterThanOrEqual(299);
    expect(log.find((l) => l.chat === '2')!.start - held).toBeLessThan(100);
  });

  it('on close, lets the call under way finish and refuses the waiting ones', async () => {
    const pacer = new TelegramPacer({ perChatIntervalMs: 1000 });
    const log: { chat: string; start: number; end: number }[] = [];
    const [first, second, third] = burst(pacer, '1', 3, log);
    await new Promise((resolve) => setTimeout(resolve, 1));
    pacer.close();
    await expect(first).resolves.toBe(0);
    await expect(second).rejects.toBeInstanceOf(PacerClosedError);
    await expect(third).rejects.toBeInstanceOf(PacerClosedError);
    await expect(pacer.run('2', async () => 1)).rejects.toBeInstanceOf(PacerClosedError);
    expect(log).toHaveLength(1);
  });
});

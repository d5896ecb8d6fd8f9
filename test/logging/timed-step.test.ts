import { timedStep } from '../../src/logging/timed-step';

function recorder() {
  const lines: { msg: string; obj: Record<string, unknown> }[] = [];
  return {
    lines,
    logger: { info: (obj: object, msg: string) => lines.push({ msg, obj: obj as Record<string, unknown> }) },
  };
}

describe('timedStep', () => {
  afterEach(() => jest.useRealTimers());

  it('writes one line when the step is done, with what it did and how long it took', async () => {
    const { lines, logger } = recorder();
    const result = await timedStep(
      logger,
      'connecting to Redis',
      async () => 42,
      (n) => ({
        msg: 'connected to Redis',
        fields: { answer: n },
      }),
    );
    expect(result).toBe(42);
    expect(lines).toEqual([{ msg: 'connected to Redis', obj: { answer: 42, ms: expect.any(Number) } }]);
  });

  it('says "still …" once when the step takes more than 3 s, and nothing for a failed step', async () => {
    jest.useFakeTimers();
    const { lines, logger } = recorder();
    let finish: () => void = () => undefined;
    const step = timedStep(
      logger,
      'opening the embedded database',
      () => new Promise<void>((r) => (finish = r)),
      () => ({
        msg: 'embedded database opened',
      }),
    );
    jest.advanceTimersByTime(10_000);
    finish();
    await step;
    expect(lines.map((l) => l.msg)).toEqual([
      'still opening the embedded database…',
      'embedded database opened',
    ]);
    expect(lines[1]!.obj.ms).toBeGreaterThanOrEqual(10_000);

    lines.length = 0;
    await expect(
      timedStep(
        logger,
        'x',
        () => Promise.reject(new Error('no')),
        () => ({ msg: 'done' }),
      ),
    ).rejects.toThrow('no');
    expect(lines).toEqual([]);
  });
});

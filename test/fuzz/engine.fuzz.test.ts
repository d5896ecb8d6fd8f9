import { FuzzWorld, formatFigures, runEngineFuzz } from './engine-fuzz';

/**
 * The short form of `npm run fuzz` (100,000 inputs), run with every `npm test`: 5,000 generated
 * messages with a fixed seed, so a failure here replays the same way on any machine. The figures are
 * printed with `FUZZ_VERBOSE=1`.
 */
describe('engine fuzz (short form)', () => {
  it('answers 5,000 generated inputs across every resting state without a crash or a broken snapshot', () => {
    const world = new FuzzWorld();
    const figures = runEngineFuzz({ inputs: 5_000, seed: 20261122, world });
    if (process.env.FUZZ_VERBOSE) process.stdout.write(`${formatFigures(figures)}\n`);
    expect(figures).toMatchObject({
      inputs: 5_000,
      crashes: 0,
      unanswered: 0,
      invalidSnapshots: 0,
      invalidMessages: 0,
    });
    // Every state was a starting point at least once, and the inputs also moved between them.
    expect(figures.statesReached).toBe(figures.restingStates);
    expect(figures.transitions).toBeGreaterThan(figures.restingStates);
    for (const kind of ['text', 'choice', 'media', 'location', 'replay']) {
      expect([kind, figures.byKind[kind] ?? 0]).toEqual([kind, expect.any(Number)]);
      expect(figures.byKind[kind]).toBeGreaterThan(100);
    }
    expect(figures.longestText).toBeGreaterThan(15_000);
  }, 120_000);
});

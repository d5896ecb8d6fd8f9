import { FairTurns } from '../../src/store/fair-turns';

/** Work that ends when told: what ran, in the order it started. */
function gate() {
  const started: string[] = [];
  const open = new Map<string, () => void>();
  const work = (name: string) => () =>
    new Promise<string>((resolve) => {
      started.push(name);
      open.set(name, () => resolve(name));
    });
  const finish = async (name: string) => {
    open.get(name)!();
    // Let the turn pass on and the next work start.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { started, work, finish };
}

describe('FairTurns', () => {
  it('runs up to its concurrency at once, then waits', async () => {
    const turns = new FairTurns(2);
    const { started, work, finish } = gate();
    const lane = turns.lane('a');
    const runs = ['a1', 'a2', 'a3'].map((name) => lane.run(work(name)));
    await Promise.resolve();
    expect(started).toEqual(['a1', 'a2']);
    expect(turns.waiting).toBe(1);
    await finish('a1');
    expect(started).toEqual(['a1', 'a2', 'a3']);
    await finish('a2');
    await finish('a3');
    await expect(Promise.all(runs)).resolves.toEqual(['a1', 'a2', 'a3']);
    expect(turns.waiting).toBe(0);
  });

  it('gives the next turn to the next association, not to the one that queued most', async () => {
    const turns = new FairTurns(1);
    const { started, work, finish } = gate();
    const flood = turns.lane('flood');
    const quiet = turns.lane('quiet');
    const other = turns.lane('other');
    const runs = [
      ...['f1', 'f2', 'f3', 'f4'].map((name) => flood.run(work(name))),
      quiet.run(work('q1')),
      other.run(work('o1')),
      quiet.run(work('q2')),
    ];
    await Promise.resolve();
    for (const name of ['f1', 'f2', 'q1', 'o1', 'f3', 'q2', 'f4']) await finish(name);
    await Promise.all(runs);
    expect(started).toEqual(['f1', 'f2', 'q1', 'o1', 'f3', 'q2', 'f4']);
  });

  it('passes the turn on when work fails', async () => {
    const turns = new FairTurns(1);
    const lane = turns.lane('a');
    await expect(lane.run(() => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    await expect(lane.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('refuses a concurrency that is not a whole number of at least one', () => {
    expect(() => new FairTurns(0)).toThrow('concurrency');
  });
});

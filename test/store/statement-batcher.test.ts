import { StatementBatcher } from '../../src/store/statement-batcher';

describe('StatementBatcher', () => {
  it('runs a lone request by itself and gives each caller its own result', async () => {
    const runs: number[][] = [];
    const batcher = new StatementBatcher(async (items: number[]) => {
      runs.push(items);
      return items.map((n) => n * 10);
    });
    expect(await batcher.submit(1)).toBe(10);
    expect(runs).toEqual([[1]]);
  });

  it('gathers the requests that arrive while the batches in flight run into the next one, in order', async () => {
    const runs: number[][] = [];
    let release: () => void = () => undefined;
    const batcher = new StatementBatcher(
      async (items: number[]) => {
        runs.push(items);
        if (runs.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return items.map((n) => n + 100);
      },
      { inFlight: 1 },
    );
    const first = batcher.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [2, 3, 4].map((n) => batcher.submit(n));
    release();
    expect(await Promise.all([first, ...later])).toEqual([101, 102, 103, 104]);
    expect(runs).toEqual([[1], [2, 3, 4]]);
  });

  it('fails every caller of a failed batch, and the next batch runs', async () => {
    let fail = true;
    const batcher = new StatementBatcher(async (items: string[]) => {
      if (fail) throw new Error('store down');
      return items;
    });
    const failed = [batcher.submit('a'), batcher.submit('b')];
    await expect(Promise.all(failed)).rejects.toThrow('store down');
    await expect(failed[1]).rejects.toThrow('store down');
    fail = false;
    expect(await batcher.submit('c')).toBe('c');
  });

  it('runs a second batch while a slow one is in flight, and holds a third until one ends', async () => {
    const runs: string[][] = [];
    const releases: (() => void)[] = [];
    const batcher = new StatementBatcher(async (items: string[]) => {
      runs.push(items);
      await new Promise<void>((resolve) => releases.push(resolve));
      return items;
    });
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    const a = batcher.submit('a');
    await turn();
    const b = batcher.submit('b');
    await turn();
    const c = [batcher.submit('c'), batcher.submit('d')];
    await turn();
    expect(runs).toEqual([['a'], ['b']]);
    releases[1]!();
    expect(await b).toBe('b');
    await turn();
    expect(runs).toEqual([['a'], ['b'], ['c', 'd']]);
    releases[0]!();
    releases[2]!();
    expect(await Promise.all([a, ...c])).toEqual(['a', 'c', 'd']);
  });

  it('splits a long queue into batches of at most `max`', async () => {
    const sizes: number[] = [];
    const batcher = new StatementBatcher(
      async (items: number[]) => {
        sizes.push(items.length);
        return items;
      },
      { max: 3, inFlight: 1 },
    );
    await Promise.all(Array.from({ length: 7 }, (_, n) => batcher.submit(n)));
    expect(sizes).toEqual([3, 3, 1]);
  });
});

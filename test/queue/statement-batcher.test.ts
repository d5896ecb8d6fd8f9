import { StatementBatcher } from '../../src/queue/statement-batcher';

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

  it('gathers the requests that arrive while a batch runs into the next one, in order', async () => {
    const runs: number[][] = [];
    let release: () => void = () => undefined;
    const batcher = new StatementBatcher(async (items: number[]) => {
      runs.push(items);
      if (runs.length === 1) await new Promise<void>((resolve) => (release = resolve));
      return items.map((n) => n + 100);
    });
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

  it('splits a long queue into batches of at most `max`', async () => {
    const sizes: number[] = [];
    const batcher = new StatementBatcher(async (items: number[]) => {
      sizes.push(items.length);
      return items;
    }, 3);
    await Promise.all(Array.from({ length: 7 }, (_, n) => batcher.submit(n)));
    expect(sizes).toEqual([3, 3, 1]);
  });
});

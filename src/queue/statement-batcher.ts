/**
 * Runs the requests that arrive while a batch is in flight together, as the next batch: one statement
 * for many concurrent callers (group commit). A lone request waits one turn of the event loop at most;
 * under load, batches grow by themselves. Each caller gets its own result, or the batch's error.
 */
export class StatementBatcher<I, O> {
  #waiting: { item: I; resolve: (out: O) => void; reject: (error: unknown) => void }[] = [];
  #running = false;

  /** `run` returns one result per item, in the items' order. */
  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly max = 200,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      if (this.#running) return;
      this.#running = true;
      setImmediate(() => void this.#drain());
    });
  }

  async #drain(): Promise<void> {
    while (this.#waiting.length > 0) {
      const batch = this.#waiting.splice(0, this.max);
      try {
        const out = await this.run(batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve(out[i] as O));
      } catch (error) {
        batch.forEach((b) => b.reject(error));
      }
    }
    this.#running = false;
  }
}

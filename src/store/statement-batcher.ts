/**
 * Runs the requests that arrive while batches are in flight together, as the next batch: one statement
 * for many concurrent callers (group commit). A request waits one turn of the event loop at most while
 * fewer than `inFlight` batches run (two by default: one slow statement does not hold up the rest);
 * under load, batches grow by themselves. Each caller gets its own result, or its batch's error.
 */
export class StatementBatcher<I, O> {
  #waiting: { item: I; resolve: (out: O) => void; reject: (error: unknown) => void }[] = [];
  #running = 0;
  #scheduled = false;

  /** `run` returns one result per item, in the items' order. */
  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly options: { max?: number; inFlight?: number } = {},
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#scheduled || this.#waiting.length === 0) return;
    if (this.#running >= (this.options.inFlight ?? 2)) return;
    this.#scheduled = true;
    // The rest of this turn's requests join the batch.
    setImmediate(() => {
      this.#scheduled = false;
      void this.#runBatch();
    });
  }

  async #runBatch(): Promise<void> {
    const batch = this.#waiting.splice(0, this.options.max ?? 200);
    if (batch.length === 0) return;
    this.#running += 1;
    try {
      const out = await this.run(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(out[i] as O));
    } catch (error) {
      batch.forEach((b) => b.reject(error));
    } finally {
      this.#running -= 1;
      this.#schedule();
    }
  }
}
